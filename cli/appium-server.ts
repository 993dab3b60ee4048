import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { androidHome } from '../scenarios/e2e/android-home.ts';
import { freePort } from './free-port.ts';

const main = fileURLToPath(new URL('../node_modules/appium/build/lib/main.js', import.meta.url));

/**
 * The project's Appium 3 on a free loopback port, with the UiAutomator2 driver and `adb_shell` allowed, and a temp
 * folder of its own, removed when it stops (its Android driver leaves a folder behind for every file it moves).
 */
export async function startAppium(): Promise<{ port: number; stop(): Promise<void> }> {
  const port = await freePort();
  const home = process.env.ANDROID_HOME ?? androidHome();
  const temp = mkdtempSync(join(tmpdir(), 'gallery-sync-appium-'));
  const child = spawn(process.execPath, [main, '--port', String(port), '--address', '127.0.0.1', '--log-level', 'error', '--allow-insecure', 'uiautomator2:adb_shell', '--tmp', temp], { stdio: 'ignore', env: { ...process.env, ...(home ? { ANDROID_HOME: home } : {}) } });
  const exited = once(child, 'exit');
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await exited;
    rmSync(temp, { recursive: true, force: true });
  };
  for (let i = 0; i < 300; i++) {
    if (await fetch(`http://127.0.0.1:${port}/status`).then((r) => r.ok, () => false)) return { port, stop };
    if (child.exitCode !== null) break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  await stop();
  throw new Error(`Appium did not start on 127.0.0.1:${port}`);
}
