import { describe, expect, it } from 'vitest';
import { DAY_MS } from '../runtime/clock.ts';
import { cloudForEachTest, expectGoogleError, testJpeg, type PhotosClient, type TestCloud } from './test/harness.ts';

let t: TestCloud;
let phone: PhotosClient;
cloudForEachTest((cloud, client) => ([t, phone] = [cloud, client]));

async function download(baseUrl: string): Promise<Buffer> {
  const response = await fetch(`${baseUrl}=d`);
  expect(response.status).toBe(200);
  return Buffer.from(await response.arrayBuffer());
}

describe('raw uploads', () => {
  it('returns an upload token as text, and batchCreate turns it into an item whose =d bytes equal the upload', async () => {
    const bytes = await testJpeg(1);
    const token = await phone.upload(bytes, 'IMG_20261121_142233.jpg');
    expect(token.length).toBeGreaterThan(50);
    const created = await phone.batchCreate([{ token }]);
    expect(created.status).toBe(200);
    const [result] = created.body.newMediaItemResults;
    expect(result?.status).toEqual({ message: 'Success' });
    expect(result?.mediaItem?.filename).toBe('IMG_20261121_142233.jpg');
    expect(result?.mediaItem?.mimeType).toBe('image/jpeg');
    expect((await download(result?.mediaItem?.baseUrl ?? '')).equals(bytes)).toBe(true);
  });

  it('refuses an empty body and an unknown protocol with Google-style errors', async () => {
    const empty = await phone.raw('POST', '/v1/uploads', { body: new Uint8Array(), headers: { 'X-Goog-Upload-Protocol': 'raw' } });
    expectGoogleError(empty, 400, 'INVALID_ARGUMENT');
    const odd = await phone.raw('POST', '/v1/uploads', { body: new Uint8Array([1]), headers: { 'X-Goog-Upload-Protocol': 'carrier-pigeon' } });
    expectGoogleError(odd, 400, 'INVALID_ARGUMENT');
  });

  it('makes upload tokens single-use', async () => {
    const token = await phone.upload(await testJpeg(2));
    await phone.batchCreate([{ token }]);
    const again = await phone.batchCreate([{ token }]);
    expect(again.body.newMediaItemResults[0]?.status.code).toBe(3);
    expect(again.body.newMediaItemResults[0]?.status.message).toMatch(/already used/);
    expect(again.body.newMediaItemResults[0]?.mediaItem).toBeUndefined();
  });

  it('expires upload tokens after one day (cloud time)', async () => {
    const token = await phone.upload(await testJpeg(3));
    await t.advance(DAY_MS + 1000);
    await phone.refresh();
    const late = await phone.batchCreate([{ token }]);
    expect(late.body.newMediaItemResults[0]?.status).toMatchObject({ code: 3, message: expect.stringMatching(/expired/) });
  });

  it('will not let another account use a token', async () => {
    const token = await phone.upload(await testJpeg(4));
    const other = await t.account('other@example.com');
    const stolen = await other.batchCreate([{ token }]);
    expect(stolen.body.newMediaItemResults[0]?.status.code).toBe(3);
  });
});

describe('resumable uploads', () => {
  const chunk = 256 * 1024;

  async function start(size: number) {
    const started = await phone.raw('POST', '/v1/uploads', {
      headers: {
        'X-Goog-Upload-Protocol': 'resumable',
        'X-Goog-Upload-Command': 'start',
        'X-Goog-Upload-Raw-Size': String(size),
        'X-Goog-Upload-Content-Type': 'image/jpeg',
        'X-Goog-Upload-File-Name': 'PANO_20261121.jpg',
      },
    });
    expect(started.status).toBe(200);
    expect(started.headers.get('x-goog-upload-chunk-granularity')).toBe(String(chunk));
    return started.headers.get('x-goog-upload-url') as string;
  }

  const send = (url: string, command: string, offset: number, body: Uint8Array) =>
    phone.raw('POST', url, { body, headers: { 'X-Goog-Upload-Command': command, 'X-Goog-Upload-Offset': String(offset) } });

  it('resumes from the offset query reports after a cut, and the finished bytes are intact', async () => {
    const bytes = await testJpeg(5, { width: 900, height: 700 });
    expect(bytes.length).toBeGreaterThan(chunk); // needs at least two chunks
    const url = await start(bytes.length);
    expect(url.startsWith(t.url)).toBe(true);
    const first = await send(url, 'upload', 0, bytes.subarray(0, chunk));
    expect(first.headers.get('x-goog-upload-status')).toBe('active');
    // The connection "drops" here: the phone asks where to resume.
    const query = await send(url, 'query', 0, new Uint8Array());
    expect(query.headers.get('x-goog-upload-size-received')).toBe(String(chunk));
    const resumeAt = Number(query.headers.get('x-goog-upload-size-received'));
    const last = await send(url, 'upload, finalize', resumeAt, bytes.subarray(resumeAt));
    expect(last.status).toBe(200);
    expect(last.headers.get('x-goog-upload-status')).toBe('final');
    const created = await phone.batchCreate([{ token: last.text }]);
    const item = created.body.newMediaItemResults[0]?.mediaItem;
    expect(item?.filename).toBe('PANO_20261121.jpg');
    expect((await download(item?.baseUrl ?? '')).equals(bytes)).toBe(true);
  });

  it('refuses a chunk at the wrong offset and says how much it has', async () => {
    const bytes = await testJpeg(6, { width: 900, height: 700 });
    const url = await start(bytes.length);
    await send(url, 'upload', 0, bytes.subarray(0, chunk));
    const wrong = await send(url, 'upload, finalize', 0, bytes);
    expectGoogleError(wrong, 400, 'INVALID_ARGUMENT');
    expect(wrong.headers.get('x-goog-upload-size-received')).toBe(String(chunk));
  });

  it('answers a repeated finalize with the same token (a lost response can be retried safely)', async () => {
    const bytes = await testJpeg(7);
    const url = await start(bytes.length);
    const done = await send(url, 'upload, finalize', 0, bytes);
    const again = await send(url, 'upload, finalize', 0, bytes);
    expect(again.text).toBe(done.text);
    const query = await send(url, 'query', 0, new Uint8Array());
    expect(query.headers.get('x-goog-upload-status')).toBe('final');
  });

  it('refuses a finalize that does not match the declared size', async () => {
    const bytes = await testJpeg(8);
    const url = await start(bytes.length + 10);
    expectGoogleError(await send(url, 'upload, finalize', 0, bytes), 400);
  });
});
