import type { Cloud } from '../cloud.ts';
import { ApiError, invalidArgument } from '../errors.ts';
import { getMeta, setMeta } from '../store/database.ts';

/** The sync extension's change feed: what changed in an account since a sync token, in order. */
export const changeKinds = [
  'MEDIA_ITEM_CREATED',
  'MEDIA_ITEM_UPDATED',
  'MEDIA_ITEM_TRASHED',
  'MEDIA_ITEM_RESTORED',
  'MEDIA_ITEM_PURGED',
  'ALBUM_CREATED',
  'ALBUM_UPDATED',
  'ALBUM_ITEMS_ADDED',
  'ALBUM_ITEMS_REMOVED',
] as const;
export type ChangeKind = (typeof changeKinds)[number];

export interface ChangeRow {
  seq: number;
  email: string;
  time: number;
  kind: ChangeKind;
  item_id: string | null;
  album_id: string | null;
  detail: string | null;
}

export function recordChange(
  cloud: Cloud,
  email: string,
  kind: ChangeKind,
  subject: { itemId?: string; albumId?: string; detail?: Record<string, unknown>; time?: number },
): void {
  cloud.sql(`INSERT INTO changes (email, time, kind, item_id, album_id, detail) VALUES (?, ?, ?, ?, ?, ?)`)
    .run(email, subject.time ?? cloud.now(), kind, subject.itemId ?? null, subject.albumId ?? null, subject.detail ? JSON.stringify(subject.detail) : null);
  cloud.changes.notify(email);
}

/** The account's latest change (0 before any). */
export function latestChange(cloud: Cloud, email: string): number {
  return (cloud.sql(`SELECT MAX(seq) AS seq FROM changes WHERE email = ?`).get(email) as { seq: number | null }).seq ?? 0;
}

const tokenPrefix = 'gs1.';

export function encodeSyncToken(seq: number): string {
  return tokenPrefix + Buffer.from(`seq:${seq}`).toString('base64url');
}

export function decodeSyncToken(token: string): number {
  const seq = token.startsWith(tokenPrefix) ? /^seq:(\d{1,15})$/.exec(Buffer.from(token.slice(tokenPrefix.length), 'base64url').toString())?.[1] : undefined;
  if (seq === undefined) throw invalidArgument('Invalid sync token.');
  return Number(seq);
}

/** The token that means "now": changes after it are the ones still to come. */
export function headToken(cloud: Cloud): string {
  const head = cloud.sqlValue(`SELECT COALESCE(MAX(seq), 0) FROM changes`).get() as number;
  return encodeSyncToken(Math.max(head, Number(getMeta(cloud.db, 'feed_floor_seq') ?? '0')));
}

export function readChanges(cloud: Cloud, email: string, afterSeq: number, limit: number): { rows: ChangeRow[]; more: boolean } {
  const floor = Number(getMeta(cloud.db, 'feed_floor_seq') ?? '0');
  if (afterSeq < floor) {
    throw new ApiError(410, 'Sync token is no longer valid, a full sync is required: list /v1/sync/mediaItems and take a new token from /v1/sync/startToken.', 'FAILED_PRECONDITION', [
      { '@type': 'type.googleapis.com/google.rpc.ErrorInfo', reason: 'FULL_SYNC_REQUIRED', domain: 'gallery-sync' },
    ]);
  }
  const rows = cloud.sql(`SELECT * FROM changes WHERE email = ? AND seq > ? ORDER BY seq LIMIT ?`).all(email, afterSeq, limit + 1) as ChangeRow[];
  return { rows: rows.slice(0, limit), more: rows.length > limit };
}

/** Forgets events older than the retention; tokens from before them can no longer be served. */
export function trimFeed(cloud: Cloud): void {
  const cutoff = cloud.now() - cloud.feedRetentionMs;
  const last = cloud.sqlValue(`SELECT MAX(seq) FROM changes WHERE time < ?`).get(cutoff) as number | null;
  if (last === null) return;
  cloud.sql(`DELETE FROM changes WHERE seq <= ?`).run(last);
  setMeta(cloud.db, 'feed_floor_seq', String(last));
}
