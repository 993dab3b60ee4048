/// <reference types="gapi.client.photoslibrary" />
import { setupServer } from 'msw/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { VirtualClock } from '../runtime/virtual-clock.ts';
import { Cloud } from './cloud.ts';
import { cloudHandlers } from './handlers.ts';
import { startTestCloud, testJpeg, type TestCloud } from './test/harness.ts';

type Photos = typeof gapi.client.photoslibrary;
type MediaItem = gapi.client.photoslibrary.MediaItem;
type Album = gapi.client.photoslibrary.Album;
type BatchCreateResponse = gapi.client.photoslibrary.BatchCreateMediaItemsResponse;
type ListResponse = gapi.client.photoslibrary.ListMediaItemsResponse;
void (null as unknown as Photos);

/**
 * Strict schemas of what the cloud sends. Two checks keep them honest: `.strict()` refuses any field the schema
 * lacks at run time, and the `Assignable` lines below fail to compile if a schema drifts from Google's own typings.
 */
const photo = z.object({ cameraMake: z.string(), cameraModel: z.string(), focalLength: z.number(), apertureFNumber: z.number(), isoEquivalent: z.number(), exposureTime: z.string() }).partial().strict();
const video = z.object({ cameraMake: z.string().optional(), cameraModel: z.string().optional(), fps: z.number().optional(), status: z.string() }).strict();
const mediaItem = z
  .object({
    id: z.string(),
    description: z.string().optional(),
    productUrl: z.string().url(),
    baseUrl: z.string().url(),
    mimeType: z.string(),
    filename: z.string(),
    mediaMetadata: z
      .object({ creationTime: z.string().datetime(), width: z.string().regex(/^\d+$/), height: z.string().regex(/^\d+$/), photo: photo.optional(), video: video.optional() })
      .strict(),
  })
  .strict();
const album = z
  .object({ id: z.string(), title: z.string(), productUrl: z.string().url(), isWriteable: z.boolean(), mediaItemsCount: z.string(), coverPhotoBaseUrl: z.string().url().optional(), coverPhotoMediaItemId: z.string().optional() })
  .strict();
const status = z.object({ code: z.number().optional(), message: z.string() }).strict();
const batchCreateResponse = z.object({ newMediaItemResults: z.array(z.object({ uploadToken: z.string(), status, mediaItem: mediaItem.optional() }).strict()) }).strict();
const listResponse = z.object({ mediaItems: z.array(mediaItem).optional(), nextPageToken: z.string().optional() }).strict();

type Assignable<T, _U extends T> = true;
export type ShapeChecks = [
  Assignable<MediaItem, z.infer<typeof mediaItem>>,
  Assignable<Album, z.infer<typeof album>>,
  Assignable<BatchCreateResponse, z.infer<typeof batchCreateResponse>>,
  Assignable<ListResponse, z.infer<typeof listResponse>>,
];

describe('response shapes match @types/gapi.client.photoslibrary', () => {
  let t: TestCloud;
  beforeAll(async () => {
    t = await startTestCloud();
  });
  afterAll(() => t.close());

  it('for batchCreate, list, get, and albums', async () => {
    const phone = await t.account('qa@example.com');
    const token = await phone.upload(await testJpeg(1, { exif: { DateTimeOriginal: '2026:11:21 14:22:33', OffsetTimeOriginal: '+08:00' } }));
    const created = await phone.batchCreate([{ token, description: 'first' }, { token: 'bad' }]);
    const parsed = batchCreateResponse.parse(created.body);
    const id = parsed.newMediaItemResults[0]?.mediaItem?.id as string;
    listResponse.parse((await phone.json('GET', '/v1/mediaItems')).body);
    mediaItem.parse((await phone.json('GET', `/v1/mediaItems/${id}`)).body);
    const made = album.parse((await phone.json('POST', '/v1/albums', { album: { title: 'Camera' } })).body);
    await phone.json('POST', `/v1/albums/${made.id}:batchAddMediaItems`, { mediaItemIds: [id] });
    album.parse((await phone.json('GET', `/v1/albums/${made.id}`)).body);
  });
});

describe('in-process with msw', () => {
  // Code that calls the real Google hosts, unchanged, answered by the same handlers with no socket at all.
  const cloud = new Cloud({ clock: new VirtualClock(Date.UTC(2026, 10, 21)), seed: 3 });
  const server = setupServer(...cloudHandlers(cloud));
  beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
  afterAll(() => {
    server.close();
    cloud.close();
  });

  it('serves https://photoslibrary.googleapis.com and oauth2.googleapis.com on virtual time', async () => {
    const account = await fetch('https://photoslibrary.googleapis.com/__admin/accounts', { method: 'POST', body: JSON.stringify({ email: 'qa@example.com' }) });
    const creds = (await account.json()) as { clientId: string; clientSecret: string; refreshToken: string };
    const grant = await fetch('https://oauth2.googleapis.com/token', {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'refresh_token', client_id: creds.clientId, client_secret: creds.clientSecret, refresh_token: creds.refreshToken }),
    });
    const { access_token } = (await grant.json()) as { access_token: string };
    const auth = { Authorization: `Bearer ${access_token}` };
    const bytes = await testJpeg(2);
    const upload = await fetch('https://photoslibrary.googleapis.com/v1/uploads', {
      method: 'POST',
      headers: { ...auth, 'X-Goog-Upload-Protocol': 'raw', 'X-Goog-Upload-File-Name': 'IMG_1.jpg' },
      body: new Uint8Array(bytes),
    });
    const uploadToken = await upload.text();
    const created = await fetch('https://photoslibrary.googleapis.com/v1/mediaItems:batchCreate', {
      method: 'POST',
      headers: auth,
      body: JSON.stringify({ newMediaItems: [{ simpleMediaItem: { uploadToken } }] }),
    });
    const item = batchCreateResponse.parse(await created.json()).newMediaItemResults[0]?.mediaItem;
    expect(item?.mediaMetadata.creationTime).toBe('2026-11-21T00:00:00Z');
    expect(cloud.db.prepare('SELECT COUNT(*) FROM media_items').pluck().get()).toBe(1);
  });
});
