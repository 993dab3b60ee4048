import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { VirtualClock } from '../runtime/virtual-clock.ts';
import { expectGoogleError, startTestCloud, testJpeg, type ApiResult, type PhotosClient, type TestCloud } from './test/harness.ts';

// ——— helpers ———

const email = 'qa@example.com';
let t: TestCloud;
let phone: PhotosClient;
const extraClouds: TestCloud[] = [];
const dirs: string[] = [];
beforeEach(async () => {
  t = await startTestCloud(); // real time plus an offset: a wait's timer runs on wall time
  phone = await t.account(email);
});
afterEach(async () => {
  await t.close();
  for (const other of extraClouds.splice(0)) await other.close();
  dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true }));
});

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/** GET with a plain fetch, the body as bytes and (for JSON) parsed: the admin API is open, no token. */
async function get(cloud: TestCloud, path: string): Promise<ApiResult<unknown> & { bytes: Buffer }> {
  const response = await fetch(cloud.url + path);
  const bytes = Buffer.from(await response.arrayBuffer());
  const text = bytes.toString('utf8');
  const body: unknown = (response.headers.get('content-type') ?? '').includes('json') ? JSON.parse(text) : text;
  return { status: response.status, headers: response.headers, body, text, bytes };
}

/** Starts a long poll for the account's changes; `settled()` tells whether it has answered yet. */
function poll(cloud: TestCloud, query: Record<string, string | number>) {
  let done = false;
  const started = performance.now();
  const answer = get(cloud, `/__admin/changes?${new URLSearchParams(Object.entries(query).map(([k, v]) => [k, String(v)]))}`).then((result) => {
    done = true;
    return { ...result, elapsedMs: performance.now() - started };
  });
  return { answer, settled: () => done };
}

/** The account's latest change seq, asked without waiting. */
async function latest(cloud: TestCloud, account = email): Promise<number> {
  const result = await get(cloud, `/__admin/changes?account=${encodeURIComponent(account)}&after=0&waitMs=0`);
  expect(result.status, result.text).toBe(200);
  return (result.body as { seq: number }).seq;
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

// ——— tests ———

describe('GET /__admin/blobs/:sha256', () => {
  it('returns the stored bytes of uploaded content by their SHA-256', async () => {
    const bytes = await testJpeg(1);
    const other = await testJpeg(2);
    await phone.add(bytes, 'one.jpg');
    await phone.add(other, 'two.jpg');
    const result = await get(t, `/__admin/blobs/${sha256(bytes)}`);
    expect(result.status).toBe(200);
    expect(result.headers.get('content-type')).toBe('application/octet-stream');
    expect(result.bytes.equals(bytes)).toBe(true);
    expect((await get(t, `/__admin/blobs/${sha256(other)}`)).bytes.equals(other)).toBe(true);
  });

  it('has the bytes of an upload before any batchCreate used them', async () => {
    const bytes = await testJpeg(3);
    await phone.upload(bytes);
    expect((await get(t, `/__admin/blobs/${sha256(bytes)}`)).bytes.equals(bytes)).toBe(true);
  });

  it('answers an unknown hash with a Google-style 404', async () => {
    await phone.add(await testJpeg(4));
    expectGoogleError(await get(t, `/__admin/blobs/${sha256(Buffer.from('never uploaded'))}`), 404, 'NOT_FOUND');
    expectGoogleError(await get(t, '/__admin/blobs/not-a-hash'), 404, 'NOT_FOUND');
  });

  it('answers the same from a cloud on disk, a malformed hash included', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'cloud-blobs-'));
    dirs.push(dataDir);
    const disk = await startTestCloud({ dataDir });
    extraClouds.push(disk);
    const client = await disk.account(email);
    const bytes = await testJpeg(5);
    await client.add(bytes);
    expect((await get(disk, `/__admin/blobs/${sha256(bytes)}`)).bytes.equals(bytes)).toBe(true);
    expectGoogleError(await get(disk, `/__admin/blobs/${sha256(Buffer.from('never uploaded'))}`), 404, 'NOT_FOUND');
    expectGoogleError(await get(disk, '/__admin/blobs/not-a-hash'), 404, 'NOT_FOUND');
    expectGoogleError(await get(disk, `/__admin/blobs/${'..%2F'.repeat(3)}meta`), 404, 'NOT_FOUND');
  });
});

describe('GET /__admin/changes', () => {
  it('answers {seq: 0} for an account without changes when asked not to wait', async () => {
    const result = await get(t, `/__admin/changes?account=${email}&waitMs=0`);
    expect(result.status).toBe(200);
    expect(result.body).toEqual({ seq: 0 });
  });

  it('answers at once when the account has changes after `after`', async () => {
    await phone.add(await testJpeg(1));
    const seq = await latest(t);
    expect(seq).toBeGreaterThan(0);
    const { answer } = poll(t, { account: email, after: seq - 1, waitMs: 20_000 });
    const result = await answer;
    expect(result.status).toBe(200);
    expect(result.body).toEqual({ seq });
    expect(result.elapsedMs).toBeLessThan(2_000);
  });

  it('waits for the account’s next change (an upload and batchCreate from another request), then answers its seq', async () => {
    await phone.add(await testJpeg(1));
    const before = await latest(t);
    const waiting = poll(t, { account: email, after: before, waitMs: 20_000 });
    await pause(100);
    expect(waiting.settled()).toBe(false);

    const token = await phone.upload(await testJpeg(2)); // bytes alone are no change in the library
    await pause(100);
    expect(waiting.settled()).toBe(false);

    const created = await phone.batchCreate([{ token, fileName: 'new.jpg' }]);
    expect(created.status).toBe(200);
    const result = await waiting.answer;
    expect(result.status).toBe(200);
    const { seq } = result.body as { seq: number };
    expect(seq).toBeGreaterThan(before);
    expect(seq).toBe(await latest(t));
    expect(result.elapsedMs).toBeLessThan(5_000);
  });

  it('is not woken by another account’s change, and answers the unchanged seq when waitMs has passed', async () => {
    await phone.add(await testJpeg(1));
    const before = await latest(t);
    const other = await t.account('other@example.com');
    const waiting = poll(t, { account: email, after: before, waitMs: 400 });
    await pause(50);
    await other.add(await testJpeg(2));
    expect(await latest(t, 'other@example.com')).toBeGreaterThan(before);
    await pause(100);
    expect(waiting.settled()).toBe(false);
    const result = await waiting.answer;
    expect(result.body).toEqual({ seq: before });
    expect(result.elapsedMs).toBeGreaterThanOrEqual(350);
  });

  it('counts waitMs on the cloud’s clock: on a virtual clock the wait ends when the clock is advanced past it', async () => {
    const virtual = await startTestCloud({ clock: new VirtualClock() });
    extraClouds.push(virtual);
    await virtual.account(email);
    const waiting = poll(virtual, { account: email, after: 0, waitMs: 60_000 });
    await pause(300); // far longer than the wall time of the request, far shorter than waitMs were it wall time
    expect(waiting.settled()).toBe(false);
    await virtual.advance(59_000);
    await pause(50);
    expect(waiting.settled()).toBe(false);
    await virtual.advance(1_000);
    const result = await waiting.answer;
    expect(result.status).toBe(200);
    expect(result.body).toEqual({ seq: 0 });
  });

  it('refuses a bad query with a Google-style 400', async () => {
    for (const query of [
      '',
      'account=not-an-email',
      `account=${email}&after=-1`,
      `account=${email}&after=abc`,
      `account=${email}&after=1.5`,
      `account=${email}&waitMs=-1`,
      `account=${email}&waitMs=600001`,
    ]) {
      const result = await get(t, `/__admin/changes?${query}`);
      expect(result.status, query).toBe(400);
      expectGoogleError(result, 400, 'INVALID_ARGUMENT');
    }
  });

  it('answers an unknown account with a Google-style 404', async () => {
    expectGoogleError(await get(t, '/__admin/changes?account=nobody@example.com&waitMs=0'), 404, 'NOT_FOUND');
  });
});
