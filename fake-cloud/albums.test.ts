import { describe, expect, it } from 'vitest';
import { cloudForEachTest, expectGoogleError, testJpeg, type MediaItemJson, type PhotosClient, type TestCloud } from './test/harness.ts';

let t: TestCloud;
let phone: PhotosClient;
cloudForEachTest((cloud, client) => ([t, phone] = [cloud, client]));

interface AlbumJson {
  id: string;
  title: string;
  productUrl: string;
  isWriteable: boolean;
  mediaItemsCount: string;
  coverPhotoBaseUrl?: string;
  coverPhotoMediaItemId?: string;
}

const createAlbum = async (client: PhotosClient, title: string) => (await client.json<AlbumJson>('POST', '/v1/albums', { album: { title } })).body;
const albumItems = async (albumId: string) =>
  ((await phone.json<{ mediaItems?: MediaItemJson[] }>('POST', '/v1/mediaItems:search', { albumId })).body.mediaItems ?? []).map((i) => i.id);

describe('albums', () => {
  it('creates, gets and patches an album', async () => {
    const album = await createAlbum(phone, 'Camera');
    expect(album).toMatchObject({ title: 'Camera', isWriteable: true, mediaItemsCount: '0' });
    expect((await phone.json<AlbumJson>('GET', `/v1/albums/${album.id}`)).body.title).toBe('Camera');
    const renamed = await phone.json<AlbumJson>('PATCH', `/v1/albums/${album.id}?updateMask=title`, { title: 'DCIM' });
    expect(renamed.body.title).toBe('DCIM');
    expectGoogleError(await phone.json('PATCH', `/v1/albums/${album.id}?updateMask=colour`, { title: 'x' }), 400);
    expectGoogleError(await phone.json('POST', '/v1/albums', { album: {} }), 400);
    expectGoogleError(await phone.json('GET', '/v1/albums/unknown'), 404);
  });

  it('lists 20 albums a page by default and at most 50', async () => {
    for (let i = 0; i < 55; i++) await createAlbum(phone, `Album ${i}`);
    const first = await phone.json<{ albums: AlbumJson[]; nextPageToken?: string }>('GET', '/v1/albums');
    expect(first.body.albums).toHaveLength(20);
    const big = await phone.json<{ albums: AlbumJson[]; nextPageToken?: string }>('GET', '/v1/albums?pageSize=80');
    expect(big.body.albums).toHaveLength(50);
    const rest = await phone.json<{ albums: AlbumJson[]; nextPageToken?: string }>('GET', `/v1/albums?pageSize=80&pageToken=${big.body.nextPageToken}`);
    expect(rest.body.albums.map((a) => a.title)).toEqual(['Album 50', 'Album 51', 'Album 52', 'Album 53', 'Album 54']);
    expect(rest.body.nextPageToken).toBeUndefined();
  });

  it('adds and removes items all-or-nothing, at most 50 at a time', async () => {
    const album = await createAlbum(phone, 'Trip');
    const a = await phone.add(await testJpeg(1));
    const b = await phone.add(await testJpeg(2));
    const mixed = await phone.json('POST', `/v1/albums/${album.id}:batchAddMediaItems`, { mediaItemIds: [a.id, 'no-such-item'] });
    expectGoogleError(mixed, 400, 'INVALID_ARGUMENT');
    expect(await albumItems(album.id)).toEqual([]);
    const added = await phone.json('POST', `/v1/albums/${album.id}:batchAddMediaItems`, { mediaItemIds: [a.id, b.id] });
    expect(added).toMatchObject({ status: 200, body: {} });
    expect(await albumItems(album.id)).toEqual([a.id, b.id]);
    expect((await phone.json<AlbumJson>('GET', `/v1/albums/${album.id}`)).body).toMatchObject({ mediaItemsCount: '2', coverPhotoMediaItemId: a.id });
    const tooMany = Array.from({ length: 51 }, () => a.id);
    expectGoogleError(await phone.json('POST', `/v1/albums/${album.id}:batchAddMediaItems`, { mediaItemIds: tooMany }), 400);
    await phone.json('POST', `/v1/albums/${album.id}:batchRemoveMediaItems`, { mediaItemIds: [a.id] });
    expect(await albumItems(album.id)).toEqual([b.id]);
  });

  it('keeps other apps and accounts out of an album', async () => {
    const album = await createAlbum(phone, 'Private');
    const web = await t.app('qa@example.com', 'web', ['https://www.googleapis.com/auth/photoslibrary.edit.appcreateddata']);
    expectGoogleError(await web.json('GET', `/v1/albums/${album.id}`), 404);
    const stranger = await t.account('stranger@example.com');
    expectGoogleError(await stranger.json('POST', '/v1/mediaItems:search', { albumId: album.id }), 404);
  });
});
