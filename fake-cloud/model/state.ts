import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Cloud } from '../cloud.ts';
import { defaults } from '../cloud.ts';
import { invalidArgument } from '../errors.ts';
import { rfc3339 } from '../json.ts';
import { sha256Hex } from '../store/blob-store.ts';
import { tables } from '../store/schema.ts';
import { listApps } from './accounts.ts';
import { albumIdsOf, versionsOf, type ItemRow } from './media.ts';
import { quotaUsage } from './quota.ts';

/** The whole library as the oracle reads it: every item (trashed and purged ones too), version and album. */
export function snapshot(cloud: Cloud, onlyEmail?: string) {
  const emails = cloud.sql(`SELECT email, quota_bytes FROM accounts ORDER BY email`).all() as Array<{ email: string; quota_bytes: number }>;
  return {
    time: rfc3339(cloud.now()),
    timeMs: cloud.now(),
    accounts: emails
      .filter((a) => !onlyEmail || a.email === onlyEmail)
      .map((a) => ({
        email: a.email,
        quota: quotaUsage(cloud, a.email),
        apps: listApps(cloud, a.email),
        mediaItems: (cloud.sql(`SELECT * FROM media_items WHERE email = ? ORDER BY seq`).all(a.email) as ItemRow[]).map((item) => itemState(cloud, item)),
        albums: (cloud.sql(`SELECT * FROM albums WHERE email = ? ORDER BY seq`).all(a.email) as Array<{ id: string; title: string; created_by: string }>).map((album) => ({
          id: album.id,
          title: album.title,
          createdByClientId: album.created_by,
          mediaItemIds: cloud.sqlValue(`SELECT item_id FROM album_items WHERE album_id = ? ORDER BY position`).all(album.id) as string[],
        })),
      })),
  };
}

function itemState(cloud: Cloud, item: ItemRow) {
  const versions = versionsOf(cloud, item.id);
  const current = versions.find((v) => v.version === item.version);
  return {
    id: item.id,
    filename: item.file_name,
    description: item.description,
    mimeType: current?.mime_type,
    sha256: current?.sha256,
    sizeBytes: current?.size,
    width: current?.width,
    height: current?.height,
    creationTime: rfc3339(item.creation_time),
    createdByClientId: item.created_by,
    version: item.version,
    versions: versions.map((v) => ({ version: v.version, sha256: v.sha256, sizeBytes: v.size, mimeType: v.mime_type, createdByClientId: v.created_by, createTime: rfc3339(v.created_at) })),
    state: item.purged_at !== null ? 'purged' : item.trashed_at !== null ? 'trashed' : 'live',
    ...(item.trashed_at !== null ? { trashTime: rfc3339(item.trashed_at), purgeTime: rfc3339(item.trashed_at + defaults.trashRetentionMs) } : {}),
    ...(item.purged_at !== null ? { purgedTime: rfc3339(item.purged_at) } : {}),
    albumIds: albumIdsOf(cloud, item.id),
  };
}

/** In-flight resumable chunks are not part of an export: a restored cloud asks clients to start those uploads again. */
const exportedTables = tables.filter((t) => t !== 'upload_chunks' && t !== 'upload_sessions');

/** Writes `state.json` (every table's rows) and `blobs/` into a directory a user can attach to a bug report. */
export function exportState(cloud: Cloud, dir: string): { dir: string; rows: number; blobs: number } {
  mkdirSync(join(dir, 'blobs'), { recursive: true });
  const data: Record<string, unknown[]> = {};
  let rows = 0;
  for (const table of exportedTables) {
    data[table] = cloud.sql(`SELECT * FROM ${table}`).all();
    rows += data[table].length;
  }
  writeFileSync(join(dir, 'state.json'), JSON.stringify({ format: 'gallery-sync-cloud/1', exportedAt: rfc3339(cloud.now()), tables: data }, null, 1));
  const hashes = cloud.sqlValue(`SELECT DISTINCT sha256 FROM versions UNION SELECT DISTINCT sha256 FROM upload_tokens WHERE used_at IS NULL`).all() as string[];
  for (const hash of hashes) {
    const bytes = cloud.blobs.get(hash);
    if (bytes) writeFileSync(join(dir, 'blobs', hash), bytes);
  }
  return { dir, rows, blobs: hashes.length };
}

/** Replaces the whole state with an export. Checked before anything is touched: a bad directory changes nothing. */
export function importState(cloud: Cloud, dir: string): { rows: number; blobs: number } {
  const file = join(dir, 'state.json');
  if (!existsSync(file)) throw invalidArgument(`${file} does not exist: import takes a directory written by /__admin/export.`);
  let parsed: { format?: string; tables?: Record<string, Array<Record<string, unknown>>> };
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8')) as typeof parsed;
  } catch (error) {
    throw invalidArgument(`${file} is not valid JSON: ${(error as Error).message}`);
  }
  if (parsed.format !== 'gallery-sync-cloud/1' || typeof parsed.tables !== 'object') throw invalidArgument(`${file} is not a gallery-sync cloud export.`);
  const blobDir = join(dir, 'blobs');
  const blobFiles = existsSync(blobDir) ? readdirSync(blobDir).filter((f) => /^[0-9a-f]{64}$/.test(f)) : [];
  const blobs = blobFiles.map((hash) => ({ hash, bytes: readFileSync(join(blobDir, hash)) }));
  for (const blob of blobs) if (sha256Hex(blob.bytes) !== blob.hash) throw invalidArgument(`blobs/${blob.hash} does not match its hash: the export is damaged.`);
  let rows = 0;
  cloud.transaction(() => {
    for (const table of [...tables].reverse()) cloud.sql(`DELETE FROM ${table}`).run();
    for (const table of exportedTables) {
      for (const row of parsed.tables?.[table] ?? []) {
        const columns = Object.keys(row);
        if (!columns.every((c) => /^[a-z_0-9]+$/.test(c))) throw invalidArgument(`${file}: bad column name in table ${table}.`);
        cloud.sql(`INSERT INTO ${table} (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`).run(...columns.map((c) => row[c] as never));
        rows++;
      }
    }
  });
  for (const blob of blobs) cloud.blobs.put(blob.bytes);
  return { rows, blobs: blobs.length };
}

/** A fresh, empty cloud. The secret and id counter stay, so ids from before a reset are never handed out again. */
export function resetState(cloud: Cloud): void {
  cloud.transaction(() => {
    for (const table of [...tables].reverse()) {
      if (table === 'meta') cloud.sql(`DELETE FROM meta WHERE key NOT IN ('secret', 'mint_seq', 'schema_version', 'clock_advanced_ms')`).run();
      else cloud.sql(`DELETE FROM ${table}`).run();
    }
  });
  cloud.blobs.clear();
  cloud.faults.clear();
}
