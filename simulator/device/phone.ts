import { posix } from 'node:path';
import type { FetchLike } from '../../network/index.ts';
import { InProcessFaults } from '../../network/index.ts';
import type { BrandName } from '../../fixtures/index.ts';
import type { BugProfile } from '../bugs.ts';
import type { Credentials } from '../engine/cloud-api.ts';
import { SyncEngine } from '../engine/engine.ts';
import { loadState, stateKey, type EngineState } from '../engine/state.ts';
import type { EngineHost, GallerySettings, NetworkState } from '../engine/host.ts';
import type { History } from '../../runtime/history.ts';
import { phoneProfiles, type PhoneProfile } from '../profiles.ts';
import type { Clock } from '../../runtime/clock.ts';
import type { Rng } from '../../runtime/rng.ts';
import { MediaStore, mediaMimeType, type MediaRow } from './media-store.ts';

export interface PhoneOptions {
  name: string;
  brand: BrandName;
  model?: string;
  bugs?: readonly BugProfile[];
  /** The cloud as this phone reaches it (in-process or HTTP); the phone adds its own network state and faults. */
  cloud: FetchLike;
  baseUrl: string;
  /** Where the phone's time and randomness come from: a SimWorld (virtual time) or a paced real clock (a simulated Android device). */
  world: { readonly clock: Clock; readonly rng: Rng };
  history: History;
  /** Override a brand capability, e.g. two-way sync on a ColorOS phone (the seeds say it is coming). */
  profile?: Partial<PhoneProfile>;
}

export const cameraFolder = '/sdcard/DCIM/Camera';

/** Folders whose media files MediaStore indexes (a file anywhere below them). */
const albumParents = ['/sdcard/DCIM', '/sdcard/Pictures'];

export const mediaFolders: readonly string[] = ['/sdcard/DCIM', '/sdcard/Pictures', '/sdcard/Download', '/sdcard/Movies'];

/**
 * A simulated Android phone: files under /sdcard, MediaStore, network state, and the gallery app with its sync
 * engine. The gallery's settings and database live in app storage, so they survive the app being killed.
 */
export class Phone implements EngineHost {
  readonly name: string;
  readonly profile: PhoneProfile;
  readonly model: string;
  readonly mediaStore = new MediaStore();
  readonly bugs: ReadonlySet<BugProfile>;
  readonly settings: GallerySettings;
  /** This phone's link to the cloud: scenario network faults go here. */
  readonly link: InProcessFaults;
  readonly fetch: FetchLike;
  /** The cloud endpoint the gallery build talks to (a debug build can be pointed elsewhere: see setEndpoint). */
  baseUrl: string;
  readonly history: History;
  /** The gallery app's own random stream (retry jitter): one sequence, drawn from as the app runs. */
  readonly rng: Rng;
  private readonly files = new Map<string, Uint8Array>();
  private readonly folders = new Set<string>();
  private readonly appData = new Map<string, string>();
  private readonly originals = new Map<number, Uint8Array>();
  private networkState: NetworkState = 'wifi';
  private engine: SyncEngine | undefined;

  constructor(private readonly options: PhoneOptions) {
    this.name = options.name;
    this.profile = { ...phoneProfiles[options.brand], ...options.profile };
    this.model = options.model ?? this.profile.models[0] ?? options.brand;
    this.bugs = new Set(options.bugs ?? []);
    this.settings = { backupEnabled: false, backupAlbums: new Set(this.profile.defaultBackupAlbums), hiddenAlbums: new Set(), wifiOnly: false };
    this.link = new InProcessFaults({ clock: options.world.clock, rng: options.world.rng.fork(`${options.name}/link`), name: options.name });
    const throughLink = this.link.wrap(options.cloud);
    this.fetch = (request) => (this.networkState === 'offline' ? Promise.reject(Object.assign(new Error('network is unreachable (phone offline)'), { code: 'ENETUNREACH' })) : throughLink(request));
    this.baseUrl = options.baseUrl;
    this.history = options.history;
    this.rng = options.world.rng.fork(`${options.name}/engine`);
    this.startApp();
  }

  get clock() {
    return this.options.world.clock;
  }


  network(): NetworkState {
    return this.networkState;
  }

  // ——— the phone ———

  /** The camera writes a file; MediaStore indexes it; the gallery notices. */
  capture(fileName: string, bytes: Uint8Array, album = 'Camera'): MediaRow {
    const folder = album === 'Camera' ? cameraFolder : `/sdcard/Pictures/${album}`;
    return this.addMedia(sdcardPath(`${folder}/${fileName}`), bytes);
  }

  /**
   * A file written anywhere under /sdcard (adb push, a download). A media file (by extension) in a media folder is
   * indexed by MediaStore and the gallery notices, exactly as for a photo taken; other files are just stored.
   */
  pushFile(path: string, bytes: Uint8Array): MediaRow | undefined {
    const target = sdcardPath(path);
    if (mediaFolders.some((folder) => target.startsWith(`${folder}/`)) && mediaMimeType(posix.basename(target))) return this.addMedia(target, bytes);
    this.files.set(target, bytes);
    return undefined;
  }

  pullFile(path: string): Uint8Array | undefined {
    return this.files.get(sdcardPath(path));
  }

  /** A file manager (or `adb shell rm`) deletes a file: a media file's MediaStore row goes with it, no trash. */
  removeFile(path: string): boolean {
    const target = sdcardPath(path);
    if (!this.files.delete(target)) return false;
    const row = this.mediaStore.byPath(target);
    if (row) {
      this.mediaStore.remove(row.id);
      this.history.record(this.name, 'info', 'file.removed', { localId: row.id, file: row.displayName, sha256: row.sha256 });
      this.engine?.kick();
    }
    return true;
  }

  /** A folder made (adb `mkdir -p`, an app creating its album folder) before any file is in it. */
  makeFolder(path: string): void {
    this.folders.add(sdcardPath(path));
  }

  /** `rm -r` of a folder: its files (as removeFile) and the folders made inside it; standard folders stay. */
  removeFolder(path: string): void {
    const target = sdcardPath(path);
    for (const file of this.listFiles(target)) this.removeFile(file);
    for (const folder of [...this.folders]) if (folder === target || folder.startsWith(`${target}/`)) this.folders.delete(folder);
  }

  /** Album folders: DCIM/* and Pictures/* that hold a file or were made. */
  albumFolders(): string[] {
    const found = new Set([...this.folders].filter((f) => albumParents.includes(posix.dirname(f))));
    for (const path of this.files.keys()) if (albumParents.includes(posix.dirname(posix.dirname(path)))) found.add(posix.dirname(path));
    return [...found].sort();
  }

  /** Folders made with makeFolder (empty or not). */
  madeFolders(): string[] {
    return [...this.folders].sort();
  }

  /** Every file's path under `dir` (any depth), sorted. */
  listFiles(dir = '/sdcard'): string[] {
    const prefix = `${sdcardPath(dir)}/`;
    return [...this.files.keys()].filter((path) => path.startsWith(prefix)).sort();
  }

  setNetwork(state: NetworkState): void {
    this.networkState = state;
    this.history.record(this.name, 'info', 'network', state);
    this.engine?.kick();
  }

  /** The app process dies (swiped away, OOM). Files, MediaStore and app storage stay. */
  killApp(): void {
    this.engine?.kill();
    this.engine = undefined;
    this.history.record(this.name, 'info', 'app.killed');
  }

  /** The user works in the gallery: its process runs (Android starts it if it was stopped). */
  private openGallery(): void {
    if (!this.engine) this.startApp();
  }

  startApp(): void {
    if (this.engine) return;
    this.engine = new SyncEngine(this);
    this.engine.kick(0);
  }

  restart(): void {
    this.killApp();
    this.history.record(this.name, 'info', 'phone.restart');
    this.startApp();
  }

  /** A push from the cloud ("something changed"): two-way galleries go and read the change feed. */
  cloudChanged(): void {
    if (this.profile.twoWaySync) this.engine?.kick(2000);
  }

  /**
   * "Clear storage" in the app's settings (`pm clear`): the gallery's settings, database and kept originals are
   * gone, as after a fresh install; shared storage and MediaStore stay. The app is stopped, as Android stops it.
   */
  clearAppData(): void {
    this.killApp();
    this.appData.clear();
    this.originals.clear();
    delete this.settings.account;
    Object.assign(this.settings, { backupEnabled: false, backupAlbums: new Set(this.profile.defaultBackupAlbums), hiddenAlbums: new Set(), wifiOnly: false });
    this.history.record(this.name, 'info', 'app.cleared');
  }

  // ——— the gallery app's settings ———

  enableBackup(account: Credentials & { email: string }): void {
    Object.assign(this.settings, { backupEnabled: true, account });
    this.withState((state) => {
      state.revoked = false;
      if (this.bugs.has('backup-reenabled-forgets-synced')) state.synced = {};
    });
    this.restartEngine();
  }

  disableBackup(): void {
    this.openGallery();
    this.settings.backupEnabled = false;
    this.history.record(this.name, 'info', 'settings', { backupEnabled: false });
  }

  chooseAlbums(albums: readonly string[]): void {
    this.openGallery();
    this.settings.backupAlbums = new Set(albums);
    this.history.record(this.name, 'info', 'settings', { backupAlbums: [...albums] });
    this.engine?.kick();
  }

  hideAlbum(album: string): void {
    this.openGallery();
    this.settings.hiddenAlbums.add(album);
    this.history.record(this.name, 'info', 'settings', { hiddenAlbum: album });
    this.engine?.kick();
  }

  setWifiOnly(wifiOnly: boolean): void {
    this.openGallery();
    this.settings.wifiOnly = wifiOnly;
    this.history.record(this.name, 'info', 'settings', { wifiOnly });
    this.engine?.kick();
  }

  // ——— the gallery app's actions on an item ———

  /** An edit saves new bytes over the file; the gallery keeps the original so the user can revert. */
  edit(localId: number, bytes: Uint8Array): MediaRow {
    this.openGallery();
    const row = this.requireRow(localId);
    if (!this.originals.has(localId)) this.originals.set(localId, this.files.get(row.path) as Uint8Array);
    const edited = this.writeMedia(row.path, bytes);
    this.history.record(this.name, 'info', 'edit', { localId, sha256: edited.sha256, was: row.sha256 });
    this.withState((state) => {
      state.edits.push({ localId, sha256: edited.sha256 });
      // A file the app gave up on (unreadable, say) has new bytes now: it is a photo to back up again.
      delete state.unsynced[localId];
    });
    return edited;
  }

  /** The bytes an item had before its first edit (the gallery's "revert to original"). */
  original(localId: number): Uint8Array | undefined {
    return this.originals.get(localId);
  }

  /** The gallery's delete dialog: Xiaomi asks "also delete from cloud", unticked unless the user ticks it. */
  delete(localId: number, alsoFromCloud = this.profile.alsoDeleteFromCloudByDefault): void {
    if (alsoFromCloud) this.deleteEverywhere(localId);
    else this.deleteFromDevice(localId);
  }

  /** Delete with "also delete from cloud" ticked. */
  deleteEverywhere(localId: number): void {
    this.openGallery();
    this.requireRow(localId);
    this.mediaStore.setTrashed(localId, true);
    this.history.record(this.name, 'info', 'delete.everywhere', { localId });
    this.withState((state) => {
      const entry = state.synced[localId];
      if (!entry) return this.removeUncertain(state, localId, 'everywhere');
      Object.assign(entry, { trashedEverywhere: true, trashedAt: this.clock.now() });
      // Restored and deleted again before the restore went up: the cloud copy is still in the trash, where it belongs.
      const restoreQueued = state.restores.some((r) => r.localId === localId);
      state.restores = state.restores.filter((r) => r.localId !== localId);
      if (!restoreQueued) state.deletes.push({ cloudId: entry.cloudId, localId });
    });
  }

  /** "Delete from device only": the cloud keeps it. */
  deleteFromDevice(localId: number): void {
    this.openGallery();
    this.requireRow(localId);
    this.mediaStore.setTrashed(localId, true);
    this.history.record(this.name, 'info', 'delete.device-only', { localId });
    this.withState((state) => {
      const entry = state.synced[localId];
      if (!entry) return this.removeUncertain(state, localId, 'device');
      entry.removedLocally = true;
      if (this.bugs.has('device-only-delete-propagates')) state.deletes.push({ cloudId: entry.cloudId, localId });
    });
  }

  /** A delete of a photo whose upload's outcome is not known yet: it applies once the engine finds the cloud copy. */
  private removeUncertain(state: EngineState, localId: number, how: 'everywhere' | 'device'): void {
    const job = state.pending.find((p) => p.localId === localId && p.uncertain);
    if (job) job.removed = how;
  }

  /** Restore from the gallery's trash ("Recently deleted"). */
  restore(localId: number): void {
    this.openGallery();
    this.requireRow(localId);
    this.mediaStore.setTrashed(localId, false);
    this.history.record(this.name, 'info', 'restore', { localId });
    this.withState((state) => {
      for (const job of state.pending) if (job.localId === localId) delete job.removed;
      const entry = state.synced[localId];
      if (!entry) return;
      entry.removedLocally = false;
      // An edit made before the delete was dropped with it: back in the gallery, the edit goes up again.
      const row = this.mediaStore.get(localId);
      if (row && row.sha256 !== entry.sha256 && !state.edits.some((e) => e.localId === localId)) state.edits.push({ localId, sha256: row.sha256 });
      const queued = state.deletes.find((d) => d.localId === localId);
      state.deletes = state.deletes.filter((d) => d.localId !== localId);
      // Restored before its delete went up: nothing to undo in the cloud, unless a trash call's answer was lost (it
      // may have landed), then the restore goes up too; restoring a live photo changes nothing.
      if (entry.trashedEverywhere && (!queued || queued.maybeDone)) state.restores.push({ cloudId: entry.cloudId, localId });
      entry.trashedEverywhere = false;
      delete entry.trashedAt;
    });
  }

  moveToAlbum(localId: number, album: string): MediaRow {
    this.openGallery();
    const row = this.requireRow(localId);
    const from = row.bucket;
    const target = `${album === 'Camera' ? cameraFolder : `/sdcard/Pictures/${album}`}/${row.displayName}`;
    if (target === row.path) return row; // already there: a gallery does nothing
    this.files.set(target, this.files.get(row.path) as Uint8Array);
    this.files.delete(row.path);
    const moved = this.mediaStore.move(localId, target) as MediaRow;
    this.history.record(this.name, 'info', 'move', { localId, album });
    if (this.profile.twoWaySync && !this.bugs.has('album-move-not-propagated')) {
      this.withState((state) => {
        const entry = state.synced[localId];
        if (entry) state.albumOps.push({ cloudId: entry.cloudId, from, to: album });
      });
    }
    this.engine?.kick();
    return moved;
  }

  status(): string {
    return this.engine?.status ?? 'Gallery not running';
  }

  /** The gallery app's process is alive. */
  appRunning(): boolean {
    return this.engine !== undefined;
  }

  /** The gallery has nothing to do until its next periodic check (a killed app counts as idle). */
  idle(): boolean {
    return this.engine?.idle() ?? true;
  }

  unsynced(): Record<string, string> {
    return { ...this.engineState().unsynced };
  }

  /** The engine's database (read-only use: diagnostics, the oracle's device snapshot). */
  engineState(): EngineState {
    return this.engine?.state ?? loadState(this.appData.get(stateKey));
  }

  // ——— EngineHost: what the engine may touch ———

  readFile(path: string): Uint8Array | undefined {
    return this.files.get(path);
  }

  writeMedia(path: string, bytes: Uint8Array): MediaRow {
    this.files.set(path, bytes);
    return this.mediaStore.scan(path, bytes, this.clock.now());
  }

  deleteMedia(localId: number): void {
    const row = this.mediaStore.get(localId);
    if (!row) return;
    this.files.delete(row.path);
    this.mediaStore.remove(localId);
  }

  loadAppData(key: string): string | undefined {
    return this.appData.get(key);
  }

  saveAppData(key: string, value: string): void {
    this.appData.set(key, value);
  }

  /** The one way a new media file arrives: written, indexed, recorded, and the gallery told. */
  private addMedia(path: string, bytes: Uint8Array): MediaRow {
    const row = this.writeMedia(path, bytes);
    this.history.record(this.name, 'info', 'capture', { localId: row.id, file: row.displayName, album: row.bucket, sha256: row.sha256, bytes: bytes.length });
    this.engine?.kick();
    return row;
  }

  private requireRow(localId: number): MediaRow {
    const row = this.mediaStore.get(localId);
    if (!row) throw new Error(`${this.name}: no media item ${localId}`);
    return row;
  }

  /** A user action changes the gallery's database (the running engine's, or the stored one), then syncs soon. */
  private withState(change: (state: EngineState) => void): void {
    const state = this.engineState();
    change(state);
    this.saveAppData(stateKey, JSON.stringify(state));
    this.engine?.kick();
  }

  private restartEngine(): void {
    this.engine?.kill();
    this.engine = new SyncEngine(this);
    this.engine.kick(0);
  }
}

/** `path` normalized (no `//`, `.` or `..`); throws unless it is inside /sdcard. */
function sdcardPath(path: string): string {
  const normalized = posix.normalize(path).replace(/\/+$/, '');
  if (!normalized.startsWith('/sdcard/') && normalized !== '/sdcard') throw new Error(`not in shared storage (/sdcard): ${path}`);
  return normalized;
}
