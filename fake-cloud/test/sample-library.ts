import { DAY_MS } from '../../runtime/clock.ts';
import { generateOne } from '../../fixtures/index.ts';
import { tables } from '../store/schema.ts';
import type { Cloud } from '../cloud.ts';
import { testJpeg, type MediaItemJson, type TestCloud } from './harness.ts';

/** What the web view's tests look at: an account with photos, a video, an album, an edit and a trashed photo. */
export interface SampleLibrary {
  account: string;
  /** In the library (not trashed): four photos and the video. */
  live: MediaItemJson[];
  video: MediaItemJson;
  /** Trashed, then 10 days passed: 50 days left. */
  trashed: MediaItemJson;
  /** Has a second version. */
  edited: MediaItemJson;
  album: { id: string; title: string; itemIds: string[] };
  /** A second account with one photo, so the view has accounts to choose from. */
  otherAccount: string;
}

export async function sampleLibrary(t: TestCloud): Promise<SampleLibrary> {
  const account = 'qa@example.com';
  const phone = await t.account(account);
  const photos: MediaItemJson[] = [];
  // Taken on two days (three on 1 November, two on the 2nd), so the grid has days to group them by.
  for (let n = 1; n <= 5; n++) {
    const day = n <= 3 ? 1 : 2;
    const photo = await testJpeg(n, { width: 96, height: 64, exif: { DateTimeOriginal: `2026:11:0${day} 10:0${n}:00` } });
    photos.push(await phone.add(photo, `IMG_2026110${day}_10${n}.jpg`));
  }
  const { bytes } = await generateOne('video', 0, { seed: 5 });
  const videoToken = await phone.upload(bytes, 'VID_20261121.mp4', 'video/mp4');
  const video = (await phone.batchCreate([{ token: videoToken, fileName: 'VID_20261121.mp4' }])).body.newMediaItemResults[0]?.mediaItem;
  if (!video) throw new Error('the sample video was not created');
  const [edited, trashed, inAlbum] = photos as [MediaItemJson, MediaItemJson, MediaItemJson, ...MediaItemJson[]];
  const album = (await phone.json<{ id: string; title: string }>('POST', '/v1/albums', { album: { title: 'Trip to Lisbon' } })).body;
  await expectOk(phone.json('POST', `/v1/albums/${album.id}:batchAddMediaItems`, { mediaItemIds: [edited.id, inAlbum.id] }));
  const before = await phone.json<{ etag: string }>('GET', `/v1/sync/mediaItems/${edited.id}`);
  const editToken = await phone.upload(await testJpeg(11, { width: 96, height: 64 }), edited.filename);
  await expectOk(phone.json('POST', `/v1/sync/mediaItems/${edited.id}/versions`, { uploadToken: editToken }, { 'If-Match': before.body.etag }));
  await expectOk(phone.json('POST', `/v1/sync/mediaItems/${trashed.id}:trash`));
  await t.advance(10 * DAY_MS);
  const otherAccount = 'family@example.com';
  await (await t.account(otherAccount)).add(await testJpeg(99), 'IMG_family.jpg');
  return {
    account,
    live: [...photos.filter((p) => p !== trashed), video],
    video,
    trashed,
    edited,
    album: { id: album.id, title: album.title, itemIds: [edited.id, inAlbum.id] },
    otherAccount,
  };
}

async function expectOk(call: Promise<{ status: number; text: string }>): Promise<void> {
  const result = await call;
  if (result.status !== 200) throw new Error(`sample library: ${result.status} ${result.text}`);
}

/** Every row of every table and every blob, as one string: equal before and after means nothing changed. */
export function stateDump(cloud: Cloud): string {
  const rows = Object.fromEntries(tables.map((table) => [table, cloud.sql(`SELECT * FROM ${table} ORDER BY rowid`).all()]));
  const blobs = cloud.blobs.list().sort();
  return JSON.stringify({ rows, blobs, changesSinceOpen: cloud.sqlValue('SELECT total_changes()').get() }, (_key, value: unknown) => (Buffer.isBuffer(value) ? value.toString('base64') : value));
}
