import { describe, expect, it } from 'vitest';
import { cloudForEachTest, expectGoogleError, testJpeg, type MediaItemJson, type PhotosClient, type TestCloud } from './test/harness.ts';

let t: TestCloud;
let phone: PhotosClient;
cloudForEachTest((cloud, client) => ([t, phone] = [cloud, client]));

type ListBody = { mediaItems?: MediaItemJson[]; nextPageToken?: string };

async function addMany(client: PhotosClient, count: number, from = 0): Promise<MediaItemJson[]> {
  const tokens = [];
  for (let i = 0; i < count; i++) tokens.push({ token: await client.upload(await testJpeg(from + i, { width: 16, height: 12 }), `IMG_${from + i}.jpg`) });
  const items: MediaItemJson[] = [];
  for (let i = 0; i < tokens.length; i += 50) {
    const created = await client.batchCreate(tokens.slice(i, i + 50));
    items.push(...created.body.newMediaItemResults.map((r) => r.mediaItem as MediaItemJson));
  }
  return items;
}

describe('batchCreate', () => {
  it('deduplicates identical bytes: one item, the first filename kept', async () => {
    const bytes = await testJpeg(1);
    const first = await phone.add(bytes, 'IMG_first.jpg');
    const second = await phone.add(bytes, 'IMG_copy.jpg');
    expect(second.id).toBe(first.id);
    expect(second.filename).toBe('IMG_first.jpg');
    const listed = await phone.json<ListBody>('GET', '/v1/mediaItems');
    expect(listed.body.mediaItems).toHaveLength(1);
  });

  it('treats different bytes (an edited copy) as a new item', async () => {
    const a = await phone.add(await testJpeg(1), 'IMG.jpg');
    const b = await phone.add(await testJpeg(2), 'IMG.jpg');
    expect(b.id).not.toBe(a.id);
  });

  it('refuses more than 50 items, and an empty list, before touching anything', async () => {
    const token = await phone.upload(await testJpeg(3));
    const tooMany = await phone.batchCreate(Array.from({ length: 51 }, () => ({ token })));
    expectGoogleError(tooMany, 400, 'INVALID_ARGUMENT');
    expect(JSON.stringify(tooMany.body)).toMatch(/at most 50/);
    expectGoogleError(await phone.json('POST', '/v1/mediaItems:batchCreate', { newMediaItems: [] }), 400);
    // The token is still usable: nothing was consumed by the refused request.
    expect((await phone.batchCreate([{ token }])).body.newMediaItemResults[0]?.mediaItem).toBeDefined();
  });

  it('reports per-item status: one bad token does not sink the others', async () => {
    const good = await phone.upload(await testJpeg(4));
    const notMedia = await phone.upload(new TextEncoder().encode('this is not a photo'), 'notes.txt', 'text/plain');
    const result = await phone.batchCreate([{ token: good }, { token: 'bogus' }, { token: notMedia }]);
    expect(result.status).toBe(200);
    const [ok, bogus, text] = result.body.newMediaItemResults;
    expect(ok?.mediaItem).toBeDefined();
    expect(bogus).toMatchObject({ uploadToken: 'bogus', status: { code: 3 } });
    expect(bogus?.mediaItem).toBeUndefined();
    expect(text?.status.code).toBe(3);
  });

  it('reads dimensions and camera EXIF into mediaMetadata, with the capture time from DateTimeOriginal + offset', async () => {
    const bytes = await testJpeg(5, { width: 40, height: 30, exif: { DateTimeOriginal: '2026:11:21 14:22:33', OffsetTimeOriginal: '+08:00' } });
    const item = await phone.add(bytes, 'IMG_20261121_142233.jpg');
    expect(item.mediaMetadata).toEqual({
      creationTime: '2026-11-21T06:22:33Z',
      width: '40',
      height: '30',
      photo: { cameraMake: 'Xiaomi', cameraModel: 'Redmi Note 12' },
    });
    expect(item.productUrl).toBe(`${t.url}/lr/photo/${item.id}`);
  });

  it('adds created items to an album of this app', async () => {
    const album = await phone.json<{ id: string }>('POST', '/v1/albums', { album: { title: 'Camera' } });
    const token = await phone.upload(await testJpeg(6));
    await phone.batchCreate([{ token }], album.body.id);
    const search = await phone.json<ListBody>('POST', '/v1/mediaItems:search', { albumId: album.body.id });
    expect(search.body.mediaItems).toHaveLength(1);
  });
});

describe('list, get, batchGet', () => {
  it('pages 25 at a time by default and at most 100, newest first, each item exactly once', async () => {
    const created = await addMany(phone, 130);
    const first = await phone.json<ListBody>('GET', '/v1/mediaItems');
    expect(first.body.mediaItems).toHaveLength(25);
    const seen: string[] = [];
    let pageToken: string | undefined;
    let pages = 0;
    do {
      const page = await phone.json<ListBody>('GET', `/v1/mediaItems?pageSize=500${pageToken ? `&pageToken=${pageToken}` : ''}`);
      expect(page.body.mediaItems?.length).toBeLessThanOrEqual(100);
      seen.push(...(page.body.mediaItems ?? []).map((i) => i.id));
      pageToken = page.body.nextPageToken;
      pages++;
    } while (pageToken && pages < 10);
    expect(pages).toBe(2);
    expect(new Set(seen).size).toBe(130);
    expect(seen.sort()).toEqual(created.map((i) => i.id).sort());
  });

  it('refuses a bad page token and a bad pageSize', async () => {
    expectGoogleError(await phone.json('GET', '/v1/mediaItems?pageToken=garbage'), 400);
    expectGoogleError(await phone.json('GET', '/v1/mediaItems?pageSize=-3'), 400);
  });

  it('gets one item, and 404s an unknown id', async () => {
    const item = await phone.add(await testJpeg(7));
    const got = await phone.json<MediaItemJson>('GET', `/v1/mediaItems/${item.id}`);
    expect(got.body.id).toBe(item.id);
    expectGoogleError(await phone.json('GET', '/v1/mediaItems/nope'), 404, 'NOT_FOUND');
  });

  it('batchGets up to 50 ids with a per-id status for unknown ones', async () => {
    const [a, b] = await addMany(phone, 2);
    const result = await phone.json<{ mediaItemResults: Array<{ mediaItem?: MediaItemJson; status?: { code: number } }> }>(
      'GET',
      `/v1/mediaItems:batchGet?mediaItemIds=${a?.id}&mediaItemIds=missing&mediaItemIds=${b?.id}`,
    );
    expect(result.body.mediaItemResults.map((r) => r.mediaItem?.id ?? r.status?.code)).toEqual([a?.id, 5, b?.id]);
    const tooMany = Array.from({ length: 51 }, (_, i) => `mediaItemIds=x${i}`).join('&');
    expectGoogleError(await phone.json('GET', `/v1/mediaItems:batchGet?${tooMany}`), 400);
    expectGoogleError(await phone.json('GET', '/v1/mediaItems:batchGet'), 400);
  });

  it('shows an app only what it created (appcreateddata scopes) and an account only its own items', async () => {
    const item = await phone.add(await testJpeg(8));
    const webApp = await t.app('qa@example.com', 'photos-web', ['https://www.googleapis.com/auth/photoslibrary.readonly.appcreateddata']);
    expect((await webApp.json<ListBody>('GET', '/v1/mediaItems')).body.mediaItems).toBeUndefined();
    expectGoogleError(await webApp.json('GET', `/v1/mediaItems/${item.id}`), 404);
    const stranger = await t.account('stranger@example.com');
    expectGoogleError(await stranger.json('GET', `/v1/mediaItems/${item.id}`), 404);
  });
});

describe('search and patch', () => {
  it('filters by date (exact, wildcard and range) and by media type, and refuses albumId with filters', async () => {
    const nov = await phone.add(await testJpeg(9, { exif: { DateTimeOriginal: '2026:11:21 10:00:00' } }));
    const jan = await phone.add(await testJpeg(10, { exif: { DateTimeOriginal: '2025:01:02 10:00:00' } }));
    const search = (filters: object) => phone.json<ListBody>('POST', '/v1/mediaItems:search', { filters });
    const ids = (r: { body: ListBody }) => (r.body.mediaItems ?? []).map((i) => i.id);
    expect(ids(await search({ dateFilter: { dates: [{ year: 2026, month: 11, day: 21 }] } }))).toEqual([nov.id]);
    expect(ids(await search({ dateFilter: { dates: [{ month: 1, day: 2 }] } }))).toEqual([jan.id]);
    expect(ids(await search({ dateFilter: { ranges: [{ startDate: { year: 2024 }, endDate: { year: 2025 } }] } }))).toEqual([jan.id]);
    expect(ids(await search({ mediaTypeFilter: { mediaTypes: ['VIDEO'] } }))).toEqual([]);
    expect(ids(await search({ mediaTypeFilter: { mediaTypes: ['PHOTO'] } })).sort()).toEqual([nov.id, jan.id].sort());
    expectGoogleError(await phone.json('POST', '/v1/mediaItems:search', { albumId: 'x', filters: {} }), 400);
  });

  it('patches the description only with updateMask=description and under 1000 characters', async () => {
    const item = await phone.add(await testJpeg(11));
    const patched = await phone.json<MediaItemJson>('PATCH', `/v1/mediaItems/${item.id}?updateMask=description`, { description: 'Birthday' });
    expect(patched.body.description).toBe('Birthday');
    expectGoogleError(await phone.json('PATCH', `/v1/mediaItems/${item.id}?updateMask=filename`, { description: 'x' }), 400);
    expectGoogleError(await phone.json('PATCH', `/v1/mediaItems/${item.id}?updateMask=description`, { description: 'x'.repeat(1000) }), 400);
    expect((await phone.json<MediaItemJson>('GET', `/v1/mediaItems/${item.id}`)).body.description).toBe('Birthday');
  });
});
