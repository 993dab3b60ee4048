import { existsSync, lstatSync, mkdirSync, readFileSync, readdirSync, realpathSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import type { Cloud } from '../cloud.ts';
import { defaults } from '../cloud.ts';
import { ApiError, invalidArgument, StoreFault } from '../errors.ts';
import { rfc3339 } from '../json.ts';
import { sha256Hex } from '../store/blob-store.ts';
import { tables } from '../store/schema.ts';
import { listApps } from './accounts.ts';
import { storedBytes } from './content.ts';
import { checkExport, exportedTables, exportFormat } from './export-format.ts';
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


/**
 * The folder `dir` names, confined to the cloud's exports folder: a name relative to it, or an absolute path inside
 * it. `..` is refused outright, and so is any path whose real location (symlinks resolved) is outside the folder.
 */
function confine(cloud: Cloud, dir: string): string {
  if (dir.includes('\0')) throw invalidArgument('"dir" must not contain a NUL character.');
  const root = cloud.exportsRoot();
  if (dir.split(/[\\/]+/).includes('..')) throw invalidArgument(`"dir" must not contain "..": name a folder inside the exports folder ${root}.`);
  const target = resolve(root, dir);
  if (!inside(root, target)) throw invalidArgument(`"dir" must be a folder inside the exports folder ${root} (a name relative to it, or an absolute path under it).`);
  // The deepest part of the path that exists must really be inside (a symlinked folder may not lead out).
  let existing = target;
  while (!existsSync(existing)) existing = dirname(existing);
  if (!inside(root, realpathSync(existing))) throw invalidArgument(`"dir" leads out of the exports folder ${root} through a symbolic link.`);
  return target;
}

const inside = (root: string, path: string) => {
  const rel = relative(root, path);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
};

/** A folder inside the exports folder, made if missing, that must not be (or lead through) a link out of it. */
function confinedFolder(cloud: Cloud, path: string): void {
  const root = cloud.exportsRoot();
  const name = relative(root, path) || '.';
  if (existsSync(path)) {
    if (!inside(root, realpathSync(path))) throw invalidArgument(`${name} leads out of the exports folder ${root} through a symbolic link.`);
    if (!statSync(path).isDirectory()) throw invalidArgument(`${name} in the exports folder is not a folder.`);
  } else if (lstatSync(path, { throwIfNoEntry: false })) {
    throw invalidArgument(`${name} in the exports folder is a broken symbolic link.`);
  }
  mkdirSync(path, { recursive: true });
}

let temporaries = 0;

/** Writes a file by a new name, then renames it over `path`: a symlink at `path` is replaced, never written through. */
function writeReplacing(path: string, data: string | Uint8Array): void {
  const temporary = `${path}.${process.pid}.${++temporaries}.tmp`;
  rmSync(temporary, { force: true }); // a leftover of a killed export (a link there is removed, not followed)
  writeFileSync(temporary, data, { flag: 'wx' });
  try {
    renameSync(temporary, path);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw error;
  }
}

/**
 * Writes `state.json` (every table's rows) and `blobs/` into a folder inside the exports folder, for a user to
 * attach to a bug report. Answers the folder's absolute path.
 */
export function exportState(cloud: Cloud, dir: string): { dir: string; rows: number; blobs: number } {
  const target = confine(cloud, dir);
  const hashes = cloud.sqlValue(`SELECT DISTINCT sha256 FROM versions UNION SELECT DISTINCT sha256 FROM upload_tokens WHERE used_at IS NULL`).all() as string[];
  refuseUnreadableContent(cloud, hashes);
  confinedFolder(cloud, target);
  confinedFolder(cloud, join(target, 'blobs'));
  const data: Record<string, unknown[]> = {};
  let rows = 0;
  for (const table of exportedTables) {
    data[table] = cloud.sql(`SELECT * FROM ${table}`).all();
    rows += data[table].length;
  }
  writeReplacing(join(target, 'state.json'), JSON.stringify({ format: exportFormat, exportedAt: rfc3339(cloud.now()), tables: data }, null, 1));
  for (const hash of hashes) writeReplacing(join(target, 'blobs', hash), storedBytes(cloud, hash));
  return { dir: target, rows, blobs: hashes.length };
}

/** Checks every content an export would carry against its hash first, so a refused export writes nothing. */
function refuseUnreadableContent(cloud: Cloud, hashes: string[]): void {
  const problems = hashes.flatMap((hash) => {
    try {
      storedBytes(cloud, hash);
      return [];
    } catch (error) {
      if (error instanceof StoreFault) return [{ hash, detail: error.detail }];
      throw error;
    }
  });
  if (problems.length === 0) return;
  const named = problems.slice(0, 3).map((p) => p.hash).join(', ') + (problems.length > 3 ? ` and ${problems.length - 3} more` : '');
  throw new StoreFault(`Export refused: ${problems.length} stored content(s) are damaged or missing (${named}); nothing was written.`, problems.map((p) => p.detail).join('; '));
}

/** A regular file inside the export (never a symlink, which could lead anywhere). */
function regularFile(path: string, name: string): Buffer {
  const stat = lstatSync(path, { throwIfNoEntry: false });
  if (!stat) throw invalidArgument(`${name} does not exist: import takes a folder written by /__admin/export.`);
  if (!stat.isFile()) throw invalidArgument(`${name} is not a regular file (import does not follow symbolic links).`);
  return readFileSync(path);
}

/** Replaces the whole state with an export. Checked before anything is touched: a bad directory changes nothing. */
export function importState(cloud: Cloud, dir: string): { rows: number; blobs: number } {
  const target = confine(cloud, dir);
  const name = relative(cloud.exportsRoot(), target) || '.';
  if (!existsSync(target) || !statSync(target).isDirectory()) throw invalidArgument(`${name} is not a folder in the exports folder: import takes a folder written by /__admin/export.`);
  const file = `${name}/state.json`;
  let parsed: unknown;
  try {
    parsed = JSON.parse(regularFile(join(target, 'state.json'), file).toString('utf8'));
  } catch (error) {
    if (error instanceof ApiError) throw error;
    // Not the parser's message: it quotes the file's first bytes, and the file could be anything.
    throw invalidArgument(`${file} is not valid JSON: the export is damaged.`);
  }
  const blobDir = join(target, 'blobs');
  if (existsSync(blobDir)) confinedFolder(cloud, blobDir);
  const blobFiles = existsSync(blobDir) ? readdirSync(blobDir).filter((f) => /^[0-9a-f]{64}$/.test(f)) : [];
  const data = checkExport(cloud.db, parsed, file, new Set(blobFiles));
  const blobs = blobFiles.map((hash) => ({ hash, bytes: regularFile(join(blobDir, hash), `${name}/blobs/${hash}`) }));
  for (const blob of blobs) if (sha256Hex(blob.bytes) !== blob.hash) throw invalidArgument(`${name}/blobs/${blob.hash} does not match its hash: the export is damaged.`);
  let rows = 0;
  cloud.transaction(() => {
    for (const table of [...tables].reverse()) cloud.sql(`DELETE FROM ${table}`).run();
    for (const table of exportedTables) {
      data.tables[table].forEach((row, i) => {
        // Column names were checked against the table's own (checkExport), so they are safe to write into SQL.
        const columns = Object.keys(row);
        try {
          cloud.sql(`INSERT INTO ${table} (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`).run(...columns.map((c) => row[c]));
        } catch (error) {
          // A duplicate id, a row naming an account or item that is not there: the whole import is rolled back.
          if ((error as { code?: string }).code?.startsWith('SQLITE_CONSTRAINT')) throw invalidArgument(`${file}: tables.${table}.${i}: ${(error as Error).message}. The export is damaged; nothing was changed.`);
          throw error;
        }
        rows++;
      });
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
