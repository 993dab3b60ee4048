import type { Cloud } from '../cloud.ts';
import { ApiError } from '../errors.ts';
import { requireAccount } from './accounts.ts';

export interface QuotaUsage {
  limitBytes: number;
  usageBytes: number;
  usageInTrashBytes: number;
}

/** Storage used: each distinct content of the account counted once (dedupe), trash included, purged items not. */
export function quotaUsage(cloud: Cloud, email: string): QuotaUsage {
  const { quotaBytes } = requireAccount(cloud, email);
  const row = cloud.sql(
      `SELECT COALESCE(SUM(size), 0) AS total, COALESCE(SUM(CASE WHEN live = 0 THEN size ELSE 0 END), 0) AS trash FROM (
         SELECT v.sha256, MAX(v.size) AS size, MAX(m.trashed_at IS NULL) AS live
         FROM versions v JOIN media_items m ON m.id = v.item_id
         WHERE m.email = ? AND m.purged_at IS NULL GROUP BY v.sha256)`,
    )
    .get(email) as { total: number; trash: number };
  return { limitBytes: quotaBytes, usageBytes: row.total, usageInTrashBytes: row.trash };
}

export function accountHasContent(cloud: Cloud, email: string, sha256: string): boolean {
  return !!cloud.sql(`SELECT 1 FROM versions v JOIN media_items m ON m.id = v.item_id WHERE v.sha256 = ? AND m.email = ? AND m.purged_at IS NULL`)
    .get(sha256, email);
}

export function storageFull(usage: QuotaUsage, needed: number): ApiError {
  return new ApiError(
    429,
    `Storage is full: this account uses ${usage.usageBytes} of ${usage.limitBytes} bytes and the upload needs ${needed} more. Free up space (empty the trash) or raise the quota.`,
  );
}

/** Throws RESOURCE_EXHAUSTED when `size` new bytes would not fit. */
export function ensureRoom(cloud: Cloud, email: string, size: number): void {
  const usage = quotaUsage(cloud, email);
  if (usage.usageBytes + size > usage.limitBytes) throw storageFull(usage, size);
}
