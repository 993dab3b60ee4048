import { spawn, type ChildProcess } from 'node:child_process';
import { appendFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createRng, type Rng } from '../runtime/rng.ts';
import { sha256Hex } from './store/blob-store.ts';
import { PhotosClient, testJpeg } from './test/harness.ts';

const children: ChildProcess[] = [];
const folders: string[] = [];
afterAll(() => {
  for (const child of children) child.kill('SIGKILL');
  for (const dir of folders) rmSync(dir, { recursive: true, force: true });
});
const newDataDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'cloud-durable-'));
  folders.push(dir);
  return dir;
};

/** Starts `gallery-sync cloud --data DIR --port 0` as a child process and waits for its URL. */
function startChild(dataDir: string): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, ['bin/gallery-sync.js', 'cloud', '--data', dataDir, '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  return new Promise((resolve, reject) => {
    let output = '';
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const url = /listening on (http:\/\/\S+)/.exec(output)?.[1];
      if (url) resolve({ child, url });
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', (code) => reject(new Error(`cloud exited with ${code}: ${output}`)));
  });
}

const exited = (child: ChildProcess) => new Promise((resolve) => child.once('exit', resolve));

describe('a cloud with --data', () => {
  it('keeps a created item, its bytes, the credentials and the advanced clock across kill -9', async () => {
    const dataDir = newDataDir();
    const first = await startChild(dataDir);
    const created = await fetch(`${first.url}/__admin/accounts`, { method: 'POST', body: JSON.stringify({ email: 'qa@example.com' }) });
    const credentials = (await created.json()) as { clientId: string; clientSecret: string; refreshToken: string };
    const phone = new PhotosClient(first.url, credentials);
    await phone.refresh();
    const bytes = await testJpeg(42, { width: 300, height: 200 });
    const item = await phone.add(bytes, 'IMG_before_crash.jpg');
    const advanced = await fetch(`${first.url}/__admin/clock`, { method: 'POST', body: JSON.stringify({ advanceMs: 3 * 86_400_000 }) });
    const clockBefore = ((await advanced.json()) as { nowMs: number }).nowMs;

    first.child.kill('SIGKILL');
    await exited(first.child);

    const second = await startChild(dataDir);
    const again = new PhotosClient(second.url, credentials);
    expect((await again.refresh()).status).toBe(200);
    const found = await again.json<{ id: string; filename: string; baseUrl: string }>('GET', `/v1/mediaItems/${item.id}`);
    expect(found.body).toMatchObject({ id: item.id, filename: 'IMG_before_crash.jpg' });
    const downloaded = Buffer.from(await (await fetch(`${found.body.baseUrl}=d`)).arrayBuffer());
    expect(downloaded.equals(bytes)).toBe(true);
    const clock = (await (await fetch(`${second.url}/__admin/clock`)).json()) as { nowMs: number };
    expect(clock.nowMs).toBeGreaterThanOrEqual(clockBefore);

    second.child.kill('SIGTERM');
    expect(await exited(second.child)).toBe(0);
  });

  // Two data folders killed in turn: the cloud's start-up (about a second of CPU) is most of a round, and two cores
  // run two lanes in about the time of one.
  const lanes = 2;
  const killsPerLane = 26;
  it(
    `loses no acknowledged item and leaves no .partial file across ${lanes * killsPerLane} kill -9s, each one mid-upload`,
    async () => {
      const results = await Promise.all(Array.from({ length: lanes }, (_, lane) => killLoop(createRng(18).fork(`lane ${lane}`), killsPerLane)));
      for (const result of results) {
        expect(result.kills).toBe(killsPerLane);
        expect(result.lost).toEqual([]);
        expect(result.partialsAfterStart).toEqual([]);
        expect(result.damagedBlobs).toEqual([]);
        expect(result.acknowledged).toBeGreaterThan(killsPerLane); // the loop did upload between kills
      }
    },
    150_000,
  );
});

interface Acknowledged {
  id: string;
  sha256: string;
}

/**
 * Kills one cloud `kills` times while three phones upload into it and a fourth is half way through sending a body;
 * after every restart, every item a phone got a mediaItem for must be there, and no `.partial` file may be left.
 * Some rounds plant a `.partial` file (what a kill during a blob write leaves) or append junk to the WAL.
 */
async function killLoop(rng: Rng, kills: number) {
  const dataDir = newDataDir();
  const acknowledged: Acknowledged[] = [];
  const lost: string[] = [];
  const partialsAfterStart: string[] = [];
  let credentials: { clientId: string; clientSecret: string; refreshToken: string } | undefined;
  let round = 0;
  for (; round <= kills; round++) {
    const { child, url } = await startChild(dataDir);
    partialsAfterStart.push(...partialFiles(dataDir));
    credentials ??= (await (await fetch(`${url}/__admin/accounts`, { method: 'POST', body: JSON.stringify({ email: 'qa@example.com' }) })).json()) as typeof credentials;
    const phone = new PhotosClient(url, credentials as NonNullable<typeof credentials>);
    await phone.refresh();
    lost.push(...(await missing(phone, acknowledged)).map((id) => `${id} (after kill ${round})`));
    if (round === kills) {
      const damagedBlobs = await damaged(url, acknowledged);
      child.kill('SIGTERM');
      await exited(child);
      return { kills: round, acknowledged: acknowledged.length, lost, partialsAfterStart, damagedBlobs };
    }
    const stop = { now: false };
    const uploads = [0, 1, 2].map((worker) => uploadUntilKilled(phone, acknowledged, stop, `${round}-${worker}`));
    const halfSent = startHalfUpload(url, phone.accessToken);
    await new Promise((resolve) => setTimeout(resolve, rng.int(20, 250)));
    stop.now = true;
    child.kill('SIGKILL');
    await exited(child);
    halfSent.destroy();
    await Promise.all(uploads);
    if (round % 5 === 1) plantPartial(dataDir, rng);
    if (round % 7 === 3) appendFileSync(join(dataDir, 'cloud.db-wal'), Buffer.from('junk written after a kill -9\n'.repeat(rng.int(1, 400))));
  }
  throw new Error('unreachable');
}

/** Uploads distinct photos until the cloud dies, noting each one the cloud acknowledged with a mediaItem. */
async function uploadUntilKilled(phone: PhotosClient, acknowledged: Acknowledged[], stop: { now: boolean }, tag: string): Promise<void> {
  for (let n = 0; !stop.now; n++) {
    // A trailer after the JPEG's end makes every upload distinct content without re-encoding.
    const bytes = Buffer.concat([photo, Buffer.from(`${tag}-${n}`), Buffer.alloc(n % 3 === 0 ? 300_000 : 0)]);
    try {
      const token = await phone.upload(bytes, `IMG_${tag}_${n}.jpg`);
      const item = (await phone.batchCreate([{ token }])).body.newMediaItemResults?.[0]?.mediaItem;
      if (item) acknowledged.push({ id: item.id, sha256: sha256Hex(bytes) });
    } catch {
      return; // the connection died with the cloud: that upload was never acknowledged
    }
  }
}
const photo = await testJpeg(18, { width: 160, height: 120 });

/** A raw upload whose body stops half way: the kill always lands while the cloud is reading an upload. */
function startHalfUpload(url: string, accessToken: string) {
  const body = Buffer.alloc(1_000_000, 7);
  const req = request(`${url}/v1/uploads`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${accessToken}`, 'Content-Type': 'application/octet-stream', 'Content-Length': String(body.length), 'X-Goog-Upload-Protocol': 'raw', 'X-Goog-Upload-Content-Type': 'image/jpeg' },
  });
  req.on('error', () => undefined);
  req.write(body.subarray(0, body.length / 2));
  return req;
}

/** Ids of acknowledged items the cloud no longer has. */
async function missing(phone: PhotosClient, acknowledged: Acknowledged[]): Promise<string[]> {
  const gone: string[] = [];
  for (let i = 0; i < acknowledged.length; i += 50) {
    const ids = acknowledged.slice(i, i + 50).map((a) => a.id);
    const answer = await phone.json<{ mediaItemResults: Array<{ mediaItem?: { id: string } }> }>('GET', `/v1/mediaItems:batchGet?${ids.map((id) => `mediaItemIds=${id}`).join('&')}`);
    ids.forEach((id, k) => {
      if (answer.body.mediaItemResults[k]?.mediaItem?.id !== id) gone.push(id);
    });
  }
  return gone;
}

/** Hashes of acknowledged contents the cloud does not serve intact (its reference copy, checked against the hash). */
async function damaged(url: string, acknowledged: Acknowledged[]): Promise<string[]> {
  const bad: string[] = [];
  for (const { sha256 } of acknowledged) {
    const answer = await fetch(`${url}/__admin/blobs/${sha256}`);
    if (answer.status !== 200 || sha256Hex(Buffer.from(await answer.arrayBuffer())) !== sha256) bad.push(sha256);
  }
  return bad;
}

function partialFiles(dataDir: string): string[] {
  const blobs = join(dataDir, 'blobs');
  return readdirSync(blobs).flatMap((shard) => readdirSync(join(blobs, shard)).filter((f) => f.endsWith('.partial')).map((f) => join(shard, f)));
}

/** What a kill during a blob write leaves: a `.partial` file beside where the blob would have gone. */
function plantPartial(dataDir: string, rng: Rng): void {
  const sha = sha256Hex(Buffer.from(`never finished ${rng.next()}`));
  mkdirSync(join(dataDir, 'blobs', sha.slice(0, 2)), { recursive: true });
  writeFileSync(join(dataDir, 'blobs', sha.slice(0, 2), `${sha}.partial`), 'half a pho');
}
