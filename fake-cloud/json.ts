import type { Cloud } from './cloud.ts';
import { defaults } from './cloud.ts';
import type { AlbumRow } from './model/albums.ts';
import { albumItemCount } from './model/albums.ts';
import type { ItemRow, VersionRow } from './model/media.ts';
import { albumIdsOf, currentVersion } from './model/media.ts';

/** RFC 3339 the way Google writes it: UTC, no milliseconds when there are none. */
export const rfc3339 = (ms: number): string => new Date(ms).toISOString().replace('.000Z', 'Z');

/**
 * A signed, expiring download address: `<publicUrl>/lr/<payload>.<signature>`; parameters follow as `=d`, `=w…-h…`.
 * `original`: `=d` serves the bytes as uploaded, location included. Only the sync extension's answers carry such
 * baseUrls: it stands for the gallery's first-party integration, which keeps a synced photo whole; the Library
 * API's baseUrls drop the location, as Google's do.
 */
export function baseUrlFor(cloud: Cloud, itemId: string, version: number, original = false): string {
  const payload = Buffer.from(JSON.stringify(original ? [itemId, version, cloud.now(), 1] : [itemId, version, cloud.now()])).toString('base64url');
  return `${cloud.publicUrl}/lr/${payload}.${cloud.sign(`baseUrl:${payload}`).slice(0, 32)}`;
}

export function parseBaseUrlToken(cloud: Cloud, token: string): { itemId: string; version: number; issuedAt: number; original: boolean } | undefined {
  const [payload, signature] = token.split('.');
  if (!payload || !signature || cloud.sign(`baseUrl:${payload}`).slice(0, 32) !== signature) return undefined;
  try {
    const [itemId, version, issuedAt, original] = JSON.parse(Buffer.from(payload, 'base64url').toString()) as [string, number, number, 1 | undefined];
    return { itemId, version, issuedAt, original: original === 1 };
  } catch {
    return undefined;
  }
}

/** Older than 60 minutes, or issued in the cloud's future (only a forged baseUrl can be). */
export const baseUrlExpired = (cloud: Cloud, issuedAt: number): boolean => !Number.isFinite(issuedAt) || issuedAt > cloud.now() || cloud.now() - issuedAt > defaults.baseUrlLifetimeMs;

/** The Library API's MediaItem, field for field (no extra fields: clients typed against it see nothing new). */
export function mediaItemJson(cloud: Cloud, item: ItemRow, version: VersionRow = currentVersion(cloud, item), originalBytes = false) {
  const media = JSON.parse(version.media_json) as { photo?: object; video?: object };
  return {
    id: item.id,
    ...(item.description ? { description: item.description } : {}),
    productUrl: `${cloud.publicUrl}/lr/photo/${item.id}`,
    baseUrl: baseUrlFor(cloud, item.id, version.version, originalBytes),
    mimeType: version.mime_type,
    filename: item.file_name,
    mediaMetadata: {
      creationTime: rfc3339(item.creation_time),
      width: String(version.width),
      height: String(version.height),
      ...media,
    },
  };
}

/** The sync extension's view of an item: the MediaItem plus what a two-way sync needs. */
export function syncItemJson(cloud: Cloud, item: ItemRow) {
  const version = currentVersion(cloud, item);
  return {
    mediaItem: mediaItemJson(cloud, item, version, true),
    etag: etagOf(item.id, version),
    version: version.version,
    sha256: version.sha256,
    sizeBytes: String(version.size),
    trashed: item.trashed_at !== null,
    ...(item.trashed_at !== null ? { trashTime: rfc3339(item.trashed_at), purgeTime: rfc3339(item.trashed_at + defaults.trashRetentionMs) } : {}),
    albumIds: albumIdsOf(cloud, item.id),
    createdByClientId: item.created_by,
  };
}

export const etagOf = (itemId: string, version: Pick<VersionRow, 'version' | 'sha256'>): string => `"${version.version}-${version.sha256.slice(0, 16)}"`;

export function versionJson(cloud: Cloud, version: VersionRow) {
  return {
    version: version.version,
    etag: etagOf(version.item_id, version),
    sha256: version.sha256,
    sizeBytes: String(version.size),
    mimeType: version.mime_type,
    createTime: rfc3339(version.created_at),
    createdByClientId: version.created_by,
    baseUrl: baseUrlFor(cloud, version.item_id, version.version, true),
  };
}

export function albumJson(cloud: Cloud, album: AlbumRow) {
  const count = albumItemCount(cloud, album.id);
  const coverId =
    album.cover_item_id ??
    (cloud
      .sqlValue(`SELECT ai.item_id FROM album_items ai JOIN media_items m ON m.id = ai.item_id WHERE ai.album_id = ? AND m.trashed_at IS NULL ORDER BY ai.position LIMIT 1`)
      .get(album.id) as string | undefined);
  const cover = coverId ? (cloud.sql(`SELECT id, version FROM media_items WHERE id = ?`).get(coverId) as { id: string; version: number }) : undefined;
  return {
    id: album.id,
    title: album.title,
    productUrl: `${cloud.publicUrl}/lr/album/${album.id}`,
    isWriteable: true,
    mediaItemsCount: String(count),
    ...(cover ? { coverPhotoBaseUrl: baseUrlFor(cloud, cover.id, cover.version), coverPhotoMediaItemId: cover.id } : {}),
  };
}
