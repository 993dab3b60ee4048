import type { Cloud } from '../cloud.ts';
import { StoreFault } from '../errors.ts';
import { DamagedBlobError } from '../store/blob-store.ts';

/** The stored bytes of a content, checked against their SHA-256: a damaged or missing blob is a StoreFault naming it. */
export function storedBytes(cloud: Cloud, sha256: string): Buffer {
  let bytes: Buffer | undefined;
  try {
    bytes = cloud.blobs.get(sha256);
  } catch (error) {
    if (error instanceof DamagedBlobError) throw new StoreFault(`Stored content ${sha256} is damaged (its bytes no longer match their SHA-256): it is not served.`, error.message);
    throw error;
  }
  if (!bytes) throw new StoreFault(`Stored content ${sha256} is missing from the blob store.`, `blob ${sha256} is missing from the blob store, though the cloud's records name it`);
  return bytes;
}

/** Whether an item version or a pending upload names this content (so its absence is a fault, not a wrong hash). */
export function contentIsReferenced(cloud: Cloud, sha256: string): boolean {
  return cloud.sqlValue(`SELECT EXISTS (SELECT 1 FROM versions WHERE sha256 = ? UNION ALL SELECT 1 FROM upload_tokens WHERE sha256 = ? AND used_at IS NULL)`).get(sha256, sha256) === 1;
}
