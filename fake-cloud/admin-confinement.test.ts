import { existsSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { expectGoogleError, startTestCloud, testJpeg, type ApiResult, type PhotosClient, type TestCloud } from './test/harness.ts';

/**
 * The admin API has no credential: it is safe only because it writes where the cloud was told to keep exports,
 * and because a web page in a local browser cannot drive it. Every test here goes over real HTTP.
 */
let t: TestCloud;
let phone: PhotosClient;
let exportsDir: string;
let elsewhere: string;
const dirs: string[] = [];
const clouds: TestCloud[] = [];

beforeEach(async () => {
  exportsDir = realpathSync(mkdtempSync(join(tmpdir(), 'cloud-exports-')));
  elsewhere = realpathSync(mkdtempSync(join(tmpdir(), 'elsewhere-')));
  dirs.push(exportsDir, elsewhere);
  t = await startTestCloud({ exportsDir });
  clouds.push(t);
  phone = await t.account('qa@example.com');
  await phone.add(await testJpeg(1), 'IMG_1.jpg');
});
afterEach(async () => {
  for (const cloud of clouds.splice(0)) await cloud.close();
  dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true }));
});

type State = { accounts: Array<{ email: string; mediaItems: Array<{ id: string; filename: string }> }> };
const asResult = (r: { status: number; body: unknown }) => ({ ...r, headers: new Headers(), text: JSON.stringify(r.body) }) as ApiResult<unknown>;
const itemCount = async (cloud: TestCloud) => (await cloud.admin<State>('GET', '/__admin/state')).body.accounts.flatMap((a) => a.mediaItems).length;

/** A raw HTTP/1.1 request with exactly these headers (fetch will not let a caller set Host). */
function rawRequest(port: number, method: string, path: string, headers: Record<string, string>, body?: string): Promise<{ status: number; body: unknown }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, method, path, headers: { ...headers, ...(body ? { 'content-length': String(Buffer.byteLength(body)) } : {}) } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        resolve({ status: res.statusCode ?? 0, body: text ? (JSON.parse(text) as unknown) : undefined });
      });
    });
    req.on('error', reject);
    req.end(body);
  });
}

describe('export and import stay inside the exports folder', () => {
  it('refuses an export to an absolute path outside the exports folder, and writes nothing there', async () => {
    const target = join(elsewhere, 'x');
    expectGoogleError(asResult(await t.admin('POST', '/__admin/export', { dir: target })), 400, 'INVALID_ARGUMENT');
    expect(existsSync(join(target, 'state.json'))).toBe(false);
    expect(existsSync(target)).toBe(false);
  });

  it('refuses a path with "..", absolute or relative, even one that ends up inside', async () => {
    const climbing = join(exportsDir, '..', basename(elsewhere), 'x');
    expectGoogleError(asResult(await t.admin('POST', '/__admin/export', { dir: climbing })), 400, 'INVALID_ARGUMENT');
    expect(existsSync(join(elsewhere, 'x'))).toBe(false);
    for (const dir of ['../x', `../${basename(elsewhere)}/y`, 'a/../../x', 'a/../b', '..']) {
      const answer = await t.admin<{ error: { message: string } }>('POST', '/__admin/export', { dir });
      expectGoogleError(asResult(answer), 400, 'INVALID_ARGUMENT');
      expect(answer.body.error.message).toContain('..');
      expectGoogleError(asResult(await t.admin('POST', '/__admin/import', { dir })), 400, 'INVALID_ARGUMENT');
    }
    expect(existsSync(join(elsewhere, 'y'))).toBe(false);
  });

  it('does not write through a symlinked state.json (the link is replaced, its target untouched)', async () => {
    const precious = join(elsewhere, 'precious.txt');
    writeFileSync(precious, 'do not overwrite me');
    mkdirSync(join(exportsDir, 'bug'));
    symlinkSync(precious, join(exportsDir, 'bug', 'state.json'));
    const answer = await t.admin('POST', '/__admin/export', { dir: join(exportsDir, 'bug') });
    expect(readFileSync(precious, 'utf8')).toBe('do not overwrite me');
    expect(answer.status).toBe(200);
    expect(lstatSync(join(exportsDir, 'bug', 'state.json')).isSymbolicLink()).toBe(false);
    expect(JSON.parse(readFileSync(join(exportsDir, 'bug', 'state.json'), 'utf8'))).toMatchObject({ format: 'gallery-sync-cloud/1' });
  });

  it('does not follow a symlinked folder out of the exports folder', async () => {
    symlinkSync(elsewhere, join(exportsDir, 'out'));
    expectGoogleError(asResult(await t.admin('POST', '/__admin/export', { dir: join(exportsDir, 'out', 'x') })), 400, 'INVALID_ARGUMENT');
    expect(existsSync(join(elsewhere, 'x'))).toBe(false);
    mkdirSync(join(exportsDir, 'inside'));
    symlinkSync(elsewhere, join(exportsDir, 'inside', 'blobs'));
    expectGoogleError(asResult(await t.admin('POST', '/__admin/export', { dir: join(exportsDir, 'inside') })), 400, 'INVALID_ARGUMENT');
    expect(existsSync(join(exportsDir, 'inside', 'state.json'))).toBe(false);
  });

  it('refuses an import from outside the exports folder and keeps the current state', async () => {
    const other = await startTestCloud({ exportsDir: elsewhere, seed: 5 });
    clouds.push(other);
    expect((await other.admin('POST', '/__admin/export', { dir: join(elsewhere, 'e') })).status).toBe(200);
    expectGoogleError(asResult(await t.admin('POST', '/__admin/import', { dir: join(elsewhere, 'e') })), 400, 'INVALID_ARGUMENT');
    expect(await itemCount(t)).toBe(1);
  });

  it('does not echo the first bytes of the file it was given, nor read through a symlinked state.json', async () => {
    mkdirSync(join(exportsDir, 'leak'));
    writeFileSync(join(exportsDir, 'leak', 'state.json'), 'SECRET-TOKEN-0123456789 and more');
    const answer = await t.admin<{ error: { message: string } }>('POST', '/__admin/import', { dir: join(exportsDir, 'leak') });
    expectGoogleError(asResult(answer), 400, 'INVALID_ARGUMENT');
    expect(answer.body.error.message).not.toMatch(/SECRET|0123/);

    const secret = join(elsewhere, 'secret.json');
    writeFileSync(secret, '{"format":"gallery-sync-cloud/1","tables":{}} SECRET');
    mkdirSync(join(exportsDir, 'linked'));
    symlinkSync(secret, join(exportsDir, 'linked', 'state.json'));
    const linked = await t.admin<{ error: { message: string } }>('POST', '/__admin/import', { dir: join(exportsDir, 'linked') });
    expectGoogleError(asResult(linked), 400, 'INVALID_ARGUMENT');
    expect(linked.body.error.message).not.toMatch(/SECRET/);
    expect(await itemCount(t)).toBe(1);
  });

  it('round-trips an export inside the exports folder into another cloud that shares it', async () => {
    const exported = await t.admin<{ dir: string; blobs: number }>('POST', '/__admin/export', { dir: join(exportsDir, 'bug-1') });
    expect(exported.status).toBe(200);
    expect(exported.body).toMatchObject({ dir: join(exportsDir, 'bug-1'), blobs: 1 });
    expect(existsSync(join(exportsDir, 'bug-1', 'state.json'))).toBe(true);
    const fresh = await startTestCloud({ exportsDir, seed: 99 });
    clouds.push(fresh);
    // A name relative to the exports folder, as a user types it.
    const imported = await fresh.admin('POST', '/__admin/import', { dir: 'bug-1' });
    expect(imported.status).toBe(200);
    expect((await fresh.admin<State>('GET', '/__admin/state')).body.accounts[0]?.mediaItems).toMatchObject([{ filename: 'IMG_1.jpg' }]);
    // A relative name on export lands in the exports folder too.
    expect((await fresh.admin<{ dir: string }>('POST', '/__admin/export', { dir: 'bug-2/again' })).body.dir).toBe(join(exportsDir, 'bug-2', 'again'));
    expect(existsSync(join(exportsDir, 'bug-2', 'again', 'state.json'))).toBe(true);
  });
});

describe('browsers cannot drive /__admin', () => {
  it('refuses a cross-origin POST with 403 and does nothing', async () => {
    const answer = await fetch(`${t.url}/__admin/accounts`, { method: 'POST', headers: { Origin: 'http://evil.example', 'Content-Type': 'text/plain' }, body: JSON.stringify({ email: 'evil@example.com' }) });
    expect(answer.status).toBe(403);
    expect(await answer.json()).toMatchObject({ error: { code: 403, status: 'PERMISSION_DENIED', message: expect.stringMatching(/Origin/) } });
    const reset = await fetch(`${t.url}/__admin/reset`, { method: 'POST', headers: { Origin: 'null' } });
    expect(reset.status).toBe(403);
    // Another port on the same machine is another origin.
    const otherPort = await fetch(`${t.url}/__admin/reset`, { method: 'POST', headers: { Origin: `http://127.0.0.1:${t.server.port + 1}` } });
    expect(otherPort.status).toBe(403);
    expect(await itemCount(t)).toBe(1);
    const state = await t.admin<State>('GET', '/__admin/state');
    expect(state.body.accounts.map((a) => a.email)).toEqual(['qa@example.com']);
  });

  it('refuses a browser request marked cross-site even without Origin', async () => {
    const answer = await fetch(`${t.url}/__admin/state`, { headers: { 'Sec-Fetch-Site': 'cross-site' } });
    expect(answer.status).toBe(403);
  });

  it('accepts a request from its own origin', async () => {
    const answer = await fetch(`${t.url}/__admin/accounts`, { method: 'POST', headers: { Origin: t.url }, body: JSON.stringify({ email: 'web@example.com' }) });
    expect(answer.status).toBe(201);
  });

  it('refuses a foreign Host (DNS rebinding) with 403', async () => {
    const port = t.server.port;
    for (const host of [`attacker.example:${port}`, `attacker.example`, `127.0.0.1:${port + 1}`, `localhost`, `127.0.0.1.nip.io:${port}`]) {
      const answer = await rawRequest(port, 'POST', '/__admin/reset', { Host: host });
      expect(answer.status, host).toBe(403);
      expect(answer.body).toMatchObject({ error: { code: 403, status: 'PERMISSION_DENIED' } });
    }
    expect(await itemCount(t)).toBe(1);
  });

  it('accepts a plain curl-like request (no Origin) with a loopback Host', async () => {
    const port = t.server.port;
    for (const host of [`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`]) {
      const answer = await rawRequest(port, 'GET', '/__admin/health', { Host: host, 'User-Agent': 'curl/8.5.0', Accept: '*/*' });
      expect(answer.status, host).toBe(200);
    }
    const created = await rawRequest(port, 'POST', '/__admin/accounts', { Host: `127.0.0.1:${port}`, 'Content-Type': 'application/x-www-form-urlencoded' }, '{"email":"curl@example.com"}');
    expect(created.status).toBe(201);
    // Node's fetch, as the harness and the scenario runners call the cloud.
    expect((await fetch(`${t.url}/__admin/clock`)).status).toBe(200);
  });

  it('leaves the Library API alone: a browser may call it (it needs a token anyway)', async () => {
    const answer = await fetch(`${t.url}/v1/mediaItems`, { headers: { Origin: 'http://evil.example', Authorization: `Bearer ${phone.accessToken}` } });
    expect(answer.status).toBe(200);
  });
});
