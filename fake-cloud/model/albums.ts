import type { Cloud } from '../cloud.ts';
import { invalidArgument, notFound } from '../errors.ts';
import type { Caller } from './accounts.ts';
import { recordChange } from './feed.ts';
import { findItem, seesWholeLibrary } from './media.ts';

export interface AlbumRow {
  id: string;
  seq: number;
  email: string;
  created_by: string;
  title: string;
  cover_item_id: string | null;
  created_at: number;
}

export const maxAlbumTitle = 500;
export const maxAlbumItems = 20_000;

export function createAlbum(cloud: Cloud, caller: Caller, title: string): AlbumRow {
  if (title.length > maxAlbumTitle) throw invalidArgument(`Album title must be at most ${maxAlbumTitle} characters.`);
  const id = cloud.mint('AF1QipAlb', 36);
  const seq = cloud.sqlValue(`SELECT COALESCE(MAX(seq), 0) + 1 FROM albums`).get() as number;
  cloud.sql(`INSERT INTO albums (id, seq, email, created_by, title, created_at) VALUES (?, ?, ?, ?, ?, ?)`)
    .run(id, seq, caller.email, caller.clientId, title, cloud.now());
  recordChange(cloud, caller.email, 'ALBUM_CREATED', { albumId: id, detail: { title } });
  return cloud.sql(`SELECT * FROM albums WHERE id = ?`).get(id) as AlbumRow;
}

/** An album this caller may see (its own app's, or any for the sync scope). */
export function visibleAlbum(cloud: Cloud, caller: Caller, id: string): AlbumRow {
  const album = cloud.sql(`SELECT * FROM albums WHERE id = ? AND email = ?`).get(id, caller.email) as AlbumRow | undefined;
  if (!album || (!seesWholeLibrary(caller) && album.created_by !== caller.clientId)) throw notFound();
  return album;
}

export function updateAlbum(cloud: Cloud, album: AlbumRow, changes: { title?: string; coverItemId?: string }): AlbumRow {
  if (changes.title !== undefined) {
    if (changes.title.length > maxAlbumTitle) throw invalidArgument(`Album title must be at most ${maxAlbumTitle} characters.`);
    cloud.sql(`UPDATE albums SET title = ? WHERE id = ?`).run(changes.title, album.id);
  }
  if (changes.coverItemId !== undefined) {
    if (!cloud.sql(`SELECT 1 FROM album_items WHERE album_id = ? AND item_id = ?`).get(album.id, changes.coverItemId)) {
      throw invalidArgument('coverPhotoMediaItemId must be an item in the album.');
    }
    cloud.sql(`UPDATE albums SET cover_item_id = ? WHERE id = ?`).run(changes.coverItemId, album.id);
  }
  recordChange(cloud, album.email, 'ALBUM_UPDATED', { albumId: album.id, detail: changes });
  return cloud.sql(`SELECT * FROM albums WHERE id = ?`).get(album.id) as AlbumRow;
}

export function albumItemCount(cloud: Cloud, albumId: string): number {
  return cloud.sqlValue(`SELECT COUNT(*) FROM album_items ai JOIN media_items m ON m.id = ai.item_id WHERE ai.album_id = ? AND m.trashed_at IS NULL`)
    .get(albumId) as number;
}

/** Checks every id first: one bad id and nothing changes (the API's all-or-nothing). */
function requireMembersOf(cloud: Cloud, caller: Caller, ids: readonly string[]): void {
  for (const id of ids) {
    const item = findItem(cloud, caller.email, id);
    if (!item || item.trashed_at !== null || (!seesWholeLibrary(caller) && item.created_by !== caller.clientId)) {
      throw invalidArgument(`Request contains an invalid media item id: ${id}`);
    }
  }
}

export function addToAlbum(cloud: Cloud, caller: Caller, album: AlbumRow, ids: readonly string[]): string[] {
  requireMembersOf(cloud, caller, ids);
  const fresh = [...new Set(ids)].filter((id) => !cloud.sql(`SELECT 1 FROM album_items WHERE album_id = ? AND item_id = ?`).get(album.id, id));
  if (albumItemCount(cloud, album.id) + fresh.length > maxAlbumItems) invalidArgumentAlbumFull();
  let position = cloud.sqlValue(`SELECT COALESCE(MAX(position), 0) FROM album_items WHERE album_id = ?`).get(album.id) as number;
  for (const id of fresh) cloud.sql(`INSERT INTO album_items (album_id, item_id, position) VALUES (?, ?, ?)`).run(album.id, id, ++position);
  if (fresh.length > 0) recordChange(cloud, album.email, 'ALBUM_ITEMS_ADDED', { albumId: album.id, detail: { mediaItemIds: fresh } });
  return fresh;
}

function invalidArgumentAlbumFull(): never {
  throw invalidArgument(`An album holds at most ${maxAlbumItems} media items.`);
}

export function removeFromAlbum(cloud: Cloud, caller: Caller, album: AlbumRow, ids: readonly string[]): string[] {
  requireMembersOf(cloud, caller, ids);
  const removed: string[] = [];
  for (const id of new Set(ids)) {
    if (cloud.sql(`DELETE FROM album_items WHERE album_id = ? AND item_id = ?`).run(album.id, id).changes) removed.push(id);
  }
  if (removed.length > 0) recordChange(cloud, album.email, 'ALBUM_ITEMS_REMOVED', { albumId: album.id, detail: { mediaItemIds: removed } });
  return removed;
}
