import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AuditEntry } from './model/audit.ts';
import { expectGoogleError, startTestCloud, testJpeg, type PhotosClient, type TestCloud } from './test/harness.ts';

let t: TestCloud;
let phone: PhotosClient;
const dirs: string[] = [];
beforeEach(async () => {
  t = await startTestCloud();
  phone = await t.account('qa@example.com');
});
afterEach(async () => {
  await t.close();
  dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true }));
});

type State = { accounts: Array<{ email: string; mediaItems: Array<{ id: string; filename: string; sha256: string; state: string }> }> };

describe('fault points', () => {
  it('commit-then-fail stores the item although the client sees 503', async () => {
    const token = await phone.upload(await testJpeg(1));
    const fault = await t.admin<{ id: string }>('POST', '/__admin/faults', { match: 'POST /v1/mediaItems:batchCreate', commitThenFail: true, times: 1 });
    expect(fault.status).toBe(201);
    const lost = await phone.batchCreate([{ token }]);
    expectGoogleError(lost, 503, 'UNAVAILABLE');
    const state = await t.admin<State>('GET', '/__admin/state');
    expect(state.body.accounts[0]?.mediaItems).toHaveLength(1);
    // The fault fired once and removed itself; a naive retry with a new upload of the same bytes is deduplicated.
    expect((await t.admin<{ faults: unknown[] }>('GET', '/__admin/faults')).body.faults).toEqual([]);
    const retried = await phone.add(await testJpeg(1));
    expect(retried.id).toBe(state.body.accounts[0]?.mediaItems[0]?.id);
  });

  it('answers an injected status without running the route, and records the fault in the audit log', async () => {
    await t.admin('POST', '/__admin/faults', { match: 'POST /v1/uploads', status: 500, times: 2 });
    const failed = await phone.raw('POST', '/v1/uploads', { body: await testJpeg(2), headers: { 'X-Goog-Upload-Protocol': 'raw' } });
    expectGoogleError(failed, 500, 'INTERNAL');
    const audit = await t.admin<{ entries: AuditEntry[] }>('GET', '/__admin/audit');
    const entry = audit.body.entries.find((e) => e.route === 'uploads');
    expect(entry).toMatchObject({ status: 500, account: 'qa@example.com', fault: expect.stringContaining('status 500') });
    expect(t.cloud.blobs.list()).toEqual([]);
  });

  it('draws probabilistic faults from the seed: the same seed fails the same calls', async () => {
    const pattern = async (seed: number) => {
      const other = await startTestCloud({ seed });
      try {
        const client = await other.account('qa@example.com');
        await other.admin('POST', '/__admin/faults', { match: 'GET /v1/mediaItems', status: 503, probability: 0.5 });
        const statuses = [];
        for (let i = 0; i < 24; i++) statuses.push((await client.json('GET', '/v1/mediaItems')).status);
        return statuses.join(',');
      } finally {
        await other.close();
      }
    };
    const a = await pattern(7);
    expect(await pattern(7)).toBe(a);
    expect(a).toContain('503');
    expect(a).toContain('200');
    expect(await pattern(8)).not.toBe(a);
  });

  it('adds latency on the cloud clock', async () => {
    await t.admin('POST', '/__admin/faults', { match: 'GET /v1/albums', latencyMs: 150 });
    const started = performance.now();
    expect((await phone.json('GET', '/v1/albums')).status).toBe(200);
    expect(performance.now() - started).toBeGreaterThanOrEqual(140);
  });

  it('refuses malformed fault specs and removes faults by id', async () => {
    expectGoogleError(await t.admin('POST', '/__admin/faults', { match: 'batchCreate', status: 503 }) as never, 400);
    expectGoogleError(await t.admin('POST', '/__admin/faults', { match: 'GET /x', status: 299 }) as never, 400);
    expectGoogleError(await t.admin('POST', '/__admin/faults', { match: 'GET /x' }) as never, 400);
    const fault = await t.admin<{ id: string }>('POST', '/__admin/faults', { match: 'GET /v1/albums', status: 503 });
    expect((await t.admin('DELETE', `/__admin/faults/${fault.body.id}`)).status).toBe(200);
    expect((await phone.json('GET', '/v1/albums')).status).toBe(200);
    expect((await t.admin('DELETE', `/__admin/faults/${fault.body.id}`)).status).toBe(404);
  });
});

describe('audit, state, clock, reset', () => {
  it('logs every call with time, account, app, route, status and affected item ids', async () => {
    const item = await phone.add(await testJpeg(3));
    const { body } = await t.admin<{ entries: AuditEntry[]; next: number }>('GET', '/__admin/audit');
    const create = body.entries.find((e) => e.route === 'mediaItems.batchCreate');
    expect(create).toMatchObject({ method: 'POST', path: '/v1/mediaItems:batchCreate', status: 200, account: 'qa@example.com', clientId: phone.credentials.clientId, itemIds: [item.id] });
    const later = await t.admin<{ entries: AuditEntry[] }>('GET', `/__admin/audit?after=${body.next}`);
    expect(later.body.entries.every((e) => e.seq > body.next)).toBe(true);
    expectGoogleError(await t.admin('GET', '/__admin/audit?limit=0') as never, 400);
  });

  it('moves the clock forward only', async () => {
    const before = await t.admin<{ nowMs: number }>('GET', '/__admin/clock');
    const after = await t.admin<{ nowMs: number }>('POST', '/__admin/clock', { advanceMs: 86_400_000 });
    expect(after.body.nowMs - before.body.nowMs).toBeGreaterThanOrEqual(86_400_000);
    expect((await t.admin('POST', '/__admin/clock', { advanceMs: -5 })).status).toBe(400);
  });

  it('resets to an empty cloud', async () => {
    await phone.add(await testJpeg(4));
    expect((await t.admin('POST', '/__admin/reset')).status).toBe(200);
    expect((await t.admin<State>('GET', '/__admin/state')).body.accounts).toEqual([]);
    expectGoogleError(await phone.json('GET', '/v1/mediaItems'), 401);
  });
});

describe('export / import', () => {
  it('round-trips the whole state through a directory, bytes included', async () => {
    const bytes = await testJpeg(5);
    const item = await phone.add(bytes, 'IMG_bug_report.jpg');
    // A cloud in memory exports into a private folder of its own and answers where.
    const exported = await t.admin<{ dir: string; blobs: number }>('POST', '/__admin/export', { dir: 'bug-report' });
    expect(exported.body.blobs).toBe(1);
    expect(exported.body.dir).toBe(join(t.cloud.exportsRoot(), 'bug-report'));
    dirs.push(t.cloud.exportsRoot());

    const fresh = await startTestCloud({ seed: 99, exportsDir: t.cloud.exportsRoot() });
    try {
      const imported = await fresh.admin('POST', '/__admin/import', { dir: exported.body.dir });
      expect(imported.status).toBe(200);
      const state = await fresh.admin<State>('GET', '/__admin/state');
      expect(state.body.accounts[0]?.mediaItems).toMatchObject([{ id: item.id, filename: 'IMG_bug_report.jpg', state: 'live' }]);
      // The same app credentials work against the imported cloud, and the bytes are there.
      const again = new (phone.constructor as typeof PhotosClient)(fresh.url, phone.credentials);
      await again.refresh();
      const got = await again.json<{ baseUrl: string }>('GET', `/v1/mediaItems/${item.id}`);
      const downloaded = Buffer.from(await (await fetch(`${got.body.baseUrl}=d`)).arrayBuffer());
      expect(downloaded.equals(bytes)).toBe(true);
    } finally {
      await fresh.close();
    }
  });

  it('refuses a damaged export without touching the current state', async () => {
    await phone.add(await testJpeg(6));
    const dir = join(t.cloud.exportsRoot(), 'bad');
    dirs.push(t.cloud.exportsRoot());
    mkdirSync(dir);
    writeFileSync(join(dir, 'state.json'), '{"format": "something else"}');
    expectGoogleError(await t.admin('POST', '/__admin/import', { dir }) as never, 400);
    expectGoogleError(await t.admin('POST', '/__admin/import', { dir: join(dir, 'missing') }) as never, 400);
    expect((await t.admin<State>('GET', '/__admin/state')).body.accounts[0]?.mediaItems).toHaveLength(1);
  });
});
