import { z } from 'zod';
import { invalidArgument } from '../errors.ts';
import type { Db } from '../store/database.ts';
import { schemaVersion, tables } from '../store/schema.ts';

/** In-flight resumable chunks are not part of an export: a restored cloud asks clients to start those uploads again. */
export const exportedTables = tables.filter((t) => t !== 'upload_chunks' && t !== 'upload_sessions');
export const exportFormat = 'gallery-sync-cloud/1';

export type ExportRow = Record<string, string | number | null>;
export interface ExportFile {
  format: typeof exportFormat;
  exportedAt?: string;
  tables: Record<(typeof exportedTables)[number], ExportRow[]>;
}

interface Column {
  name: string;
  type: string;
  notnull: number;
  dflt_value: unknown;
  pk: number;
}

/** The latest time JavaScript can show (`new Date(8.64e15)`): a stored time past it would make every listing fail. */
const maxTimeMs = 8.64e15;
const hash = z.string().regex(/^[0-9a-f]{64}$/, 'must be a SHA-256 in lower-case hex');
const jsonText = (what: string, check: (value: unknown) => boolean) =>
  z.string().refine(
    (text) => {
      try {
        return check(JSON.parse(text));
      } catch {
        return false;
      }
    },
    { message: `must be ${what} written as JSON text` },
  );
const isObject = (v: unknown) => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Columns whose text has a shape the routes rely on (everything else is checked by its SQL type). */
const shapedColumns: Record<string, Record<string, z.ZodType>> = {
  versions: { sha256: hash, media_json: jsonText('an object', isObject), mime_type: z.string().regex(/^(image|video)\/[\w.+-]+$/, 'must be an image/ or video/ MIME type') },
  upload_tokens: { sha256: hash },
  apps: { scopes: z.string().min(1) },
  audit: { item_ids: jsonText('a list of ids', (v) => Array.isArray(v) && v.every((id) => typeof id === 'string')) },
  changes: { detail: jsonText('an object', isObject) },
};

const timeLike = (column: string) => column === 'time' || column.endsWith('_at') || column.endsWith('_time');

/** One table's row, from the database's own column list: types, NOT NULL, no unknown columns. */
function rowSchema(db: Db, table: string) {
  const columns = db.prepare(`PRAGMA table_info(${table})`).all() as Column[];
  const shape: Record<string, z.ZodType> = {};
  for (const column of columns) {
    let type: z.ZodType =
      shapedColumns[table]?.[column.name] ??
      (column.type === 'INTEGER'
        ? timeLike(column.name)
          ? z.number().int().min(-maxTimeMs).max(maxTimeMs)
          : z.number().int().min(0).max(Number.MAX_SAFE_INTEGER)
        : column.type === 'TEXT'
          ? z.string()
          : z.never());
    const nullable = column.notnull === 0 && column.pk === 0;
    if (nullable) type = type.nullable();
    // An export writes every column; one left out is fine only where SQLite has a value for it.
    if (nullable || column.dflt_value !== null || (column.pk === 1 && column.type === 'INTEGER')) type = type.optional();
    shape[column.name] = type;
  }
  return z.strictObject(shape);
}

function fileSchema(db: Db) {
  return z.object({
    format: z.literal(exportFormat, { message: `must be "${exportFormat}"` }),
    exportedAt: z.string().optional(),
    tables: z.strictObject(Object.fromEntries(exportedTables.map((table) => [table, z.array(rowSchema(db, table))]))),
  });
}

const requiredMeta = {
  secret: z.string().min(16),
  mint_seq: z.string().regex(/^\d{1,15}$/, 'must be a whole number'),
  schema_version: z.literal(String(schemaVersion), { message: `must be "${schemaVersion}" (the version this build reads)` }),
} as const;

/**
 * Checks a parsed `state.json` in full, before anything is replaced: its shape, every row against the database's
 * columns, the meta keys a cloud needs to go on (schema version, id counter, secret), that every item has its
 * current version, and that every content a version or pending upload names is among the export's blobs.
 * Throws a 400 naming the first problem (table, row and column, never the file's bytes).
 */
export function checkExport(db: Db, parsed: unknown, file: string, blobHashes: ReadonlySet<string>): ExportFile {
  const result = fileSchema(db).safeParse(parsed);
  const fail = (where: string, problem: string) => invalidArgument(`${file}: ${where ? `${where}: ` : ''}${problem}. The export is damaged; nothing was changed.`);
  if (!result.success) {
    const issue = result.error.issues[0];
    throw fail(issue?.path.join('.') ?? '', issue?.message ?? 'not a gallery-sync cloud export');
  }
  const data = result.data as ExportFile;
  const meta = new Map(data.tables.meta.map((row) => [String(row.key), row.value]));
  for (const [key, schema] of Object.entries(requiredMeta)) {
    if (!meta.has(key)) throw fail(`tables.meta`, `no "${key}"`);
    const checked = schema.safeParse(meta.get(key));
    if (!checked.success) throw fail(`tables.meta.${key}`, checked.error.issues[0]?.message ?? 'invalid');
  }
  const clockAdvanced = meta.get('clock_advanced_ms');
  if (clockAdvanced !== undefined && !/^\d{1,15}$/.test(String(clockAdvanced))) throw fail('tables.meta.clock_advanced_ms', 'must be a whole number');
  const versions = new Set(data.tables.versions.map((v) => `${v.item_id}\n${v.version}`));
  data.tables.media_items.forEach((item, i) => {
    if (!versions.has(`${item.id}\n${item.version}`)) throw fail(`tables.media_items.${i}`, `its current version ${item.version} is not in tables.versions`);
  });
  const needed = [
    ...data.tables.versions.map((v, i) => ({ sha256: String(v.sha256), where: `tables.versions.${i}` })),
    ...data.tables.upload_tokens.flatMap((t, i) => (t.used_at === null || t.used_at === undefined ? [{ sha256: String(t.sha256), where: `tables.upload_tokens.${i}` }] : [])),
  ];
  for (const { sha256, where } of needed) if (!blobHashes.has(sha256)) throw fail(where, `its content blobs/${sha256} is not in the export`);
  return data;
}
