import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'node-html-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DAY_MS } from '../../runtime/clock.ts';
import { startTestCloud, testJpeg, type TestCloud } from '../test/harness.ts';
import { sampleLibrary, stateDump, type SampleLibrary } from '../test/sample-library.ts';

// The cloud's web view over plain HTTP: what each page lists, that it escapes what it shows, and that looking
// (every page, every thumbnail, errors included) leaves the cloud's state exactly as it was.
let t: TestCloud;
let lib: SampleLibrary;
beforeAll(async () => {
  t = await startTestCloud();
  lib = await sampleLibrary(t);
});
afterAll(() => t.close());

const get = async (path: string, init: RequestInit = {}) => {
  const response = await fetch(t.url + path, init);
  return { status: response.status, type: response.headers.get('content-type') ?? '', text: await response.text() };
};
const html = async (path: string) => {
  const page = await get(path);
  expect(page.type, path).toBe('text/html; charset=utf-8');
  return { status: page.status, doc: parse(page.text), text: page.text };
};
const q = (account: string) => `account=${encodeURIComponent(account)}`;

describe('the web view', () => {
  it('lists the accounts when there is more than one, and shows one chosen with ?account=', async () => {
    const home = await html('/');
    expect(home.doc.querySelectorAll('tr[data-account]').map((r) => r.getAttribute('data-account'))).toEqual([lib.otherAccount, lib.account]);
    const library = await html(`/?${q(lib.account)}`);
    expect(library.doc.querySelectorAll('figure[data-item]').map((f) => f.getAttribute('data-item')).sort()).toEqual(lib.live.map((i) => i.id).sort());
    const other = await html(`/?${q(lib.otherAccount)}`);
    expect(other.doc.querySelectorAll('figure[data-item]')).toHaveLength(1);
    const unknown = await html(`/?${q('nobody@example.com')}`);
    expect(unknown.status).toBe(404);
    expect(unknown.doc.querySelector('h1')?.text).toContain('nobody@example.com');
  });

  it('groups the library by the day each photo was taken, newest day first', async () => {
    const { doc } = await html(`/?${q(lib.account)}`);
    const days = doc.querySelectorAll('section.day').map((s) => [s.querySelector('h2')?.text, s.querySelectorAll('figure').length]);
    expect(days.slice(-2)).toEqual([
      ['Mon, 02 Nov 2026', 2],
      ['Sun, 01 Nov 2026', 2], // the third photo of that day is in the trash
    ]);
  });

  it('shows the trash with the days left, the album, and an item with its versions and history', async () => {
    const trash = await html(`/trash?${q(lib.account)}`);
    expect(trash.doc.querySelectorAll('figure[data-item]').map((f) => f.getAttribute('data-item'))).toEqual([lib.trashed.id]);
    expect(trash.doc.querySelector('.days-left')?.text).toBe('50 days left');
    const albums = await html(`/albums?${q(lib.account)}`);
    expect(albums.doc.querySelector(`figure[data-album="${lib.album.id}"] figcaption`)?.text).toBe(`${lib.album.title}\n2 items`);
    const album = await html(`/album/${lib.album.id}`);
    expect(album.doc.querySelectorAll('figure[data-item]').map((f) => f.getAttribute('data-item'))).toEqual(lib.album.itemIds);
    const item = await html(`/photo/${lib.edited.id}`);
    expect(item.doc.querySelectorAll('tr[data-version]').map((r) => r.getAttribute('data-version'))).toEqual(['2', '1']);
    expect(item.doc.querySelector('tr[data-version="2"]')?.text).toContain('(current)');
    expect(item.doc.querySelectorAll('tr[data-change]').map((r) => r.getAttribute('data-change'))).toEqual(['MEDIA_ITEM_CREATED', 'ALBUM_ITEMS_ADDED', 'MEDIA_ITEM_UPDATED']);
    expect(item.doc.querySelector('table.calls')?.text).toContain('sync.versions.create');
    expect(item.doc.querySelector('tr[data-change="ALBUM_ITEMS_ADDED"] a')?.text).toBe(lib.album.title);
    expect((await html(`/photo/${lib.trashed.id}`)).doc.querySelector('[data-state]')?.text).toMatch(/in the trash since .*: 50 days left/);
  });

  it("opens an item's page at its productUrl, as Google's opens it in Google Photos", async () => {
    const page = await html(new URL(lib.video.productUrl).pathname);
    expect(page.status).toBe(200);
    expect(page.doc.querySelector('h1')?.text).toBe('VID_20261121.mp4');
  });

  it("serves each thumbnail as the cloud's own resize; a video's is its poster", async () => {
    const { doc } = await html(`/?${q(lib.account)}`);
    const sources = doc.querySelectorAll('figure[data-item] img').map((img) => img.getAttribute('src') as string);
    expect(sources).toHaveLength(lib.live.length);
    for (const src of sources) {
      const response = await fetch(t.url + src);
      expect(response.status, src).toBe(200);
      expect(response.headers.get('content-type'), src).toMatch(/^image\/jpeg$/);
    }
    const poster = doc.querySelector(`figure[data-item="${lib.video.id}"]`);
    expect(poster?.hasAttribute('data-video')).toBe(true);
    expect((await get(`/thumb/${lib.edited.id}/9=w100-h100`)).status).toBe(404);
    expect((await get(`/thumb/${lib.edited.id}/1=x`)).status).toBe(400);
  });

  it('escapes names and titles it shows', async () => {
    const t2 = await startTestCloud();
    try {
      const phone = await t2.account('qa@example.com');
      await phone.add(await testJpeg(7), '<img src=x onerror=alert(1)>.jpg');
      await phone.json('POST', '/v1/albums', { album: { title: '"Tom & Jerry" <script>alert(2)</script>' } });
      const pages = await Promise.all(['/', '/albums'].map(async (path) => (await fetch(t2.url + path)).text()));
      for (const page of pages) expect(page).not.toMatch(/<script|<img src=x/);
      expect(pages[0]).toContain('&lt;img src=x onerror=alert(1)&gt;.jpg');
      expect(pages[1]).toContain('&quot;Tom &amp; Jerry&quot; &lt;script&gt;');
    } finally {
      await t2.close();
    }
  });

  it('answers only to its own host names (a page on another name, as after DNS rebinding, reads nothing)', async () => {
    const status = await new Promise<number>((resolve, reject) => {
      request(`${t.url}/?${q(lib.account)}`, { headers: { Host: 'photos.attacker.example' } }, (res) => (res.resume(), resolve(res.statusCode ?? 0))).on('error', reject).end();
    });
    expect(status).toBe(403);
  });

  it('changes nothing: every page, thumbnail, HEAD and error leaves every table and blob as it was', async () => {
    const before = stateDump(t.cloud);
    const paths = ['/', '/accounts', `/?${q(lib.account)}`, `/?${q(lib.account)}&page=1`, `/albums?${q(lib.account)}`, `/album/${lib.album.id}`, `/trash?${q(lib.account)}`, `/?${q('nobody@example.com')}`, '/photo/nope', '/album/nope'];
    for (const item of [...lib.live, lib.trashed]) paths.push(`/photo/${item.id}`, new URL(item.productUrl).pathname);
    for (const path of paths) {
      const page = await get(path);
      for (const img of parse(page.text).querySelectorAll('img[src^="/thumb/"]')) await get(img.getAttribute('src') as string);
      await get(path, { method: 'HEAD' });
    }
    expect(stateDump(t.cloud)).toBe(before);
  });

  // Not cloud.db-shm: SQLite's WAL index, where every reader (any GET of the API too) writes its read mark. It is
  // shared memory, rebuilt from the log when the database opens, and holds no state.
  it('changes no byte on disk either: the database, its log and the blob files are the same after browsing', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'gallery-sync-view-'));
    const disk = await startTestCloud({ dataDir });
    try {
      const sample = await sampleLibrary(disk);
      const before = filesOf(dataDir);
      expect(Object.keys(before)).toEqual(expect.arrayContaining(['cloud.db', 'cloud.db-wal']));
      for (const path of ['/', `/?${q(sample.account)}`, `/trash?${q(sample.account)}`, `/albums?${q(sample.account)}`, `/photo/${sample.edited.id}`]) {
        const page = await fetch(disk.url + path).then((r) => r.text());
        for (const img of parse(page).querySelectorAll('img[src^="/thumb/"]')) expect((await fetch(disk.url + (img.getAttribute('src') as string))).status).toBe(200);
      }
      expect(filesOf(dataDir)).toEqual(before);
    } finally {
      await disk.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('shows an item past its 60 days as gone without purging it (purging is a write; the next API call does it)', async () => {
    const t3 = await startTestCloud();
    try {
      const phone = await t3.account('qa@example.com');
      const item = await phone.add(await testJpeg(8));
      await phone.json('POST', `/v1/sync/mediaItems/${item.id}:trash`);
      t3.cloud.advanceClock(61 * DAY_MS); // time passing with no call (the admin route would sweep at once)
      const before = stateDump(t3.cloud);
      expect((await fetch(`${t3.url}/trash`).then((r) => r.text()))).toContain('The trash is empty.');
      expect(parse(await fetch(`${t3.url}/photo/${item.id}`).then((r) => r.text())).querySelector('[data-state]')?.getAttribute('data-state')).toBe('purged');
      expect(stateDump(t3.cloud)).toBe(before);
      const stillTrashed = t3.cloud.sql('SELECT purged_at FROM media_items WHERE id = ?').get(item.id) as { purged_at: number | null };
      expect(stillTrashed.purged_at).toBeNull();
    } finally {
      await t3.close();
    }
  });
});

/** Every file under a folder but SQLite's WAL index (-shm), by its path there, with the SHA-256 of its bytes. */
function filesOf(dir: string): Record<string, string> {
  const files = readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile() && !e.name.endsWith('-shm'));
  return Object.fromEntries(files.map((e) => [join(e.parentPath, e.name).slice(dir.length + 1), createHash('sha256').update(readFileSync(join(e.parentPath, e.name))).digest('hex')]));
}
