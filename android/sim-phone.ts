import { connect, type Socket } from 'node:net';
import { posix } from 'node:path';
import { BRANDS, type BrandName } from '../brands/index.ts';
import type { FetchLike } from '../network/index.ts';
import { PacedClock } from '../runtime/paced-clock.ts';
import { createRng } from '../runtime/rng.ts';
import type { BugProfile } from '../simulator/bugs.ts';
import { Phone } from '../simulator/device/phone.ts';
import { History } from '../runtime/history.ts';
import { httpCloud } from '../simulator/transport.ts';
import type { AdbDevice, FileStat, ShellIo, ShellResult } from './adb/device.ts';
import { AndroidDevice } from './device/android-device.ts';
import { ShellCommandFailedError } from './device/errors.ts';
import type { DeviceSystem, GoogleAccount } from './device/system.ts';
import { phonePath, standardFolders } from './device/paths.ts';
import { PushChannel } from './push.ts';
import { GalleryUi } from './ui/app.ts';
import { renamedBuilds, skins } from './ui/skin.ts';
import { Uia2Server } from './uiautomator2/server.ts';

export interface SimPhoneOptions {
  serial: string;
  brand: BrandName;
  model?: string;
  seed: number;
  bugs: readonly BugProfile[];
  /** How many times faster than the wall clock the phone's time runs (1 = real time). */
  timeScale: number;
  /** The gallery build installed (default: the brand record's); a build in `renamedBuilds` renames some views. */
  galleryVersion?: string;
}

/** The simulated debug build's journal of what its sync engine did (JSON lines), readable with `adb pull`. */
export const journalPath = (pkg: string) => `/sdcard/Android/data/${pkg}/files/sync-journal.jsonl`;
/** Where apps keep scratch files adb may push and pull (appium-adb uses it). */
const scratchFolders = ['/data/local/tmp'];

/**
 * A simulated phone as an Android device: the simulator's Phone (files, MediaStore, the gallery's sync engine) on
 * a paced clock, its gallery UI, an `adb shell`, a file system for adb's sync service, a loopback network that
 * reaches the host only through `adb reverse`, and the UiAutomator2 server that `am instrument` starts.
 */
export class SimAndroidPhone implements AdbDevice, DeviceSystem {
  readonly serial: string;
  readonly clock: PacedClock;
  readonly history: History;
  readonly phone: Phone;
  readonly android: AndroidDevice;
  readonly ui: GalleryUi;
  readonly reverse = new Map<number, number>();
  state: 'device' | 'offline' = 'device';
  private readonly scratch = new Map<string, Uint8Array>();
  /** Device port → the host port where a service of this phone really listens (the UiAutomator2 server). */
  private readonly listening = new Map<number, number>();
  private uia2: Promise<Uia2Server> | undefined;
  private push: PushChannel | undefined;
  /** Where in the history the current app data began (`pm clear` starts a fresh journal). */
  private journalStart = 0;

  constructor(readonly options: SimPhoneOptions) {
    this.serial = options.serial;
    this.clock = new PacedClock(options.timeScale);
    this.history = new History(this.clock);
    this.phone = new Phone({
      name: options.serial,
      brand: options.brand,
      ...(options.model ? { model: options.model } : {}),
      ...(options.galleryVersion ? { profile: { galleryVersion: options.galleryVersion } } : {}),
      bugs: options.bugs,
      cloud: this.network(httpCloud((work) => work)),
      // The simulated debug build's default endpoint: the host's cloud, once `adb reverse tcp:8787 …` maps it.
      baseUrl: 'http://127.0.0.1:8787',
      world: { clock: this.clock, rng: createRng(options.seed) },
      history: this.history,
    });
    this.android = new AndroidDevice(this.phone, this);
    const skin = skins[options.brand];
    const renamed = renamedBuilds[BRANDS[options.brand].gallery.skin][this.phone.profile.galleryVersion] ?? {};
    this.ui = new GalleryUi(this.phone, { ...skin, ids: { ...skin.ids, ...renamed } }, undefined);
  }

  get description() {
    return { product: `sdk_gphone64_${this.options.brand}`, model: this.phone.model.replace(/\s+/g, '_'), device: `emu64_${this.options.brand}` };
  }

  get packageName(): string {
    return this.phone.profile.galleryPackage;
  }

  get launchActivity(): string {
    return BRANDS[this.options.brand].gallery.launchActivity;
  }

  // ——— adb shell ———

  async shell(command: string, io: ShellIo = {}): Promise<ShellResult> {
    try {
      return { stdout: await this.android.shellLine(command, io), stderr: '', exitCode: 0 };
    } catch (error) {
      if (error instanceof ShellCommandFailedError) return { stdout: error.stdout, stderr: error.stderr, exitCode: error.exitCode };
      return { stdout: '', stderr: `${error instanceof Error ? error.message : String(error)}\n`, exitCode: 127 };
    }
  }

  // ——— files, for adb's sync service ———

  stat(path: string): FileStat | undefined {
    const bytes = this.readFile(path);
    const mtimeSeconds = Math.floor(this.clock.now() / 1000);
    if (bytes) return { mode: 0o100660, size: bytes.length, mtimeSeconds };
    if (this.isFolder(path)) return { mode: 0o40771, size: 3488, mtimeSeconds };
    return undefined;
  }

  list(path: string): Array<{ name: string } & FileStat> | undefined {
    if (!this.isFolder(path)) return undefined;
    const shared = phonePath(path);
    const prefix = `${(shared ?? posix.normalize(path)).replace(/\/+$/, '')}/`;
    const paths = shared !== undefined ? [...this.phone.listFiles(shared), ...this.phone.madeFolders(), ...standardFolders] : [...this.scratch.keys()];
    const names = new Set(paths.filter((p) => p.startsWith(prefix)).map((p) => p.slice(prefix.length).split('/')[0] as string));
    return [...names].sort().flatMap((name) => {
      const stat = this.stat(prefix + name);
      return stat ? [{ name, ...stat }] : [];
    });
  }

  readFile(path: string): Uint8Array | undefined {
    const shared = phonePath(path);
    if (shared === undefined) return this.scratch.get(posix.normalize(path));
    if (shared === journalPath(this.packageName)) return this.journal();
    return this.phone.pullFile(shared);
  }

  writeFile(path: string, bytes: Uint8Array): string | undefined {
    const shared = phonePath(path);
    if (shared !== undefined) {
      if (this.isFolder(path)) return `couldn't create file: Is a directory`;
      this.phone.pushFile(shared, bytes);
      return undefined;
    }
    const normalized = posix.normalize(path);
    if (!scratchFolders.some((folder) => normalized.startsWith(`${folder}/`))) return `couldn't create file: Read-only file system (${path})`;
    this.scratch.set(normalized, bytes);
    return undefined;
  }

  isFolder(path: string): boolean {
    const shared = phonePath(path);
    if (shared !== undefined) return standardFolders.has(shared) || shared === '/sdcard/Android' || this.phone.listFiles(shared).length > 0 || this.phone.madeFolders().some((f) => f === shared || f.startsWith(`${shared}/`));
    const normalized = posix.normalize(path).replace(/\/+$/, '');
    return scratchFolders.includes(normalized) || [...this.scratch.keys()].some((p) => p.startsWith(`${normalized}/`));
  }

  // ——— network ———

  /** A TCP port listening on the phone (`adb forward` connects here). */
  connect(port: number): Promise<Socket> {
    if (this.state === 'offline') return Promise.reject(new Error(`${this.serial} is offline`));
    const hostPort = this.listening.get(port);
    if (hostPort === undefined) return Promise.reject(new Error(`nothing listens on tcp:${port}`));
    return new Promise((resolve, reject) => {
      const socket = connect(hostPort, '127.0.0.1', () => resolve(socket));
      socket.once('error', reject);
    });
  }

  /**
   * The phone's own loopback: 127.0.0.1 / localhost ports that `adb reverse` maps reach the host's port; any other
   * address is unreachable, as on an emulator with no route out.
   */
  network(inner: FetchLike): FetchLike {
    return (request) => {
      const url = new URL(request.url);
      const local = ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname);
      const hostPort = local ? this.reverse.get(Number(url.port || 80)) : undefined;
      if (hostPort === undefined) return Promise.reject(Object.assign(new Error(`connect ECONNREFUSED ${url.host} (no adb reverse for it on ${this.serial})`), { code: 'ECONNREFUSED' }));
      url.hostname = '127.0.0.1';
      url.port = String(hostPort);
      return inner(new Request(url, request));
    };
  }

  // ——— system services the shell reaches (am, pm, cmd alarm, accounts) ———

  /** `am instrument … io.appium.uiautomator2.server.test/…`: starts the UiAutomator2 server on device port 6790. */
  async startUiAutomator2(): Promise<void> {
    // One server at a time: a second `am instrument` while the first starts joins it.
    this.uia2 ??= (async () => {
      const server = new Uia2Server(this);
      this.listening.set(6790, await server.listen());
      return server;
    })();
    await this.uia2;
  }

  /** Stops the server that runs now (`only`: that one alone, if it is still the running one). */
  async stopUiAutomator2(only?: Uia2Server): Promise<void> {
    const starting = this.uia2;
    if (!starting || (only && (await starting) !== only)) return;
    if (this.uia2 !== starting) return;
    this.uia2 = undefined;
    this.listening.delete(6790);
    await (await starting).close();
  }

  uiAutomator2Running(): boolean {
    return this.uia2 !== undefined;
  }

  /** The Google account the device is signed in with, and where the gallery build's cloud and push are. */
  signIn(account: GoogleAccount, endpoint: string | undefined, pushUrl: string | undefined): void {
    this.ui.account = account;
    if (endpoint) this.phone.baseUrl = endpoint.replace(/\/+$/, '');
    this.push?.stop();
    this.push = pushUrl ? new PushChannel(this.phone, this.network((request) => fetch(request)), pushUrl.replace(/\/+$/, ''), account.email, 2_000 * this.options.timeScale) : undefined;
  }

  now(): number {
    return this.clock.now();
  }

  foreground(): { packageName: string; activity: string } {
    return this.ui.inFront ? { packageName: this.packageName, activity: this.ui.activity } : { packageName: 'com.android.launcher3', activity: 'com.android.launcher3.uioverrides.QuickstepLauncher' };
  }

  startGallery(): void {
    this.ui.launch();
  }

  stopGallery(): void {
    if (this.ui.running) this.ui.terminate();
  }

  back(): void {
    this.ui.back();
  }

  home(): void {
    this.ui.home();
  }

  /** `pm clear <gallery>`: the app's data and journal start afresh; shared storage stays. */
  clearGallery(): void {
    this.ui.terminate();
    this.phone.clearAppData();
    this.journalStart = this.history.events.length;
  }

  /**
   * `cmd alarm set-time <ms>`. A simulated clock only moves forward; a phone a few seconds ahead of the time it is
   * given (the harness reads the cloud's clock, then the command travels) keeps its own, as NTP would leave it.
   */
  setTime(ms: number): void {
    const delta = ms - this.clock.now();
    if (delta >= 0) return this.clock.advance(delta);
    if (-delta > 5_000 * this.options.timeScale) throw new ShellCommandFailedError(`cmd alarm set-time ${ms}`, `gallery-sync: a simulated phone's clock only moves forward (asked ${-delta} ms back)\n`);
  }

  /** A restart: apps and the UiAutomator2 server stop; the gallery's sync comes back on boot, its screens do not. */
  reboot(): void {
    // After the shell answers, as a phone's `reboot` cuts the connection it was typed on.
    const running = this.uia2;
    setTimeout(() => void running?.then((server) => this.stopUiAutomator2(server)), 10);
    this.ui.terminate();
    this.phone.restart();
  }

  async close(): Promise<void> {
    this.push?.stop();
    await this.stopUiAutomator2();
    this.phone.killApp();
    this.clock.stop();
  }

  private journal(): Uint8Array {
    return Buffer.from(this.history.events.slice(this.journalStart).map((e) => `${JSON.stringify(e)}\n`).join(''));
  }
}
