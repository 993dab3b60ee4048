import { execFile, spawn } from 'node:child_process';
import { once } from 'node:events';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { freePort } from '../free-port.ts';

const bin = new URL('../../bin/gallery-sync.js', import.meta.url).pathname;
const run = promisify(execFile);

describe('gallery-sync devices', () => {
  it('serves two xiaomi phones that `adb devices` lists, through `adb kill-server`, until SIGTERM', async () => {
    const port = await freePort();
    const child = spawn(process.execPath, [bin, 'devices', '--phones', '2', '--brand', 'xiaomi', '--adb-port', String(port)], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    const exited = once(child, 'exit');
    try {
      for (let i = 0; i < 200 && !out.includes('emulator-5556'); i++) await new Promise((resolve) => setTimeout(resolve, 50));
      expect(out).toContain(`adb server for simulated phones on 127.0.0.1:${port}`);
      expect(out).toMatch(/emulator-5554 {2}Xiaomi Redmi Note 12, Android 14, com\.miui\.gallery 3\.6\.2\.10-global/);
      const env = { ...process.env, ANDROID_ADB_SERVER_PORT: String(port) };
      expect((await run('adb', ['devices'], { env, encoding: 'utf8' })).stdout).toBe('List of devices attached\nemulator-5554\tdevice\nemulator-5556\tdevice\n\n');
      // appium-adb's recovery is kill-server then start-server: the phones must still be there after it.
      await run('adb', ['kill-server'], { env });
      await run('adb', ['start-server'], { env });
      expect((await run('adb', ['devices'], { env, encoding: 'utf8' })).stdout).toContain('emulator-5556\tdevice');
      child.kill('SIGTERM');
      const [code] = await exited;
      expect(code).toBe(0);
      expect(out).toContain('adb server stopped (SIGTERM)');
    } finally {
      child.kill('SIGKILL');
    }
  });

  it('refuses a port another server holds, in one line, exit 2', async () => {
    const port = await freePort();
    const holder = spawn(process.execPath, [bin, 'devices', '--brand', 'oppo', '--adb-port', String(port)], { stdio: ['ignore', 'pipe', 'ignore'] });
    try {
      await once(holder.stdout, 'data');
      const result = await run(process.execPath, [bin, 'devices', '--adb-port', String(port)]).catch((error: { code: number; stderr: string }) => error);
      expect(result).toMatchObject({ code: 2, stderr: `gallery-sync: --adb-port ${port}: another adb server listens there (stop it with \`adb kill-server\`, or pick another port)\n` });
    } finally {
      holder.kill('SIGTERM');
      await once(holder, 'exit');
    }
  });
});
