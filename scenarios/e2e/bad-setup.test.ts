import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DeviceFarm } from '../../android/devices.ts';
import { freePort } from '../../cli/free-port.ts';
import { descendants, running } from '../../cli/process-tree.ts';

const repo = resolve(import.meta.dirname, '../..');

/** `gallery-sync run` on devices behind an adb server we hold, as a USB phone or an emulator would be. */
const outs: string[] = [];

function galleryRun(args: string[]): Promise<{ code: number | null; output: string; out: string; pids: Set<number> }> {
  const out = mkdtempSync(join(tmpdir(), 'gallery-bad-setup-'));
  outs.push(out);
  const child = spawn(process.execPath, ['bin/gallery-sync.js', 'run', ...args, '--out', out], { cwd: repo, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const take = (chunk: Buffer) => (output += chunk.toString());
  child.stdout.on('data', take);
  child.stderr.on('data', take);
  const pids = new Set<number>();
  const watch = setInterval(() => {
    for (const pid of descendants(child.pid as number).keys()) pids.add(pid);
  }, 50);
  return new Promise((done) =>
    child.on('exit', (code) => {
      clearInterval(watch);
      done({ code, output, out, pids });
    }),
  );
}

let farm: DeviceFarm;
beforeAll(async () => {
  farm = await DeviceFarm.start({ phones: 1, brands: ['xiaomi'], seed: 1, bugs: [], timeScale: 1, adbPort: 0 });
});
afterAll(async () => {
  await farm.close();
  for (const out of outs) rmSync(out, { recursive: true, force: true });
});

describe('run on devices that are not there', () => {
  it('an unknown udid: one line, exit 2, nothing started', async () => {
    const run = await galleryRun(['first-backup', '--device-profile', 'local', '--brand', 'xiaomi', '--udid', 'emulator-5570', '--adb-port', String(farm.port)]);
    expect(run.code).toBe(2);
    expect(run.output).toBe(`gallery-sync: --udid emulator-5570: no such device on the adb server at 127.0.0.1:${farm.port} (it lists: emulator-5554)\n`);
  });

  it('no adb server: one line, exit 2', async () => {
    const port = await freePort();
    const run = await galleryRun(['first-backup', '--device-profile', 'local', '--brand', 'xiaomi', '--udid', 'emulator-5554', '--adb-port', String(port)]);
    expect(run.code).toBe(2);
    expect(run.output).toBe(`gallery-sync: --adb-port ${port}: no adb server answers on 127.0.0.1:${port} (start one with \`adb start-server\`, or \`npx gallery-sync devices\` for simulated phones)\n`);
  });

  it('a device that goes offline mid-run: the run is an error (not judged, never a pass), and nothing is left running', async () => {
    const phone = farm.phones[0];
    let unplugged = false;
    // Once the scenario is under way on the phone (its first photo arrived), pull the cable.
    const watch = setInterval(() => {
      if (!unplugged && phone && phone.phone.mediaStore.list().length > 0) {
        unplugged = true;
        farm.adb.disconnect('emulator-5554');
      }
    }, 5);
    const run = await galleryRun(['first-backup', '--device-profile', 'local', '--brand', 'xiaomi', '--udid', 'emulator-5554', '--adb-port', String(farm.port), '--replays', '0']).finally(() => clearInterval(watch));
    expect(unplugged, run.output).toBe(true);
    // As adb does when a transport goes: its reverse tunnels went with it (the phone cannot reach the cloud).
    expect(phone?.reverse.size).toBe(0);
    expect(run.code, run.output).toBe(1);
    // Not judged, and said so: an error in results.json and junit.xml, not a missing line.
    expect(run.output).toMatch(/0 passed, 0 failed, 1 error \(not judged/);
    const results = JSON.parse(readFileSync(join(run.out, 'results.json'), 'utf8')) as { passed: number; errors: number; results: Array<{ verdict: string; error: string }> };
    expect(results).toMatchObject({ passed: 0, errors: 1, results: [{ verdict: 'error' }] });
    expect(results.results[0]?.error).not.toContain('\n');
    expect(readFileSync(join(run.out, 'junit.xml'), 'utf8')).toMatch(/<testsuites [^>]*tests="1" failures="0" errors="1"/);
    let left = [...run.pids].filter(running);
    for (let waited = 0; left.length > 0 && waited < 5_000; waited += 100) {
      await new Promise((r) => setTimeout(r, 100));
      left = left.filter(running);
    }
    expect(left).toEqual([]);
  }, 120_000);
});
