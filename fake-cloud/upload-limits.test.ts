import { request } from 'node:http';
import { describe, expect, it } from 'vitest';
import { maxHeldBytes, maxPhotoBytes, maxVideoBytes } from './model/upload-limits.ts';
import { chunkGranularity } from './model/uploads.ts';
import { answerOf, cloudForEachTest, expectGoogleError, type PhotosClient, type TestCloud } from './test/harness.ts';

// Google's caps: photos 200 MB, videos 20 GB. Checked on declared sizes and on the running total, so no test here
// sends more than one 256 KiB chunk.
let t: TestCloud;
let phone: PhotosClient;
cloudForEachTest((cloud, client) => ([t, phone] = [cloud, client]));

const GiB = 1024 ** 3;
const start = (mimeType: string, rawSize: number) =>
  phone.raw('POST', '/v1/uploads', { headers: { 'X-Goog-Upload-Protocol': 'resumable', 'X-Goog-Upload-Command': 'start', 'X-Goog-Upload-Content-Type': mimeType, 'X-Goog-Upload-Raw-Size': String(rawSize) } });

describe('upload size caps', () => {
  it('a resumable video of 1 GiB starts (it was refused past 200 MB); a photo past 200 MB and a video past 20 GB do not', async () => {
    const video = await start('video/mp4', GiB);
    expect(video.status, video.text).toBe(200);
    expect(video.headers.get('x-goog-upload-url')).toContain('upload_id=');
    expectGoogleError(await start('image/jpeg', maxPhotoBytes + 1), 400, 'INVALID_ARGUMENT');
    expect((await start('image/jpeg', maxPhotoBytes)).status).toBe(200);
    const huge = await start('video/mp4', maxVideoBytes + 1);
    expectGoogleError(huge, 400, 'INVALID_ARGUMENT');
    expect(huge.text).toContain(String(maxVideoBytes));
  });

  it('a video between what the fake holds in memory and 20 GB is refused with its own message, not Google\'s', async () => {
    if (maxHeldBytes >= maxVideoBytes) return void expect((await start('video/mp4', maxVideoBytes)).status).toBe(200);
    const big = await start('video/mp4', maxHeldBytes + 1);
    expectGoogleError(big, 400, 'INVALID_ARGUMENT');
    expect(big.text).toContain('fake cloud holds an upload in memory');
  });

  it('a chunk that carries a session past its cap is refused, and the session keeps what it had', async () => {
    for (const [mimeType, cap] of [['image/jpeg', maxPhotoBytes], ['video/mp4', maxHeldBytes]] as const) {
      const session = await phone.raw('POST', '/v1/uploads', { headers: { 'X-Goog-Upload-Protocol': 'resumable', 'X-Goog-Upload-Command': 'start', 'X-Goog-Upload-Content-Type': mimeType } });
      const url = session.headers.get('x-goog-upload-url') ?? '';
      const id = new URL(url).searchParams.get('upload_id');
      // Pretend the session already took all but a few bytes of its cap (no test sends gigabytes).
      const received = Math.floor(cap / chunkGranularity) * chunkGranularity - chunkGranularity;
      t.cloud.sql(`UPDATE upload_sessions SET received = ? WHERE id = ?`).run(received, id);
      const chunkAt = (offset: number) => phone.raw('POST', url, { body: new Uint8Array(chunkGranularity), headers: { 'X-Goog-Upload-Command': 'upload', 'X-Goog-Upload-Offset': String(offset) } });
      expect((await chunkAt(received)).status, mimeType).toBe(200);
      const after = received + chunkGranularity;
      const over = await chunkAt(after);
      expectGoogleError(over, 400, 'INVALID_ARGUMENT');
      const query = await phone.raw('POST', url, { headers: { 'X-Goog-Upload-Command': 'query' } });
      expect(query.headers.get('x-goog-upload-size-received'), mimeType).toBe(String(after));
    }
  });

  it('a raw request that declares a body past every cap is answered at once, before any byte is sent', async () => {
    const req = request(`${t.url}/v1/uploads`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${phone.accessToken}`, 'X-Goog-Upload-Protocol': 'raw', 'X-Goog-Upload-Content-Type': 'video/mp4', 'Content-Length': String(maxVideoBytes + 1) },
    });
    const answered = answerOf(req);
    req.flushHeaders(); // headers only: the body is never written
    const answer = await answered;
    expect(answer.status).toBe(400);
    expect(JSON.parse(answer.body)).toMatchObject({ error: { code: 400, status: 'INVALID_ARGUMENT' } });
  });
});
