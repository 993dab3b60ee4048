import { Retry, type SyncEngine } from './engine.ts';
import { copiesInCloud, uploadBytes } from './upload.ts';
import type { SyncItem } from './cloud-api.ts';
import type { PendingEdit, SyncedEntry } from './state.ts';

/** "Delete everywhere": the cloud copy goes to the cloud trash (60 days, restorable). */
export async function pushDeletes(engine: SyncEngine): Promise<void> {
  const { state } = engine;
  for (const job of [...state.deletes]) {
    const album = engine.bug('restore-loses-album') ? engine.host.mediaStore.get(job.localId)?.bucket : undefined;
    if (album) await albumCall(engine, 'batchRemoveMediaItems', album, [job.cloudId]);
    const result = await engine.call('sync.trash', { cloudId: job.cloudId, localId: job.localId }, () => engine.api.trash(job.cloudId));
    if (result.kind === 'unknown') {
      job.maybeDone = true;
      engine.save();
      throw new Retry();
    }
    state.deletes = state.deletes.filter((d) => d !== job);
    engine.save();
  }
}

/** The defect behind trash-purged-after-30-days: the app's own 30-day trash cleanup deletes cloud copies forever. */
export async function purgeOldTrash(engine: SyncEngine): Promise<void> {
  const { state, host } = engine;
  for (const entry of Object.values(state.synced)) {
    if (!entry.trashedEverywhere || entry.trashedAt === undefined || host.clock.now() - entry.trashedAt < 30 * 86_400_000) continue;
    const result = await engine.call('sync.delete', { cloudId: entry.cloudId }, () => engine.api.call('POST', `/v1/sync/mediaItems/${entry.cloudId}:delete`));
    if (result.kind === 'unknown') throw new Retry();
    host.deleteMedia(entry.localId);
    delete state.synced[entry.localId];
    engine.save();
  }
}

/** Restored from the phone's trash after a delete everywhere: restore the cloud copy too. */
export async function pushRestores(engine: SyncEngine): Promise<void> {
  const { state } = engine;
  for (const job of [...state.restores]) {
    const result = await engine.call('sync.restore', { cloudId: job.cloudId, localId: job.localId }, () => engine.api.restore(job.cloudId));
    if (result.kind === 'unknown') throw new Retry();
    if (result.kind === 'refused' && result.status === 404) {
      // Purged in the cloud meanwhile: the phone still has it, so it is backed up again as a new item.
      delete state.synced[job.localId];
    } else if (result.kind === 'ok' && !engine.bug('restore-loses-album')) {
      // Back in its album too: a join refused while it was in the trash (or never made) is made now; joining twice changes nothing.
      const bucket = engine.host.mediaStore.get(job.localId)?.bucket;
      if (bucket) state.albumOps.push({ cloudId: job.cloudId, to: bucket });
    }
    state.restores = state.restores.filter((d) => d !== job);
    engine.save();
  }
}

/**
 * Edits made on the phone. Two-way brands send a new version with If-Match: the etag they last saw. If the cloud
 * changed meanwhile (412), neither edit may be lost: the phone's edit becomes a new cloud item and the cloud's
 * version comes down as its own copy. Backup-only brands back the edited copy up as a new item (the original
 * stays in the cloud), as Google Photos does with any changed bytes.
 */
export async function pushEdits(engine: SyncEngine): Promise<void> {
  const { state, host } = engine;
  for (const job of [...state.edits]) {
    const entry = state.synced[job.localId];
    const row = host.mediaStore.get(job.localId);
    const bytes = row && host.readFile(row.path);
    // Not backed up yet (the backup takes the new bytes), edited again, or deleted on this phone since: nothing to push.
    if (!entry || !row || !bytes || row.sha256 !== job.sha256 || row.trashed) {
      state.edits = state.edits.filter((e) => e !== job);
      continue;
    }
    // Its copy's answer was lost: look in the cloud before creating it again (the bytes would otherwise go up twice,
    // meet a cloud the first copy filled, or undo a web trash of the first copy).
    if (job.uncertain) {
      const found = (await copiesInCloud(engine)).get(row.sha256);
      job.uncertain = false;
      if (found) {
        linkLostEditedCopy(engine, job, found);
        engine.save();
        continue;
      }
    }
    const upload = await uploadBytes(engine, { fileName: row.displayName }, bytes, row.mimeType);
    // No room for the new version: the phone says "Storage full" and looks again, as for a backup.
    if ('storageFull' in upload) state.storageFullSince ??= host.clock.now();
    if (!('token' in upload)) return;
    // Another photo on the phone holds the same bytes and shares the cloud item (stored once): a new version would
    // change that photo's cloud copy too, so the edit becomes a photo of its own.
    const shared = Object.values(state.synced).some((e) => e !== entry && e.cloudId === entry.cloudId && host.mediaStore.get(e.localId) !== undefined);
    const changedOnWeb = host.profile.twoWaySync && !entry.etag && !shared && (await learnEtag(engine, entry)) === 'changed';
    if (changedOnWeb && !engine.bug('edit-uploaded-as-new-item')) {
      await keepBoth(engine, job.localId, entry.cloudId, upload.token, row.displayName);
    } else if (host.profile.twoWaySync && entry.etag && !shared && !engine.bug('edit-uploaded-as-new-item')) {
      const etag = entry.etag;
      let sent = await engine.call('sync.addVersion', { cloudId: entry.cloudId, etag, sha256: row.sha256 }, () => engine.api.addVersion(entry.cloudId, upload.token, etag));
      if (sent.kind === 'refused' && sent.status === 412 && engine.bug('concurrent-edit-lost')) {
        sent = await engine.call('sync.addVersion', { cloudId: entry.cloudId, etag: '*', sha256: row.sha256 }, () => engine.api.addVersion(entry.cloudId, upload.token, '*'));
      }
      if (sent.kind === 'unknown') throw new Retry();
      if (sent.kind === 'ok') {
        Object.assign(entry, { sha256: row.sha256, etag: sent.value.etag, version: sent.value.version });
      } else if (sent.status === 412) {
        await keepBoth(engine, job.localId, entry.cloudId, upload.token, row.displayName);
      } else {
        // Trashed (or purged) in the cloud while the phone was editing: the edit wins a place of its own. The
        // trashed original stays restorable in the cloud trash; the edited photo stays on the phone, backed up.
        await createEditedCopy(engine, job.localId, upload.token, row.displayName, row.sha256);
      }
    } else {
      await createEditedCopy(engine, job.localId, upload.token, row.displayName, row.sha256);
    }
    state.edits = state.edits.filter((e) => e !== job);
    engine.save();
  }
}

/**
 * Backed up and not pulled since, a photo has no etag yet (batchCreate answers without one): asked for, it is the
 * etag of the version the phone holds, unless the web changed the photo meanwhile (a conflict: both are kept).
 */
async function learnEtag(engine: SyncEngine, entry: SyncedEntry): Promise<'learnt' | 'changed' | 'gone'> {
  const fetched = await engine.call('sync.get', { cloudId: entry.cloudId }, () => engine.api.getItem(entry.cloudId));
  if (fetched.kind === 'unknown') throw new Retry();
  if (fetched.kind === 'refused') return 'gone';
  if (fetched.value.sha256 !== entry.sha256) return 'changed';
  Object.assign(entry, { etag: fetched.value.etag, version: fetched.value.version });
  return 'learnt';
}

async function createEditedCopy(engine: SyncEngine, localId: number, token: string, fileName: string, sha256: string): Promise<void> {
  const created = await engine.call('mediaItems.batchCreate', { files: [fileName], edit: true }, () => engine.api.batchCreate([{ uploadToken: token, fileName }]));
  if (created.kind === 'unknown') {
    const job = engine.state.edits.find((e) => e.localId === localId && e.sha256 === sha256);
    if (job) job.uncertain = true;
    engine.save();
  }
  if (created.kind !== 'ok') throw new Retry();
  const item = created.value.newMediaItemResults[0]?.mediaItem;
  if (item) await linkEditedCopy(engine, localId, item.id, sha256);
}

/**
 * An edited copy whose batchCreate answer was lost, found in the cloud after all: live, or trashed on the web
 * meanwhile (still its own copy, not one to send again; a two-way phone's pull then takes the trash). Linked, and
 * it joins its album as it would have.
 */
export function linkLostEditedCopy(engine: SyncEngine, job: PendingEdit, item: SyncItem): void {
  engine.state.edits = engine.state.edits.filter((e) => e !== job);
  linkCopy(engine, { localId: job.localId, cloudId: item.mediaItem.id, sha256: item.sha256, etag: item.etag, version: item.version });
}

/** The edited photo is its own cloud item now: linked, in its album, with the etag its next edit needs. */
async function linkEditedCopy(engine: SyncEngine, localId: number, cloudId: string, sha256: string): Promise<void> {
  linkCopy(engine, { localId, cloudId, sha256 });
  const fetched = await engine.call('sync.get', { cloudId }, () => engine.api.getItem(cloudId));
  if (fetched.kind === 'ok') Object.assign(engine.state.synced[localId] as object, { etag: fetched.value.etag, version: fetched.value.version });
}

/** An edited copy linked to its cloud item, which joins the photo's album. */
function linkCopy(engine: SyncEngine, entry: SyncedEntry): void {
  const { state, host } = engine;
  state.synced[entry.localId] = entry;
  host.history.record(host.name, 'info', 'linked', { localId: entry.localId, cloudId: entry.cloudId, sha256: entry.sha256 });
  const album = host.mediaStore.get(entry.localId)?.bucket;
  if (album) state.albumOps.push({ cloudId: entry.cloudId, to: album });
}

/** A conflict: the phone's edit becomes its own cloud item; the cloud's edit comes down as its own local copy. */
async function keepBoth(engine: SyncEngine, localId: number, cloudId: string, token: string, fileName: string): Promise<void> {
  const { host } = engine;
  const row = host.mediaStore.get(localId);
  if (!row) return;
  await createEditedCopy(engine, localId, token, fileName, row.sha256);
  const cloudItem = await engine.call('sync.get', { cloudId }, () => engine.api.getItem(cloudId));
  if (cloudItem.kind !== 'ok') throw new Retry();
  const bytes = await engine.call('download', { cloudId }, () => engine.api.download(cloudItem.value.mediaItem.baseUrl));
  if (bytes.kind !== 'ok') throw new Retry();
  const copy = host.writeMedia(row.path.replace(/(\.[^./]+)?$/, (ext) => `_cloud${ext}`), bytes.value);
  engine.state.synced[copy.id] = { localId: copy.id, cloudId, sha256: copy.sha256, etag: cloudItem.value.etag, version: cloudItem.value.version };
  host.history.record(host.name, 'info', 'conflict.kept-both', { localId, cloudId, copyLocalId: copy.id });
}

/** Album membership in the cloud follows the phone's albums: a backed-up item joins its album, a move moves it. */
export async function pushAlbums(engine: SyncEngine): Promise<void> {
  const { state } = engine;
  while (state.albumOps.length > 0) {
    const [first] = state.albumOps;
    if (!first) return;
    // Consecutive joins of the same album go in one call (≤ 50 ids, the API's limit).
    const group = first.from === undefined ? takeWhile(state.albumOps, (op) => op.from === undefined && op.to === first.to).slice(0, 50) : [first];
    if (first.from !== undefined) await albumCall(engine, 'batchRemoveMediaItems', first.from, [first.cloudId]);
    if (first.to !== undefined) await albumCall(engine, 'batchAddMediaItems', first.to, group.map((op) => op.cloudId));
    state.albumOps = state.albumOps.slice(group.length);
    engine.save();
  }
}

function takeWhile<T>(items: readonly T[], keep: (item: T) => boolean): T[] {
  const out: T[] = [];
  for (const item of items) {
    if (!keep(item)) break;
    out.push(item);
  }
  return out;
}

async function albumCall(engine: SyncEngine, method: 'batchAddMediaItems' | 'batchRemoveMediaItems', title: string, ids: string[]): Promise<void> {
  const albumId = await albumFor(engine, title);
  const result = await engine.call(`albums.${method}`, { album: title, ids }, () => engine.api.call('POST', `/v1/albums/${albumId}:${method}`, { json: { mediaItemIds: ids } }));
  if (result.kind === 'unknown') throw new Retry();
  // Refused (an item trashed meanwhile): membership of a gone item does not matter, but the cloud refuses the whole
  // call for it, so the others go again one by one.
  if (result.kind === 'refused' && ids.length > 1) for (const id of ids) await albumCall(engine, method, title, [id]);
}

/** The cloud album for a phone album: the one with that title if the library has it, else a new one. */
async function albumFor(engine: SyncEngine, title: string): Promise<string> {
  const known = engine.state.albums[title];
  if (known) return known;
  const listed = await engine.call('albums.list', { title }, () => engine.api.call<{ albums?: Array<{ id: string; title: string }> }>('GET', '/v1/albums?pageSize=50'));
  if (listed.kind !== 'ok') throw new Retry();
  let id = listed.value.albums?.find((a) => a.title === title)?.id;
  if (!id) {
    const created = await engine.call('albums.create', { title }, () => engine.api.call<{ id: string }>('POST', '/v1/albums', { json: { album: { title } } }));
    if (created.kind !== 'ok') throw new Retry();
    id = created.value.id;
  }
  engine.state.albums[title] = id;
  engine.save();
  return id;
}
