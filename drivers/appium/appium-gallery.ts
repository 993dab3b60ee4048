import { createHash } from 'node:crypto';
import type { Browser } from 'webdriverio';
import type { BrandName } from '../../fixtures/index.ts';
import type { DeviceAccount, DeviceItem, DeviceSnapshot, GalleryDevice, NetworkControl } from '../gallery-device.ts';
import { AppUi } from './app-ui.ts';
import { contentQueryArgs, parseContentRows } from './media-store.ts';
import type { SelectorBook } from './selectors.ts';

export interface AppiumGalleryOptions {
  name: string;
  brand: BrandName;
  twoWaySync: boolean;
  /** Where this phone's network faults go (a Toxiproxy proxy in front of it). */
  link: NetworkControl;
  /** The gallery's package on this phone (ColorOS galleries ship under several). */
  packageName: string;
  selectors: SelectorBook;
  /** How long to wait for a view to appear (real phones are slower than simulated ones). */
  uiWaitMs?: number;
}

const sdcard = '/sdcard';

/**
 * A gallery app driven through Appium with WebdriverIO only: the UI for what a user does (settings, delete,
 * restore, edit, album choice), device commands for what a harness does (push media, switch networks, read
 * MediaStore and pull files for the snapshot). Brand drivers subclass it where their app's flow differs.
 */
export class AppiumGallery implements GalleryDevice {
  readonly name: string;
  readonly brand: BrandName;
  readonly twoWaySync: boolean;
  readonly link: NetworkControl;
  readonly packageName: string;
  protected readonly ui: AppUi;

  /** Reads the installed app version and picks that version's selectors. */
  static async connect<T extends AppiumGallery>(this: new (browser: Browser, options: AppiumGalleryOptions, version: string | undefined) => T, browser: Browser, options: AppiumGalleryOptions): Promise<T> {
    const dump = String(await browser.execute('mobile: shell', { command: 'dumpsys', args: ['package', options.packageName] }));
    return new this(browser, options, /versionName=(\S+)/.exec(dump)?.[1]);
  }

  constructor(
    readonly browser: Browser,
    options: AppiumGalleryOptions,
    readonly appVersion: string | undefined,
  ) {
    this.name = options.name;
    this.brand = options.brand;
    this.twoWaySync = options.twoWaySync;
    this.link = options.link;
    this.packageName = options.packageName;
    this.ui = new AppUi(browser, options.selectors.forVersion(appVersion), options.uiWaitMs);
  }

  // ——— navigation ———

  /** Back to the Albums home screen from wherever the app is (or launch it). */
  protected async home(): Promise<void> {
    for (let presses = 0; presses < 6; presses++) {
      if (await this.ui.exists('home.marker')) return;
      if (presses === 3) await this.browser.activateApp(this.packageName);
      else await this.browser.back();
    }
    await this.ui.find('home.marker');
  }

  protected async openAlbum(album: string): Promise<void> {
    await this.home();
    await this.ui.tap('home.albumTile', { album });
  }

  protected async openPhoto(item: DeviceItem): Promise<void> {
    await this.openAlbum(item.album);
    await this.ui.tap('album.thumbnail', { name: item.name });
  }

  protected async openBackupSettings(): Promise<void> {
    if (await this.ui.exists('backup.switch')) return;
    await this.home();
    await this.ui.tap('home.settings');
    await this.ui.tap('settings.backupBanner');
  }

  // ——— settings (UI) ———

  async enableBackup(_account: DeviceAccount): Promise<void> {
    await this.openBackupSettings();
    const toggle = await this.ui.find('backup.switch');
    if (await this.ui.checked(toggle)) return;
    await this.browser.elementClick(toggle);
    // Google's consent sheet offers the account the phone is signed in with; turning backup on picks it.
    await this.ui.tap('consent.confirm');
  }

  async disableBackup(): Promise<void> {
    await this.openBackupSettings();
    await this.ui.setChecked('backup.switch', false);
  }

  async setWifiOnly(on: boolean): Promise<void> {
    await this.openBackupSettings();
    await this.ui.setChecked('backup.wifiOnly', on);
  }

  async chooseAlbums(albums: readonly string[]): Promise<void> {
    // The list shows the phone's folders: make sure a chosen album's folder exists, as a user's camera app would.
    for (const album of albums) await this.makeFolder(album);
    await this.openBackupSettings();
    await this.ui.tap('backup.chooseAlbums');
    for (const element of await this.ui.all('albums.choices')) {
      const want = albums.includes(await this.ui.text(element));
      if ((await this.ui.checked(element)) !== want) await this.browser.elementClick(element);
    }
    await this.browser.back();
  }

  async hideAlbum(album: string): Promise<void> {
    await this.makeFolder(album);
    await this.home();
    await this.ui.tap('home.settings');
    await this.ui.tap('settings.hiddenAlbums');
    await this.ui.setChecked('hidden.choice', true, { album });
    await this.home();
  }

  // ——— items (UI) ———

  async edit(item: DeviceItem): Promise<DeviceItem> {
    await this.openPhoto(item);
    await this.ui.tap('photo.edit');
    await this.ui.tap('editor.rotate');
    await this.ui.tap('editor.save');
    await this.home();
    return this.itemAt(item);
  }

  async delete(item: DeviceItem, alsoFromCloud?: boolean): Promise<void> {
    await this.openPhoto(item);
    await this.ui.tap('photo.delete');
    if (alsoFromCloud !== undefined) await this.ui.setChecked('delete.checkbox', alsoFromCloud);
    await this.ui.tap('delete.confirm');
    await this.home();
  }

  async restore(item: DeviceItem): Promise<void> {
    await this.home();
    await this.ui.tap('home.trashTile');
    await this.ui.tap('trash.item', { name: item.name });
    await this.ui.tap('trash.restore');
    await this.home();
  }

  async moveToAlbum(item: DeviceItem, album: string): Promise<DeviceItem> {
    await this.openPhoto(item);
    await this.ui.tap('photo.move');
    if (await this.ui.exists('move.target', { album })) await this.ui.tap('move.target', { album });
    else {
      await this.ui.type('move.newName', album);
      await this.ui.tap('move.ok');
    }
    await this.home();
    return this.itemAt({ ...item, album });
  }

  // ——— device (adb-level) ———

  async importMedia(fileName: string, bytes: Uint8Array, album: string): Promise<DeviceItem> {
    const path = `${folderOf(album)}/${fileName}`;
    await this.browser.pushFile(path, Buffer.from(bytes).toString('base64'));
    const [row] = await this.rowsAt(path);
    if (!row) throw new Error(`${this.name}: ${path} was pushed but MediaStore does not list it`);
    return { id: Number(row._id), name: fileName, album, sha256: sha256(bytes) };
  }

  async setNetwork(state: 'wifi' | 'cellular' | 'offline'): Promise<void> {
    await this.browser.execute('mobile: setConnectivity', { wifi: state === 'wifi', data: state !== 'offline', airplaneMode: false });
  }

  async killApp(): Promise<void> {
    await this.browser.terminateApp(this.packageName);
  }

  async startApp(): Promise<void> {
    await this.browser.activateApp(this.packageName);
  }

  /**
   * A reboot takes the UiAutomator2 server down with the phone, and the session with it: a new session on the same
   * capabilities, once the device is back (the driver waits for it), carries on.
   */
  async restartPhone(): Promise<void> {
    await this.browser.execute('mobile: shell', { command: 'reboot' }).catch((error: Error) => {
      // A phone going down may cut the connection the command came on; any other failure (no adb_shell, no
      // permission) means there was no restart, and the step must fail.
      if (!/closed|reset|hang up|exited with code 255|offline/i.test(error.message)) throw error;
    });
    await this.browser.reloadSession();
  }

  async item(id: number): Promise<DeviceItem | undefined> {
    const [row] = await this.mediaRows(`_id=${id}`);
    return row && withoutTrash(await this.pulled(row));
  }

  async readBytes(item: DeviceItem): Promise<Uint8Array> {
    const [row] = await this.mediaRows(`_id=${item.id}`);
    if (!row) throw new Error(`${this.name}: MediaStore has no item ${item.id} (${item.name})`);
    return this.pull(row);
  }

  /** Whether the gallery has finished syncing: its backup screen shows no progress. */
  async idle(): Promise<boolean> {
    await this.openBackupSettings();
    return !(await this.ui.exists('backup.progress'));
  }

  async snapshot(): Promise<DeviceSnapshot> {
    const rows = await this.mediaRows();
    const items = [];
    for (const row of rows) items.push(await this.pulled(row));
    const idle = await this.idle();
    const backupEnabled = await this.ui.checked(await this.ui.find('backup.switch'));
    const wifiOnly = await this.ui.checked(await this.ui.find('backup.wifiOnly'));
    const status = await this.ui.text(await this.ui.find('backup.status'));
    await this.ui.tap('backup.reviewUnsynced');
    const unsynced: Record<string, string> = {};
    const names = await this.ui.all('unsynced.name');
    const reasons = await this.ui.all('unsynced.reason');
    for (const [i, element] of names.entries()) {
      const name = await this.ui.text(element);
      const id = rows.find((r) => r._display_name === name)?._id ?? name.replace(/^#/, '');
      unsynced[id] = reasons[i] ? await this.ui.text(reasons[i]) : '';
    }
    await this.browser.back();
    await this.ui.tap('backup.chooseAlbums');
    const backupAlbums: string[] = [];
    for (const element of await this.ui.all('albums.choices')) if (await this.ui.checked(element)) backupAlbums.push(await this.ui.text(element));
    await this.home();
    await this.ui.tap('home.settings');
    await this.ui.tap('settings.hiddenAlbums');
    const hiddenAlbums: string[] = [];
    for (const element of await this.ui.all('hidden.choices')) if (await this.ui.checked(element)) hiddenAlbums.push(await this.ui.text(element));
    await this.home();
    const connectivity = (await this.browser.execute('mobile: getConnectivity', {})) as { wifi: boolean; data: boolean; airplaneMode: boolean };
    const network = connectivity.airplaneMode ? 'offline' : connectivity.wifi ? 'wifi' : connectivity.data ? 'cellular' : 'offline';
    return { items, settings: { backupEnabled, backupAlbums: backupAlbums.sort(), hiddenAlbums: hiddenAlbums.sort(), wifiOnly, network }, status, unsynced, idle };
  }

  protected async mediaRows(where?: string): Promise<Array<Record<string, string>>> {
    const output = await this.browser.execute('mobile: shell', { command: 'content', args: contentQueryArgs(where) });
    return parseContentRows(String(output)).map((row) => ({ ...row, _data: (row._data as string).replace('/storage/emulated/0', sdcard) }));
  }

  protected async makeFolder(album: string): Promise<void> {
    await this.browser.execute('mobile: shell', { command: 'mkdir', args: ['-p', folderOf(album)] });
  }

  /** The MediaStore rows of the file at a path (MediaStore stores it under /storage/emulated/0). */
  private rowsAt(path: string): Promise<Array<Record<string, string>>> {
    return this.mediaRows(`_data='${path.replace(sdcard, '/storage/emulated/0')}'`);
  }

  private async pull(row: Record<string, string>): Promise<Buffer> {
    return Buffer.from(await this.browser.pullFile(row._data as string), 'base64');
  }

  /** A MediaStore row as an item, its hash taken from the file pulled off the phone. */
  private async pulled(row: Record<string, string>): Promise<DeviceItem & { trashed: boolean }> {
    return { id: Number(row._id), name: row._display_name as string, album: row.bucket_display_name as string, sha256: sha256(await this.pull(row)), trashed: row.is_trashed === '1' };
  }

  /** The item as MediaStore lists it now (after an edit or a move), by name and album. */
  private async itemAt(item: DeviceItem): Promise<DeviceItem> {
    const [row] = await this.rowsAt(`${folderOf(item.album)}/${item.name}`);
    if (!row) throw new Error(`${this.name}: ${item.name} is not in ${item.album} any more`);
    return withoutTrash(await this.pulled(row));
  }
}

const withoutTrash = ({ trashed: _trashed, ...item }: DeviceItem & { trashed: boolean }): DeviceItem => item;

const folderOf = (album: string): string => (album === 'Camera' ? `${sdcard}/DCIM/Camera` : `${sdcard}/Pictures/${album}`);
const sha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');
