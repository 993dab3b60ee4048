import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync, existsSync, readdirSync, rmSync, openSync, fsyncSync, closeSync } from 'node:fs';
import { join } from 'node:path';

/** Content-addressed bytes: the key is the sha256 of the value, so a blob is written once and never changes. */
export interface BlobStore {
  /** Stores bytes; `sha256` may be passed when the caller has just computed it (it must be the bytes' hash). */
  put(bytes: Uint8Array, sha256?: string): string;
  /** The bytes stored under `sha256`, undefined when there are none; throws {@link DamagedBlobError} when they no longer match it. */
  get(sha256: string): Buffer | undefined;
  has(sha256: string): boolean;
  list(): string[];
  clear(): void;
}

export const sha256Hex = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

/** Stored bytes that no longer hash to their name (a bad disk, a hand edit): they must never be served as the content. */
export class DamagedBlobError extends Error {
  override readonly name = 'DamagedBlobError';

  constructor(
    readonly sha256: string,
    readonly path: string,
    readonly actual: string,
  ) {
    super(`blob ${path} is damaged: its bytes hash to ${actual}, not to its name`);
  }
}

export class MemoryBlobStore implements BlobStore {
  private readonly blobs = new Map<string, Buffer>();

  put(bytes: Uint8Array, hash = sha256Hex(bytes)): string {
    if (!this.blobs.has(hash)) this.blobs.set(hash, Buffer.from(bytes));
    return hash;
  }

  get(sha256: string): Buffer | undefined {
    return this.blobs.get(sha256);
  }

  has(sha256: string): boolean {
    return this.blobs.has(sha256);
  }

  list(): string[] {
    return [...this.blobs.keys()].sort();
  }

  clear(): void {
    this.blobs.clear();
  }
}

/**
 * Blobs as files `<dir>/ab/abcdef…`. A blob is written to a temporary name, fsynced and renamed, so a crash
 * never leaves a half-written blob under its hash; metadata is committed only after `put` returns.
 */
export class DiskBlobStore implements BlobStore {
  /** Opening a folder removes the `.partial` files of writes a killed process never finished (see removeLeftovers). */
  constructor(private readonly dir: string) {
    mkdirSync(dir, { recursive: true });
    this.removeLeftovers();
  }

  private pathOf(sha256: string): string {
    if (!/^[0-9a-f]{64}$/.test(sha256)) throw new Error(`not a sha256: ${sha256}`);
    return join(this.dir, sha256.slice(0, 2), sha256);
  }

  put(bytes: Uint8Array, hash = sha256Hex(bytes)): string {
    const target = this.pathOf(hash);
    if (existsSync(target)) return hash;
    mkdirSync(join(this.dir, hash.slice(0, 2)), { recursive: true });
    const temporary = `${target}.partial`;
    writeFileSync(temporary, bytes);
    const fd = openSync(temporary, 'r');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temporary, target);
    return hash;
  }

  /** Reads and hashes the file every time: sha256 runs at ~2 GB/s here, about what the read itself costs (see the README). */
  get(sha256: string): Buffer | undefined {
    const path = this.pathOf(sha256);
    if (!existsSync(path)) return undefined;
    const bytes = readFileSync(path);
    const actual = sha256Hex(bytes);
    if (actual !== sha256) throw new DamagedBlobError(sha256, path, actual);
    return bytes;
  }

  has(sha256: string): boolean {
    return existsSync(this.pathOf(sha256));
  }

  list(): string[] {
    return readdirSync(this.dir)
      .filter((d) => /^[0-9a-f]{2}$/.test(d))
      .flatMap((d) => readdirSync(join(this.dir, d)).filter((f) => /^[0-9a-f]{64}$/.test(f)))
      .sort();
  }

  clear(): void {
    for (const d of readdirSync(this.dir)) rmSync(join(this.dir, d), { recursive: true, force: true });
  }

  /** Removes the `.partial` files of writes that never finished: no record names one (metadata is committed after `put`). */
  removeLeftovers(): string[] {
    const leftovers = readdirSync(this.dir)
      .filter((d) => /^[0-9a-f]{2}$/.test(d))
      .flatMap((d) => readdirSync(join(this.dir, d)).filter((f) => f.endsWith('.partial')).map((f) => join(this.dir, d, f)));
    for (const file of leftovers) rmSync(file, { force: true });
    return leftovers;
  }
}
