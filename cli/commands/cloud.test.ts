import { execFile, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createHash } from 'node:crypto';
import { appendFileSync, copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestCloud, testJpeg } from '../../fake-cloud/test/harness.ts';

const bin = new URL('../../bin/gallery-sync.js', import.meta.url).pathname;
const run = (...args: string[]) => promisify(execFile)(process.execPath, [bin, 'cloud', ...args], { encoding: 'utf8', timeout: 20_000 }).then((r) => ({ code: 0, ...r }), (error: { code: number; stdout: string; stderr: string }) => error);

describe('gallery-sync cloud start-up', () => {
  it('makes a data folder that does not exist yet, parents included, and serves', async () => {
    const parent = mkdtempSync(join(tmpdir(), 'gallery-sync-cloud-'));
    const dir = join(parent, 'new', 'data');
    const child = spawn(process.execPath, [bin, 'cloud', '--data', dir, '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
    const [line] = (await once(child.stdout, 'data')) as [Buffer];
    const url = /listening on (\S+)/.exec(line.toString())?.[1];
    const health = await fetch(`${url}/__admin/health`);
    expect(health.status).toBe(200);
    // Exports are confined to a folder of the data folder unless --exports names another.
    expect(await health.json()).toMatchObject({ dataDir: dir, exportsDir: join(dir, 'exports') });
    expect(existsSync(join(dir, 'cloud.db'))).toBe(true);
    child.kill('SIGTERM');
    expect((await once(child, 'exit'))[0]).toBe(0);
    rmSync(parent, { recursive: true, force: true });
  });

  it("prints the web view's address, and a browser there sees the library (none yet)", async () => {
    const child = spawn(process.execPath, [bin, 'cloud', '--memory', '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    while (!/web view \(read-only\): (\S+)\n/.test(output)) await once(child.stdout, 'data');
    const view = /web view \(read-only\): (\S+)\n/.exec(output)?.[1] as string;
    expect(view).toBe(`${/listening on (\S+)/.exec(output)?.[1]}/`);
    const page = await fetch(view);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(await page.text()).toContain('<h1>No accounts yet</h1>');
    child.kill('SIGTERM');
    expect((await once(child, 'exit'))[0]).toBe(0);
  });

  it.each([
    [['--port', '70000', '--memory'], 'gallery-sync: --port must be at most 65535, got 70000\n'],
    [['--data', '/dev/null', '--port', '0'], 'gallery-sync: --data /dev/null: not a directory\n'],
    [['--memory', '--exports', '/dev/null', '--port', '0'], 'gallery-sync: --exports /dev/null: not a directory\n'],
    [['--data', '/proc/gallery-sync-nope', '--port', '0'], "gallery-sync: --data /proc/gallery-sync-nope: cannot keep the cloud's state there (ENOENT)\n"],
  ])('refuses %j in one line, exit 2', async (args, message) => {
    expect(await run(...args)).toMatchObject({ code: 2, stderr: message });
  });
});

describe('gallery-sync cloud refuses a damaged store', () => {
  /** A store closed cleanly (all in cloud.db) and one copied while the cloud ran (most of it still in cloud.db-wal, as after kill -9). */
  const closed = mkdtempSync(join(tmpdir(), 'gallery-sync-closed-'));
  const running = mkdtempSync(join(tmpdir(), 'gallery-sync-running-'));
  const made = [closed, running];
  afterAll(() => made.forEach((dir) => rmSync(dir, { recursive: true, force: true })));
  beforeAll(async () => {
    const t = await startTestCloud({ dataDir: closed });
    const phone = await t.account('qa@example.com');
    for (let n = 0; n < 12; n++) await phone.add(await testJpeg(n), `IMG_${n}.jpg`);
    for (const file of ['cloud.db', 'cloud.db-wal']) copyFileSync(join(closed, file), join(running, file));
    await t.close();
  });

  const copyOf = (from: string) => {
    const dir = mkdtempSync(join(tmpdir(), 'gallery-sync-damaged-'));
    made.push(dir);
    for (const file of readdirSync(from).filter((f) => f.startsWith('cloud.db'))) copyFileSync(join(from, file), join(dir, file));
    return dir;
  };
  const fingerprint = (dir: string) => readdirSync(dir).map((f) => `${f} ${createHash('sha256').update(readFileSync(join(dir, f))).digest('hex')}`);
  const pageSize = 4096;

  it.each([
    ['one damaged page (the second)', () => closed, (dir: string) => overwrite(join(dir, 'cloud.db'), pageSize, pageSize), /^gallery-sync: \S+\/cloud\.db: damaged: .+\n$/],
    ['a truncated file', () => closed, (dir: string) => truncateSync(join(dir, 'cloud.db'), 3 * pageSize + 100), /^gallery-sync: \S+\/cloud\.db: damaged: .+\n$/],
    ['a file that is not SQLite', () => closed, (dir: string) => writeFileSync(join(dir, 'cloud.db'), 'photos,albums\n1,2\n'), /^gallery-sync: \S+\/cloud\.db: not an SQLite database\. .+\n$/],
    ['a damaged frame in the middle of the log', () => running, (dir: string) => overwrite(join(dir, 'cloud.db-wal'), readFileSync(join(dir, 'cloud.db-wal')).length >> 1, 100), /^gallery-sync: \S+\/cloud\.db-wal: frame \d+ of \d+ is damaged: SQLite would silently drop it and the \d+ frames of the log after it \(\d+ committed transactions\); to start without them, truncate it to \d+ bytes\. .+\n$/],
  ])('%s: one line naming the file and the problem, exit 2, nothing changed', async (_case, source, damage, message) => {
    const dir = copyOf(source());
    damage(dir);
    const before = fingerprint(dir);
    const refused = await run('--data', dir, '--port', '0');
    expect(refused).toMatchObject({ code: 2, stdout: '' });
    expect(refused.stderr).toMatch(message);
    expect(refused.stderr).not.toMatch(/\n\s+at /);
    expect(fingerprint(dir)).toEqual(before);
  });

  it('junk appended to the log after a kill is not damage: the cloud starts', async () => {
    const dir = copyOf(running);
    appendFileSync(join(dir, 'cloud.db-wal'), Buffer.from('junk after a kill -9\n'.repeat(500)));
    const child = spawn(process.execPath, [bin, 'cloud', '--data', dir, '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
    const [line] = (await once(child.stdout, 'data')) as [Buffer];
    expect(line.toString()).toMatch(/listening on/);
    child.kill('SIGTERM');
    expect((await once(child, 'exit'))[0]).toBe(0);
  });
});

/** Overwrites `length` bytes at `offset` with junk, as a bad sector or a stray write would. */
function overwrite(file: string, offset: number, length: number): void {
  const bytes = readFileSync(file);
  bytes.fill(0x5a, offset, offset + length);
  writeFileSync(file, bytes);
}
