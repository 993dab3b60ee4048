import Database from 'better-sqlite3';
import { schema, schemaVersion } from './schema.ts';

export type Db = Database.Database;

/**
 * Opens the metadata database. A file gets WAL with synchronous=NORMAL: every committed transaction survives the
 * process being killed (kill -9); only a power cut could lose the last few. ':memory:' is the same engine in RAM.
 */
export function openDatabase(file: string): Db {
  const db = new Database(file);
  if (file !== ':memory:') {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
  }
  db.pragma('foreign_keys = ON');
  db.exec(schema);
  const version = getMeta(db, 'schema_version');
  if (version === undefined) setMeta(db, 'schema_version', String(schemaVersion));
  else if (Number(version) !== schemaVersion) {
    throw new Error(`${file}: schema version ${version}, this build reads version ${schemaVersion}`);
  }
  return db;
}

const statements = new WeakMap<Db, Map<string, Database.Statement>>();

/** A prepared statement, compiled once per database and reused (preparing costs more than running). */
export function statement(db: Db, sql: string, pluck = false): Database.Statement {
  let cache = statements.get(db);
  if (!cache) statements.set(db, (cache = new Map()));
  const key = `${pluck ? 'pluck' : 'rows'}:${sql}`;
  let prepared = cache.get(key);
  if (!prepared) cache.set(key, (prepared = pluck ? db.prepare(sql).pluck() : db.prepare(sql)));
  return prepared;
}

export function getMeta(db: Db, key: string): string | undefined {
  return (statement(db, `SELECT value FROM meta WHERE key = ?`).get(key) as { value: string } | undefined)?.value;
}

export function setMeta(db: Db, key: string, value: string): void {
  statement(db, `INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value`).run(key, value);
}
