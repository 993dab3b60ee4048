import type { BrandName } from '../fixtures/index.ts';

/** What a scenario may do to a phone and read from it, whether the phone is simulated or real (Appium). */
export interface GalleryDevice {
  readonly name: string;
  readonly brand: BrandName;
  readonly twoWaySync: boolean;
  enableBackup(account: DeviceAccount): Promise<void>;
  disableBackup(): Promise<void>;
  /** Puts a file into the phone's media folders (camera folder, or an album folder) as the camera or `adb push` would. */
  importMedia(fileName: string, bytes: Uint8Array, album: string): Promise<DeviceItem>;
  /**
   * The gallery's editor. `bytes` is what the edit should produce where the device can be told (in-process);
   * a phone driven through its UI makes its own edit, and the returned item carries the new content's hash.
   */
  edit(item: DeviceItem, bytes: Uint8Array): Promise<DeviceItem>;
  /** The gallery's delete; `alsoFromCloud` undefined = the dialog's default. */
  delete(item: DeviceItem, alsoFromCloud?: boolean): Promise<void>;
  restore(item: DeviceItem): Promise<void>;
  moveToAlbum(item: DeviceItem, album: string): Promise<DeviceItem>;
  chooseAlbums(albums: readonly string[]): Promise<void>;
  hideAlbum(album: string): Promise<void>;
  setWifiOnly(on: boolean): Promise<void>;
  setNetwork(state: 'wifi' | 'cellular' | 'offline'): Promise<void>;
  killApp(): Promise<void>;
  startApp(): Promise<void>;
  restartPhone(): Promise<void>;
  /** Where network faults for this phone go: the fault proxy in front of it, or its in-process link. */
  readonly link: NetworkControl;
  /** What the phone holds now: MediaStore rows with content hashes, settings and the status line. */
  snapshot(): Promise<DeviceSnapshot>;
  /** One MediaStore item as it is now (after edits and moves), or undefined once it is gone. */
  item(id: number): Promise<DeviceItem | undefined>;
  /** The bytes of an item as the phone stores them. */
  readBytes(item: DeviceItem): Promise<Uint8Array>;
  /** The gallery has nothing left to sync for now. */
  idle(): Promise<boolean>;
}

export interface DeviceAccount {
  email: string;
  clientId: string;
  clientSecret: string;
  refreshToken: string;
}

export interface DeviceItem {
  id: number;
  name: string;
  album: string;
  sha256: string;
}

/** A phone's link to the cloud, Toxiproxy's way: the in-process fault model, or a proxy in front of a real phone. */
export interface NetworkControl {
  addToxic(body: unknown): unknown;
  removeToxic(name: string): void | Promise<void>;
  setEnabled(enabled: boolean): void | Promise<void>;
  reset(): void | Promise<void>;
}

export interface DeviceSnapshot {
  items: Array<DeviceItem & { trashed: boolean }>;
  settings: { backupEnabled: boolean; backupAlbums: string[]; hiddenAlbums: string[]; wifiOnly: boolean; network: string };
  status: string;
  /** The "Review unsynced changes" list: item id → reason. */
  unsynced: Record<string, string>;
  idle: boolean;
}
