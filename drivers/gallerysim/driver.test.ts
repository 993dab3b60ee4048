import { errors, W3C_ELEMENT_KEY } from '@appium/base-driver';
import type { AppiumLoggerLevel, Element } from '@appium/types';
import sharp from 'sharp';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { scenarioMedia } from '../../scenarios/runner/media.ts';
import { GallerySimDriver } from './driver.ts';

// ——— helpers ———

const imagesUri = 'content://media/external/images/media';
const account = { email: 'qa@example.com', clientId: 'client-1', clientSecret: 'secret-1', refreshToken: 'refresh-1' };

/** What each skin should show, written out here (not read from skin.ts) so a wrong id in the skin fails a test. */
const skins = {
  xiaomi: {
    pkg: 'com.miui.gallery',
    home: '.activity.HomePageActivity',
    trash: 'Trash bin',
    albumTile: 'album_common_item',
    albumTitle: 'album_common_title',
    thumbnail: 'com.miui.gallery.ui.MicroThumbGridItem',
    delete: 'action_delete',
    move: 'action_move',
    restore: 'action_restore',
    settings: 'action_settings',
    banner: 'google_backup_settings_banner',
    bannerMessage: 'google_backup_msg',
    backupOn: 'Backup is on',
    backupSwitch: 'google_backup_switch',
    wifiOnly: 'backup_only_wifi',
    chooseAlbums: 'backup_album_choose',
    albumChoice: 'album_choice',
    launcherIcon: 'Gallery',
  },
  oppo: {
    pkg: 'com.coloros.gallery3d',
    home: 'com.coloros.gallery3d.app.MainActivity',
    trash: 'Recently deleted',
    albumTile: 'album_item',
    albumTitle: 'albumset_title',
    thumbnail: 'android.widget.ImageView',
    delete: 'action_recycle',
    move: 'action_more',
    restore: 'action_restore_recycled',
    settings: 'action_setting',
    banner: 'google_backup_entry',
    bannerMessage: 'google_backup_summary',
    backupOn: 'On',
    backupSwitch: 'google_backup_switch',
    wifiOnly: 'wlan_only_switch',
    chooseAlbums: 'backup_albums',
    albumChoice: 'backup_album_item',
    launcherIcon: 'Photos',
  },
} as const;
type Brand = keyof typeof skins;

let jpeg: string;
beforeAll(async () => {
  jpeg = Buffer.from((await scenarioMedia('camera-photo', 0)).bytes).toString('base64');
});

const sessions: GallerySimDriver[] = [];
afterEach(async () => {
  for (const driver of sessions.splice(0)) if (driver.sessionId) await driver.deleteSession();
});

/** W3C capabilities for a session; `caps` are given without the `appium:` prefix (undefined = left out). */
function w3c(caps: Record<string, unknown> = {}) {
  const given = { brand: 'xiaomi', cloudUrl: 'http://127.0.0.1:9', ...caps };
  const prefixed = Object.entries(given).filter(([, value]) => value !== undefined).map(([key, value]) => [`appium:${key}`, value]);
  return { alwaysMatch: { platformName: 'Android', 'appium:automationName': 'GallerySim', ...Object.fromEntries(prefixed) }, firstMatch: [{}] };
}

/** A driver as the Appium server makes it (with `--allow-insecure=gallerysim:adb_shell` unless `shell: false`). */
function newDriver({ shell = true } = {}): GallerySimDriver {
  const driver = new GallerySimDriver();
  driver.log.level = 'silent' as AppiumLoggerLevel; // Appium's (npmlog's) level that prints nothing; its type omits it
  if (shell) driver.allowInsecure = ['gallerysim:adb_shell'];
  sessions.push(driver);
  return driver;
}

async function startSession(caps: Record<string, unknown> = {}, options: { shell?: boolean } = {}): Promise<GallerySimDriver> {
  const driver = newDriver(options);
  await driver.createSession(w3c(caps) as never);
  return driver;
}

const mobile = <T = unknown>(driver: GallerySimDriver, script: string, args: Record<string, unknown> = {}) => driver.execute(`mobile: ${script}`, [args]) as Promise<T>;
const shell = (driver: GallerySimDriver, command: string, ...args: string[]) => mobile<string>(driver, 'shell', { command, args });

/** `content query` of the images with a few columns, parsed into one record per row. */
async function images(driver: GallerySimDriver): Promise<Array<Record<string, string>>> {
  const out = await shell(driver, 'content', 'query', '--uri', imagesUri, '--projection', '_display_name:bucket_display_name:is_trashed');
  if (out === 'No result found.\n') return [];
  return out
    .trimEnd()
    .split('\n')
    .map((line) => Object.fromEntries(line.replace(/^Row: \d+ /, '').split(', ').map((pair) => pair.split('=') as [string, string])));
}

interface GalleryState {
  timeMs: number;
  status: string;
  network: string;
  settings: { backupEnabled: boolean; wifiOnly: boolean; account?: string; backupAlbums: string[]; hiddenAlbums: string[] };
  mediaStore: Array<{ displayName: string; bucket: string; trashed: boolean }>;
  engine: Record<string, unknown>;
  history: Array<{ op: string; value?: unknown }>;
}
const galleryState = (driver: GallerySimDriver) => mobile<GalleryState>(driver, 'galleryState');

const idOf = (element: Element): string => element[W3C_ELEMENT_KEY];
const find = async (driver: GallerySimDriver, strategy: string, selector: string) => idOf(await driver.findElement(strategy, selector));
const findAll = async (driver: GallerySimDriver, strategy: string, selector: string) => (await driver.findElements(strategy, selector)).map(idOf);
const tap = async (driver: GallerySimDriver, strategy: string, selector: string) => driver.click(await find(driver, strategy, selector));
const checked = (driver: GallerySimDriver, elementId: string) => driver.getAttribute('checked', elementId);

const pushPhoto = (driver: GallerySimDriver, remotePath = '/sdcard/DCIM/Camera/x.jpg') => driver.pushFile(remotePath, jpeg);

/** The album tile whose title is `album`, by XPath over the page source. */
const albumTile = (brand: Brand, album: string) => `//*[@resource-id='${skins[brand].pkg}:id/${skins[brand].albumTile}'][./*[@text='${album}']]`;

/** Home → the album → the photo `name`. */
async function openPhoto(driver: GallerySimDriver, brand: Brand, album: string, name: string): Promise<void> {
  await tap(driver, 'xpath', albumTile(brand, album));
  await tap(driver, 'accessibility id', name);
}

// ——— tests ———

describe('session capabilities', () => {
  it('starts a session for a valid brand and cloud URL, on the brand gallery’s home screen', async () => {
    const driver = await startSession({ brand: 'oppo' });
    expect(await driver.getCurrentPackage()).toBe('com.coloros.gallery3d');
    expect(await driver.getCurrentActivity()).toBe(skins.oppo.home);
    expect(await driver.queryAppState('com.coloros.gallery3d')).toBe(4);
  });

  it('refuses an unknown brand, naming the capability, and leaves no session behind', async () => {
    const driver = newDriver();
    await expect(driver.createSession(w3c({ brand: 'nokia' }) as never)).rejects.toThrow(/appium:brand/);
    await expect(driver.createSession(w3c({ brand: 'nokia' }) as never)).rejects.toBeInstanceOf(errors.SessionNotCreatedError);
    expect(driver.sessionId).toBeNull();
    expect(driver.sim).toBeUndefined();
    // The same driver can still start a good session.
    await driver.createSession(w3c() as never);
    expect(await driver.getCurrentPackage()).toBe('com.miui.gallery');
  });

  it('refuses a session without cloudUrl, or with one that is no URL', async () => {
    const driver = newDriver();
    await expect(driver.createSession(w3c({ cloudUrl: undefined }) as never)).rejects.toThrow(/cloudUrl/);
    await expect(driver.createSession(w3c({ cloudUrl: 'not a url' }) as never)).rejects.toThrow(/appium:cloudUrl/);
    await expect(driver.createSession(w3c({ timeScale: -1 }) as never)).rejects.toThrow(/appium:timeScale/);
    expect(driver.sessionId).toBeNull();
  });

  it('answers a command outside a session with NoSuchDriverError', async () => {
    const driver = newDriver();
    await expect(driver.getPageSource()).rejects.toBeInstanceOf(errors.NoSuchDriverError);
  });
});

describe('mobile: commands', () => {
  it('mobile: shell needs the adb_shell insecure feature', async () => {
    const refused = await startSession({}, { shell: false });
    await expect(shell(refused, 'getprop', 'ro.product.model')).rejects.toThrow(/insecure feature 'adb_shell'/);

    const denied = newDriver();
    denied.denyInsecure = ['gallerysim:adb_shell'];
    await denied.createSession(w3c({ brand: 'oppo' }) as never);
    await expect(shell(denied, 'getprop', 'ro.product.model')).rejects.toThrow(/adb_shell/);

    const allowed = await startSession({ brand: 'oneplus' });
    expect(await shell(allowed, 'getprop', 'ro.product.manufacturer')).toBe('OnePlus\n');
  });

  it('mobile: shell content query lists a pushed file; pullFile gives the same bytes back', async () => {
    const driver = await startSession();
    expect(await images(driver)).toEqual([]);
    await pushPhoto(driver, '/sdcard/DCIM/Camera/x.jpg');
    expect(await images(driver)).toEqual([{ _display_name: 'x.jpg', bucket_display_name: 'Camera', is_trashed: '0' }]);
    expect(await driver.pullFile('/sdcard/DCIM/Camera/x.jpg')).toBe(jpeg);
    await expect(driver.pullFile('/sdcard/DCIM/Camera/missing.jpg')).rejects.toBeInstanceOf(errors.InvalidArgumentError);
    await expect(shell(driver, 'reboot', 'now')).rejects.toThrow(/unsupported shell command/);
  });

  it('mobile: shell svc wifi disable turns Wi-Fi off for getConnectivity', async () => {
    const driver = await startSession();
    expect(await mobile(driver, 'getConnectivity')).toEqual({ wifi: true, data: true, airplaneMode: false });
    expect(await shell(driver, 'svc', 'wifi', 'disable')).toBe('');
    expect(await mobile(driver, 'getConnectivity')).toEqual({ wifi: false, data: true, airplaneMode: false });
    expect((await galleryState(driver)).network).toBe('cellular');
  });

  it('mobile: setConnectivity switches radios; getConnectivity reports the services asked for', async () => {
    const driver = await startSession();
    expect(await mobile(driver, 'setConnectivity', { airplaneMode: true })).toBeUndefined();
    expect(await mobile(driver, 'getConnectivity', { services: ['airplaneMode'] })).toEqual({ airplaneMode: true });
    expect(await mobile(driver, 'getConnectivity', { services: 'wifi' })).toEqual({ wifi: true });
    expect((await galleryState(driver)).network).toBe('offline');
    await mobile(driver, 'setConnectivity', { airplaneMode: false, wifi: false, data: false });
    expect(await mobile(driver, 'getConnectivity', { services: ['wifi', 'data'] })).toEqual({ wifi: false, data: false });
    expect(await shell(driver, 'settings', 'get', 'global', 'wifi_on')).toBe('0\n');
    // UiAutomator2 answers bad arguments with InvalidArgumentError.
    await expect(mobile(driver, 'getConnectivity', { services: ['bluetooth'] })).rejects.toBeInstanceOf(errors.InvalidArgumentError);
    await expect(mobile(driver, 'setConnectivity', {})).rejects.toBeInstanceOf(errors.InvalidArgumentError);
  });

  it('mobile: deleteFile removes the file and its MediaStore row', async () => {
    const driver = await startSession();
    await pushPhoto(driver, '/sdcard/DCIM/Camera/a.jpg');
    await pushPhoto(driver, '/sdcard/DCIM/Camera/b.jpg');
    expect(await mobile(driver, 'deleteFile', { remotePath: '/sdcard/DCIM/Camera/a.jpg' })).toBe(true);
    expect((await images(driver)).map((row) => row._display_name)).toEqual(['b.jpg']);
    expect(await mobile(driver, 'deleteFile', { remotePath: '/sdcard/DCIM/Camera/a.jpg' })).toBe(false);
    await expect(mobile(driver, 'deleteFile', {})).rejects.toThrow(/remotePath/);
  });

  it('mobile: galleryState reports status, settings, MediaStore, engine and history', async () => {
    const driver = await startSession({ brand: 'oppo' });
    await pushPhoto(driver, '/sdcard/Pictures/Trips/t.jpg');
    const state = await galleryState(driver);
    expect(state).toMatchObject({
      brand: 'oppo',
      package: 'com.coloros.gallery3d',
      status: expect.any(String),
      network: 'wifi',
      settings: { backupEnabled: false, wifiOnly: false, backupAlbums: ['Camera'], hiddenAlbums: [] },
      mediaStore: [expect.objectContaining({ displayName: 't.jpg', bucket: 'Trips', trashed: false })],
      engine: expect.any(Object),
    });
    expect(state.settings.account).toBeUndefined();
    expect(state.history.map((event) => event.op)).toContain('capture');
  });

  it('mobile: advanceClock moves the phone’s time forward by at least ms', async () => {
    const driver = await startSession();
    const before = (await galleryState(driver)).timeMs;
    const after = await mobile<number>(driver, 'advanceClock', { ms: 3 * 86_400_000 });
    expect(after).toBeGreaterThanOrEqual(before + 3 * 86_400_000);
    expect(after).toBeLessThan(before + 3 * 86_400_000 + 60_000);
    expect((await galleryState(driver)).timeMs).toBeGreaterThanOrEqual(after);
    await expect(mobile(driver, 'advanceClock', {})).rejects.toThrow(/ms/);
  });

  it('an unknown mobile: command is refused with its name', async () => {
    const driver = await startSession();
    const refused = mobile(driver, 'foo');
    await expect(refused).rejects.toBeInstanceOf(errors.UnsupportedOperationError);
    await expect(refused).rejects.toThrow(/'mobile: foo'/);
  });
});

describe.each(['xiaomi', 'oppo'] as const)('the %s gallery UI', (brand) => {
  const skin = skins[brand];
  const start = (caps: Record<string, unknown> = {}) => startSession({ brand, ...caps });

  it('deletes a photo through the dialog with “also from Google Photos” ticked, then restores it from the trash', async () => {
    const driver = await start();
    await pushPhoto(driver);
    await openPhoto(driver, brand, 'Camera', 'x.jpg');
    expect(await driver.getText(await find(driver, 'id', 'title'))).toBe('x.jpg');

    await tap(driver, 'id', skin.delete);
    const box = await find(driver, 'id', 'android:id/checkbox');
    expect(await checked(driver, box)).toBe('false');
    await driver.click(box);
    expect(await checked(driver, box)).toBe('true');
    await tap(driver, 'id', 'android:id/button1');

    expect(await images(driver)).toEqual([{ _display_name: 'x.jpg', bucket_display_name: 'Camera', is_trashed: '1' }]);
    expect((await galleryState(driver)).history.map((event) => event.op)).toContain('delete.everywhere');
    expect(await findAll(driver, 'accessibility id', 'x.jpg')).toEqual([]); // gone from the album's grid

    await driver.back(); // album → home
    await tap(driver, 'accessibility id', skin.trash);
    const restore = await find(driver, 'id', skin.restore);
    expect(await driver.getAttribute('enabled', restore)).toBe('false');
    const trashed = await find(driver, 'accessibility id', 'x.jpg');
    await driver.click(trashed);
    expect(await driver.getAttribute('selected', trashed)).toBe('true');
    expect(await driver.getAttribute('enabled', restore)).toBe('true');
    await driver.click(restore);

    expect(await images(driver)).toEqual([{ _display_name: 'x.jpg', bucket_display_name: 'Camera', is_trashed: '0' }]);
    expect(await findAll(driver, 'accessibility id', 'x.jpg')).toEqual([]);
    await driver.back();
    await openPhoto(driver, brand, 'Camera', 'x.jpg');
    expect(await driver.getCurrentActivity()).not.toBe(skin.home);
  });

  it('cancelling the delete dialog keeps the photo; an unticked box deletes from the device only', async () => {
    const driver = await start();
    await pushPhoto(driver);
    await openPhoto(driver, brand, 'Camera', 'x.jpg');
    await tap(driver, 'id', skin.delete);
    await tap(driver, 'id', 'android:id/button2');
    expect(await findAll(driver, 'id', 'android:id/checkbox')).toEqual([]);
    expect((await images(driver))[0]?.is_trashed).toBe('0');

    await tap(driver, 'id', skin.delete);
    await tap(driver, 'id', 'android:id/button1');
    expect((await images(driver))[0]?.is_trashed).toBe('1');
    const ops = (await galleryState(driver)).history.map((event) => event.op);
    expect(ops).toContain('delete.device-only');
    expect(ops).not.toContain('delete.everywhere');
  });

  it('element references go stale once their screen is left, and back returns to the screen before', async () => {
    const driver = await start();
    await pushPhoto(driver);
    const tile = await find(driver, 'xpath', albumTile(brand, 'Camera'));
    expect(await find(driver, 'xpath', albumTile(brand, 'Camera'))).toBe(tile); // same view, same id
    await driver.click(tile);
    await expect(driver.getText(tile)).rejects.toBeInstanceOf(errors.StaleElementReferenceError);

    const thumbnail = await find(driver, 'accessibility id', 'x.jpg');
    expect(await driver.getAttribute('class', thumbnail)).toBe(skin.thumbnail);
    await driver.click(thumbnail);
    await expect(driver.click(thumbnail)).rejects.toBeInstanceOf(errors.StaleElementReferenceError);

    await driver.back(); // photo → album
    expect(await driver.getText(thumbnail)).toBe('x.jpg');
    await driver.back(); // album → home
    expect(await driver.getCurrentActivity()).toBe(skin.home);
    expect(await driver.getText(await find(driver, 'id', skin.albumTitle))).toBe('Camera');
    await expect(driver.getText('gs-999')).rejects.toBeInstanceOf(errors.NoSuchElementError);
  });

  it('terminateApp leaves the launcher (state 1); activateApp opens the albums again', async () => {
    const driver = await start();
    await pushPhoto(driver);
    await tap(driver, 'xpath', albumTile(brand, 'Camera'));
    expect(await driver.terminateApp(skin.pkg)).toBe(true);
    expect(await driver.queryAppState(skin.pkg)).toBe(1);
    expect(await driver.terminateApp(skin.pkg)).toBe(false);
    const launcher = await driver.getPageSource();
    expect(launcher).toContain('package="com.android.launcher3"');
    expect(launcher).not.toContain(`package="${skin.pkg}"`);
    expect(await driver.getCurrentPackage()).toBe('com.android.launcher3');

    await driver.activateApp(skin.pkg);
    expect(await driver.queryAppState(skin.pkg)).toBe(4);
    expect(await driver.getCurrentActivity()).toBe(skin.home); // a fresh start: home, not the album left open
    expect(await driver.getPageSource()).toContain(`resource-id="${skin.pkg}:id/${skin.albumTile}"`);
    await expect(driver.activateApp('com.example.other')).rejects.toBeInstanceOf(errors.InvalidArgumentError);
    expect(await driver.queryAppState('com.example.other')).toBe(0);
  });

  it('back on the home screen leaves for the launcher; activateApp or the launcher icon come back', async () => {
    const driver = await start();
    await driver.back();
    expect(await driver.getPageSource()).toContain('package="com.android.launcher3"');
    await driver.activateApp(skin.pkg);
    expect(await driver.getPageSource()).toContain(`package="${skin.pkg}"`);
    expect(await findAll(driver, 'id', skin.albumTile)).toHaveLength(1); // the trash's tile, on an empty phone

    await driver.back();
    await tap(driver, 'accessibility id', skin.launcherIcon);
    expect(await findAll(driver, 'id', skin.albumTile)).toHaveLength(1);
  });

  it('getScreenshot returns a base64 PNG of the screen', async () => {
    const driver = await start();
    const png = Buffer.from(await driver.getScreenshot(), 'base64');
    expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    const { format, width, height } = await sharp(png).metadata();
    expect(format).toBe('png');
    expect(width).toBeGreaterThan(0);
    expect(height).toBeGreaterThan(0);
  });

  it('finds views by -android uiautomator, id and class name', async () => {
    const driver = await start();
    await pushPhoto(driver);
    await pushPhoto(driver, '/sdcard/Pictures/Trips/t.jpg');
    const titles = await findAll(driver, '-android uiautomator', `new UiSelector().resourceId("${skin.pkg}:id/${skin.albumTitle}")`);
    expect(await Promise.all(titles.map((id) => driver.getText(id)))).toEqual(['Camera', 'Trips', skin.trash]);
    const trips = await find(driver, '-android uiautomator', `new UiSelector().className("android.widget.TextView").text("Trips")`);
    expect(await driver.getAttribute('resource-id', trips)).toBe(`${skin.pkg}:id/${skin.albumTitle}`);
    expect(await findAll(driver, 'id', skin.albumTile)).toHaveLength(3);
    expect(await findAll(driver, 'id', `${skin.pkg}:id/${skin.albumTile}`)).toHaveLength(3);

    await openPhoto(driver, brand, 'Camera', 'x.jpg');
    await tap(driver, 'id', skin.delete);
    const boxes = await findAll(driver, 'class name', 'android.widget.CheckBox');
    expect(boxes).toEqual([await find(driver, 'id', 'android:id/checkbox')]);
    expect(await findAll(driver, 'class name', 'android.widget.Button')).toHaveLength(2 + 3); // the dialog's and the photo's
  });

  it('rejects an unknown strategy and selectors that cannot be parsed; finds nothing without error', async () => {
    const driver = await start();
    await expect(driver.findElement('css selector', '.x')).rejects.toBeInstanceOf(errors.InvalidSelectorError);
    await expect(driver.findElements('xpath', '//*[')).rejects.toBeInstanceOf(errors.InvalidSelectorError);
    await expect(driver.findElement('xpath', 'count(//*)')).rejects.toBeInstanceOf(errors.InvalidSelectorError);
    await expect(driver.findElement('-android uiautomator', 'new UiSelector().noSuchMethod("x")')).rejects.toBeInstanceOf(errors.InvalidSelectorError);
    await expect(driver.findElement('id', '')).rejects.toBeInstanceOf(errors.InvalidSelectorError);
    await expect(driver.findElement('accessibility id', 'nothing.jpg')).rejects.toBeInstanceOf(errors.NoSuchElementError);
    expect(await driver.findElements('accessibility id', 'nothing.jpg')).toEqual([]);
  });

  it('moves a photo to a new album typed with setValue', async () => {
    const driver = await start();
    await pushPhoto(driver);
    await openPhoto(driver, brand, 'Camera', 'x.jpg');
    await tap(driver, 'id', skin.move);
    const name = await find(driver, 'class name', 'android.widget.EditText');
    await driver.setValue('Holiday', name);
    expect(await driver.getText(name)).toBe('Holiday');
    await tap(driver, 'id', 'android:id/button1');
    expect(await images(driver)).toEqual([{ _display_name: 'x.jpg', bucket_display_name: 'Holiday', is_trashed: '0' }]);
    await expect(driver.setValue('x', await find(driver, 'id', skin.delete))).rejects.toBeInstanceOf(errors.InvalidElementStateError);
  });
});

describe.each(['xiaomi', 'oppo'] as const)('the %s backup settings', (brand) => {
  const skin = skins[brand];
  const start = (caps: Record<string, unknown> = {}) => startSession({ brand, timeScale: 1, ...caps });
  const openBackup = async (driver: GallerySimDriver) => {
    await tap(driver, 'id', skin.settings);
    await tap(driver, 'id', skin.banner);
  };

  it('the switch opens the consent dialog with the account; “Turn on backup” enables backup', async () => {
    const driver = await start({ googleAccount: account });
    await openBackup(driver);
    const toggle = await find(driver, 'id', skin.backupSwitch);
    expect(await checked(driver, toggle)).toBe('false');
    await driver.click(toggle);
    expect(await driver.getText(await find(driver, 'id', 'consent_account'))).toBe('qa@example.com');
    const turnOn = await find(driver, 'id', 'android:id/button1');
    expect(await driver.getText(turnOn)).toBe('Turn on backup');
    await driver.click(turnOn);

    expect(await findAll(driver, 'id', 'consent_account')).toEqual([]);
    expect(await checked(driver, toggle)).toBe('true');
    const state = await galleryState(driver);
    expect(state.settings).toMatchObject({ backupEnabled: true, account: 'qa@example.com' });
    await driver.back();
    expect(await driver.getText(await find(driver, 'id', skin.bannerMessage))).toBe(skin.backupOn);
  });

  it('without a Google account the dialog cannot turn backup on; “Not now” closes it', async () => {
    const driver = await start();
    await openBackup(driver);
    await tap(driver, 'id', skin.backupSwitch);
    expect(await driver.getText(await find(driver, 'id', 'consent_account'))).toBe('No Google account on this device');
    const turnOn = await find(driver, 'id', 'android:id/button1');
    expect(await driver.getAttribute('enabled', turnOn)).toBe('false');
    await driver.click(turnOn);
    expect((await galleryState(driver)).settings.backupEnabled).toBe(false);
    await tap(driver, 'id', 'android:id/button2');
    expect(await findAll(driver, 'id', 'consent_account')).toEqual([]);
    expect(await checked(driver, await find(driver, 'id', skin.backupSwitch))).toBe('false');
  });

  it('the Wi-Fi-only switch toggles the setting both ways', async () => {
    const driver = await start({ googleAccount: account });
    await openBackup(driver);
    const wifiOnly = await find(driver, 'id', skin.wifiOnly);
    expect(await checked(driver, wifiOnly)).toBe('false');
    await driver.click(wifiOnly);
    expect(await checked(driver, wifiOnly)).toBe('true');
    expect((await galleryState(driver)).settings.wifiOnly).toBe(true);
    await driver.click(wifiOnly);
    expect(await checked(driver, wifiOnly)).toBe('false');
    expect((await galleryState(driver)).settings.wifiOnly).toBe(false);
  });

  it('“Albums to back up” lists the album folders as check boxes, an empty made folder too', async () => {
    const driver = await start({ googleAccount: account });
    await pushPhoto(driver);
    await shell(driver, 'mkdir', '-p', '/sdcard/Pictures/Trips');
    await openBackup(driver);
    await tap(driver, 'id', skin.chooseAlbums);
    const boxes = await findAll(driver, 'class name', 'android.widget.CheckBox');
    expect(await Promise.all(boxes.map((id) => driver.getText(id)))).toEqual(['Camera', 'Trips']);
    expect(await Promise.all(boxes.map((id) => checked(driver, id)))).toEqual(['true', 'false']);
    expect(await findAll(driver, 'id', skin.albumChoice)).toEqual(boxes);

    const trips = boxes[1] as string;
    await driver.click(trips);
    expect(await checked(driver, trips)).toBe('true');
    expect((await galleryState(driver)).settings.backupAlbums).toEqual(['Camera', 'Trips']);
    await driver.click(boxes[0] as string);
    expect((await galleryState(driver)).settings.backupAlbums).toEqual(['Trips']);
  });
});
