import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { HOUR_MS } from '../runtime/clock.ts';
import { scopes } from './scopes.ts';
import { expectGoogleError, PhotosClient, startTestCloud, testJpeg, type TestCloud } from './test/harness.ts';

let t: TestCloud;
beforeEach(async () => {
  t = await startTestCloud();
});
afterEach(() => t.close());

const form = (fields: Record<string, string>) => ({
  body: new URLSearchParams(fields).toString(),
  headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
  auth: false,
});

describe('OAuth', () => {
  it("answers a refresh_token grant like Google's token endpoint", async () => {
    const created = await t.admin<{ email: string; clientId: string; clientSecret: string; refreshToken: string }>('POST', '/__admin/accounts', { email: 'qa@example.com' });
    expect(created.status).toBe(201);
    const client = new PhotosClient(t.url, created.body);
    const grant = await client.refresh();
    expect(grant.status).toBe(200);
    expect(grant.body).toEqual({ access_token: expect.stringMatching(/^ya29\./), expires_in: 3599, scope: expect.stringContaining(scopes.appendOnly), token_type: 'Bearer' });
    const creds = created.body;
    const wrongGrant = await client.raw('POST', '/token', form({ grant_type: 'password', client_id: creds.clientId, refresh_token: creds.refreshToken }));
    expect(wrongGrant).toMatchObject({ status: 400, body: { error: 'unsupported_grant_type' } });
    const wrongSecret = await client.raw('POST', '/token', form({ grant_type: 'refresh_token', client_id: creds.clientId, client_secret: 'nope', refresh_token: creds.refreshToken }));
    expect(wrongSecret).toMatchObject({ status: 401, body: { error: 'invalid_client' } });
    const missing = await client.raw('POST', '/token', form({ grant_type: 'refresh_token', client_id: creds.clientId }));
    expect(missing).toMatchObject({ status: 400, body: { error: 'invalid_request' } });
    expect((await t.admin('POST', '/__admin/accounts', { email: 'qa@example.com' })).status).toBe(409);
  });

  it('refuses calls without a token, with an expired token, and outside the granted scopes', async () => {
    const phone = await t.account('qa@example.com');
    const anonymous = await phone.raw('GET', '/v1/mediaItems', { auth: false });
    expectGoogleError(anonymous, 401, 'UNAUTHENTICATED');
    await t.advance(HOUR_MS);
    expectGoogleError(await phone.json('GET', '/v1/mediaItems'), 401, 'UNAUTHENTICATED');
    await phone.refresh();
    expect((await phone.json('GET', '/v1/mediaItems')).status).toBe(200);
    const appendOnly = await t.app('qa@example.com', 'uploader', [scopes.appendOnly]);
    expectGoogleError(await appendOnly.json('GET', '/v1/mediaItems'), 403, 'PERMISSION_DENIED');
    expect((await appendOnly.add(await testJpeg(1))).id).toBeDefined();
  });

  it('revoking one app (Apps & devices → remove access) gives it 401 everywhere and leaves its items alone', async () => {
    const gallery = await t.account('qa@example.com');
    const web = await t.app('qa@example.com', 'photos-web', [scopes.gallerySync]);
    const item = await gallery.add(await testJpeg(2));
    const revoked = await t.admin('POST', '/__admin/revoke', { clientId: gallery.credentials.clientId });
    expect(revoked.status, JSON.stringify(revoked.body)).toBe(200);
    expectGoogleError(await gallery.json('GET', '/v1/mediaItems'), 401, 'UNAUTHENTICATED');
    expect((await gallery.refresh()).body).toMatchObject({ error: 'invalid_grant' });
    const seen = await web.json<{ mediaItem: { id: string }; trashed: boolean }>('GET', `/v1/sync/mediaItems/${item.id}`);
    expect(seen.body).toMatchObject({ mediaItem: { id: item.id }, trashed: false });
  });

  it("revokes through Google's /revoke endpoint with either token", async () => {
    const gallery = await t.account('qa@example.com');
    const result = await gallery.raw('POST', `/revoke?token=${gallery.accessToken}`, { auth: false });
    expect(result.status).toBe(200);
    expectGoogleError(await gallery.json('GET', '/v1/mediaItems'), 401);
    expect((await gallery.raw('POST', '/revoke?token=unknown', { auth: false })).body).toMatchObject({ error: 'invalid_token' });
  });
});
