import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { remote } from 'webdriverio';
import { median, percentile, round, type Benchmark } from './bench.ts';
import { DeviceFarm } from '../android/devices.ts';
import { startAppium } from '../cli/appium-server.ts';

/**
 * End to end: one Appium command on a simulated phone through WebdriverIO → Appium → the UiAutomator2 driver →
 * `adb forward` → the phone's UiAutomator2 server (findElements by id on the albums screen), beside a bare HTTP
 * round trip to the same Appium server (GET /status with fetch), same run; the time to open a UiAutomator2
 * session on a simulated phone (its adb calls included); then the wall time of `npm run suite` (the whole catalog
 * × four brands through Appium).
 */
const bench: Benchmark = async () => {
  const farm = await DeviceFarm.start({ phones: 1, brands: ['xiaomi'], seed: 1, bugs: [], timeScale: 1, adbPort: 0 });
  const appium = await startAppium();
  const { port } = appium;
  const base = `http://127.0.0.1:${port}`;
  try {
    const capabilities = { platformName: 'Android', 'appium:automationName': 'UiAutomator2', 'appium:udid': 'emulator-5554', 'appium:adbPort': farm.port, 'appium:noReset': true, 'appium:skipServerInstallation': true, 'appium:skipDeviceInitialization': true } as WebdriverIO.Capabilities;
    const sessions: number[] = [];
    for (let i = 0; i < 5; i++) {
      const started = performance.now();
      const session = await remote({ hostname: '127.0.0.1', port, logLevel: 'silent', capabilities });
      sessions.push(performance.now() - started);
      await session.deleteSession();
    }
    const browser = await remote({ hostname: '127.0.0.1', port, logLevel: 'silent', capabilities });
    await browser.activateApp('com.miui.gallery');
    const command: number[] = [];
    const bare: number[] = [];
    for (let i = 0; i < 1200; i++) {
      const a = performance.now();
      await browser.findElements('id', 'com.miui.gallery:id/album_common_title');
      const b = performance.now();
      await (await fetch(`${base}/status`)).arrayBuffer();
      const c = performance.now();
      if (i >= 200) {
        command.push(b - a);
        bare.push(c - b);
      }
    }
    await browser.deleteSession();
    const commandMedian = median([...command]);
    const bareMedian = median([...bare]);
    const suite = await suiteWallTime();
    return [
      { name: 'Appium command round trip, median (findElements on a simulated phone: WebdriverIO → UiAutomator2 driver → adb forward → its UiAutomator2 server)', value: round(commandMedian, 2), unit: 'ms', baseline: { name: 'bare GET /status to the same Appium', value: round(bareMedian, 2) }, ratio: round(bareMedian / commandMedian) },
      { name: 'Appium command round trip, p95', value: round(percentile([...command], 95), 2), unit: 'ms', baseline: { name: 'bare GET /status, p95', value: round(percentile([...bare], 95), 2) } },
      { name: 'UiAutomator2 session on a simulated phone, median of 5 (open; adb calls and am instrument included)', value: round(median([...sessions]), 0), unit: 'ms' },
      { name: 'npm run suite (catalog × 4 brands end to end through the UiAutomator2 driver) wall time', value: round(suite.seconds, 1), unit: 's', note: `${suite.runs} runs, ${suite.failed} failed; the gallerysim driver it replaced: 139.8-165.7 s` },
    ];
  } finally {
    await appium.stop();
    await farm.close();
  }
};
export default bench;

async function suiteWallTime(): Promise<{ seconds: number; runs: number; failed: number }> {
  const out = await mkdtemp(join(tmpdir(), 'bench-suite-'));
  const started = performance.now();
  await promisify(execFile)(process.execPath, ['bin/gallery-sync.js', 'run', '--out', out], { maxBuffer: 64 * 1024 * 1024 }).catch((error: { code?: number }) => {
    if (error.code !== 1) throw error; // a failed run still has a wall time; a crash does not
  });
  const seconds = (performance.now() - started) / 1000;
  const results = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8')) as { results: unknown[]; failed: number };
  return { seconds, runs: results.results.length, failed: results.failed };
}
