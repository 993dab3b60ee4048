import { extname } from 'node:path';
import { motionPhotoVideoOffset } from '../../fixtures/index.ts';
import type { MediaRow } from '../device/media-store.ts';
import { Retry, type SyncEngine } from './engine.ts';
import type { PendingUpload, SyncedEntry } from './state.ts';
import { copiesInCloud, uploadBytes } from './upload.ts';

const batchLimit = 50;
/** While storage is full, look again this often (the user may empty the trash or buy space). */
const storageFullRecheckMs = 15 * 60 * 1000;

/** Is this row one the user asked to back up? Chosen album, not hidden, not trashed. */
function wanted(engine: SyncEngine, row: MediaRow): boolean {
  const { settings } = engine.host;
  if (row.trashed && !engine.bug('deleted-before-backup-uploaded')) return false;
  const chosen = settings.backupAlbums.has(row.bucket) || engine.bug('album-selection-ignored');
  const hidden = settings.hiddenAlbums.has(row.bucket) && !engine.bug('hidden-album-uploaded');
  return chosen && !hidden;
}

/** New items in chosen albums join the queue, oldest first. */
function scan(engine: SyncEngine): void {
  const { state } = engine;
  const known = new Set([...Object.keys(state.synced), ...Object.keys(state.unsynced), ...state.pending.map((p) => String(p.localId))]);
  for (const row of engine.host.mediaStore.list()) {
    if (known.has(String(row.id)) || !wanted(engine, row)) continue;
    const fileName = engine.bug('file-renamed-on-upload') ? `${row.id}${extname(row.displayName)}` : row.displayName;
    state.pending.push({ localId: row.id, sha256: row.sha256, fileName, attempts: 0 });
  }
  // Items that left the chosen albums (hidden, moved, trashed) before they went up leave the queue; one whose upload's
  // outcome is unknown stays until the cloud says whether it was created.
  state.pending = state.pending.filter((p) => {
    if (p.uncertain) return true;
    const row = engine.host.mediaStore.get(p.localId);
    return row !== undefined && wanted(engine, row);
  });
}

/** The backup half of a pass. Answers whether items are still waiting. */
export async function backup(engine: SyncEngine): Promise<boolean> {
  const { state, host } = engine;
  if (host.settings.wifiOnly && host.network() === 'cellular' && !engine.bug('wifi-only-ignored')) return engine.setStatus('Waiting for Wi-Fi', false);
  scan(engine);
  engine.save();
  // Stopped by a full cloud (a backup, or an edit's new version): "Storage full" until there is room again.
  if (state.storageFullSince !== undefined) {
    if (!(await roomAgain(engine))) {
      engine.wakeIn(storageFullRecheckMs);
      return engine.setStatus('Storage full', false);
    }
    state.storageFullSince = undefined;
  }
  if (state.pending.length === 0) return engine.setStatus('Backup complete', false);
  await settleUncertain(engine);
  const total = state.pending.length;
  const batch = state.pending.slice(0, engine.bug('queue-stuck-on-unreadable') ? 1 : batchLimit);
  const ready: Array<{ job: PendingUpload; token: string }> = [];
  for (const [i, job] of batch.entries()) {
    engine.setStatus(`Backing up ${i + 1} of ${total}`, true);
    const row = host.mediaStore.get(job.localId);
    const bytes = row && host.readFile(row.path);
    // Deleted while its outcome was uncertain, and not in the cloud after all: nothing to back up (the next scan drops it).
    if (!row || !bytes || !wanted(engine, row)) continue;
    // Edited while it waited: the backup takes the new bytes, in a new upload session (the old one was sized for the old).
    if (row.sha256 !== job.sha256 && !job.uncertain) Object.assign(job, { sha256: row.sha256, sessionUrl: undefined, uploadToken: undefined, tokenAt: undefined });
    const sent = engine.bug('motion-photo-video-dropped') ? stillOnly(bytes) : bytes;
    const upload = await uploadBytes(engine, job, job.rewrite ? withBackupMarker(sent) : sent, row.mimeType);
    if ('storageFull' in upload) return storageFull(engine);
    if ('unreadable' in upload) {
      if (engine.bug('queue-stuck-on-unreadable')) throw new Retry(); // the defect: it stays at the head of the queue
      skip(engine, job, upload.unreadable);
      continue;
    }
    ready.push({ job, token: upload.token });
  }
  if (ready.length === 0) return true;
  for (const { job } of ready) job.uncertain = !engine.bug('duplicate-on-retry');
  engine.save();
  const created = await engine.call('mediaItems.batchCreate', { files: ready.map((r) => r.job.fileName) }, () =>
    engine.api.batchCreate(ready.map((r) => ({ uploadToken: r.token, fileName: r.job.fileName }))),
  );
  if (created.kind === 'unknown') {
    if (engine.bug('duplicate-on-retry')) for (const { job } of ready) Object.assign(job, { rewrite: true, uploadToken: undefined });
    throw new Retry();
  }
  if (created.kind === 'refused') throw new Retry();
  // Every answer is read, even after a "storage full" one: the items created before or after it are in the cloud.
  let full = false;
  for (const [i, result] of created.value.newMediaItemResults.entries()) {
    const job = ready[i]?.job;
    if (!job) continue;
    job.uncertain = false;
    if (result.mediaItem) {
      state.synced[job.localId] = { localId: job.localId, cloudId: result.mediaItem.id, sha256: job.sha256 };
      state.pending = state.pending.filter((p) => p !== job);
      const bucket = host.mediaStore.get(job.localId)?.bucket;
      if (bucket) state.albumOps.push({ cloudId: result.mediaItem.id, to: bucket });
      host.history.record(host.name, 'info', 'backed-up', { localId: job.localId, file: job.fileName, cloudId: result.mediaItem.id, sha256: job.sha256 });
    } else if (result.status.code === 8) {
      full = true;
    } else if (/upload token/i.test(result.status.message)) {
      job.uploadToken = undefined; // expired or used up: upload again on the next pass
    } else if (engine.bug('queue-stuck-on-unreadable')) {
      throw new Retry(); // the defect: the unreadable file stays at the head of the queue
    } else {
      skip(engine, job, result.status.message);
    }
  }
  if (full) return storageFull(engine);
  engine.save();
  if (engine.bug('complete-with-items-waiting')) return engine.setStatus('Backup complete', false);
  return state.pending.length > 0 || engine.setStatus('Backup complete', false);
}

/** Unreadable for the cloud (empty, corrupt, not media): report it in "unsynced" and move on; never block the queue. */
function skip(engine: SyncEngine, job: PendingUpload, reason: string): void {
  const { state, host } = engine;
  state.unsynced[job.localId] = `${job.fileName}: ${reason}`;
  state.pending = state.pending.filter((p) => p !== job);
  host.history.record(host.name, 'info', 'skipped', { localId: job.localId, file: job.fileName, reason });
}

/** A batchCreate whose answer was lost may have happened: look in the cloud before creating again. */
async function settleUncertain(engine: SyncEngine): Promise<void> {
  const { state } = engine;
  const uncertain = state.pending.filter((p) => p.uncertain);
  if (uncertain.length === 0) return;
  const copies = await copiesInCloud(engine);
  for (const job of uncertain) {
    const found = copies.get(job.sha256);
    job.uncertain = false;
    if (found) {
      linkOwnUpload(engine, job, found);
    } else {
      job.uploadToken = undefined; // it may have been used up by the lost call
    }
  }
  engine.save();
}

/**
 * Its own upload whose answer was lost, found in the cloud after all: linked to the cloud item, and it joins its
 * album as any backed-up photo does; a delete the user made meanwhile applies to it.
 */
export function linkOwnUpload(engine: SyncEngine, job: PendingUpload, found: { mediaItem: { id: string }; sha256: string; etag?: string; version?: number }): void {
  const { state, host } = engine;
  const cloudId = found.mediaItem.id;
  const entry: SyncedEntry = { localId: job.localId, cloudId, sha256: found.sha256, etag: found.etag, version: found.version };
  state.synced[job.localId] = entry;
  state.pending = state.pending.filter((p) => p !== job);
  host.history.record(host.name, 'info', 'linked', { localId: job.localId, cloudId, sha256: found.sha256 });
  // It joins its album as it would had the answer come back (a photo restored later is back in it); then a delete
  // made meanwhile applies: everywhere, to the trash; from the device only, the cloud keeps it.
  const bucket = host.mediaStore.get(job.localId)?.bucket;
  if (bucket) state.albumOps.push({ cloudId, to: bucket });
  if (job.removed === 'everywhere') {
    Object.assign(entry, { trashedEverywhere: true, trashedAt: host.clock.now() });
    state.deletes.push({ cloudId, localId: job.localId });
  }
  if (job.removed === 'device') entry.removedLocally = true;
}

async function roomAgain(engine: SyncEngine): Promise<boolean> {
  const quota = await engine.call('sync.quota', {}, () => engine.api.call<{ remainingBytes: string }>('GET', '/v1/sync/quota'));
  if (quota.kind !== 'ok') return false;
  const next = engine.state.pending[0] ?? engine.state.edits[0];
  const row = next && engine.host.mediaStore.get(next.localId);
  return Number(quota.value.remainingBytes) >= (row?.size ?? 0);
}

function storageFull(engine: SyncEngine): boolean {
  const { state, host } = engine;
  state.storageFullSince = host.clock.now();
  if (engine.bug('quota-full-drops-queue')) {
    for (const job of state.pending) state.unsynced[job.localId] = `${job.fileName}: storage full`;
    state.pending = [];
  }
  if (engine.bug('quota-full-marks-done')) {
    for (const job of state.pending) state.synced[job.localId] = { localId: job.localId, cloudId: '', sha256: job.sha256 };
    state.pending = [];
  }
  engine.save();
  engine.wakeIn(storageFullRecheckMs);
  return engine.setStatus('Storage full', false);
}

/** The defect behind motion-photo-video-dropped: a motion photo cut where its embedded video starts. */
function stillOnly(bytes: Uint8Array): Uint8Array {
  const offset = motionPhotoVideoOffset(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  return offset === null ? bytes : bytes.subarray(0, offset);
}

/** The defect behind duplicate-on-retry: the app stamps its own marker into the file before uploading again. */
function withBackupMarker(bytes: Uint8Array): Uint8Array {
  const marked = new Uint8Array(bytes.length + 8);
  marked.set(bytes);
  marked.set(new TextEncoder().encode('GSBACKUP'), bytes.length);
  return marked;
}
