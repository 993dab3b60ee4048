import { request } from 'node:http';
import { describe, expect, it } from 'vitest';
import { KINDS, generateOne } from '../fixtures/index.ts';
import { answerOf, cloudForEachTest, testJpeg, type MediaItemJson, type PhotosClient, type TestCloud } from './test/harness.ts';

// Where real Google Photos clients (rclone, Google's client libraries, upload tools) noticed the fake answering
// otherwise than Google: each request as a client sends it, over plain HTTP.
let t: TestCloud;
let phone: PhotosClient;
cloudForEachTest((cloud, client) => ([t, phone] = [cloud, client]));

/** A raw upload with the file name header as raw UTF-8 bytes, as Go clients send it (fetch refuses such bytes). */
function rawUpload(bytes: Uint8Array, fileName: string): Promise<{ status: number; body: string }> {
  const req = request(`${t.url}/v1/uploads`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${phone.accessToken}`, 'Content-Type': 'application/octet-stream', 'X-Goog-Upload-Protocol': 'raw', 'X-Goog-Upload-File-Name': Buffer.from(fileName, 'utf8').toString('latin1'), 'Content-Length': bytes.length },
  });
  const answer = answerOf(req);
  req.end(Buffer.from(bytes));
  return answer;
}

describe('upload file names beyond Latin-1', () => {
  it('every odd-name fixture uploads in full with its raw UTF-8 name, and keeps it (NFC and NFD alike)', async () => {
    const variants = KINDS['odd-name'].variants ?? [];
    expect(variants.length).toBeGreaterThan(3);
    for (const [i, variant] of variants.entries()) {
      const item = await generateOne('odd-name', i, { seed: 9, variant, sourceIndex: variant.includes('case') ? 0 : null, cameraSize: { width: 64, height: 48 } });
      const fileName = item.entry.path.split('/').at(-1) ?? '';
      const upload = await rawUpload(item.bytes, fileName);
      expect(upload.status, `${variant}: ${upload.body}`).toBe(200);
      const created = await phone.batchCreate([{ token: upload.body }]);
      const result = created.body.newMediaItemResults[0] as { mediaItem?: MediaItemJson };
      // HTTP drops the white space around a header value (RFC 9110 §5.5), at Google as here: a name that begins or
      // ends with a space keeps it only through simpleMediaItem.fileName.
      expect(result.mediaItem?.filename, variant).toBe(fileName.trim());
    }
  });

  it('a percent-encoded name still works', async () => {
    const token = await phone.upload(await testJpeg(3), encodeURIComponent('Phở bò Hà Nội 10.jpg'));
    const created = await phone.batchCreate([{ token }]);
    expect((created.body.newMediaItemResults[0] as { mediaItem: MediaItemJson }).mediaItem.filename).toBe('Phở bò Hà Nội 10.jpg');
  });
});

describe('HEAD wherever GET works', () => {
  it('a baseUrl answers HEAD with GET\'s status and headers and no body; an unknown path 404s without one', async () => {
    const item = await phone.add(await testJpeg(4), 'IMG_head.jpg');
    const get = await fetch(`${item.baseUrl}=d`);
    const bytes = await get.arrayBuffer();
    const head = await fetch(`${item.baseUrl}=d`, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.headers.get('content-length')).toBe(String(bytes.byteLength));
    expect(head.headers.get('content-type')).toBe(get.headers.get('content-type'));
    expect((await head.arrayBuffer()).byteLength).toBe(0);
    const missing = await fetch(`${t.url}/v1/nothing-here`, { method: 'HEAD' });
    expect(missing.status).toBe(404);
    expect((await missing.arrayBuffer()).byteLength).toBe(0);
  });
});

describe('requests refused before any route', () => {
  it('appear in /__admin/audit with their status', async () => {
    await fetch(`${t.url}/v1/nothing-here`);
    await fetch(`${t.url}/v1/mediaItems`, { method: 'PUT' });
    const { body } = await t.admin<{ entries: Array<{ route: string; method: string; path: string; status: number }> }>('GET', '/__admin/audit');
    const refused = body.entries.filter((e) => e.route === 'refused').map((e) => `${e.method} ${e.path} ${e.status}`);
    expect(refused).toEqual(['GET /v1/nothing-here 404', 'PUT /v1/mediaItems 404']);
  });
});

describe('shared albums and authentication', () => {
  it('shared-album calls answer 403 PERMISSION_DENIED to any caller, as Google has since 2025-03-31', async () => {
    for (const [method, path] of [['GET', '/v1/sharedAlbums'], ['GET', '/v1/sharedAlbums/abc'], ['POST', '/v1/sharedAlbums:join'], ['POST', '/v1/sharedAlbums:leave'], ['POST', '/v1/albums/x:share'], ['POST', '/v1/albums/x:unshare']] as const) {
      const result = await phone.json(method, path, method === 'POST' ? {} : undefined);
      expect(result.status, path).toBe(403);
      expect(result.body, path).toEqual({ error: { code: 403, message: 'Request had insufficient authentication scopes.', status: 'PERMISSION_DENIED' } });
    }
  });

  it('a 401 carries the WWW-Authenticate challenge (RFC 6750)', async () => {
    const none = await fetch(`${t.url}/v1/sharedAlbums`);
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toBe('Bearer realm="https://accounts.google.com/"');
    const bad = await fetch(`${t.url}/v1/mediaItems`, { headers: { Authorization: 'Bearer not-a-token' } });
    expect(bad.status).toBe(401);
    expect(bad.headers.get('www-authenticate')).toBe('Bearer realm="https://accounts.google.com/", error="invalid_token"');
  });
});

describe('mediaItems:search filters and order', () => {
  const ids = (result: { body: { mediaItems?: MediaItemJson[] } }) => (result.body.mediaItems ?? []).map((m) => m.filename);
  const today = () => {
    const now = new Date(t.cloud.now());
    return { year: now.getUTCFullYear(), month: now.getUTCMonth() + 1, day: now.getUTCDate() };
  };

  it('FAVORITES and content categories find nothing (nothing is a favourite or classified); exclusions and NONE change nothing', async () => {
    await phone.add(await testJpeg(5), 'a.jpg');
    await phone.add(await testJpeg(6), 'b.jpg');
    const search = (filters: unknown) => phone.json<{ mediaItems?: MediaItemJson[] }>('POST', '/v1/mediaItems:search', { filters });
    expect(ids(await search({ featureFilter: { includedFeatures: ['FAVORITES'] } }))).toEqual([]);
    expect(ids(await search({ contentFilter: { includedContentCategories: ['SELFIES'] } }))).toEqual([]);
    expect(ids(await search({ contentFilter: { excludedContentCategories: ['SELFIES'] } })).sort()).toEqual(['a.jpg', 'b.jpg']);
    expect(ids(await search({ contentFilter: { includedContentCategories: ['NONE'] } })).sort()).toEqual(['a.jpg', 'b.jpg']);
    expect((await search({ contentFilter: { includedContentCategories: ['SUNSETS'] } })).status).toBe(400);
  });

  it('orderBy MediaMetadata.creation_time is oldest first with a dateFilter; "… desc" and no orderBy newest first', async () => {
    for (const [i, name] of ['first.jpg', 'second.jpg', 'third.jpg'].entries()) {
      await phone.add(await testJpeg(10 + i), name);
      await t.advance(1_000);
    }
    const search = (orderBy?: string) => phone.json<{ mediaItems?: MediaItemJson[] }>('POST', '/v1/mediaItems:search', { filters: { dateFilter: { dates: [today()] } }, ...(orderBy ? { orderBy } : {}) });
    expect(ids(await search('MediaMetadata.creation_time'))).toEqual(['first.jpg', 'second.jpg', 'third.jpg']);
    expect(ids(await search('MediaMetadata.creation_time desc'))).toEqual(['third.jpg', 'second.jpg', 'first.jpg']);
    expect(ids(await search())).toEqual(['third.jpg', 'second.jpg', 'first.jpg']);
    expect((await search('filename')).status).toBe(400);
  });
});
