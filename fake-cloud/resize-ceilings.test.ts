import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { maxOutputPixels, maxSide, targetSize } from './resize.ts';
import { cloudForEachTest, expectGoogleError, testJpeg, type PhotosClient } from './test/harness.ts';

// A resized copy is never larger than its source nor past a pixel budget, and sizes past 16383 are refused:
// `=w16383-h16383-c` on a 640×480 photo once took 12 s and 1.7 GB (a 268 MP upscale).
let phone: PhotosClient;
cloudForEachTest((_cloud, client) => (phone = client));

const sizeOf = async (url: string) => {
  const response = await fetch(url);
  const meta = await sharp(Buffer.from(await response.arrayBuffer())).metadata();
  return { status: response.status, size: [meta.width, meta.height] };
};

describe('resize ceilings', () => {
  it('=w16383-h16383-c on a 640×480 photo is the largest centred square of the photo, not an upscale', async () => {
    const item = await phone.add(await testJpeg(1, { width: 640, height: 480 }));
    expect(await sizeOf(`${item.baseUrl}=w16383-h16383-c`)).toEqual({ status: 200, size: [480, 480] });
    expect(await sizeOf(`${item.baseUrl}=w16383-h16383`)).toEqual({ status: 200, size: [640, 480] });
    expect(await sizeOf(`${item.baseUrl}=w16383-h100-c`)).toEqual({ status: 200, size: [640, 4] });
    expect(await sizeOf(`${item.baseUrl}=w320-h320-c`)).toEqual({ status: 200, size: [320, 320] });
  });

  it('a width or height past 16383 is a Google-style 400, before any pixel is touched', async () => {
    const item = await phone.add(await testJpeg(2, { width: 64, height: 48 }));
    for (const params of ['w99999-h99999-c', 'w16384', 'h16384', 'w100-h999999999']) {
      expectGoogleError(await phone.raw('GET', `${item.baseUrl}=${params}`, { auth: false }), 400, 'INVALID_ARGUMENT');
    }
    expect((await sizeOf(`${item.baseUrl}=w${maxSide}`)).status).toBe(200);
  });

  it('the target size stays inside the source and the pixel budget', () => {
    expect(targetSize({ width: 640, height: 480 }, { width: 16383, height: 16383, crop: true })).toEqual({ width: 480, height: 480 });
    expect(targetSize({ width: 640, height: 480 }, { width: 100, crop: false })).toEqual({ width: 100, height: 75 });
    expect(targetSize({ width: 640, height: 480 }, { height: 960, crop: false })).toEqual({ width: 640, height: 480 });
    const huge = targetSize({ width: 30_000, height: 20_000 }, { width: 16383, height: 16383, crop: false });
    expect(huge.width * huge.height).toBeLessThanOrEqual(maxOutputPixels * 1.001);
    expect(huge.width / huge.height).toBeCloseTo(1.5, 2);
  });
});
