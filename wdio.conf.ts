import { fileURLToPath } from 'node:url';
import type { Options } from '@wdio/types';
import { BRAND_NAMES } from './fixtures/index.ts';
import GallerySyncLauncher from './scenarios/e2e/launcher-service.ts';
import { readRunOptions } from './scenarios/e2e/run-options.ts';

// The end-to-end run: `npx gallery-sync run` starts this through WebdriverIO's Launcher (or `npx wdio run
// wdio.conf.ts`, with GALLERY_SYNC_RUN='{"brands":["xiaomi"]}' to narrow it). Appium is the project's own,
// started by @wdio/appium-service with the gallerysim driver it finds in node_modules.
const run = readRunOptions();

export const config: Options.Testrunner & { capabilities: WebdriverIO.Capabilities[] } = {
  runner: 'local',
  specs: [fileURLToPath(new URL('./scenarios/e2e/catalog.e2e.ts', import.meta.url))],
  autoXvfb: false,
  maxInstances: run.jobs,
  // Default: the four simulated brands. One worker per brand runs that brand's scenarios.
  capabilities: run.brands.filter((b) => BRAND_NAMES.includes(b)).map((brand) => ({
    platformName: 'Android',
    'appium:automationName': 'GallerySim',
    'appium:brand': brand,
    'appium:deviceName': `${brand}-probe`,
    'appium:timeScale': run.timeScale,
    // The worker's own session only holds the brand while the stage opens a fresh phone per scenario: it idles
    // for the whole run, so Appium must not reap it (its default is 60 s without a command).
    'appium:newCommandTimeout': 0,
  })),
  // A local emulator or USB phone (UiAutomator2; `npx appium driver install uiautomator2` first). The brand
  // drivers are the same; `appium:appPackage` is the gallery under test. Set `simulated: false` in the stage.
  // capabilities: [{ platformName: 'Android', 'appium:automationName': 'UiAutomator2', 'appium:udid': 'emulator-5554',
  //   'appium:appPackage': 'com.miui.gallery', 'appium:noReset': true, 'appium:brand': 'xiaomi' }],
  //
  // BrowserStack (their tunnel makes our fake cloud and proxy on 127.0.0.1 reachable from the phone):
  // user: process.env.BROWSERSTACK_USERNAME, key: process.env.BROWSERSTACK_ACCESS_KEY,
  // services: [['browserstack', { browserstackLocal: true }]],
  // capabilities: [{ platformName: 'Android', 'appium:deviceName': 'Xiaomi Redmi Note 12', 'appium:platformVersion': '13.0',
  //   'appium:automationName': 'UiAutomator2', 'bstack:options': { local: true, appiumVersion: '2.x' } }],
  //
  // Sauce Labs (Sauce Connect tunnel):
  // user: process.env.SAUCE_USERNAME, key: process.env.SAUCE_ACCESS_KEY, region: 'eu',
  // services: [['sauce', { sauceConnect: true }]],
  // capabilities: [{ platformName: 'Android', 'appium:deviceName': 'OnePlus.*', 'appium:automationName': 'UiAutomator2',
  //   'sauce:options': { appiumVersion: 'latest' } }],
  //
  // Sharding across CI jobs: `npx wdio run wdio.conf.ts --shard 1/2` in one job and `--shard 2/2` in another
  // splits the brand workers between them; each job writes its own reports/out.
  logLevel: 'warn',
  bail: 0,
  waitforTimeout: 5_000,
  connectionRetryTimeout: 30_000,
  connectionRetryCount: 1,
  port: run.appiumPort,
  services: [
    [
      'appium',
      {
        // Appium must log at `info`: the service waits for its "listener started" line (below info it waits 30 s
        // and leaves an orphan Appium behind).
        args: { port: run.appiumPort, address: '127.0.0.1', allowInsecure: 'gallerysim:adb_shell', logLevel: 'info' },
        logPath: `${run.outDir}/appium`,
      },
    ],
    [GallerySyncLauncher, {}],
  ],
  framework: 'mocha',
  // The spec reporter speaks only of failures: the progress line and the final table say the rest.
  reporters: [['spec', { showPreface: false, onlyFailures: true }], ['junit', { outputDir: `${run.outDir}/wdio`, outputFileFormat: ({ cid }: { cid: string }) => `wdio-${cid}.xml` }]],
  mochaOpts: { ui: 'bdd', timeout: 5 * 60_000 },
};
