import { z } from 'zod';
import type { Cloud } from '../cloud.ts';
import { ApiError, invalidArgument, notFound } from '../errors.ts';
import { etagOf, rfc3339, syncItemJson, versionJson } from '../json.ts';
import { mediaInfoOf } from '../media-info.ts';
import { storedBytes } from '../model/content.ts';
import type { Caller } from '../model/accounts.ts';
import { decodeSyncToken, encodeSyncToken, headToken, readChanges, type ChangeRow } from '../model/feed.ts';
import { addVersion, currentVersion, findItem, purgeItem, restoreItem, trashItem, versionsOf, type ItemRow } from '../model/media.ts';
import { accountHasContent, ensureRoom, quotaUsage } from '../model/quota.ts';
import { checkUploadToken, markTokenUsed } from '../model/uploads.ts';
import { scopes } from '../scopes.ts';
import { paginate } from './paging.ts';
import { apiRoute, json, pageSizeOf, readJson, type AuthedContext, type Route } from './route.ts';

/**
 * The sync extension (ours, not Google's): what an OEM gallery's two-way sync needs and the public Library API
 * lacks — a change feed, the whole library including trash, trash/restore/delete, versioned edits, quota.
 */
const sync = [scopes.gallerySync];
const item = '*/v1/sync/mediaItems/:mediaItemId';

export const syncRoutes: Route[] = [
  apiRoute('sync.startToken', 'GET', '*/v1/sync/startToken', sync, (c) => json({ syncToken: headToken(c.cloud) })),
  apiRoute('sync.changes', 'GET', '*/v1/sync/changes', sync, changes),
  apiRoute('sync.list', 'GET', '*/v1/sync/mediaItems', sync, list),
  apiRoute('sync.trash.list', 'GET', '*/v1/sync/trash', sync, trashList),
  apiRoute('sync.quota', 'GET', '*/v1/sync/quota', sync, quota),
  apiRoute('sync.trash', 'POST', `${item}\\:trash`, sync, (c) => stateChange(c, trashItem)),
  apiRoute('sync.restore', 'POST', `${item}\\:restore`, sync, (c) => stateChange(c, restoreItem)),
  apiRoute('sync.delete', 'POST', `${item}\\:delete`, sync, deleteForever),
  apiRoute('sync.revert', 'POST', `${item}\\:revert`, sync, revert),
  apiRoute('sync.versions.list', 'GET', `${item}/versions`, sync, listVersions),
  apiRoute('sync.versions.create', 'POST', `${item}/versions`, sync, createVersion),
  apiRoute('sync.get', 'GET', item, sync, (c) => json(syncItemJson(c.cloud, anyItem(c)))),
];

/** Any item of the account that is not purged, trashed or not. */
function anyItem(c: AuthedContext): ItemRow {
  const found = findItem(c.cloud, c.caller.email, c.params.mediaItemId ?? '');
  if (!found) throw notFound();
  c.touch(found.id);
  return found;
}

function changes(c: AuthedContext): Response {
  const token = c.url.searchParams.get('syncToken');
  if (!token) throw invalidArgument('syncToken is required: take one from /v1/sync/startToken before a full listing.');
  const { rows, more } = readChanges(c.cloud, c.caller.email, decodeSyncToken(token), pageSizeOf(c.url.searchParams.get('pageSize'), 100, 1000));
  const last = rows.at(-1)?.seq ?? decodeSyncToken(token);
  // Later changes of other accounts move the head too: a caller that is up to date gets the current head.
  const next = more ? encodeSyncToken(last) : rows.length ? encodeSyncToken(Math.max(last, decodeSyncToken(headToken(c.cloud)))) : headToken(c.cloud);
  return json({ changes: rows.map((r) => changeJson(c.cloud, c.caller, r)), ...(more ? { nextPageToken: next } : { nextSyncToken: next }) });
}

function changeJson(cloud: Cloud, caller: Caller, row: ChangeRow) {
  const current = row.item_id ? findItem(cloud, caller.email, row.item_id) : undefined;
  return {
    kind: row.kind,
    time: rfc3339(row.time),
    ...(row.item_id ? { mediaItemId: row.item_id } : {}),
    ...(row.album_id ? { albumId: row.album_id } : {}),
    ...(row.detail ? { detail: JSON.parse(row.detail) as object } : {}),
    ...(current ? { item: syncItemJson(cloud, current) } : {}),
  };
}

function listOf(c: AuthedContext, listName: string, where: string): Response {
  const rows = c.cloud.sql(`SELECT * FROM media_items WHERE email = ? AND purged_at IS NULL ${where} ORDER BY seq`).all(c.caller.email) as ItemRow[];
  const page = paginate(rows, {
    list: listName,
    pageSize: pageSizeOf(c.url.searchParams.get('pageSize'), 100, 1000),
    pageToken: c.url.searchParams.get('pageToken'),
    cursorOf: (r) => [r.seq],
  });
  return json({ items: page.items.map((i) => syncItemJson(c.cloud, i)), ...(page.nextPageToken ? { nextPageToken: page.nextPageToken } : {}) });
}

function list(c: AuthedContext): Response {
  return listOf(c, 'sync', '');
}

function trashList(c: AuthedContext): Response {
  return listOf(c, 'trash', 'AND trashed_at IS NOT NULL');
}

function quota(c: AuthedContext): Response {
  const usage = quotaUsage(c.cloud, c.caller.email);
  return json({
    limitBytes: String(usage.limitBytes),
    usageBytes: String(usage.usageBytes),
    usageInTrashBytes: String(usage.usageInTrashBytes),
    remainingBytes: String(Math.max(0, usage.limitBytes - usage.usageBytes)),
  });
}

function stateChange(c: AuthedContext, change: (cloud: Cloud, item: ItemRow) => ItemRow): Response {
  const target = anyItem(c);
  const updated = c.cloud.transaction(() => change(c.cloud, target));
  return json(syncItemJson(c.cloud, updated));
}

function deleteForever(c: AuthedContext): Response {
  const target = anyItem(c);
  c.cloud.transaction(() => purgeItem(c.cloud, target));
  return json({});
}

/** Edits must name the version they change (If-Match: etag); a stale etag is a lost update, refused with 412. */
function requireFreshEtag(c: AuthedContext, target: ItemRow, required: boolean): void {
  const ifMatch = c.request.headers.get('if-match');
  if (ifMatch === null) {
    if (required) throw new ApiError(400, 'If-Match is required: send the etag of the version you edited.', 'FAILED_PRECONDITION');
    return;
  }
  const etag = etagOf(target.id, currentVersion(c.cloud, target));
  if (ifMatch !== '*' && ifMatch !== etag) {
    throw new ApiError(412, `The item changed since you read it: its etag is ${etag}, you sent ${ifMatch}. Fetch it, merge, and retry.`, 'FAILED_PRECONDITION');
  }
}

async function createVersion(c: AuthedContext): Promise<Response> {
  const body = await readJson(c.request, z.object({ uploadToken: z.string().min(1) }));
  const target = anyItem(c);
  if (target.trashed_at !== null) throw new ApiError(400, 'The item is in the trash: restore it before editing.', 'FAILED_PRECONDITION');
  const token = checkUploadToken(c.cloud, c.caller, body.uploadToken);
  if (typeof token !== 'object') throw invalidArgument(`The upload token is ${token === 'unknown' ? 'not valid for this account' : token}.`);
  const info = await mediaInfoOf(token.sha256, storedBytes(c.cloud, token.sha256), token.mime_type ?? undefined);
  if (!info) throw invalidArgument('The bytes are not a photo or video Google Photos can read.');
  const updated = c.cloud.transaction(() => {
    const fresh = findItem(c.cloud, c.caller.email, target.id) as ItemRow;
    requireFreshEtag(c, fresh, true);
    if (!accountHasContent(c.cloud, c.caller.email, token.sha256)) ensureRoom(c.cloud, c.caller.email, token.size);
    markTokenUsed(c.cloud, token.token);
    return addVersion(c.cloud, c.caller, fresh, { sha256: token.sha256, size: token.size, info });
  });
  return json(syncItemJson(c.cloud, updated));
}

/** Revert to original: a new version with the first version's bytes (history only grows). */
function revert(c: AuthedContext): Response {
  const target = anyItem(c);
  const updated = c.cloud.transaction(() => {
    requireFreshEtag(c, target, false);
    const [original] = versionsOf(c.cloud, target.id);
    if (!original || target.version === 1) return target;
    const info = { mimeType: original.mime_type, width: original.width, height: original.height, ...(JSON.parse(original.media_json) as object) };
    const kind = original.mime_type.startsWith('video/') ? ('video' as const) : ('photo' as const);
    return addVersion(c.cloud, c.caller, target, { sha256: original.sha256, size: original.size, info: { ...info, kind } });
  });
  return json(syncItemJson(c.cloud, updated));
}

function listVersions(c: AuthedContext): Response {
  const target = anyItem(c);
  return json({ versions: versionsOf(c.cloud, target.id).map((v) => versionJson(c.cloud, v)) });
}
