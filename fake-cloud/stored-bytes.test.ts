import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi, type MockInstance } from 'vitest';
import { sha256Hex } from './store/blob-store.ts';
import { expectGoogleError, startTestCloud, testJpeg, type MediaItemJson, type PhotosClient, type TestCloud } from './test/harness.ts';

let dataDir: string;
let t: TestCloud;
let phone: PhotosClient;
let item: MediaItemJson;
let sha: string;
let blobFile: string;
let logged: MockInstance<typeof console.error>;

beforeEach(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'cloud-stored-bytes-'));
  t = await startTestCloud({ dataDir });
  phone = await t.account('qa@example.com');
  const bytes = await testJpeg(7, { width: 320, height: 240 });
  item = await phone.add(bytes, 'IMG_7.jpg');
  sha = sha256Hex(bytes);
  blobFile = join(dataDir, 'blobs', sha.slice(0, 2), sha);
  logged = vi.spyOn(console, 'error').mockImplementation(() => undefined);
});
afterEach(async () => {
  vi.restoreAllMocks();
  await t.close();
  rmSync(dataDir, { recursive: true, force: true });
});

const get = async (url: string) => {
  const response = await fetch(url);
  const text = await response.text();
  return { status: response.status, headers: response.headers, text, body: response.headers.get('content-type')?.includes('json') ? (JSON.parse(text) as unknown) : text };
};
const logLines = () => logged.mock.calls.map((call) => call.map(String).join(' '));

describe('stored bytes are checked against their hash', () => {
  it('serves intact bytes unchanged (=d and the admin copy)', async () => {
    expect(sha256Hex(Buffer.from(await (await fetch(`${item.baseUrl}=d`)).arrayBuffer()))).toBe(sha);
    expect(sha256Hex(Buffer.from(await (await fetch(`${t.url}/__admin/blobs/${sha}`)).arrayBuffer()))).toBe(sha);
    expect(logged).not.toHaveBeenCalled();
  });

  it('a damaged blob is never served: =d, =wN and /__admin/blobs answer a logged 500 naming it', async () => {
    writeFileSync(blobFile, Buffer.from('not the photo any more'));
    for (const url of [`${item.baseUrl}=d`, `${item.baseUrl}=w100`, `${t.url}/__admin/blobs/${sha}`]) {
      const answer = await get(url);
      expectGoogleError(answer, 500, 'INTERNAL');
      expect(answer.text, url).toContain(sha);
      expect(answer.text).toContain('damaged');
    }
    expect(logLines().filter((line) => line.includes(blobFile) && line.includes('damaged'))).toHaveLength(3);
  });

  it('a missing blob is a logged 500 with the cause; a hash the cloud never stored stays a 404', async () => {
    rmSync(blobFile);
    for (const url of [`${item.baseUrl}=d`, `${t.url}/__admin/blobs/${sha}`]) {
      const answer = await get(url);
      expectGoogleError(answer, 500, 'INTERNAL');
      expect(answer.text, JSON.stringify(logLines())).toContain(`${sha} is missing`);
    }
    expect(logLines().filter((line) => line.includes(`blob ${sha} is missing`))).toHaveLength(2);
    expectGoogleError(await get(`${t.url}/__admin/blobs/${sha256Hex(Buffer.from('never stored'))}`), 404, 'NOT_FOUND');
  });

  it('an upload whose stored bytes were damaged before batchCreate makes no item: a logged 500 naming the content', async () => {
    const bytes = await testJpeg(8);
    const token = await phone.upload(bytes, 'IMG_8.jpg');
    const hash = sha256Hex(bytes);
    writeFileSync(join(dataDir, 'blobs', hash.slice(0, 2), hash), Buffer.from('damaged after the upload'));
    const created = await phone.batchCreate([{ token }]);
    expectGoogleError(created, 500, 'INTERNAL');
    expect(created.text).toContain(hash);
    expect(logLines().some((line) => line.includes('mediaItems.batchCreate') && line.includes('damaged'))).toBe(true);
    expect((await phone.json<{ mediaItems?: unknown[] }>('GET', '/v1/mediaItems')).body.mediaItems).toHaveLength(1);
  });

  it('export refuses a damaged blob, names it, and writes nothing', async () => {
    writeFileSync(blobFile, Buffer.from('flipped bits'));
    const exported = await t.admin<{ error: { message: string } }>('POST', '/__admin/export', { dir: 'bug-report' });
    expect(exported.status).toBe(500);
    expect(exported.body.error.message).toContain(sha);
    expect(existsSync(join(t.cloud.exportsRoot(), 'bug-report'))).toBe(false);
    expect(logLines().some((line) => line.includes('admin.export') && line.includes(blobFile))).toBe(true);
  });

  it('export of an intact store writes every blob it reports', async () => {
    const exported = await t.admin<{ dir: string; blobs: number }>('POST', '/__admin/export', { dir: 'bug-report' });
    expect(exported.status).toBe(200);
    expect(exported.body.blobs).toBe(1);
    expect(existsSync(join(exported.body.dir, 'blobs', sha))).toBe(true);
  });
});
