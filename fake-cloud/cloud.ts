import { createHash, createHmac, randomBytes } from 'node:crypto';
import { join, resolve } from 'node:path';
import { existsSync, mkdirSync, mkdtempSync, realpathSync } from 'node:fs';
import { tmpdir } from 'node:os';
import type { AdjustableClock } from '../runtime/clock.ts';
import { DAY_MS } from '../runtime/clock.ts';
import { createRng, type Rng } from '../runtime/rng.ts';
import { DiskBlobStore, MemoryBlobStore, type BlobStore } from './store/blob-store.ts';
import { getMeta, openDatabase, setMeta, statement, type Db } from './store/database.ts';
import { ChangeSignal } from './model/push.ts';
import { FaultTable } from './model/faults.ts';

export interface CloudOptions {
  /** The cloud's clock: virtual in `simulate`, real time plus an offset for the server. */
  clock: AdjustableClock;
  /** Seeds ids and fault draws (not credentials: see seededCredentials). Default 0. */
  seed?: number;
  /**
   * Client secrets, refresh and access tokens and baseUrl signatures come from a random key (node:crypto) unless
   * this is set: then that key derives from the seed too, so whoever knows the seed can compute every token. Only
   * for a run that must replay byte for byte with its credentials. Default false.
   */
  seededCredentials?: boolean;
  /** Directory for `cloud.db` (SQLite, WAL) and `blobs/`; omit for memory. */
  dataDir?: string;
  /**
   * The only folder `/__admin/export` writes to and `/__admin/import` reads from. Default: `<dataDir>/exports`; a
   * cloud in memory gets a fresh private folder under the system's temp folder the first time it is needed.
   */
  exportsDir?: string;
  /** Absolute origin used in baseUrl / productUrl / upload URLs. The HTTP server fills it in when it knows its port. */
  publicUrl?: string;
  defaultQuotaBytes?: number;
  /** How long the change feed keeps events; a sync token older than this must resync fully. */
  feedRetentionMs?: number;
}

export const alphabets = {
  base64url: 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_',
  lowerAlnum: 'abcdefghijklmnopqrstuvwxyz0123456789',
  digits: '0123456789',
} as const;

export const defaults = {
  quotaBytes: 15 * 1024 ** 3,
  trashRetentionMs: 60 * DAY_MS,
  feedRetentionMs: 30 * DAY_MS,
  uploadTokenLifetimeMs: DAY_MS,
  baseUrlLifetimeMs: 60 * 60 * 1000,
  accessTokenLifetimeMs: 3599 * 1000,
} as const;

/** The state of the mock Photos cloud: metadata (SQLite), bytes (blob store), clock and seeded randomness. */
export class Cloud {
  readonly db: Db;
  readonly blobs: BlobStore;
  readonly clock: AdjustableClock;
  readonly rng: Rng;
  readonly dataDir: string | undefined;
  readonly feedRetentionMs: number;
  readonly defaultQuotaBytes: number;
  readonly faults = new FaultTable();
  /** Wakes the phones of an account that wait for a push. */
  readonly changes = new ChangeSignal();
  publicUrl: string;
  private readonly seed: number;
  private readonly seededCredentials: boolean;
  private exportsFolder: string | undefined;

  constructor(options: CloudOptions) {
    this.clock = options.clock;
    this.dataDir = options.dataDir;
    this.exportsFolder = options.exportsDir ? resolve(options.exportsDir) : options.dataDir ? join(resolve(options.dataDir), 'exports') : undefined;
    if (options.dataDir) mkdirSync(options.dataDir, { recursive: true });
    this.db = openDatabase(options.dataDir ? join(options.dataDir, 'cloud.db') : ':memory:');
    this.blobs = options.dataDir ? new DiskBlobStore(join(options.dataDir, 'blobs')) : new MemoryBlobStore();
    this.seed = options.seed ?? 0;
    this.seededCredentials = options.seededCredentials ?? false;
    this.rng = createRng(this.seed).fork('fake-cloud');
    // The first seed a data directory was created with stays its seed, so ids minted after a restart never collide.
    if (getMeta(this.db, 'secret') === undefined) setMeta(this.db, 'secret', createHash('sha256').update(`gallery-sync cloud ${this.seed}`).digest('hex'));
    this.publicUrl = options.publicUrl ?? 'http://127.0.0.1';
    this.feedRetentionMs = options.feedRetentionMs ?? defaults.feedRetentionMs;
    this.defaultQuotaBytes = options.defaultQuotaBytes ?? defaults.quotaBytes;
  }

  now(): number {
    return this.clock.now();
  }

  /** The exports folder (made if missing), as a real path; see {@link CloudOptions.exportsDir}. */
  exportsRoot(): string {
    this.exportsFolder ??= mkdtempSync(join(tmpdir(), 'gallery-sync-exports-'));
    mkdirSync(this.exportsFolder, { recursive: true });
    return realpathSync(this.exportsFolder);
  }

  /** Where exports go, without making anything (undefined: a cloud in memory that has not exported yet). */
  get exportsDir(): string | undefined {
    return this.exportsFolder;
  }

  /** A fresh id: deterministic for a seed, unique for the life of the data directory. */
  mint(prefix: string, length = 40, alphabet: string = alphabets.base64url): string {
    return this.draw(`${this.stored('secret')}:mint`, prefix, length, alphabet);
  }

  /**
   * A fresh credential (client secret, refresh or access token): from the credential key, so it cannot be computed
   * from the seed. It takes a number from the same counter as ids, so ids stay what they were for a seed.
   */
  mintCredential(prefix: string, length: number, alphabet: string = alphabets.base64url): string {
    return this.draw(`${this.credentialKey()}:credential`, prefix, length, alphabet);
  }

  /** HMAC-SHA256 over the credential key, in base64url (baseUrl signatures). */
  sign(value: string): string {
    return createHmac('sha256', this.credentialKey()).update(value).digest('base64url');
  }

  private draw(root: string, prefix: string, length: number, alphabet: string): string {
    const seq = Number(getMeta(this.db, 'mint_seq') ?? '0') + 1;
    setMeta(this.db, 'mint_seq', String(seq));
    let out = '';
    for (let block = 0; out.length < length; block++) {
      for (const byte of createHash('sha256').update(`${root}:${seq}:${block}`).digest()) out += alphabet[byte % alphabet.length];
    }
    return prefix + out.slice(0, length);
  }

  /**
   * Keys are read from the database each time, not kept in memory: an import or a reset that replaces them takes
   * effect at once (tokens and baseUrls signed with the old key stop working).
   */
  private stored(key: string): string {
    const value = getMeta(this.db, key);
    if (value === undefined) throw new Error(`fake-cloud: meta "${key}" is missing`);
    return value;
  }

  /** The credential key; made on first use (a new cloud, a reset, or an import of an export that has none). */
  private credentialKey(): string {
    let key = getMeta(this.db, 'credential_key');
    if (key === undefined) {
      key = this.seededCredentials ? createHash('sha256').update(`gallery-sync credentials ${this.seed}`).digest('hex') : randomBytes(32).toString('hex');
      setMeta(this.db, 'credential_key', key);
    }
    return key;
  }

  /** A cached prepared statement. */
  sql(text: string) {
    return statement(this.db, text);
  }

  /** A cached prepared statement that answers the first column's value instead of row objects. */
  sqlValue(text: string) {
    return statement(this.db, text, true);
  }

  transaction<T>(work: () => T): T {
    return this.db.transaction(work)();
  }

  /** Moves the cloud's clock forward; the server keeps the total so a restart resumes at the same cloud time. */
  advanceClock(ms: number): void {
    this.clock.advance(ms);
    setMeta(this.db, 'clock_advanced_ms', String(Number(getMeta(this.db, 'clock_advanced_ms') ?? '0') + ms));
  }

  close(): void {
    this.changes.close();
    this.db.close();
  }
}

/** Total ms the clock was advanced through the admin API, for a server reopening a data directory. */
export function storedClockOffset(dataDir: string): number {
  // A data folder that does not exist yet is a new cloud: nothing advanced its clock.
  if (!existsSync(join(dataDir, 'cloud.db'))) return 0;
  const db = openDatabase(join(dataDir, 'cloud.db'));
  try {
    return Number(getMeta(db, 'clock_advanced_ms') ?? '0');
  } finally {
    db.close();
  }
}
