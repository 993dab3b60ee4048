import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { startTestCloud, type PhotosClient, type TestCloud } from './test/harness.ts';

let t: TestCloud;
let phone: PhotosClient;
beforeEach(async () => {
  t = await startTestCloud();
  phone = await t.account('qa@example.com');
});
afterEach(() => {
  vi.restoreAllMocks();
  return t.close();
});

describe('the cloud answers, even when something goes wrong', () => {
  it('a bad % escape in a path is a 400 INVALID_ARGUMENT, not a reset connection', async () => {
    for (const path of ['/v1/mediaItems/%zz', '/lr/%=d']) {
      const response = await fetch(t.url + path, { headers: { Authorization: `Bearer ${phone.accessToken}` } });
      expect(response.status, path).toBe(400);
      expect(((await response.json()) as { error: { status: string } }).error.status).toBe('INVALID_ARGUMENT');
    }
  });

  it('an error after the route answered (the audit write failing, as on a full disk) is a logged 500', async () => {
    const sql = t.cloud.sql.bind(t.cloud);
    vi.spyOn(t.cloud, 'sql').mockImplementation((text: string) => {
      if (text.startsWith('INSERT INTO audit')) throw Object.assign(new Error('database or disk is full'), { code: 'SQLITE_FULL' });
      return sql(text);
    });
    const logged = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const response = await fetch(`${t.url}/v1/mediaItems`, { headers: { Authorization: `Bearer ${phone.accessToken}` } });
    expect(response.status).toBe(500);
    expect(await response.json()).toEqual({ error: { code: 500, message: 'Internal error encountered.', status: 'INTERNAL' } });
    expect(logged.mock.calls.some((call) => String(call[1]).includes('database or disk is full'))).toBe(true);
    // Health says so while it lasts, and stops once a call can write again.
    const health = await fetch(`${t.url}/__admin/health`);
    expect(health.status).toBe(503);
    expect(((await health.json()) as { error: { message: string } }).error.message).toContain('database or disk is full (SQLITE_FULL)');
    vi.mocked(t.cloud.sql).mockRestore();
    expect((await fetch(`${t.url}/v1/mediaItems`, { headers: { Authorization: `Bearer ${phone.accessToken}` } })).status).toBe(200);
    expect((await fetch(`${t.url}/__admin/health`)).status).toBe(200);
  });

  it('health stops saying ok once a call ran into a damaged database', async () => {
    expect((await fetch(`${t.url}/__admin/health`)).status).toBe(200);
    const sql = t.cloud.sql.bind(t.cloud);
    vi.spyOn(t.cloud, 'sql').mockImplementation((text: string) => {
      if (text.startsWith('INSERT INTO audit')) throw Object.assign(new Error('database disk image is malformed'), { code: 'SQLITE_CORRUPT' });
      return sql(text);
    });
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
    expect((await fetch(`${t.url}/v1/mediaItems`, { headers: { Authorization: `Bearer ${phone.accessToken}` } })).status).toBe(500);
    const health = await fetch(`${t.url}/__admin/health`);
    expect(health.status).toBe(500);
    expect(((await health.json()) as { error: { message: string } }).error.message).toContain('database disk image is malformed (SQLITE_CORRUPT)');
  });
});
