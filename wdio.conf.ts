import { fileURLToPath } from 'node:url';
import type { Options } from '@wdio/types';
import GallerySyncLauncher from './scenarios/e2e/launcher-service.ts';
import { androidHome } from './scenarios/e2e/android-home.ts';
import { deviceProfiles } from './scenarios/e2e/device-profiles.ts';
import { brandsOf, plannedRuns } from './scenarios/e2e/plan.ts';
import { appiumTempDir, readRunOptions, runOptionsVariable, type RunOptions } from './scenarios/e2e/run-options.ts';
import { shardOf } from './scenarios/runner/batch.ts';

// The end-to-end run: `npx gallery-sync run` starts this through WebdriverIO's Launcher (or `npx wdio run
// wdio.conf.ts`, with GALLERY_SYNC_RUN='{"brands":["xiaomi"]}' to narrow it). Appium is the project's own,
// started by @wdio/appium-service with the UiAutomator2 driver it finds in node_modules; the driver finds `adb`
// under ANDROID_HOME (Debian's `adb` package is a minimal Android SDK at /usr/lib/android-sdk).
const run = readRunOptions();
const profile = deviceProfiles[run.deviceProfile];
const brands = brandsOf(plannedRuns(run));
// Appium finds its drivers in the project (its package.json and node_modules), wherever the command runs from.
if (!process.env.APPIUM_HOME) process.env.APPIUM_HOME = fileURLToPath(new URL('.', import.meta.url));
const sdk = androidHome();
if (!process.env.ANDROID_HOME && sdk) process.env.ANDROID_HOME = sdk;
// Simulated phones, emulators and USB phones go through the project's own Appium; a farm runs its own.
const ownAppium = profile.reach === 'adb-reverse';

export const config: Options.Testrunner & { capabilities: WebdriverIO.Capabilities[] } = {
  runner: 'local',
  specs: [fileURLToPath(new URL('./scenarios/e2e/catalog.e2e.ts', import.meta.url))],
  autoXvfb: false,
  maxInstances: run.jobs,
  // One worker per brand, on the devices of the profile (simulated by default; see scenarios/e2e/device-profiles.ts
  // for a local emulator / USB phone, BrowserStack and Sauce Labs).
  capabilities: brands.map((brand, k) => profile.capabilities(brand, k, run)),
  // `npx wdio run wdio.conf.ts --shard 2/3` shards our scenario × brand runs, as `gallery-sync run --shard` does
  // (WebdriverIO's own sharding splits spec files, and there is one: every shard but the first would run nothing).
  onPrepare(config, capabilities) {
    const shard = (config as { shard?: { current: number; total: number } }).shard;
    if (!shard || shard.total <= 1) return;
    const whole = plannedRuns(run);
    const mine = shardOf(whole, { index: shard.current, count: shard.total });
    if (mine.length === 0) {
      // Before anything starts (Appium, clouds, phones): one line, exit 2, as for any selection with no run.
      console.error(`wdio --shard ${shard.current}/${shard.total}: no run selected: this shard is empty (the plan has ${whole.length} run${whole.length === 1 ? '' : 's'} for ${shard.total} shards)`);
      process.exit(2);
    }
    const sharded: RunOptions = { ...run, runs: mine.map((r) => ({ file: r.scenario.file, brand: r.brand })) };
    process.env[runOptionsVariable] = JSON.stringify(sharded);
    (config as { shard?: unknown }).shard = { current: 1, total: 1 };
    const list = capabilities as WebdriverIO.Capabilities[];
    list.splice(0, list.length, ...brandsOf(mine).map((brand, k) => profile.capabilities(brand, k, sharded)));
  },
  ...profile.wdio,
  logLevel: 'warn',
  bail: 0,
  waitforTimeout: 5_000,
  connectionRetryTimeout: 60_000,
  connectionRetryCount: 1,
  ...(ownAppium ? { port: run.appiumPort } : {}),
  services: [
    ...(ownAppium
      ? [
          [
            'appium',
            {
              // Appium must log at `info`: the service waits for its "listener started" line (below info it waits
              // 30 s and leaves an orphan Appium behind). `adb_shell` lets the brand drivers read MediaStore and
              // package versions. `tmp`: see appiumTempDir.
              args: { port: run.appiumPort, address: '127.0.0.1', allowInsecure: 'uiautomator2:adb_shell', logLevel: 'info', logNoColors: true, tmp: appiumTempDir(run) },
              logPath: `${run.outDir}/appium`,
            },
          ] as [string, Record<string, unknown>],
        ]
      : []),
    [GallerySyncLauncher, {}],
    ...((profile.wdio?.services as []) ?? []),
  ],
  framework: 'mocha',
  // Launched by `gallery-sync run`, its progress line and failure list say each failure once, and the spec reporter
  // would say it again; launched by `wdio` alone, the spec reporter speaks only of failures.
  reporters: [...(run.failuresPrinted ? [] : ([['spec', { showPreface: false, onlyFailures: true }]] satisfies Options.Testrunner['reporters'])), ['junit', { outputDir: `${run.outDir}/wdio`, outputFileFormat: ({ cid }: { cid: string }) => `wdio-${cid}.xml` }]],
  mochaOpts: { ui: 'bdd', timeout: 5 * 60_000 },
};
