import type { Cloud } from '../cloud.ts';
import { defaults } from '../cloud.ts';
import { notFound } from '../errors.ts';
import type { MediaInfo } from '../media-info.ts';
import { scopes } from '../scopes.ts';
import type { Caller } from './accounts.ts';
import { recordChange } from './feed.ts';

export interface ItemRow {
  id: string;
  seq: number;
  email: string;
  created_by: string;
  file_name: string;
  description: string;
  creation_time: number;
  created_at: number;
  version: number;
  trashed_at: number | null;
  purged_at: number | null;
}

export interface VersionRow {
  item_id: string;
  version: number;
  sha256: string;
  size: number;
  mime_type: string;
  width: number;
  height: number;
  media_json: string;
  created_by: string;
  created_at: number;
}

/** Library API callers see only what their own app created; the gallery's sync scope sees the whole library. */
export const seesWholeLibrary = (caller: Caller): boolean => caller.scopes.has(scopes.gallerySync);

export function findItem(cloud: Cloud, email: string, id: string): ItemRow | undefined {
  return cloud.sql(`SELECT * FROM media_items WHERE id = ? AND email = ? AND purged_at IS NULL`).get(id, email) as ItemRow | undefined;
}

/** An item the caller may see through the Library API: not trashed, and created by this app unless it syncs. */
export function visibleItem(cloud: Cloud, caller: Caller, id: string): ItemRow {
  const item = findItem(cloud, caller.email, id);
  if (!item || item.trashed_at !== null || (!seesWholeLibrary(caller) && item.created_by !== caller.clientId)) throw notFound();
  return item;
}

export function currentVersion(cloud: Cloud, item: Pick<ItemRow, 'id' | 'version'>): VersionRow {
  return cloud.sql(`SELECT * FROM versions WHERE item_id = ? AND version = ?`).get(item.id, item.version) as VersionRow;
}

export function versionsOf(cloud: Cloud, itemId: string): VersionRow[] {
  return cloud.sql(`SELECT * FROM versions WHERE item_id = ? ORDER BY version`).all(itemId) as VersionRow[];
}

/**
 * Dedupe: a live item of this account that already has these bytes, as its current or an earlier version. One in
 * the trash does not count: the user deleted that photo, and a new upload of the same bytes (another copy on the
 * phone) is a photo to keep, not one to hand back already in the trash.
 */
export function findByContent(cloud: Cloud, email: string, sha256: string): ItemRow | undefined {
  return cloud.sql(
      `SELECT m.* FROM versions v JOIN media_items m ON m.id = v.item_id
       WHERE v.sha256 = ? AND m.email = ? AND m.purged_at IS NULL AND m.trashed_at IS NULL ORDER BY m.seq LIMIT 1`,
    )
    .get(sha256, email) as ItemRow | undefined;
}

export interface NewContent {
  sha256: string;
  size: number;
  info: MediaInfo;
}

export function createItem(cloud: Cloud, caller: Caller, content: NewContent, fileName: string, description: string): ItemRow {
  const id = cloud.mint('AF1Qip', 38);
  const seq = (cloud.sqlValue(`SELECT COALESCE(MAX(seq), 0) + 1 FROM media_items`).get() as number) ?? 1;
  const now = cloud.now();
  cloud.sql(
      `INSERT INTO media_items (id, seq, email, created_by, file_name, description, creation_time, created_at, version)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, 1)`,
    )
    .run(id, seq, caller.email, caller.clientId, fileName, description, content.info.takenAt ?? now, now);
  insertVersion(cloud, id, 1, content, caller.clientId);
  recordChange(cloud, caller.email, 'MEDIA_ITEM_CREATED', { itemId: id, detail: { version: 1 } });
  return findItem(cloud, caller.email, id) as ItemRow;
}

function insertVersion(cloud: Cloud, itemId: string, version: number, content: NewContent, createdBy: string): void {
  const { info } = content;
  const media = info.kind === 'video' ? { video: info.video } : { photo: info.photo ?? {} };
  cloud.sql(
      `INSERT INTO versions (item_id, version, sha256, size, mime_type, width, height, media_json, created_by, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    .run(itemId, version, content.sha256, content.size, info.mimeType, info.width, info.height, JSON.stringify(media), createdBy, cloud.now());
}

/** An edit: new bytes become the current version; every earlier version stays retrievable. */
export function addVersion(cloud: Cloud, caller: Caller, item: ItemRow, content: NewContent): ItemRow {
  const version = item.version + 1;
  insertVersion(cloud, item.id, version, content, caller.clientId);
  cloud.sql(`UPDATE media_items SET version = ? WHERE id = ?`).run(version, item.id);
  recordChange(cloud, item.email, 'MEDIA_ITEM_UPDATED', { itemId: item.id, detail: { version, sha256: content.sha256 } });
  return { ...item, version };
}

export function setDescription(cloud: Cloud, item: ItemRow, description: string): ItemRow {
  cloud.sql(`UPDATE media_items SET description = ? WHERE id = ?`).run(description, item.id);
  recordChange(cloud, item.email, 'MEDIA_ITEM_UPDATED', { itemId: item.id, detail: { description } });
  return { ...item, description };
}

export function trashItem(cloud: Cloud, item: ItemRow): ItemRow {
  if (item.trashed_at !== null) return item;
  const now = cloud.now();
  cloud.sql(`UPDATE media_items SET trashed_at = ? WHERE id = ?`).run(now, item.id);
  recordChange(cloud, item.email, 'MEDIA_ITEM_TRASHED', { itemId: item.id, detail: { purgeTime: now + defaults.trashRetentionMs } });
  return { ...item, trashed_at: now };
}

export function restoreItem(cloud: Cloud, item: ItemRow): ItemRow {
  if (item.trashed_at === null) return item;
  cloud.sql(`UPDATE media_items SET trashed_at = NULL WHERE id = ?`).run(item.id);
  recordChange(cloud, item.email, 'MEDIA_ITEM_RESTORED', { itemId: item.id });
  return { ...item, trashed_at: null };
}

/** Gone for good (bytes no longer count against quota). `at` is when it happened, for purges found late. */
export function purgeItem(cloud: Cloud, item: ItemRow, at = cloud.now()): void {
  cloud.sql(`UPDATE media_items SET purged_at = ? WHERE id = ?`).run(at, item.id);
  cloud.sql(`DELETE FROM album_items WHERE item_id = ?`).run(item.id);
  recordChange(cloud, item.email, 'MEDIA_ITEM_PURGED', { itemId: item.id, time: at });
}

/** Purges every item whose 60 days in the trash are over, stamped with the moment they ran out. */
export function purgeExpiredTrash(cloud: Cloud): void {
  const cutoff = cloud.now() - defaults.trashRetentionMs;
  const expired = cloud.sql(`SELECT * FROM media_items WHERE trashed_at IS NOT NULL AND purged_at IS NULL AND trashed_at <= ? ORDER BY trashed_at, seq`)
    .all(cutoff) as ItemRow[];
  for (const item of expired) purgeItem(cloud, item, (item.trashed_at as number) + defaults.trashRetentionMs);
}

export function albumIdsOf(cloud: Cloud, itemId: string): string[] {
  return cloud.sqlValue(`SELECT album_id FROM album_items WHERE item_id = ? ORDER BY album_id`).all(itemId) as string[];
}
