import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';
import { runOptionsVariable, type RunOptions } from '../../scenarios/e2e/run-options.ts';
import { brandsFor, type BatchResult } from '../../scenarios/runner/batch.ts';
import { Progress } from '../../reports/progress.ts';
import { descendants, reapChildren } from '../process-tree.ts';
import { EXIT, parseIntOption, UsageError } from '../usage-error.ts';
import { parseBrands, parseBugs, printFailures, printTable, select } from './scenario-options.ts';
import { freePort } from '../free-port.ts';
import { appiumOnDevice, requireDevices } from '../adb.ts';
import { androidHome } from '../../scenarios/e2e/android-home.ts';
import { shardOf } from '../../scenarios/e2e/shard.ts';
import { deviceProfiles } from '../../scenarios/e2e/device-profiles.ts';

interface RunFlags {
  brand?: string;
  seed: number;
  bug: string[];
  out: string;
  timeScale: string;
  jobs: number;
  port?: number;
  deviceProfile: string;
  udid?: string;
  adbPort?: number;
  shard?: string;
}

const profiles = ['simulated', 'local', 'browserstack', 'saucelabs'] as const;

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

export function registerRun(program: Command): void {
  program
    .command('run')
    .description('run scenarios end to end: WebdriverIO → Appium → the UiAutomator2 driver → adb → phones (simulated by default) → the fake cloud through the fault proxy')
    .argument('[filters...]', 'scenario names (or parts of them); none = the whole catalog')
    .option('--brand <list>', 'comma-separated brands; default: all four')
    .option('--seed <n>', 'seed of the simulated phones', parseIntOption('--seed'), 1)
    .option('--bug <profile>', 'switch on a known-bug profile in every phone (repeatable)', (v: string, all: string[]) => [...all, v], [])
    .option('--out <dir>', 'where results.json, junit.xml and histories/ go', 'reports/out')
    .option('--time-scale <x>', 'simulated phones live this many times faster than the wall clock', '30')
    .option('--jobs <n>', 'brands (WebdriverIO workers) running at once', parseIntOption('--jobs', 1), 2)
    .option('--port <n>', 'port for the Appium server (default: a free one)', parseIntOption('--port', 1))
    .option('--device-profile <name>', `where the phones are: ${profiles.join(', ')}`, 'simulated')
    .option('--udid <list>', 'comma-separated device serials (local) or farm device names, phone 1 first')
    .option('--adb-port <n>', 'the adb server (simulated: ours, default a free port; local: default 5037)', parseIntOption('--adb-port', 1))
    .option('--shard <i/n>', 'run only this CI job\'s share of the scenarios (e.g. 2/3)')
    .action(async (filters: string[], flags: RunFlags) => {
      const brands = parseBrands(flags.brand);
      const bugs = parseBugs(flags.bug);
      const timeScale = Number(flags.timeScale);
      if (!(timeScale > 0 && timeScale <= 1000)) throw new UsageError(`--time-scale must be a number in (0, 1000], got "${flags.timeScale}"`);
      if (filters.some((f) => /\.ya?ml$/.test(f))) throw new UsageError('run takes catalog scenario names; to run a scenario file of your own, add it to scenarios/catalog/ or use simulate');
      const deviceProfile = profiles.find((p) => p === flags.deviceProfile);
      if (!deviceProfile) throw new UsageError(`--device-profile must be one of ${profiles.join(', ')}, got "${flags.deviceProfile}"`);
      const udids = (flags.udid ?? '').split(',').map((u) => u.trim()).filter(Boolean);
      if (deviceProfile !== 'simulated' && udids.length === 0) throw new UsageError(`--device-profile ${deviceProfile} needs --udid (the device serials \`adb devices\` lists, or the farm's device names)`);
      if (deviceProfile !== 'simulated' && brands.length !== 1) throw new UsageError(`--device-profile ${deviceProfile}: name the phones' brand with --brand (one brand: a real phone is one make)`);
      if (deviceProfile === 'simulated' && udids.length) throw new UsageError('--udid names real devices; the simulated profile numbers its own phones (emulator-5554, …)');
      const shard = parseShard(flags.shard);
      const selected = select(filters);
      // Phones whose clock the harness cannot set cannot run a scenario that jumps time: said here, not run.
      const jumpsTime = (s: (typeof selected)[number]) => s.steps.some((step) => step.verb === 'advance');
      const skipped = deviceProfiles[deviceProfile].clockControl ? [] : selected.filter(jumpsTime);
      if (skipped.length) console.log(`run: skipping ${skipped.length} scenario${skipped.length > 1 ? 's' : ''} that jump time (advance): --device-profile ${deviceProfile} cannot set a phone's clock: ${skipped.map((s) => s.name).join('; ')}`);
      const scenarios = shardOf(selected.filter((s) => !skipped.includes(s)), shard);
      if (scenarios.length === 0) throw new UsageError(shard ? `--shard ${flags.shard}: this shard has no scenario to run (${selected.length - skipped.length} to run across ${shard.count} shards)` : `nothing to run: every selected scenario jumps time, which --device-profile ${deviceProfile} cannot do`);
      const total = scenarios.reduce((n, s) => n + brandsFor(s, brands).length, 0);
      const outDir = resolve(flags.out);
      const options: RunOptions = {
        scenarios: filters.length || shard || skipped.length ? scenarios.map((s) => s.file) : [],
        brands: brands.filter((b) => scenarios.some((s) => brandsFor(s, [b]).length)),
        seed: flags.seed,
        bugs,
        timeScale: deviceProfile === 'simulated' ? timeScale : 1,
        outDir,
        appiumPort: flags.port ?? (await freePort()),
        jobs: flags.jobs,
        deviceProfile,
        udids,
        adbPort: flags.adbPort ?? (deviceProfile === 'simulated' ? await freePort() : 5037),
        appiumOnDevice: deviceProfile === 'simulated',
      };
      if (deviceProfile === 'local') options.appiumOnDevice = await checkLocalDevices(options.adbPort, udids);
      if (deviceProfiles[deviceProfile].reach === 'adb-reverse' && !androidHome()) throw new UsageError('no adb: install Debian\'s `adb` package (apt-get install adb) or set ANDROID_HOME to an Android SDK with platform-tools/adb');
      console.log(`run: ${total} runs (${scenarios.length} scenarios × ${options.brands.join(', ')}) on ${deviceProfile === 'simulated' ? `simulated phones (adb server :${options.adbPort})` : `${deviceProfile} devices ${udids.join(', ')}`} through Appium on :${options.appiumPort}, time ×${options.timeScale}${bugs.length ? `, bug profile ${bugs.join(', ')}` : ''}${shard ? `, shard ${shard.index}/${shard.count}` : ''}`);
      // Appium caches its scan of installed drivers; a changed driver package must not meet a stale cache.
      rmSync(join(root, 'node_modules/.cache/appium'), { recursive: true, force: true });
      rmSync(join(outDir, 'results.json'), { force: true });
      process.env[runOptionsVariable] = JSON.stringify(options);
      const started = performance.now();
      const { Launcher } = await import('@wdio/cli');
      const ownHelpers = new Set(descendants(process.pid).keys());
      const watching = watchRuns(join(outDir, 'runs'), new Progress(total, Boolean(process.stdout.isTTY)));
      const code = await new Launcher(join(root, 'wdio.conf.ts'), {}).run().finally(() => watching.stop());
      const killed = await reapChildren(10_000, ownHelpers);
      if (killed.length) console.error(`run: killed what did not exit within 10 s of the end:\n  ${killed.join('\n  ')}`);
      const resultsFile = join(outDir, 'results.json');
      if (!existsSync(resultsFile)) {
        console.error(`run: WebdriverIO exited ${code} without results (see ${flags.out}/appium/ and the log above)`);
        return exit(EXIT.failed);
      }
      const batch = JSON.parse(readFileSync(resultsFile, 'utf8')) as BatchResult & { results: BatchResult['results'] };
      printTable(batch.results);
      printFailures(batch.results, flags.out);
      const missing = total - batch.results.length;
      console.log(`\n${batch.passed} passed, ${batch.failed} failed${missing > 0 ? `, ${missing} did not finish` : ''} in ${((performance.now() - started) / 1000).toFixed(1)} s — ${flags.out}/results.json, junit.xml, index.html`);
      exit(batch.failed > 0 || missing > 0 || code !== 0 ? EXIT.failed : EXIT.ok);
    });
}

/** Progress from what the WebdriverIO workers have written so far: one results file a finished run. */
function watchRuns(dir: string, progress: Progress): { stop(): void } {
  const seen = new Set<string>();
  let failed = 0;
  const look = () => {
    for (const file of existsSync(dir) ? readdirSync(dir) : []) {
      if (seen.has(file) || !file.endsWith('.json')) continue;
      try {
        const run = JSON.parse(readFileSync(join(dir, file), 'utf8')) as { scenario: string; brand: string; verdict: string; violations: Array<{ invariant: string }> };
        seen.add(file);
        if (run.verdict === 'fail') {
          failed++;
          progress.failure(`${run.scenario} on ${run.brand}: ${run.violations[0]?.invariant}`);
        }
        progress.update(seen.size, failed);
      } catch {
        // still being written: next look
      }
    }
  };
  const timer = setInterval(look, 1_000);
  return {
    stop() {
      clearInterval(timer);
      look();
      progress.done();
    },
  };
}

/**
 * Before anything starts: the adb server answers and lists every device, each ready. Returns whether Appium's
 * UiAutomator2 server and settings app are already on all of them (then the driver need not install them).
 */
async function checkLocalDevices(port: number, udids: readonly string[]): Promise<boolean> {
  const adb = await requireDevices(port, udids);
  let appiumOnAll = true;
  for (const udid of udids) {
    const { server, settings } = await appiumOnDevice(adb, udid);
    appiumOnAll &&= server && settings;
  }
  return appiumOnAll;
}

/** `--shard i/n`: 1 ≤ i ≤ n. */
function parseShard(value: string | undefined): { index: number; count: number } | undefined {
  if (value === undefined) return undefined;
  const match = /^(\d+)\/(\d+)$/.exec(value);
  const index = Number(match?.[1]);
  const count = Number(match?.[2]);
  if (!match || index < 1 || count < 1 || index > count) throw new UsageError(`--shard must be i/n with 1 ≤ i ≤ n (e.g. 2/3), got "${value}"`);
  return { index, count };
}

/** WebdriverIO's launcher installs an exit hook that ends the process with 0 unless we say otherwise, explicitly. */
function exit(code: number): never {
  process.exit(code);
}
