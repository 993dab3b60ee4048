import type { MediaRow } from '../../simulator/device/media-store.ts';
import type { Phone } from '../../simulator/device/phone.ts';
import type { NetworkState } from '../../simulator/engine/host.ts';
import { DeviceArgumentError, RemoteFileNotFoundError } from './errors.ts';
import { phonePath, standardFolders } from './paths.ts';
import { runShell, runShellLine } from './shell.ts';
import type { DeviceSystem } from './system.ts';
import type { ShellIo } from '../adb/device.ts';

/** The radios as UiAutomator2's `mobile: getConnectivity` reports them. */
export interface Connectivity {
  wifi: boolean;
  data: boolean;
  airplaneMode: boolean;
}

export type ConnectivityService = keyof Connectivity;
export const connectivityServices: readonly ConnectivityService[] = ['wifi', 'data', 'airplaneMode'];

/**
 * A simulated Phone as an Appium UiAutomator2 session sees an Android device: files by remote path (base64),
 * connectivity switches, and `adb shell` (see shell.ts). What the commands do and print follows UiAutomator2 and
 * adb, so a brand driver written against a real phone runs against this one unchanged.
 */
export class AndroidDevice {
  private readonly radios: Connectivity;

  constructor(
    readonly phone: Phone,
    /** The rest of Android a full device has (activity manager, package manager, alarms, accounts); absent in unit tests of the files and MediaStore alone. */
    readonly system?: DeviceSystem,
  ) {
    const network = phone.network();
    // A fresh phone is on Wi-Fi with mobile data on; a phone already moved off Wi-Fi keeps that.
    this.radios = { wifi: network === 'wifi', data: network !== 'offline', airplaneMode: false };
  }

  // ——— files (pushFile / pullFile / mobile: deleteFile) ———

  /**
   * Appium's pushFile: writes the file (folders are implied) and has MediaStore scan it, so a photo pushed into
   * DCIM/Camera or Pictures/<album> is a new item for the gallery. Returns its MediaStore row (undefined if none).
   */
  pushFile(remotePath: string, base64: string): MediaRow | undefined {
    const path = this.filePath(remotePath);
    if (this.isFolder(path)) throw new DeviceArgumentError(`'${remotePath}' is a folder; give the path of the file to write`);
    return this.phone.pushFile(path, Buffer.from(base64, 'base64'));
  }

  /** Appium's pullFile: the file's bytes as base64; RemoteFileNotFoundError when there is no such file. */
  pullFile(remotePath: string): string {
    const path = this.filePath(remotePath);
    const bytes = this.phone.pullFile(path);
    if (!bytes && this.isFolder(path)) throw new DeviceArgumentError(`'${remotePath}' is a folder; pullFolder reads folders`);
    if (!bytes) throw new RemoteFileNotFoundError(remotePath);
    return Buffer.from(bytes).toString('base64');
  }

  /** `mobile: deleteFile`: true once deleted, false if there was nothing there (a media file's row goes too). */
  deleteFile(remotePath: string): boolean {
    const path = this.filePath(remotePath);
    if (this.phone.removeFile(path)) return true;
    if (this.isFolder(path)) throw new Error(`The item at '${remotePath}' is not a file`);
    return false;
  }

  // ——— connectivity (mobile: getConnectivity / setConnectivity) ———

  get connectivity(): Readonly<Connectivity> {
    return { ...this.radios };
  }

  /** The asked services' states (all three when none are named), like `mobile: getConnectivity {services}`. */
  getConnectivity(services: string | readonly string[] = connectivityServices): Partial<Connectivity> {
    const asked = typeof services === 'string' ? [services] : services;
    const unknown = asked.filter((service) => !(connectivityServices as readonly string[]).includes(service));
    if (unknown.length) throw new DeviceArgumentError(`Service name${unknown.length > 1 ? 's' : ''} ${unknown.join(',')} ${unknown.length > 1 ? 'are' : 'is'} not known. Only the following services are supported: ${connectivityServices.join(',')}`);
    return Object.fromEntries(connectivityServices.filter((service) => asked.includes(service)).map((service) => [service, this.radios[service]]));
  }

  /**
   * `mobile: setConnectivity`: switches the named radios; the phone's network follows (airplane mode → offline,
   * else Wi-Fi → wifi, else mobile data → cellular, else offline). Unlike a real phone, Wi-Fi switched on during
   * airplane mode stays off the air until airplane mode ends.
   */
  setConnectivity(change: Partial<Connectivity>): void {
    const given = connectivityServices.filter((service) => change[service] !== undefined && change[service] !== null);
    if (given.length === 0) throw new DeviceArgumentError(`Either one of ${JSON.stringify(connectivityServices)} options must be provided`);
    for (const service of given) this.radios[service] = Boolean(change[service]);
    const network: NetworkState = this.radios.airplaneMode ? 'offline' : this.radios.wifi ? 'wifi' : this.radios.data ? 'cellular' : 'offline';
    if (network !== this.phone.network()) this.phone.setNetwork(network);
  }

  // ——— mobile: shell ———

  /**
   * `mobile: shell {command, args}`: as adb does, the command and its arguments are joined with spaces and the
   * phone's shell splits the line again (so quotes inside an argument matter, and an argument with spaces and no
   * quotes falls apart, exactly as on a real phone). Returns stdout.
   */
  shell(command: string, args: readonly string[] = []): string {
    return runShell(this, [command, ...args].join(' '));
  }

  /** `adb shell <line>`: what a device's shell runs, system commands (am instrument, pm clear…) included. */
  shellLine(line: string, io: ShellIo = {}): Promise<string> {
    return runShellLine(this, line, io);
  }

  /** Android's API level for the phone's release: 10 → 29 … 14 → 34. */
  get apiLevel(): number {
    const release = this.phone.profile.androidVersion;
    return release >= 13 ? release + 20 : release === 12 ? 31 : release + 19;
  }

  /** `input keyevent` / UiAutomator2's press_keycode: BACK (4) and HOME (3) are what a gallery test presses. */
  pressKey(code: number): void {
    if (code === 4) this.system?.back();
    else if (code === 3) this.system?.home();
    else if (code === 26 || code === 82 || code === 224) return; // power, menu, wake-up: the screen is always on
    else throw new DeviceArgumentError(`key code ${code} is not simulated (BACK 4, HOME 3 are)`);
  }

  private isFolder(path: string): boolean {
    return standardFolders.has(path) || this.phone.listFiles(path).length > 0;
  }

  /** A remote path as the Phone names it; Appium's rules: absolute, a file not a folder, in shared storage. */
  private filePath(remotePath: string): string {
    if (remotePath.endsWith('/')) throw new DeviceArgumentError(`It is expected that remote path points to a file and not to a folder. '${remotePath}' is given instead`);
    if (remotePath.startsWith('@')) throw new Error(`Cannot access the container of '${remotePath.slice(1).split('/')[0]}' application. Is the application installed and has 'debuggable' build option set to true?`);
    if (!remotePath.startsWith('/')) throw new DeviceArgumentError(`The remote path must be absolute, '${remotePath}' is given instead`);
    const path = phonePath(remotePath);
    if (path === undefined) throw new DeviceArgumentError(`a simulated phone has shared storage only (/sdcard, /storage/emulated/0), not '${remotePath}'`);
    return path;
  }
}
