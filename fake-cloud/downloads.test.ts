import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { cloudForEachTest, expectGoogleError, testJpeg, type PhotosClient, type TestCloud } from './test/harness.ts';

let t: TestCloud;
let phone: PhotosClient;
cloudForEachTest((cloud, client) => ([t, phone] = [cloud, client]));

const get = async (url: string) => {
  const response = await fetch(url);
  const bytes = Buffer.from(await response.arrayBuffer());
  return { status: response.status, type: response.headers.get('content-type'), bytes, text: bytes.toString() };
};

describe('baseUrl downloads', () => {
  it('serves original bytes with =d and resized copies with =wW-hH, =wW, =hH and -c', async () => {
    const original = await testJpeg(1, { width: 400, height: 300 });
    const item = await phone.add(original);
    expect((await get(`${item.baseUrl}=d`)).bytes.equals(original)).toBe(true);
    const fit = await sharp((await get(`${item.baseUrl}=w100-h100`)).bytes).metadata();
    expect([fit.width, fit.height]).toEqual([100, 75]);
    const wide = await sharp((await get(`${item.baseUrl}=w200`)).bytes).metadata();
    expect([wide.width, wide.height]).toEqual([200, 150]);
    const tall = await sharp((await get(`${item.baseUrl}=h60`)).bytes).metadata();
    expect([tall.width, tall.height]).toEqual([80, 60]);
    const crop = await get(`${item.baseUrl}=w50-h50-c`);
    expect(crop.type).toBe('image/jpeg');
    const cropped = await sharp(crop.bytes).metadata();
    expect([cropped.width, cropped.height]).toEqual([50, 50]);
  });

  it('stops serving a baseUrl 60 minutes after it was issued (cloud time)', async () => {
    const item = await phone.add(await testJpeg(2));
    await t.advance(59 * 60_000);
    expect((await get(`${item.baseUrl}=d`)).status).toBe(200);
    await t.advance(2 * 60_000);
    const expired = await get(`${item.baseUrl}=d`);
    expect(expired.status).toBe(403);
    expect(JSON.parse(expired.text)).toMatchObject({ error: { code: 403, status: 'PERMISSION_DENIED' } });
  });

  it('refuses unknown parameters, missing parameters, =dv on a photo and forged urls', async () => {
    const item = await phone.add(await testJpeg(3));
    expect((await get(`${item.baseUrl}=q99`)).status).toBe(400);
    expect((await get(item.baseUrl)).status).toBe(400);
    expect((await get(`${item.baseUrl}=dv`)).status).toBe(400);
    const forged = item.baseUrl.replace(/\.[^.]+$/, '.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA');
    expect((await get(`${forged}=d`)).status).toBe(404);
  });

  it('uses --public-url in baseUrl, productUrl and upload URLs', async () => {
    t.cloud.publicUrl = 'https://photos.tunnel.example';
    const item = await phone.add(await testJpeg(4));
    expect(item.baseUrl.startsWith('https://photos.tunnel.example/lr/')).toBe(true);
    expect(item.productUrl).toBe(`https://photos.tunnel.example/lr/photo/${item.id}`);
    const local = item.baseUrl.replace('https://photos.tunnel.example', t.url);
    expect((await get(`${local}=d`)).status).toBe(200);
  });

  it('404s the bytes of a trashed item', async () => {
    const sync = await t.app('qa@example.com', 'gallery-sync', ['https://gallery-sync.invalid/auth/photos.sync']);
    const item = await phone.add(await testJpeg(5));
    await sync.json('POST', `/v1/sync/mediaItems/${item.id}:trash`);
    expectGoogleError(await phone.json('GET', `/v1/mediaItems/${item.id}`), 404);
    expect((await get(`${item.baseUrl}=d`)).status).toBe(404);
  });
});
