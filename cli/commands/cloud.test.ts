import { execFile, spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const bin = new URL('../../bin/gallery-sync.js', import.meta.url).pathname;
const run = (...args: string[]) => promisify(execFile)(process.execPath, [bin, 'cloud', ...args], { encoding: 'utf8', timeout: 20_000 }).then((r) => ({ code: 0, ...r }), (error: { code: number; stdout: string; stderr: string }) => error);

describe('gallery-sync cloud start-up', () => {
  it('makes a data folder that does not exist yet, parents included, and serves', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'gallery-sync-cloud-')), 'new', 'data');
    const child = spawn(process.execPath, [bin, 'cloud', '--data', dir, '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
    const [line] = (await once(child.stdout, 'data')) as [Buffer];
    const url = /listening on (\S+)/.exec(line.toString())?.[1];
    const health = await fetch(`${url}/__admin/health`);
    expect(health.status).toBe(200);
    // Exports are confined to a folder of the data folder unless --exports names another.
    expect(await health.json()).toMatchObject({ dataDir: dir, exportsDir: join(dir, 'exports') });
    expect(existsSync(join(dir, 'cloud.db'))).toBe(true);
    child.kill('SIGTERM');
    expect((await once(child, 'exit'))[0]).toBe(0);
  });

  it.each([
    [['--port', '70000', '--memory'], 'gallery-sync: --port must be at most 65535, got 70000\n'],
    [['--data', '/dev/null', '--port', '0'], 'gallery-sync: --data /dev/null: not a directory\n'],
    [['--memory', '--exports', '/dev/null', '--port', '0'], 'gallery-sync: --exports /dev/null: not a directory\n'],
    [['--data', '/proc/gallery-sync-nope', '--port', '0'], "gallery-sync: --data /proc/gallery-sync-nope: cannot keep the cloud's state there (ENOENT)\n"],
  ])('refuses %j in one line, exit 2', async (args, message) => {
    expect(await run(...args)).toMatchObject({ code: 2, stderr: message });
  });
});
