import type { Cloud } from '../cloud.ts';
import { defaults } from '../cloud.ts';
import { ApiError, invalidArgument, notFound } from '../errors.ts';
import { sha256Hex } from '../store/blob-store.ts';
import type { Caller } from './accounts.ts';
import { accountHasContent, ensureRoom } from './quota.ts';
import { checkStoredSize, checkUploadSize, maxUploadBytes } from './upload-limits.ts';

export { maxUploadBytes };
export const chunkGranularity = 256 * 1024;

export interface UploadTokenRow {
  token: string;
  email: string;
  client_id: string;
  sha256: string;
  size: number;
  mime_type: string | null;
  file_name: string | null;
  created_at: number;
  used_at: number | null;
}

interface SessionRow {
  id: string;
  email: string;
  client_id: string;
  mime_type: string | null;
  file_name: string | null;
  raw_size: number | null;
  received: number;
  upload_token: string | null;
}

export interface UploadMeta {
  mimeType?: string | undefined;
  fileName?: string | undefined;
}

/** Checks quota before anything is stored (a refused upload leaves no bytes behind); answers the bytes' sha256. */
function ensureRoomFor(cloud: Cloud, email: string, bytes: Uint8Array): string {
  const hash = sha256Hex(bytes);
  if (!accountHasContent(cloud, email, hash)) ensureRoom(cloud, email, bytes.length);
  return hash;
}

/** Stores the bytes and issues a single-use upload token valid for a day. */
export function acceptUpload(cloud: Cloud, caller: Caller, bytes: Uint8Array, meta: UploadMeta): string {
  if (bytes.length === 0) throw invalidArgument('The upload is empty: send the media bytes in the request body.');
  checkStoredSize(bytes, meta.mimeType);
  const sha256 = cloud.blobs.put(bytes, ensureRoomFor(cloud, caller.email, bytes));
  const token = cloud.mint('CAIS', 160);
  cloud.sql(
      `INSERT INTO upload_tokens (token, email, client_id, sha256, size, mime_type, file_name, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    .run(token, caller.email, caller.clientId, sha256, bytes.length, meta.mimeType ?? null, meta.fileName ?? null, cloud.now());
  return token;
}

export type TokenProblem = 'unknown' | 'used' | 'expired';

/** An upload token this caller may turn into an item, or why not. */
export function checkUploadToken(cloud: Cloud, caller: Caller, token: string): UploadTokenRow | TokenProblem {
  const row = cloud.sql(`SELECT * FROM upload_tokens WHERE token = ? AND email = ?`).get(token, caller.email) as UploadTokenRow | undefined;
  if (!row) return 'unknown';
  if (row.used_at !== null) return 'used';
  if (cloud.now() - row.created_at > defaults.uploadTokenLifetimeMs) return 'expired';
  return row;
}

export function markTokenUsed(cloud: Cloud, token: string): void {
  cloud.sql(`UPDATE upload_tokens SET used_at = ? WHERE token = ?`).run(cloud.now(), token);
}

export function startResumable(cloud: Cloud, caller: Caller, rawSize: number | undefined, meta: UploadMeta): string {
  if (rawSize !== undefined) {
    checkUploadSize(rawSize, meta.mimeType);
    ensureRoom(cloud, caller.email, rawSize);
  }
  const id = cloud.mint('ABPtcPo', 60);
  cloud.sql(`INSERT INTO upload_sessions (id, email, client_id, mime_type, file_name, raw_size, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)`)
    .run(id, caller.email, caller.clientId, meta.mimeType ?? null, meta.fileName ?? null, rawSize ?? null, cloud.now());
  return id;
}

function session(cloud: Cloud, caller: Caller, id: string): SessionRow {
  const row = cloud.sql(`SELECT * FROM upload_sessions WHERE id = ? AND email = ?`).get(id, caller.email) as SessionRow | undefined;
  if (!row) throw notFound('No upload session with this id.');
  return row;
}

export interface SessionStatus {
  status: 'active' | 'final';
  received: number;
  uploadToken?: string;
}

export function querySession(cloud: Cloud, caller: Caller, id: string): SessionStatus {
  const row = session(cloud, caller, id);
  return row.upload_token ? { status: 'final', received: row.received, uploadToken: row.upload_token } : { status: 'active', received: row.received };
}

/** Appends a chunk at `offset` (which must be what the server has); `finalize` turns the session into a token. */
export function uploadChunk(cloud: Cloud, caller: Caller, id: string, offset: number, bytes: Uint8Array, finalize: boolean): SessionStatus {
  const row = session(cloud, caller, id);
  if (row.upload_token) return { status: 'final', received: row.received, uploadToken: row.upload_token };
  if (offset !== row.received) {
    throw new ApiError(
      400,
      `X-Goog-Upload-Offset ${offset} does not match the ${row.received} bytes received; query the upload and resume from there.`,
      'INVALID_ARGUMENT',
      undefined,
      { 'X-Goog-Upload-Status': 'active', 'X-Goog-Upload-Size-Received': String(row.received) },
    );
  }
  if (!finalize && bytes.length % chunkGranularity !== 0) {
    throw invalidArgument(`Every chunk but the last must be a multiple of X-Goog-Upload-Chunk-Granularity (${chunkGranularity} bytes).`);
  }
  const received = row.received + bytes.length;
  if (row.raw_size !== null && received > row.raw_size) throw invalidArgument(`The upload is larger than X-Goog-Upload-Raw-Size (${row.raw_size} bytes).`);
  checkUploadSize(received, row.mime_type ?? undefined);
  if (bytes.length > 0) cloud.sql(`INSERT INTO upload_chunks (session_id, offset, data) VALUES (?, ?, ?)`).run(id, offset, Buffer.from(bytes));
  cloud.sql(`UPDATE upload_sessions SET received = ? WHERE id = ?`).run(received, id);
  if (!finalize) return { status: 'active', received };
  if (row.raw_size !== null && received !== row.raw_size) {
    throw invalidArgument(`The upload ended at ${received} bytes but X-Goog-Upload-Raw-Size said ${row.raw_size}.`);
  }
  const chunks = cloud.sqlValue(`SELECT data FROM upload_chunks WHERE session_id = ? ORDER BY offset`).all(id) as Buffer[];
  const token = acceptUpload(cloud, caller, Buffer.concat(chunks), { mimeType: row.mime_type ?? undefined, fileName: row.file_name ?? undefined });
  cloud.sql(`DELETE FROM upload_chunks WHERE session_id = ?`).run(id);
  cloud.sql(`UPDATE upload_sessions SET upload_token = ? WHERE id = ?`).run(token, id);
  return { status: 'final', received, uploadToken: token };
}
