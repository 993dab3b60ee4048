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
  const version = db.prepare(`SELECT value FROM meta WHERE key = 'schema_version'`).pluck().get() as string | undefined;
  if (version === undefined) setMeta(db, 'schema_version', String(schemaVersion));
  else if (Number(version) !== schemaVersion) {
    throw new Error(`${file}: schema version ${version}, this build reads version ${schemaVersion}`);
  }
  return db;
}

export function getMeta(db: Db, key: string): string | undefined {
  return db.prepare(`SELECT value FROM meta WHERE key = ?`).pluck().get(key) as string | undefined;
}

export function setMeta(db: Db, key: string, value: string): void {
  db.prepare(`INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value`).run(key, value);
}
