import type { Change, ChangePage, Outcome, SyncItem } from './cloud-api.ts';
import { linkOwnUpload } from './backup.ts';
import { Retry, type SyncEngine } from './engine.ts';
import { linkLostEditedCopy } from './push.ts';
import type { MediaRow } from '../device/media-store.ts';
import type { SyncedEntry } from './state.ts';

/** Where items that arrive from the cloud are written on the phone. */
export const cloudAlbumFolder = '/sdcard/Pictures/Google Photos';

/**
 * Two-way sync, cloud → phone: follow the change feed. Items added elsewhere are downloaded, cloud trash moves the
 * local copy to the trash, restores bring it back, cloud edits arrive as new bytes, purges remove what was trashed.
 */
export async function pull(engine: SyncEngine): Promise<void> {
  const { state } = engine;
  for (let page = 0; page < 1000; page++) {
    if (!state.syncToken) return fullResync(engine);
    const token: string = state.syncToken;
    const result: Outcome<ChangePage> = await engine.call('sync.changes', { syncToken: token }, () => engine.api.changes(token));
    if (result.kind === 'refused' && result.status === 410) {
      if (engine.bug('sync-token-expiry-ignored')) return;
      return fullResync(engine);
    }
    if (result.kind !== 'ok') throw new Retry();
    for (const change of result.value.changes) await apply(engine, change);
    state.syncToken = result.value.nextSyncToken ?? result.value.nextPageToken;
    engine.save();
    if (result.value.nextSyncToken) return;
  }
}

/** First sync, or the token expired: take a new token, then reconcile with the whole library. */
async function fullResync(engine: SyncEngine): Promise<void> {
  const start = await engine.call('sync.startToken', {}, () => engine.api.startToken());
  if (start.kind !== 'ok') throw new Retry();
  const listed = await engine.call('sync.list', { reason: 'full resync' }, () => engine.api.listAll());
  if (listed.kind !== 'ok') throw new Retry();
  const inCloud = new Set(listed.value.map((i) => i.mediaItem.id));
  for (const entry of Object.values(engine.state.synced)) {
    if (!inCloud.has(entry.cloudId)) await apply(engine, { kind: 'MEDIA_ITEM_PURGED', time: '', mediaItemId: entry.cloudId });
  }
  for (const item of listed.value) await apply(engine, { kind: item.trashed ? 'MEDIA_ITEM_TRASHED' : 'MEDIA_ITEM_CREATED', time: '', mediaItemId: item.mediaItem.id, item });
  engine.state.syncToken = start.value.syncToken;
  engine.save();
}

const entryFor = (engine: SyncEngine, cloudId: string | undefined): SyncedEntry | undefined =>
  cloudId ? Object.values(engine.state.synced).find((e) => e.cloudId === cloudId) : undefined;

async function apply(engine: SyncEngine, change: Change): Promise<void> {
  const { host } = engine;
  const entry = entryFor(engine, change.mediaItemId);
  const item = change.item;
  const row = entry && host.mediaStore.get(entry.localId);
  switch (change.kind) {
    case 'MEDIA_ITEM_CREATED':
    case 'MEDIA_ITEM_UPDATED':
      if (!item || item.trashed) return;
      if (!entry) return adopt(engine, item);
      if (entry.removedLocally) return;
      if (row && item.sha256 !== row.sha256 && item.version > (entry.version ?? 1)) {
        // The phone's own edit has not gone up yet (no room in the cloud, no link): the cloud's edit must not overwrite
        // it. The entry keeps its etag, so the edit's push meets a 412 and keeps both, as when both edit at once.
        const editWaiting = engine.state.edits.some((e) => e.localId === row.id && e.sha256 === row.sha256);
        if (editWaiting && !engine.bug('cloud-edit-overwrites-phone-edit')) return;
        return download(engine, item, row.path, entry);
      }
      Object.assign(entry, { etag: item.etag, version: item.version, sha256: row?.sha256 ?? item.sha256 });
      return;
    case 'MEDIA_ITEM_TRASHED': {
      // Its own upload whose answer was lost, trashed on the web before the phone knew it was created: linked, so
      // the trash applies to it (uploading it again would undo the user's trash).
      // The same for an edited copy whose answer was lost.
      const own = !entry && item ? engine.state.pending.find((p) => p.uncertain && p.sha256 === item.sha256) : undefined;
      const ownEdit = !entry && item && !own ? engine.state.edits.find((e) => e.uncertain && e.sha256 === item.sha256) : undefined;
      if (own && item) linkOwnUpload(engine, own, item);
      if (ownEdit && item) linkLostEditedCopy(engine, ownEdit, item);
      return own || ownEdit ? apply(engine, change) : takeCloudTrash(engine, entry, row);
    }
    case 'MEDIA_ITEM_RESTORED':
      // Restored before this phone ever held it (it was in the trash when the phone listed the library): new here.
      if (!entry) return item && !item.trashed ? adopt(engine, item) : undefined;
      if (row?.trashed && !entry.removedLocally) {
        host.mediaStore.setTrashed(row.id, false);
        host.history.record(host.name, 'info', 'pulled.restore', { localId: row.id, cloudId: entry?.cloudId });
      }
      Object.assign(entry, { trashedEverywhere: false, trashedAt: undefined });
      return;
    case 'MEDIA_ITEM_PURGED':
      if (!entry) return;
      if (row?.trashed) host.deleteMedia(row.id);
      else if (row && !entry.removedLocally) {
        // Deleted forever without a trash first (another client): it leaves the gallery too, into its own trash.
        host.mediaStore.setTrashed(row.id, true);
        host.history.record(host.name, 'info', 'pulled.trash', { localId: row.id, cloudId: entry.cloudId, purged: true });
      }
      delete engine.state.synced[entry.localId];
      return;
  }
}

/** A photo trashed in the cloud goes to the phone's trash too (a two-way phone: the only kind that pulls). */
function takeCloudTrash(engine: SyncEngine, entry: SyncedEntry | undefined, row: MediaRow | undefined): void {
  const { host } = engine;
  if (!entry || !row || row.trashed || engine.bug('cloud-delete-not-pulled')) return;
  host.mediaStore.setTrashed(row.id, true);
  host.history.record(host.name, 'info', 'pulled.trash', { localId: row.id, cloudId: entry.cloudId });
  // Its cloud copy is in the trash as after a delete everywhere here: restoring it here restores that too.
  Object.assign(entry, { trashedEverywhere: true, trashedAt: host.clock.now() });
}

/** A cloud item the phone has no link to: the phone's own copy (same bytes) if it has one, else a download. */
async function adopt(engine: SyncEngine, item: SyncItem): Promise<void> {
  const { host, state } = engine;
  const linked = new Set(Object.keys(state.synced));
  // Its own upload whose answer was lost (even if the user has deleted it since: the delete then applies to it).
  const own = state.pending.find((p) => p.uncertain && p.sha256 === item.sha256 && !linked.has(String(p.localId)));
  if (own) return linkOwnUpload(engine, own, item);
  // Or an edited copy whose answer was lost (pulled before the edit's push looked for it: a phone waiting for Wi-Fi).
  const ownEdit = state.edits.find((e) => e.uncertain && e.sha256 === item.sha256);
  if (ownEdit) return linkLostEditedCopy(engine, ownEdit, item);
  // A copy in the phone's trash is one the user deleted: it does not stand for the cloud's photo.
  const local = host.mediaStore.list().find((r) => r.sha256 === item.sha256 && !linked.has(String(r.id)) && !r.trashed);
  if (local) {
    // Its own upload, not yet known uncertain: linked, and it joins its album, as any backed-up photo does.
    const job = state.pending.find((p) => p.localId === local.id);
    if (job) return linkOwnUpload(engine, job, item);
    state.synced[local.id] = { localId: local.id, cloudId: item.mediaItem.id, sha256: item.sha256, etag: item.etag, version: item.version };
    host.history.record(host.name, 'info', 'linked', { localId: local.id, cloudId: item.mediaItem.id, sha256: item.sha256 });
    return;
  }
  const name = item.mediaItem.filename.replace(/[/\\]/g, '_');
  await download(engine, item, freePath(engine, cloudAlbumFolder, name));
}

/** `name`, or `name (1)`, `name (2)` … as Android names a second file: two cloud photos may share a file name (a conflict's copy does). */
function freePath(engine: SyncEngine, folder: string, name: string): string {
  const dot = name.lastIndexOf('.');
  const [stem, ext] = dot > 0 ? [name.slice(0, dot), name.slice(dot)] : [name, ''];
  for (let n = 0; ; n++) {
    const path = `${folder}/${n ? `${stem} (${n})${ext}` : name}`;
    if (!engine.host.readFile(path)) return path;
  }
}

async function download(engine: SyncEngine, item: SyncItem, path: string, entry?: SyncedEntry): Promise<void> {
  const { host, state } = engine;
  const bytes = await engine.call('download', { cloudId: item.mediaItem.id, file: item.mediaItem.filename }, () => engine.api.download(item.mediaItem.baseUrl));
  if (bytes.kind !== 'ok') throw new Retry();
  const row = host.writeMedia(path, bytes.value);
  const next = entry ?? { localId: row.id, cloudId: item.mediaItem.id, sha256: row.sha256 };
  Object.assign(next, { localId: row.id, sha256: row.sha256, etag: item.etag, version: item.version });
  state.synced[row.id] = next;
  host.history.record(host.name, 'info', 'pulled.item', { localId: row.id, cloudId: item.mediaItem.id, sha256: row.sha256, path });
  engine.save();
}
