import { afterEach, describe, expect, it } from 'vitest';
import { Cloud } from './cloud.ts';
import { OffsetClock, RealClock } from '../runtime/real-clock.ts';
import { expectGoogleError, PhotosClient, startTestCloud, testJpeg, type TestCloud } from './test/harness.ts';

// Seeded ids are a feature; seeded credentials are not: knowing the seed must not let anyone compute a token.
const open: TestCloud[] = [];
const cloudOf = async (options: Parameters<typeof startTestCloud>[0] = {}) => {
  const t = await startTestCloud(options);
  open.push(t);
  return t;
};
afterEach(async () => {
  for (const t of open.splice(0)) await t.close();
});

const form = (fields: Record<string, string>) => ({ body: new URLSearchParams(fields).toString(), headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, auth: false });
const get = async (url: string) => {
  const response = await fetch(url);
  return { status: response.status, bytes: Buffer.from(await response.arrayBuffer()) };
};

describe('credentials', () => {
  it('two clouds with the same seed mint the same ids but different secrets, tokens and baseUrl signatures', async () => {
    const [a, b] = [await cloudOf({ seed: 7 }), await cloudOf({ seed: 7 })];
    const [pa, pb] = [await a.account('qa@example.com'), await b.account('qa@example.com')];
    expect(pa.credentials.clientId).toBe(pb.credentials.clientId);
    expect(pa.credentials.clientSecret).not.toBe(pb.credentials.clientSecret);
    expect(pa.credentials.refreshToken).not.toBe(pb.credentials.refreshToken);
    expect(pa.accessToken).not.toBe(pb.accessToken);
    const [ia, ib] = [await pa.add(await testJpeg(1)), await pb.add(await testJpeg(1))];
    expect(ia.id).toBe(ib.id);
    const signature = (url: string) => url.split('.').at(-1);
    expect(signature(ia.baseUrl)).not.toBe(signature(ib.baseUrl));
  });

  it('seededCredentials: true makes them a function of the seed (for a run that must replay byte for byte)', () => {
    const clouds = [0, 1].map(() => new Cloud({ clock: new OffsetClock(new RealClock()), seed: 7, seededCredentials: true }));
    const [x, y] = clouds.map((c) => [c.mintCredential('ya29.', 40), c.sign('baseUrl:payload')]);
    expect(x).toEqual(y);
    for (const c of clouds) c.close();
  });

  it('a baseUrl issued in the future (only a forged one can be) is refused like an expired one', async () => {
    const t = await cloudOf();
    const phone = await t.account('qa@example.com');
    const item = await phone.add(await testJpeg(2));
    const origin = item.baseUrl.slice(0, item.baseUrl.indexOf('/lr/'));
    const signed = (issuedAt: number) => {
      const payload = Buffer.from(JSON.stringify([item.id, 1, issuedAt])).toString('base64url');
      return `${origin}/lr/${payload}.${t.cloud.sign(`baseUrl:${payload}`).slice(0, 32)}`;
    };
    expect((await get(`${signed(t.cloud.now())}=d`)).status).toBe(200);
    const future = await phone.raw('GET', `${signed(t.cloud.now() + 365 * 24 * 3_600_000)}=d`, { auth: false });
    expectGoogleError(future, 403, 'PERMISSION_DENIED');
  });

  it("POST /token needs the client's secret: missing is Google's 400 invalid_request, wrong is 401 invalid_client", async () => {
    const t = await cloudOf();
    const { credentials } = await t.account('qa@example.com');
    const client = new PhotosClient(t.url, credentials);
    const base = { grant_type: 'refresh_token', client_id: credentials.clientId, refresh_token: credentials.refreshToken };
    expect(await client.raw('POST', '/token', form(base))).toMatchObject({ status: 400, body: { error: 'invalid_request', error_description: 'client_secret is missing.' } });
    expect(await client.raw('POST', '/token', form({ ...base, client_secret: '' }))).toMatchObject({ status: 400, body: { error: 'invalid_request' } });
    expect(await client.raw('POST', '/token', form({ ...base, client_secret: 'GOCSPX-wrong' }))).toMatchObject({ status: 401, body: { error: 'invalid_client' } });
    expect((await client.raw('POST', '/token', form({ ...base, client_secret: credentials.clientSecret }))).status).toBe(200);
  });
});

describe('an import replaces the keys at once', () => {
  it("tokens and baseUrls the cloud issued before the import stop working; the export's own keep working", async () => {
    const a = await cloudOf();
    const b = await cloudOf({ exportsDir: a.cloud.exportsRoot() });
    const [pa, pb] = [await a.account('qa@example.com'), await b.account('qa@example.com')];
    const [original, replaced] = [await testJpeg(3), await testJpeg(4)];
    const [ia, ib] = [await pa.add(original), await pb.add(replaced)];
    expect(ia.id).toBe(ib.id); // same seed: the same ids, which is what made a stale key dangerous
    expect((await a.admin('POST', '/__admin/export', { dir: 'a' })).status).toBe(200);
    expect((await b.admin('POST', '/__admin/import', { dir: 'a' })).status).toBe(200);

    expect((await get(`${ib.baseUrl}=d`)).status).toBe(404);
    expectGoogleError(await pb.json('GET', '/v1/mediaItems'), 401, 'UNAUTHENTICATED');
    const served = await get(`${ia.baseUrl.replace(a.url, b.url)}=d`);
    expect(served.status).toBe(200);
    expect(served.bytes.equals(original)).toBe(true);
    const moved = new PhotosClient(b.url, pa.credentials);
    expect((await moved.refresh()).status).toBe(200);
    expect((await moved.json<{ mediaItems: Array<{ id: string }> }>('GET', '/v1/mediaItems')).body.mediaItems.map((m) => m.id)).toEqual([ia.id]);
  });

  it('ids minted after an import continue the exported cloud, not the importing one', async () => {
    const a = await cloudOf({ seed: 1 });
    const b = await cloudOf({ seed: 2, exportsDir: a.cloud.exportsRoot() });
    await a.account('qa@example.com');
    expect((await a.admin('POST', '/__admin/export', { dir: 'a' })).status).toBe(200);
    expect((await b.admin('POST', '/__admin/import', { dir: 'a' })).status).toBe(200);
    expect(b.cloud.mint('probe-')).toBe(a.cloud.mint('probe-'));
  });
});
