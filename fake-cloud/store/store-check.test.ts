import { appendFileSync, copyFileSync, mkdtempSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestCloud, testJpeg } from '../test/harness.ts';
import { storeDamage } from './store-check.ts';

const dirs: string[] = [];
afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));
const folder = () => {
  const dir = mkdtempSync(join(tmpdir(), 'store-check-'));
  dirs.push(dir);
  return dir;
};

/** cloud.db and cloud.db-wal copied while the cloud runs: what a kill -9 leaves (most of the state is in the log). */
let crashed: string;
beforeAll(async () => {
  const live = folder();
  const t = await startTestCloud({ dataDir: live });
  const phone = await t.account('qa@example.com');
  for (let n = 0; n < 8; n++) await phone.add(await testJpeg(n), `IMG_${n}.jpg`);
  crashed = folder();
  for (const file of ['cloud.db', 'cloud.db-wal']) copyFileSync(join(live, file), join(crashed, file));
  await t.close();
});

const copy = (damage: (wal: string) => void) => {
  const dir = folder();
  for (const file of ['cloud.db', 'cloud.db-wal']) copyFileSync(join(crashed, file), join(dir, file));
  damage(join(dir, 'cloud.db-wal'));
  return join(dir, 'cloud.db');
};
const overwrite = (file: string, offset: number, length: number) => {
  const bytes = readFileSync(file);
  bytes.fill(0x5a, offset, offset + length);
  writeFileSync(file, bytes);
};

describe('the write-ahead log after a kill', () => {
  it('is accepted as it is, with junk appended, or with a torn last frame (an unacknowledged write)', () => {
    expect(storeDamage(copy(() => undefined))).toBeUndefined();
    expect(storeDamage(copy((wal) => appendFileSync(wal, Buffer.alloc(10_000, 0xab))))).toBeUndefined();
    expect(storeDamage(copy((wal) => truncateSync(wal, readFileSync(wal).length - 1000)))).toBeUndefined();
  });

  it('is accepted when SQLite restarted it after a checkpoint (frames of the previous log left behind)', () => {
    const live = folder();
    const db = new Database(join(live, 'cloud.db'));
    db.pragma('journal_mode = WAL');
    db.exec('CREATE TABLE photos (n INTEGER, bytes BLOB)');
    const insert = db.prepare('INSERT INTO photos VALUES (?, ?)');
    for (let n = 0; n < 1200; n++) insert.run(n, Buffer.alloc(4000, n)); // past the 1000-page autocheckpoint
    for (let n = 1200; n < 1210; n++) insert.run(n, Buffer.alloc(4000, n)); // a new log over the start of the old one
    const crashed = folder();
    for (const file of ['cloud.db', 'cloud.db-wal']) copyFileSync(join(live, file), join(crashed, file));
    db.close();
    expect(storeDamage(join(crashed, 'cloud.db'))).toBeUndefined();
    const reopened = new Database(join(crashed, 'cloud.db'), { readonly: true });
    expect(reopened.prepare('SELECT count(*) AS n FROM photos').get()).toEqual({ n: 1210 });
    reopened.close();
  });

  it('is refused when a damaged frame would make SQLite drop the committed frames after it', () => {
    const db = copy((wal) => overwrite(wal, readFileSync(wal).length >> 1, 100));
    expect(storeDamage(db)).toEqual({ file: `${db}-wal`, problem: expect.stringMatching(/^frame \d+ of \d+ is damaged: SQLite would silently drop it and the \d+ frames of the log after it \([1-9]\d* committed transactions\); to start without them, truncate it to \d+ bytes$/) });
  });

  it('is refused when its header is damaged (SQLite would ignore the whole log)', () => {
    const db = copy((wal) => overwrite(wal, 16, 8));
    expect(storeDamage(db)?.problem).toMatch(/^its header is damaged: SQLite would ignore the whole log/);
  });
});
