import { describe, expect, it } from 'vitest';
import { generateOne } from '../fixtures/index.ts';
import { cloudForEachTest, type PhotosClient } from './test/harness.ts';

let phone: PhotosClient;
cloudForEachTest((_cloud, client) => (phone = client));

describe('videos and other media from the fixtures generator', () => {
  it('stores an MP4 as a video with its frame size, and serves its bytes with =dv', async () => {
    const { bytes, entry } = await generateOne('video', 0, { seed: 5 });
    const token = await phone.upload(bytes, entry.path, 'video/mp4');
    const item = (await phone.batchCreate([{ token }])).body.newMediaItemResults[0]?.mediaItem;
    expect(item).toMatchObject({ mimeType: 'video/mp4', mediaMetadata: { width: String(entry.width), height: String(entry.height), video: { status: 'READY' } } });
    const downloaded = Buffer.from(await (await fetch(`${item?.baseUrl}=dv`)).arrayBuffer());
    expect(downloaded.equals(Buffer.from(bytes))).toBe(true);
  });

  it('recognises PNG, WebP, GIF and AVIF by their bytes, and refuses a zero-byte file', async () => {
    for (const kind of ['screenshot', 'webp', 'gif', 'avif'] as const) {
      const { bytes, entry } = await generateOne(kind, 1, { seed: 5 });
      const token = await phone.upload(bytes, entry.path, 'application/octet-stream');
      const item = (await phone.batchCreate([{ token }])).body.newMediaItemResults[0]?.mediaItem;
      expect(item?.mimeType, kind).toBe(entry.mime);
      expect(item?.mediaMetadata.width, kind).toBe(String(entry.width));
    }
    const empty = await phone.raw('POST', '/v1/uploads', { body: new Uint8Array(), headers: { 'X-Goog-Upload-Protocol': 'raw' } });
    expect(empty.status).toBe(400);
  });
});
