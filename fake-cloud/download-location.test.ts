import { createHash } from 'node:crypto';
import exifr from 'exifr';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { generateOne } from '../fixtures/index.ts';
import { cloudForEachTest, testJpeg, type PhotosClient, type TestCloud } from './test/harness.ts';

// Google's =d: "all Exif metadata except the location metadata"
// (https://developers.google.com/photos/library/guides/access-media-items#base-urls).
let t: TestCloud;
let phone: PhotosClient;
cloudForEachTest((cloud, client) => ([t, phone] = [cloud, client]));

const download = async (url: string) => {
  const response = await fetch(url);
  return { status: response.status, type: response.headers.get('content-type'), bytes: Buffer.from(await response.arrayBuffer()) };
};

const kept = ['Make', 'Model', 'DateTimeOriginal', 'OffsetTimeOriginal', 'Orientation', 'FNumber', 'ExposureTime'] as const;
const tagsOf = async (bytes: Buffer) => ((await exifr.parse(bytes, { tiff: true, exif: true, gps: true, reviveValues: false })) ?? {}) as Record<string, unknown>;

const gpsExif = {
  IFD0: { Make: 'Xiaomi', Model: '23049PCD8G' },
  IFD2: { DateTimeOriginal: '2026:11:21 14:22:33' },
  IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '48/1 51/1 2964/100', GPSLongitudeRef: 'E', GPSLongitude: '2/1 21/1 0/1' },
};

describe('=d on a photo keeps every Exif tag but the location', () => {
  it('a camera photo comes back without GPS, with Make, Model and DateTimeOriginal, pixels and length unchanged', async () => {
    const { bytes } = await generateOne('camera-photo', 0, { seed: 3, cameraSize: { width: 64, height: 48 } });
    const original = Buffer.from(bytes);
    const before = await tagsOf(original);
    expect(before.latitude).toEqual(expect.any(Number));
    const item = await phone.add(original, 'IMG_gps.jpg');

    const got = await download(`${item.baseUrl}=d`);
    expect(got.status).toBe(200);
    expect(got.type).toBe('image/jpeg');
    const after = await tagsOf(got.bytes);
    expect(after.latitude).toBeUndefined();
    expect(after.longitude).toBeUndefined();
    expect(Object.keys(after).filter((k) => k.startsWith('GPS'))).toEqual([]);
    for (const tag of kept) expect(after[tag], tag).toEqual(before[tag]);
    expect(after.DateTimeOriginal).toMatch(/^\d{4}:\d\d:\d\d \d\d:\d\d:\d\d$/);
    // Only the Exif block changed: same length, same compressed pixels.
    expect(got.bytes.length).toBe(original.length);
    const exifEnd = original.indexOf('Exif\0\0') + original.readUInt16BE(original.indexOf('Exif\0\0') - 2) - 2;
    expect(got.bytes.subarray(exifEnd).equals(original.subarray(exifEnd))).toBe(true);
    // The cloud still holds what was uploaded: the admin blob route (the oracle's reference copy) serves it whole.
    const stored = await fetch(`${t.url}/__admin/blobs/${createHash('sha256').update(original).digest('hex')}`);
    expect(Buffer.from(await stored.arrayBuffer()).equals(original)).toBe(true);
  });

  it('a photo without GPS comes back byte for byte', async () => {
    const original = await testJpeg(1, { exif: { DateTimeOriginal: '2026:11:21 14:22:33' } });
    expect((await tagsOf(original)).Make).toBe('Xiaomi');
    const item = await phone.add(original);
    expect((await download(`${item.baseUrl}=d`)).bytes.equals(original)).toBe(true);
    const bare = await testJpeg(2);
    const plain = await phone.add(bare);
    expect((await download(`${plain.baseUrl}=d`)).bytes.equals(bare)).toBe(true);
  });

  it('PNG (eXIf) and WebP (EXIF chunk) lose their GPS too and still decode to the same pixels', async () => {
    for (const format of ['png', 'webp'] as const) {
      const original = await sharp({ create: { width: 32, height: 24, channels: 3, background: { r: 200, g: 40, b: 40 } } }).withExif(gpsExif).toFormat(format).toBuffer();
      const item = await phone.add(original, `IMG.${format}`);
      const got = await download(`${item.baseUrl}=d`);
      expect(got.type, format).toBe(`image/${format}`);
      const exifOf = async (b: Buffer) => {
        const block = (await sharp(b).metadata()).exif ?? Buffer.alloc(0);
        return tagsOf(block.subarray(block.indexOf('Exif\0\0') === 0 ? 6 : 0));
      };
      expect((await exifOf(original)).latitude, format).toEqual(expect.any(Number));
      const after = await exifOf(got.bytes);
      expect(after.latitude, format).toBeUndefined();
      expect([after.Make, after.Model, after.DateTimeOriginal], format).toEqual(['Xiaomi', '23049PCD8G', '2026:11:21 14:22:33']);
      expect((await sharp(got.bytes).raw().toBuffer()).equals(await sharp(original).raw().toBuffer()), format).toBe(true);
    }
  });

  it("the sync extension's baseUrls (the gallery's own integration) serve the original, location included", async () => {
    const { bytes } = await generateOne('camera-photo', 1, { seed: 3, cameraSize: { width: 64, height: 48 } });
    const original = Buffer.from(bytes);
    const item = await phone.add(original, 'IMG_sync.jpg');
    const sync = await t.app('qa@example.com', 'gallery', ['https://gallery-sync.invalid/auth/photos.sync']);
    const synced = await sync.json<{ mediaItem: { baseUrl: string } }>('GET', `/v1/sync/mediaItems/${item.id}`);
    const whole = await download(`${synced.body.mediaItem.baseUrl}=d`);
    expect(whole.bytes.equals(original)).toBe(true);
    expect((await tagsOf(whole.bytes)).latitude).toEqual(expect.any(Number));
    expect((await tagsOf((await download(`${item.baseUrl}=d`)).bytes)).latitude).toBeUndefined();
  });
});
