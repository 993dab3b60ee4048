import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { generateOne } from '../fixtures/index.ts';
import { cloudForEachTest, expectGoogleError, testJpeg, type MediaItemJson, type PhotosClient } from './test/harness.ts';

// A video's baseUrl: =dv is the video, =wW-hH a JPEG thumbnail (with a play button unless -no); =dv on a photo is refused.
let phone: PhotosClient;
cloudForEachTest((_cloud, client) => (phone = client));

const get = async (url: string) => {
  const response = await fetch(url);
  const bytes = Buffer.from(await response.arrayBuffer());
  return { status: response.status, type: response.headers.get('content-type'), bytes };
};

async function addVideo(): Promise<{ item: MediaItemJson; bytes: Buffer; width: number; height: number }> {
  const { bytes, entry } = await generateOne('video', 0, { seed: 5 });
  const token = await phone.upload(bytes, 'VID_20261121.mp4', 'video/mp4');
  const item = (await phone.batchCreate([{ token }])).body.newMediaItemResults[0]?.mediaItem;
  if (!item || entry.width === null || entry.height === null) throw new Error('no video item');
  return { item, bytes: Buffer.from(bytes), width: entry.width, height: entry.height };
}

describe('video baseUrls', () => {
  it('=dv answers the stored MP4 as video/mp4', async () => {
    const video = await addVideo();
    const got = await get(`${video.item.baseUrl}=dv`);
    expect(got.status).toBe(200);
    expect(got.type).toBe('video/mp4');
    expect(got.bytes.equals(video.bytes)).toBe(true);
  });

  it('=w100-h100 answers a JPEG thumbnail inside 100×100 with the video\'s aspect, not the MP4', async () => {
    const video = await addVideo();
    const got = await get(`${video.item.baseUrl}=w100-h100`);
    expect(got.status).toBe(200);
    expect(got.type).toBe('image/jpeg');
    const meta = await sharp(got.bytes).metadata();
    expect(meta.format).toBe('jpeg');
    const scale = Math.min(100 / video.width, 100 / video.height, 1);
    expect([meta.width, meta.height]).toEqual([Math.round(video.width * scale), Math.round(video.height * scale)]);
    const cropped = await sharp((await get(`${video.item.baseUrl}=w40-h40-c`)).bytes).metadata();
    expect([cropped.width, cropped.height]).toEqual([40, 40]);
  });

  it('draws the play button unless -no asks for a thumbnail without it', async () => {
    const video = await addVideo();
    const centre = async (url: string) => {
      const { data, info } = await sharp((await get(url)).bytes).raw().toBuffer({ resolveWithObject: true });
      const at = (Math.floor(info.height / 2) * info.width + Math.floor(info.width / 2)) * info.channels;
      return data[at] as number;
    };
    expect(await centre(`${video.item.baseUrl}=w200-h200`)).toBeGreaterThan(180);
    expect(await centre(`${video.item.baseUrl}=w200-h200-no`)).toBeLessThan(130);
  });

  it('=dv on a photo is a Google-style 400', async () => {
    const photo = await phone.add(await testJpeg(7));
    const response = await phone.raw('GET', `${photo.baseUrl}=dv`, { auth: false });
    expectGoogleError(response, 400, 'INVALID_ARGUMENT');
  });
});
