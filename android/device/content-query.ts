import type { MediaRow } from '../../simulator/device/media-store.ts';
import { ShellCommandFailedError, UnsupportedShellCommandError } from './errors.ts';
import { emulatedPath, sdcard } from './paths.ts';

/**
 * `content query` against MediaStore, as Android's `content` tool prints it: `Row: <n> col=value, col=value`
 * per row (`NULL` for a null), or `No result found.`.
 */

type SqlValue = string | number | null;

interface Column {
  type: 'integer' | 'text';
  get(row: MediaRow): SqlValue;
}

/** The columns and their order when no --projection is given. */
export const mediaColumns: Readonly<Record<string, Column>> = {
  _id: { type: 'integer', get: (row) => row.id },
  _display_name: { type: 'text', get: (row) => row.displayName },
  relative_path: { type: 'text', get: (row) => relativePath(row.path) },
  bucket_display_name: { type: 'text', get: (row) => row.bucket },
  _data: { type: 'text', get: (row) => emulatedPath(row.path) },
  mime_type: { type: 'text', get: (row) => row.mimeType },
  _size: { type: 'integer', get: (row) => row.size },
  datetaken: { type: 'integer', get: (row) => row.dateTaken },
  date_added: { type: 'integer', get: (row) => Math.floor(row.dateAdded / 1000) },
  is_trashed: { type: 'integer', get: (row) => (row.trashed ? 1 : 0) },
  is_pending: { type: 'integer', get: () => 0 },
};

/** `DCIM/Camera/` for `/sdcard/DCIM/Camera/a.jpg`. */
function relativePath(path: string): string {
  return path.slice(sdcard.length + 1, path.lastIndexOf('/') + 1);
}

const mediaUri = /^content:\/\/media\/(?:external|external_primary)\/(images\/media|video\/media|file)(?:\/(\d+))?\/?(?:\?.*)?$/;

export interface ContentQuery {
  uri: string;
  projection?: string[];
  where?: string;
  sort?: string;
}

/** Parses `content`'s arguments after `query` the way the tool does (an unknown argument is an error). */
export function parseContentQuery(args: readonly string[], line: string): ContentQuery {
  const query: Partial<ContentQuery> = {};
  for (let i = 0; i < args.length; i++) {
    const argument = args[i] as string;
    const value = () => {
      const next = args[++i];
      if (!next || next.startsWith('--')) throw usageError(line, `No value for argument: ${argument}`);
      return next;
    };
    if (argument === '--uri') query.uri = value();
    else if (argument === '--projection') query.projection = value().split(/\s*:\s*/);
    else if (argument === '--where') query.where = value();
    else if (argument === '--sort') query.sort = value();
    else if (argument === '--user') {
      const user = value();
      if (user !== '0' && user !== 'current') throw new UnsupportedShellCommandError(line, `only user 0 exists`);
    } else throw usageError(line, `Unsupported argument: ${argument}`);
  }
  if (!query.uri) throw usageError(line, 'Content provider URI not specified. Did you specify --uri argument?');
  return query as ContentQuery;
}

/**
 * Runs a query over MediaStore's rows. `content://media/external/images/media` lists images, `…/video/media` videos,
 * `…/file` both; `…/<id>` one row.
 *
 * Deliberate difference from Android 11+: there MediaStore hides trashed (and pending) rows from every query that
 * does not ask for them with QUERY_ARG_MATCH_TRASHED, which `content query` cannot pass. Here trashed rows are
 * listed, with `is_trashed=1`, so the harness can see what the gallery's "Recently deleted" holds; drivers that want
 * the live items only pass `--where "is_trashed=0"` (harmless on a real phone, where it matches every visible row).
 */
export function runContentQuery(rows: readonly MediaRow[], query: ContentQuery, line: string): string {
  const match = mediaUri.exec(query.uri);
  if (!match) throw new UnsupportedShellCommandError(line, `only content://media/external/{images/media,video/media,file} are simulated`);
  const [, table, id] = match;
  const projection = query.projection ?? Object.keys(mediaColumns);
  for (const name of projection) if (!Object.hasOwn(mediaColumns, name)) throw providerError(line, `no such column: ${name}`);
  const where = query.where === undefined ? [] : parseWhere(query.where, line);
  const sort = query.sort === undefined ? [{ column: column('_id', line), descending: false }] : parseSort(query.sort, line);
  const selected = rows
    .filter((row) => (table === 'images/media' ? row.mimeType.startsWith('image/') : table === 'video/media' ? row.mimeType.startsWith('video/') : true))
    .filter((row) => id === undefined || row.id === Number(id))
    .filter((row) => where.every((condition) => condition(row)))
    .sort((a, b) => {
      for (const key of sort) {
        const order = sqlCompare(key.column.get(a), key.column.get(b));
        if (order !== 0) return key.descending ? -order : order;
      }
      return a.id - b.id;
    });
  if (selected.length === 0) return 'No result found.\n';
  return selected.map((row, index) => `Row: ${index} ${projection.map((name) => `${name}=${(mediaColumns[name] as Column).get(row) ?? 'NULL'}`).join(', ')}\n`).join('');
}

// ——— --where: conditions joined with AND ———

type Condition = (row: MediaRow) => boolean;

const conditionPattern =
  /^\s*([A-Za-z_][A-Za-z0-9_]*)\s*(?:(==|=|!=|<>|<=|>=|<|>)\s*('(?:[^']|'')*'|"(?:[^"]|"")*"|[-+]?\d+(?:\.\d+)?|NULL)|(NOT\s+LIKE|LIKE)\s*('(?:[^']|'')*'|"(?:[^"]|"")*")|IS\s+(NOT\s+)?NULL)\s*$/i;

/**
 * Simple SQL where clauses: `col=value`, `col='value'`, `col!=value` (`<>`, `<`, `<=`, `>`, `>=`), `col [NOT] LIKE
 * '%x%'`, `col IS [NOT] NULL`, joined with AND. Values compare with SQLite's column affinity; LIKE is
 * case-insensitive for ASCII letters, as in SQLite.
 */
export function parseWhere(where: string, line: string): Condition[] {
  const parts = splitOutsideQuotes(where, /\s+AND\s+/iy);
  return parts.map((part) => {
    const m = conditionPattern.exec(part);
    if (!m) throw new UnsupportedShellCommandError(line, `where clause '${part.trim()}': only col=value, !=, <, >, LIKE and IS NULL joined with AND are simulated`);
    const [, name = '', op, literal, likeOp, pattern, isNot] = m;
    const col = column(name, line);
    if (pattern !== undefined && likeOp !== undefined) {
      const regex = likeRegex(unquote(pattern));
      const negate = /^NOT/i.test(likeOp);
      return (row) => {
        const value = col.get(row);
        return value === null ? false : regex.test(asciiLower(String(value))) !== negate;
      };
    }
    if (op === undefined || literal === undefined) return (row) => (col.get(row) === null) !== (isNot !== undefined);
    const value = /^NULL$/i.test(literal) ? null : /^['"]/.test(literal) ? unquote(literal) : Number(literal);
    return (row) => {
      const cell = col.get(row);
      if (cell === null || value === null) return false; // a comparison with NULL is never true
      const order = sqlCompare(cell, withAffinity(value, col.type));
      switch (op) {
        case '=':
        case '==':
          return order === 0;
        case '!=':
        case '<>':
          return order !== 0;
        case '<':
          return order < 0;
        case '<=':
          return order <= 0;
        case '>':
          return order > 0;
        default:
          return order >= 0;
      }
    };
  });
}

function parseSort(sort: string, line: string): Array<{ column: Column; descending: boolean }> {
  return sort.split(',').map((key) => {
    const m = /^\s*([A-Za-z_][A-Za-z0-9_]*)(?:\s+(ASC|DESC))?\s*$/i.exec(key);
    if (!m) throw new UnsupportedShellCommandError(line, `sort order '${key.trim()}': only "col [ASC|DESC], …" is simulated`);
    return { column: column(m[1] as string, line), descending: /^DESC$/i.test(m[2] ?? '') };
  });
}

function column(name: string, line: string): Column {
  if (!Object.hasOwn(mediaColumns, name)) throw providerError(line, `no such column: ${name}`);
  return mediaColumns[name] as Column;
}

/** Splits on `separator` (a sticky regex) where it is not inside '…' or "…". */
function splitOutsideQuotes(text: string, separator: RegExp): string[] {
  const parts: string[] = [];
  let start = 0;
  let quote: string | undefined;
  for (let i = 0; i < text.length; i++) {
    const c = text[i] as string;
    if (quote) {
      if (c === quote) quote = undefined;
      continue;
    }
    if (c === "'" || c === '"') {
      quote = c;
      continue;
    }
    separator.lastIndex = i;
    const m = separator.exec(text);
    if (m && i > start) {
      parts.push(text.slice(start, i));
      start = i + m[0].length;
      i = start - 1;
    }
  }
  parts.push(text.slice(start));
  return parts;
}

function unquote(literal: string): string {
  const quote = literal[0] as string;
  return literal.slice(1, -1).replaceAll(quote + quote, quote);
}

/** SQLite's comparison affinity: a text literal against an integer column is read as a number if it is one. */
function withAffinity(value: SqlValue, type: Column['type']): SqlValue {
  if (type === 'integer' && typeof value === 'string' && /^\s*[-+]?\d+(\.\d+)?\s*$/.test(value)) return Number(value);
  if (type === 'text' && typeof value === 'number') return String(value);
  return value;
}

/** SQLite's order of values: NULL < numbers < text (BINARY collation). */
function sqlCompare(a: SqlValue, b: SqlValue): number {
  if (a === null || b === null) return a === b ? 0 : a === null ? -1 : 1;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'number') return -1;
  if (typeof b === 'number') return 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

function likeRegex(pattern: string): RegExp {
  const body = [...asciiLower(pattern)].map((c) => (c === '%' ? '.*' : c === '_' ? '.' : c.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&'))).join('');
  return new RegExp(`^${body}$`, 'su');
}

function asciiLower(text: string): string {
  return text.replace(/[A-Z]/g, (c) => c.toLowerCase());
}

/*
 * On a phone the tool reports these and exits 0 (usage and `[ERROR] …` on stdout, or a provider exception on
 * stderr), so `mobile: shell` returns text with no rows. Here they fail loudly, so a typo in a driver shows.
 */
function usageError(line: string, message: string): ShellCommandFailedError {
  return new ShellCommandFailedError(line, `[ERROR] ${message}\n`);
}

function providerError(line: string, message: string): ShellCommandFailedError {
  return new ShellCommandFailedError(line, `Error while accessing provider:media\nandroid.database.sqlite.SQLiteException: ${message}\n`);
}
