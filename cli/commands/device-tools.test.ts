import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DeviceFarm } from '../../android/devices.ts';
import { freePort } from '../free-port.ts';

const bin = new URL('../../bin/gallery-sync.js', import.meta.url).pathname;

async function cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [bin, ...args], { encoding: 'utf8' });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

// Phones as doctor and inspect meet them: the brand's usual gallery builds, a Xiaomi gallery too old for the
// Google Photos integration, and later builds whose screens renamed views (android/ui/skin.ts renamedBuilds).
let current: DeviceFarm;
let changed: DeviceFarm;
const out = mkdtempSync(join(tmpdir(), 'gallery-sync-inspect-'));

beforeAll(async () => {
  current = await DeviceFarm.start({ phones: 1, brands: ['xiaomi', 'oppo'], seed: 1, bugs: [], timeScale: 1, adbPort: 0 });
  changed = await DeviceFarm.start({ phones: 1, brands: ['xiaomi', 'oppo', 'realme'], seed: 1, bugs: [], timeScale: 1, adbPort: 0, galleryVersions: { xiaomi: '3.7.0.5-global', oppo: '16.0.3', realme: '12.1.0' } });
});

afterAll(async () => {
  await current.close();
  await changed.close();
  rmSync(out, { recursive: true, force: true });
});

describe('gallery-sync doctor', () => {
  it('passes phones that are ready, with the selector entry that applies', async () => {
    const result = await cli('doctor', '--adb-port', String(current.port));
    expect(result.code, result.stdout).toBe(0);
    expect(result.stdout).toMatch(/✔ emulator-5554 gallery +com\.miui\.gallery 3\.6\.2\.10-global/);
    expect(result.stdout).toMatch(/✔ emulator-5556 Android +14/);
    expect(result.stdout).toMatch(/✔ emulator-5556 selectors +drivers\/selectors\/coloros\.yaml: "15\.8\.12"/);
    expect(result.stdout).toMatch(/✔ UiAutomator2 driver +appium-uiautomator2-driver \d/);
  });

  it('fails a gallery too old for the integration, with the fix', async () => {
    const old = await DeviceFarm.start({ phones: 1, brands: ['xiaomi'], seed: 1, bugs: [], timeScale: 1, adbPort: 0, galleryVersions: { xiaomi: '3.5.2.9' } });
    try {
      const result = await cli('doctor', '--adb-port', String(old.port));
      expect(result.code).toBe(1);
      expect(result.stdout).toMatch(/✗ emulator-5554 gallery +com\.miui\.gallery 3\.5\.2\.9\n +fix: update the gallery to 3\.6\.2\.10-global or later/);
    } finally {
      await old.close();
    }
  });

  it('says what to start when no adb server answers, and names a missing device', async () => {
    const port = await freePort();
    const none = await cli('doctor', '--adb-port', String(port));
    expect(none.code).toBe(1);
    expect(none.stdout).toContain(`✗ adb server           nothing answers on 127.0.0.1:${port}`);
    expect(none.stdout).toContain(`npx gallery-sync devices --adb-port ${port}`);
    const missing = await cli('doctor', '--adb-port', String(current.port), '--udid', 'emulator-9999');
    expect(missing.code).toBe(1);
    expect(missing.stdout).toMatch(/✗ devices +no device emulator-9999/);
  });
});

describe('gallery-sync inspect', () => {
  it('walks every screen of a current build: every checked selector resolves, each screen saved', async () => {
    const result = await cli('inspect', '--udid', 'emulator-5554', '--adb-port', String(current.port), '--out', out);
    expect(result.code, result.stdout + result.stderr).toBe(0);
    expect(result.stdout).toContain('every checked selector resolves on 3.6.2.10-global');
    for (const screen of ['albums', 'photo', 'delete-dialog', 'backup-settings', 'trash']) {
      expect(readFileSync(join(out, 'emulator-5554', `${screen}.xml`), 'utf8')).toMatch(/^<\?xml/);
      expect(readFileSync(join(out, 'emulator-5554', `${screen}.png`)).subarray(1, 4).toString()).toBe('PNG');
    }
  });

  it.each([
    ['emulator-5554', 'xiaomi 3.7.0.5-global', ['photo.edit: id=com.miui.gallery:id/menu_edit', 'backup.switch: id=com.miui.gallery:id/gphotos_backup_switch', 'backup.wifiOnly: id=com.miui.gallery:id/gphotos_backup_wifi_only']],
    ['emulator-5556', 'oppo 16.0.3', ['backup.switch: id=cloud_backup_switch', 'trash.restore: id=recycle_restore']],
  ])('names every selector a renamed build broke, with a version entry to paste (%s, %s)', async (udid, _build, entries) => {
    const result = await cli('inspect', '--udid', udid, '--adb-port', String(changed.port), '--out', out);
    expect(result.code, result.stdout + result.stderr).toBe(1);
    const entry = readFileSync(join(out, udid, 'version-entry.yaml'), 'utf8');
    expect(entry.split('\n').filter((line) => line.startsWith('  ')).map((line) => line.trim().split('   #')[0])).toEqual(entries);
    expect(result.stdout).toContain(entry);
  });

  it('a build whose screens did not change passes under its new version', async () => {
    const result = await cli('inspect', '--udid', 'emulator-5558', '--adb-port', String(changed.port), '--out', out);
    expect(result.code, result.stdout).toBe(0);
    expect(result.stdout).toContain('realme gallery com.coloros.gallery3d 12.1.0; selectors drivers/selectors/coloros.yaml entry "default"');
  });

  it('an unknown udid is one line, exit 2, and nothing is written', async () => {
    const result = await cli('inspect', '--udid', 'emulator-9999', '--adb-port', String(current.port), '--out', join(out, 'none'));
    expect(result).toMatchObject({ code: 2, stderr: `gallery-sync: --udid emulator-9999: no such device on the adb server at 127.0.0.1:${current.port} (it lists: emulator-5554, emulator-5556)\n` });
    expect(existsSync(join(out, 'none'))).toBe(false);
  });
});
