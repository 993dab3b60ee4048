import type { Phone } from '../../simulator/device/phone.ts';
import type { DeviceAccount, DeviceItem, DeviceSnapshot, GalleryDevice, NetworkControl } from '../../drivers/gallery-device.ts';

/** A simulated phone behind the GalleryDevice interface: what `simulate` drives. */
export class SimulatedDevice implements GalleryDevice {
  constructor(readonly phone: Phone) {}

  get name() {
    return this.phone.name;
  }

  get brand() {
    return this.phone.profile.brand;
  }

  get twoWaySync() {
    return this.phone.profile.twoWaySync;
  }

  get link(): NetworkControl {
    return this.phone.link;
  }

  async enableBackup(account: DeviceAccount) {
    this.phone.enableBackup(account);
  }

  async disableBackup() {
    this.phone.disableBackup();
  }

  async importMedia(fileName: string, bytes: Uint8Array, album: string): Promise<DeviceItem> {
    return item(this.phone.capture(fileName, bytes, album));
  }

  async edit(target: DeviceItem, bytes: Uint8Array) {
    return item(this.phone.edit(target.id, bytes));
  }

  async delete(target: DeviceItem, alsoFromCloud?: boolean) {
    this.phone.delete(target.id, alsoFromCloud);
  }

  async restore(target: DeviceItem) {
    this.phone.restore(target.id);
  }

  async moveToAlbum(target: DeviceItem, album: string) {
    return item(this.phone.moveToAlbum(target.id, album));
  }

  async chooseAlbums(albums: readonly string[]) {
    this.phone.chooseAlbums(albums);
  }

  async hideAlbum(album: string) {
    this.phone.hideAlbum(album);
  }

  async setWifiOnly(on: boolean) {
    this.phone.setWifiOnly(on);
  }

  async setNetwork(state: 'wifi' | 'cellular' | 'offline') {
    this.phone.setNetwork(state);
  }

  async killApp() {
    this.phone.killApp();
  }

  async startApp() {
    this.phone.startApp();
  }

  async restartPhone() {
    this.phone.restart();
  }

  async item(id: number): Promise<DeviceItem | undefined> {
    const row = this.phone.mediaStore.get(id);
    return row && item(row);
  }

  async readBytes(target: DeviceItem): Promise<Uint8Array> {
    const row = this.phone.mediaStore.get(target.id);
    const bytes = row && this.phone.readFile(row.path);
    if (!bytes) throw new Error(`${this.name}: no bytes for ${target.name}`);
    return bytes;
  }

  async idle(): Promise<boolean> {
    return this.phone.idle();
  }

  async snapshot(): Promise<DeviceSnapshot> {
    const { settings } = this.phone;
    return {
      items: this.phone.mediaStore.list().map((r) => ({ ...item(r), trashed: r.trashed })),
      settings: {
        backupEnabled: settings.backupEnabled,
        backupAlbums: [...settings.backupAlbums].sort(),
        hiddenAlbums: [...settings.hiddenAlbums].sort(),
        wifiOnly: settings.wifiOnly,
        network: this.phone.network(),
      },
      status: this.phone.status(),
      unsynced: this.phone.unsynced(),
      idle: this.phone.idle(),
    };
  }
}

const item = (row: { id: number; displayName: string; bucket: string; sha256: string }): DeviceItem => ({ id: row.id, name: row.displayName, album: row.bucket, sha256: row.sha256 });
