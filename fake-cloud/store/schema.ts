/** The cloud's metadata schema. Blobs live outside SQLite, content-addressed by sha256 (see blob-store.ts). */
export const schemaVersion = 1;

export const schema = `
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);

CREATE TABLE IF NOT EXISTS accounts (
  email TEXT PRIMARY KEY,
  quota_bytes INTEGER NOT NULL,
  created_at INTEGER NOT NULL
);

CREATE TABLE IF NOT EXISTS apps (
  client_id TEXT PRIMARY KEY,
  client_secret TEXT NOT NULL,
  email TEXT NOT NULL REFERENCES accounts(email),
  name TEXT NOT NULL,
  scopes TEXT NOT NULL,
  refresh_token TEXT NOT NULL UNIQUE,
  revoked_at INTEGER,
  created_at INTEGER NOT NULL
);

CREATE TABLE IF NOT EXISTS access_tokens (
  token TEXT PRIMARY KEY,
  client_id TEXT NOT NULL REFERENCES apps(client_id),
  expires_at INTEGER NOT NULL
);

CREATE TABLE IF NOT EXISTS upload_tokens (
  token TEXT PRIMARY KEY,
  email TEXT NOT NULL,
  client_id TEXT NOT NULL,
  sha256 TEXT NOT NULL,
  size INTEGER NOT NULL,
  mime_type TEXT,
  file_name TEXT,
  created_at INTEGER NOT NULL,
  used_at INTEGER
);

CREATE TABLE IF NOT EXISTS upload_sessions (
  id TEXT PRIMARY KEY,
  email TEXT NOT NULL,
  client_id TEXT NOT NULL,
  mime_type TEXT,
  file_name TEXT,
  raw_size INTEGER,
  received INTEGER NOT NULL DEFAULT 0,
  upload_token TEXT,
  created_at INTEGER NOT NULL
);

CREATE TABLE IF NOT EXISTS upload_chunks (
  session_id TEXT NOT NULL REFERENCES upload_sessions(id),
  offset INTEGER NOT NULL,
  data BLOB NOT NULL,
  PRIMARY KEY (session_id, offset)
);

CREATE TABLE IF NOT EXISTS media_items (
  id TEXT PRIMARY KEY,
  seq INTEGER NOT NULL UNIQUE,
  email TEXT NOT NULL,
  created_by TEXT NOT NULL,
  file_name TEXT NOT NULL,
  description TEXT NOT NULL DEFAULT '',
  creation_time INTEGER NOT NULL,
  created_at INTEGER NOT NULL,
  version INTEGER NOT NULL,
  trashed_at INTEGER,
  purged_at INTEGER
);
CREATE INDEX IF NOT EXISTS media_items_by_account ON media_items(email, creation_time DESC, seq DESC);
CREATE INDEX IF NOT EXISTS media_items_trashed ON media_items(trashed_at) WHERE trashed_at IS NOT NULL AND purged_at IS NULL;

CREATE TABLE IF NOT EXISTS versions (
  item_id TEXT NOT NULL REFERENCES media_items(id),
  version INTEGER NOT NULL,
  sha256 TEXT NOT NULL,
  size INTEGER NOT NULL,
  mime_type TEXT NOT NULL,
  width INTEGER NOT NULL,
  height INTEGER NOT NULL,
  media_json TEXT NOT NULL,
  created_by TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  PRIMARY KEY (item_id, version)
);
CREATE INDEX IF NOT EXISTS versions_by_hash ON versions(sha256);

CREATE TABLE IF NOT EXISTS albums (
  id TEXT PRIMARY KEY,
  seq INTEGER NOT NULL UNIQUE,
  email TEXT NOT NULL,
  created_by TEXT NOT NULL,
  title TEXT NOT NULL,
  cover_item_id TEXT,
  created_at INTEGER NOT NULL
);

CREATE TABLE IF NOT EXISTS album_items (
  album_id TEXT NOT NULL REFERENCES albums(id),
  item_id TEXT NOT NULL REFERENCES media_items(id),
  position INTEGER NOT NULL,
  PRIMARY KEY (album_id, item_id)
);
CREATE INDEX IF NOT EXISTS album_items_by_item ON album_items(item_id);

CREATE TABLE IF NOT EXISTS changes (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  email TEXT NOT NULL,
  time INTEGER NOT NULL,
  kind TEXT NOT NULL,
  item_id TEXT,
  album_id TEXT,
  detail TEXT
);
CREATE INDEX IF NOT EXISTS changes_by_account ON changes(email, seq);

CREATE TABLE IF NOT EXISTS audit (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  time INTEGER NOT NULL,
  email TEXT,
  client_id TEXT,
  route TEXT NOT NULL,
  method TEXT NOT NULL,
  path TEXT NOT NULL,
  status INTEGER NOT NULL,
  item_ids TEXT NOT NULL,
  fault TEXT
);
`;

/** Tables in dependency order (export/import and reset walk this list). */
export const tables = [
  'meta',
  'accounts',
  'apps',
  'access_tokens',
  'upload_tokens',
  'upload_sessions',
  'upload_chunks',
  'media_items',
  'versions',
  'albums',
  'album_items',
  'changes',
  'audit',
] as const;
