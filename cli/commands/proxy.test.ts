import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { tunedCommands, tunedEnv } from '../../bin/tuned-commands.js';

const bin = new URL('../../bin/gallery-sync.js', import.meta.url).pathname;

/** Every process a test started: a test that fails half-way leaves none running. */
const started: number[] = [];
afterEach(() => {
  for (const pid of started.splice(0)) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone, as it should be
    }
  }
});

/** Starts `gallery-sync proxy` and waits for its URL; the process that serves is the launcher's one child. */
async function startProxy(): Promise<{ launcher: ChildProcess; url: string; serving: number; output: () => string }> {
  const launcher = spawn(process.execPath, [bin, 'proxy', '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
  started.push(launcher.pid!);
  let output = '';
  launcher.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  while (!/listening on (\S+)/.test(output)) await once(launcher.stdout!, 'data');
  const children = readFileSync(`/proc/${launcher.pid}/task/${launcher.pid}/children`, 'utf8').trim().split(/\s+/);
  started.push(...children.map(Number));
  expect(children).toHaveLength(1);
  return { launcher, url: /listening on (\S+)/.exec(output)?.[1] as string, serving: Number(children[0]), output: () => output };
}

const argvOf = (pid: number) => readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
const envOf = (pid: number) => Object.fromEntries(readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0').filter(Boolean).map((kv) => [kv.slice(0, kv.indexOf('=')), kv.slice(kv.indexOf('=') + 1)]));

describe('gallery-sync proxy', () => {
  it('serves from a process started with the V8 and glibc settings that keep bulk transfers fast, and stops on SIGTERM', async () => {
    const { launcher, url, serving, output } = await startProxy();
    expect((await fetch(`${url}/version`)).status).toBe(200);
    const tuning = tunedCommands.proxy!;
    expect(argvOf(serving)).toEqual(expect.arrayContaining(tuning.nodeFlags));
    expect(envOf(serving).GLIBC_TUNABLES).toBe(tuning.glibcTunables.join(':'));
    launcher.kill('SIGTERM');
    expect((await once(launcher, 'exit'))[0]).toBe(0);
    expect(output()).toContain('fault proxy stopped (SIGTERM)');
    expect(() => process.kill(serving, 0)).toThrow(); // the serving process is gone too
  });

  it('stops once on SIGINT, which a terminal sends to the launcher and the serving process alike', async () => {
    const { launcher, serving, output } = await startProxy();
    process.kill(serving, 'SIGINT');
    launcher.kill('SIGINT');
    expect((await once(launcher, 'exit'))[0]).toBe(0);
    expect(output().match(/fault proxy stopped/g)).toEqual(['fault proxy stopped']);
  });

  // (Checked on the environment given, not in /proc: glibc cuts GLIBC_TUNABLES in place at each ':' as it reads it.)
  it("keeps the user's own glibc settings and adds its own after them", () => {
    const tuning = tunedCommands.proxy!;
    expect(tunedEnv(tuning, { GLIBC_TUNABLES: 'glibc.malloc.arena_max=2', HOME: '/h' })).toEqual({ HOME: '/h', GALLERY_SYNC_TUNED: '1', GLIBC_TUNABLES: ['glibc.malloc.arena_max=2', ...tuning.glibcTunables].join(':') });
    expect(tunedEnv(tuning, {}).GLIBC_TUNABLES).toBe(tuning.glibcTunables.join(':'));
  });
});
