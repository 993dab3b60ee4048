import { execFile, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { remote } from 'webdriverio';
import { median, percentile, round, type Benchmark } from './bench.ts';
import { freePort } from '../cli/free-port.ts';

/**
 * End to end: one Appium command on a gallerysim phone through WebdriverIO (findElements by id on the albums
 * screen), beside a bare HTTP round trip to the same Appium server (GET /status with fetch), same run; then the
 * wall time of `npm run suite` (the whole catalog × four brands through Appium).
 */
const bench: Benchmark = async () => {
  const port = await freePort();
  const appium = spawn(process.execPath, ['node_modules/appium/build/lib/main.js', '--port', String(port), '--address', '127.0.0.1', '--log-level', 'error'], { stdio: 'ignore' });
  const base = `http://127.0.0.1:${port}`;
  try {
    await waitFor(`${base}/status`);
    const browser = await remote({
      hostname: '127.0.0.1',
      port,
      logLevel: 'silent',
      capabilities: { platformName: 'Android', 'appium:automationName': 'GallerySim', 'appium:brand': 'xiaomi', 'appium:cloudUrl': 'http://127.0.0.1:9' } as WebdriverIO.Capabilities,
    });
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
      { name: 'Appium command round trip, median (findElements on a gallerysim phone via WebdriverIO)', value: round(commandMedian, 2), unit: 'ms', baseline: { name: 'bare GET /status to the same Appium', value: round(bareMedian, 2) }, ratio: round(bareMedian / commandMedian) },
      { name: 'Appium command round trip, p95', value: round(percentile([...command], 95), 2), unit: 'ms', baseline: { name: 'bare GET /status, p95', value: round(percentile([...bare], 95), 2) } },
      { name: 'npm run suite (catalog × 4 brands end to end) wall time', value: round(suite.seconds, 1), unit: 's', note: `${suite.runs} runs, ${suite.failed} failed` },
    ];
  } finally {
    appium.kill('SIGTERM');
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

async function waitFor(url: string): Promise<void> {
  for (let i = 0; i < 300; i++) {
    if (await fetch(url).then((r) => r.ok, () => false)) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${url} never answered`);
}
