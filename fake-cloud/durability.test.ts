import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { PhotosClient, testJpeg } from './test/harness.ts';

const children: ChildProcess[] = [];
const dataDir = mkdtempSync(join(tmpdir(), 'cloud-durable-'));
afterAll(() => {
  for (const child of children) child.kill('SIGKILL');
  rmSync(dataDir, { recursive: true, force: true });
});

/** Starts `gallery-sync cloud --data DIR --port 0` as a child process and waits for its URL. */
function startChild(): Promise<{ child: ChildProcess; url: string }> {
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
    const first = await startChild();
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

    const second = await startChild();
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
});
