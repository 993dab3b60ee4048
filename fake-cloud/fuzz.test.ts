import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestCloud, testJpeg, type PhotosClient, type TestCloud } from './test/harness.ts';

let t: TestCloud;
let phone: PhotosClient;
let itemId = '';
let albumId = '';

beforeAll(async () => {
  t = await startTestCloud();
  phone = await t.account('qa@example.com');
  itemId = (await phone.add(await testJpeg(1))).id;
  albumId = (await phone.json<{ id: string }>('POST', '/v1/albums', { album: { title: 'Fuzz' } })).body.id;
});
afterAll(() => t.close());

const idLike = () => fc.oneof(fc.constant(itemId), fc.constant(albumId), fc.string({ maxLength: 40 }).map(encodeURIComponent), fc.constant('%00'), fc.constant('..'));

const path = fc.oneof(
  fc.constantFrom('/v1/uploads', '/v1/mediaItems', '/v1/mediaItems:batchCreate', '/v1/mediaItems:search', '/v1/albums', '/v1/sync/changes', '/v1/sync/mediaItems', '/v1/sync/trash', '/v1/sync/quota', '/v1/sync/startToken', '/token', '/revoke', '/__admin/accounts'),
  idLike().map((id) => `/v1/mediaItems/${id}`),
  idLike().map((id) => `/v1/albums/${id}`),
  idLike().map((id) => `/v1/albums/${id}:batchAddMediaItems`),
  idLike().map((id) => `/v1/albums/${id}:batchRemoveMediaItems`),
  idLike().map((id) => `/v1/sync/mediaItems/${id}:trash`),
  idLike().map((id) => `/v1/sync/mediaItems/${id}/versions`),
  idLike().map((id) => `/lr/${id}=d`),
  fc.string({ maxLength: 30 }).map((s) => `/v1/${encodeURIComponent(s)}`),
);

const query = fc.oneof(
  fc.constant(''),
  fc.constantFrom('?pageSize=-1', '?pageSize=abc', '?pageSize=1e9', '?pageToken=%%%', '?pageToken=eyJ4IjoxfQ', '?syncToken=gs1.AAAA', '?updateMask=nope', '?mediaItemIds=' + 'x&mediaItemIds='.repeat(60) + 'y', '?upload_id=zzz'),
);

const tooManyItems = () => ({ newMediaItems: Array.from({ length: 51 }, () => ({ simpleMediaItem: { uploadToken: 'x' } })) });

const body = fc.oneof(
  fc.constant(''),
  fc.string({ maxLength: 200 }),
  fc.constantFrom('{', '{"newMediaItems": ', '[1,2', 'null', 'true', '"text"', '{"album": {"title": 5}}', '{"mediaItemIds": "notalist"}'),
  fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v)),
  fc.record({ newMediaItems: fc.array(fc.anything({ maxDepth: 2 }), { maxLength: 3 }) }).map((v) => JSON.stringify(v)),
  fc.constant(JSON.stringify(tooManyItems())),
  fc.record({ mediaItemIds: fc.array(fc.string({ maxLength: 10 }), { maxLength: 60 }) }).map((v) => JSON.stringify(v)),
  fc.integer({ min: 100_000, max: 400_000 }).map((n) => 'x'.repeat(n)),
);

const headers = fc.record(
  {
    'Content-Type': fc.constantFrom('application/json', 'text/plain', 'application/x-www-form-urlencoded', 'application/octet-stream', 'garbage/*'),
    'X-Goog-Upload-Protocol': fc.constantFrom('raw', 'resumable', 'RAW', 'nope', ''),
    'X-Goog-Upload-Command': fc.constantFrom('start', 'upload', 'upload, finalize', 'query', 'finalize', 'explode'),
    'X-Goog-Upload-Offset': fc.constantFrom('0', '-1', 'abc', '99999999999999999999'),
    'X-Goog-Upload-Raw-Size': fc.constantFrom('0', '-5', '1e3', '999999999999'),
    'X-Goog-Upload-File-Name': fc.constantFrom('a.jpg', '%E0%A4%A', '../../etc/passwd'),
    'If-Match': fc.constantFrom('*', '"1-abc"', 'W/"x"'),
    Authorization: fc.constantFrom('valid', 'Bearer nope', 'Basic abc', ''),
  },
  { requiredKeys: [] },
);

describe('malformed requests', () => {
  it('get 4xx Google-style errors (OAuth-style on /token and /revoke), never a 5xx, and the server keeps serving', async () => {
    const statuses = new Map<number, number>();
    await fc.assert(
      fc.asyncProperty(fc.constantFrom('GET', 'POST', 'PATCH', 'DELETE'), path, query, body, headers, async (method, p, q, b, h) => {
        const sent: Record<string, string> = { ...h };
        if (sent.Authorization === 'valid') sent.Authorization = `Bearer ${phone.accessToken}`;
        const response = await fetch(t.url + p + q, { method, headers: sent, body: method === 'GET' ? undefined : b });
        const text = await response.text();
        statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
        expect(response.status, `${method} ${p}${q} → ${text.slice(0, 300)}`).toBeLessThan(500);
        if (response.status >= 400) {
          const parsed = JSON.parse(text) as { error: unknown };
          if (method === 'POST' && (p === '/token' || p === '/revoke')) expect(parsed).toMatchObject({ error: expect.any(String) });
          else expect(parsed).toMatchObject({ error: { code: response.status, message: expect.any(String), status: expect.stringMatching(/^[A-Z_]+$/) } });
        }
      }),
      { numRuns: 2000, seed: 20261121 },
    );
    expect([...statuses.keys()].some((s) => s >= 400)).toBe(true);
    expect((await fetch(`${t.url}/__admin/health`)).status).toBe(200);
    expect((await phone.json('GET', `/v1/mediaItems/${itemId}`)).status).toBe(200);
  }, 120_000);
});
