import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DamagedBlobError, DiskBlobStore, MemoryBlobStore, sha256Hex, type BlobStore } from './blob-store.ts';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

const backends: Array<[string, () => BlobStore]> = [
  ['memory', () => new MemoryBlobStore()],
  [
    'disk',
    () => {
      const dir = mkdtempSync(join(tmpdir(), 'blobs-'));
      dirs.push(dir);
      return new DiskBlobStore(dir);
    },
  ],
];

// One contract, both backends (the fake-gcs-server way).
describe.each(backends)('BlobStore contract: %s', (_name, make) => {
  it('stores bytes under their sha256 and returns them unchanged', () => {
    const store = make();
    const bytes = Buffer.from('a photo, pretend');
    const hash = store.put(bytes);
    expect(hash).toBe(sha256Hex(bytes));
    expect(store.has(hash)).toBe(true);
    expect(store.get(hash)?.equals(bytes)).toBe(true);
  });

  it('stores identical bytes once', () => {
    const store = make();
    const a = store.put(Buffer.from('same'));
    const b = store.put(Buffer.from('same'));
    store.put(Buffer.from('other'));
    expect(a).toBe(b);
    expect(store.list()).toHaveLength(2);
  });

  it('answers undefined for unknown hashes and forgets everything on clear', () => {
    const store = make();
    const hash = store.put(Buffer.from([1, 2, 3]));
    expect(store.get(sha256Hex(Buffer.from('missing')))).toBeUndefined();
    store.clear();
    expect(store.has(hash)).toBe(false);
    expect(store.list()).toEqual([]);
  });
});

describe('DiskBlobStore', () => {
  it('refuses to return a blob whose file no longer hashes to its name, naming the file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'blobs-'));
    dirs.push(dir);
    const store = new DiskBlobStore(dir);
    const hash = store.put(Buffer.from('the original bytes'));
    const file = join(dir, hash.slice(0, 2), hash);
    writeFileSync(file, 'the original bytez');
    expect(() => store.get(hash)).toThrow(DamagedBlobError);
    expect(() => store.get(hash)).toThrow(`blob ${file} is damaged: its bytes hash to ${sha256Hex(Buffer.from('the original bytez'))}`);
  });

  it('opening a folder removes the .partial files of writes a killed process left, and keeps the blobs', () => {
    const dir = mkdtempSync(join(tmpdir(), 'blobs-'));
    dirs.push(dir);
    const kept = new DiskBlobStore(dir).put(Buffer.from('a finished write'));
    const torn = sha256Hex(Buffer.from('a write killed half way'));
    mkdirSync(join(dir, torn.slice(0, 2)), { recursive: true });
    const leftover = join(dir, torn.slice(0, 2), `${torn}.partial`);
    writeFileSync(leftover, 'a write kil');
    const reopened = new DiskBlobStore(dir);
    expect(existsSync(leftover)).toBe(false);
    expect(reopened.list()).toEqual([kept]);
    expect(reopened.get(kept)?.toString()).toBe('a finished write');
  });
});
