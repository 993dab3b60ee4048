import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Cloud, startCloudServer, type CloudServer } from '../fake-cloud/index.ts';
import { scopes } from '../fake-cloud/scopes.ts';
import { generateOne } from '../fixtures/index.ts';
import { RealClock } from '../runtime/real-clock.ts';
import { DeviceFarm } from './devices.ts';

const run = promisify(execFile);

// Debian's own `adb` client (package `adb`, which .ci/run installs) against our adb server: nothing of ours on
// the client side.
let farm: DeviceFarm;
let cloud: Cloud;
let server: CloudServer;
let adb: (...args: string[]) => Promise<{ stdout: string; stderr: string }>;
const dir = mkdtempSync(join(tmpdir(), 'gallery-sync-adb-'));

beforeAll(async () => {
  farm = await DeviceFarm.start({ phones: 2, brands: ['xiaomi'], seed: 3, bugs: [], timeScale: 30, adbPort: 0 });
  adb = (...args) => run('adb', args, { env: { ...process.env, ANDROID_ADB_SERVER_PORT: String(farm.port) }, timeout: 20_000, encoding: 'utf8' });
  cloud = new Cloud({ clock: new RealClock() });
  server = await startCloudServer(cloud);
});

afterAll(async () => {
  await farm.close();
  await server.close();
  cloud.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('simulated phones behind our adb server, driven by the real adb client', () => {
  it('adb devices lists both phones as emulators; -l gives their models', async () => {
    expect((await adb('devices')).stdout).toBe('List of devices attached\nemulator-5554\tdevice\nemulator-5556\tdevice\n\n');
    expect((await adb('devices', '-l')).stdout).toMatch(/^emulator-5556 +device product:\S+ model:Redmi_Note_12 device:\S+ transport_id:2$/m);
  });

  it('a pushed photo is a MediaStore row; adb pull returns the same bytes', async () => {
    const photo = (await generateOne('camera-photo', 0, { seed: 11, brand: 'xiaomi', cameraSize: { width: 640, height: 480 } })).bytes;
    writeFileSync(join(dir, 'photo.jpg'), photo);
    await adb('-s', 'emulator-5554', 'push', join(dir, 'photo.jpg'), '/sdcard/DCIM/Camera/');
    const rows = (await adb('-s', 'emulator-5554', 'shell', 'content', 'query', '--uri', 'content://media/external/images/media')).stdout;
    expect(rows).toMatch(/^Row: 0 _id=\d+, _display_name=photo\.jpg, relative_path=DCIM\/Camera\/, bucket_display_name=Camera, _data=\/storage\/emulated\/0\/DCIM\/Camera\/photo\.jpg, mime_type=image\/jpeg, _size=\d+/);
    await adb('-s', 'emulator-5554', 'pull', '/sdcard/DCIM/Camera/photo.jpg', join(dir, 'back.jpg'));
    expect(createHash('sha256').update(readFileSync(join(dir, 'back.jpg'))).digest('hex')).toBe(createHash('sha256').update(photo).digest('hex'));
    // The other phone is another device: it holds nothing.
    expect((await adb('-s', 'emulator-5556', 'shell', 'content', 'query', '--uri', 'content://media/external/images/media')).stdout).toBe('No result found.\n');
  });

  it('adb shell returns the command\'s exit status and stderr (shell protocol v2)', async () => {
    await expect(adb('-s', 'emulator-5554', 'shell', 'ls', '/sdcard/nothing-here')).rejects.toMatchObject({ code: 1, stderr: 'ls: /sdcard/nothing-here: No such file or directory\n' });
    expect((await adb('-s', 'emulator-5554', 'shell', 'getprop', 'ro.build.version.sdk')).stdout).toBe('34\n');
  });

  it('runs `;` and `&&` sequences as the phone\'s shell does', async () => {
    expect((await adb('-s', 'emulator-5554', 'shell', 'ls /sdcard/nope && echo skipped ; echo ran')).stdout).toBe('ran\n');
    await expect(adb('-s', 'emulator-5554', 'shell', 'echo one && ls /sdcard/nope')).rejects.toMatchObject({ code: 1, stdout: 'one\n' });
  });

  it('an unknown serial is adb\'s own error', async () => {
    await expect(adb('-s', 'emulator-9999', 'shell', 'echo')).rejects.toMatchObject({ stderr: expect.stringContaining("device 'emulator-9999' not found") });
  });

  it('forward and reverse are listed and removed as adb does', async () => {
    const port = (await adb('-s', 'emulator-5556', 'forward', 'tcp:0', 'tcp:6790')).stdout.trim();
    expect((await adb('forward', '--list')).stdout).toContain(`emulator-5556 tcp:${port} tcp:6790`);
    await adb('-s', 'emulator-5556', 'forward', '--remove', `tcp:${port}`);
    expect((await adb('forward', '--list')).stdout).not.toContain(`tcp:${port}`);
    await adb('-s', 'emulator-5556', 'forward', 'tcp:0', 'tcp:6790');
    await adb('-s', 'emulator-5554', 'forward', 'tcp:0', 'tcp:6790');
    await adb('-s', 'emulator-5556', 'forward', '--remove-all');
    expect((await adb('forward', '--list')).stdout.trim()).toBe('');
    await adb('-s', 'emulator-5556', 'reverse', 'tcp:8787', 'tcp:9');
    expect((await adb('-s', 'emulator-5556', 'reverse', '--list')).stdout).toContain('tcp:8787 tcp:9');
    await adb('-s', 'emulator-5556', 'reverse', '--remove-all');
    expect((await adb('-s', 'emulator-5556', 'reverse', '--list')).stdout.trim()).toBe('');
  });

  it('svc wifi disable holds a Wi-Fi-only backup back; enable lets it through to the cloud behind adb reverse', async () => {
    const serial = 'emulator-5556';
    const phone = farm.phones.find((p) => p.serial === serial);
    if (!phone) throw new Error('no phone');
    const email = 'wifi@example.com';
    const admin = async (path: string, body: unknown) => (await fetch(server.url + path, { method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json' } })).json() as Promise<Record<string, string>>;
    await admin('/__admin/accounts', { email, appName: 'photos-web', scopes: [scopes.gallerySync] });
    const app = await admin(`/__admin/accounts/${email}/apps`, { name: 'gallery' });
    // The build's endpoint (device port 8787) and the cloud's own address (its upload and download URLs).
    const cloudPort = new URL(server.url).port;
    await adb('-s', serial, 'reverse', 'tcp:8787', `tcp:${cloudPort}`);
    await adb('-s', serial, 'reverse', `tcp:${cloudPort}`, `tcp:${cloudPort}`);
    await adb('-s', serial, 'shell', 'am', 'broadcast', '-a', 'gallery_sync.SIGN_IN', '--es', 'email', email, '--es', 'client_id', app.clientId ?? '', '--es', 'client_secret', app.clientSecret ?? '', '--es', 'refresh_token', app.refreshToken ?? '');
    // The user turns backup on with "Wi-Fi only" in the gallery's settings (the UI test of that is the catalog's).
    phone.phone.enableBackup({ email, clientId: app.clientId ?? '', clientSecret: app.clientSecret ?? '', refreshToken: app.refreshToken ?? '' });
    phone.phone.setWifiOnly(true);
    await adb('-s', serial, 'shell', 'svc', 'wifi', 'disable');
    expect((await adb('-s', serial, 'shell', 'settings', 'get', 'global', 'wifi_on')).stdout).toBe('0\n');
    writeFileSync(join(dir, 'a.jpg'), (await generateOne('camera-photo', 1, { seed: 12, brand: 'xiaomi', cameraSize: { width: 640, height: 480 } })).bytes);
    await adb('-s', serial, 'push', join(dir, 'a.jpg'), '/sdcard/DCIM/Camera/a.jpg');
    const items = async () => ((await (await fetch(`${server.url}/__admin/state?account=${email}`)).json()) as { accounts: Array<{ mediaItems: unknown[] }> }).accounts[0]?.mediaItems.length ?? 0;
    await waitFor(() => phone.phone.idle());
    expect(phone.phone.status()).toMatch(/Wi-Fi/i);
    expect(await items()).toBe(0);
    await adb('-s', serial, 'shell', 'svc', 'wifi', 'enable');
    await waitFor(async () => (await items()) === 1);
    expect(await items()).toBe(1);
  });
});

async function waitFor(done: () => boolean | Promise<boolean>, ms = 15_000): Promise<void> {
  const deadline = performance.now() + ms;
  while (!(await done()) && performance.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
}
