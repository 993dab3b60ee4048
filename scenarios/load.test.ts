import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { loadCatalog, parseScenario, ScenarioError } from './load.ts';
import { bugProfileNames } from '../simulator/bugs.ts';

const run = promisify(execFile);
const repo = resolve(import.meta.dirname, '..');
const dir = mkdtempSync(join(tmpdir(), 'scenarios-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const header = 'name: t\ncovers: a test\n';

describe('the scenario language', () => {
  it('reads the catalog: at least 30 scenarios, each saying what it covers', () => {
    const catalog = loadCatalog();
    expect(catalog.length).toBeGreaterThanOrEqual(30);
    for (const s of catalog) expect(s.covers.length).toBeGreaterThan(10);
    expect(new Set(catalog.map((s) => s.name)).size).toBe(catalog.length);
  });

  it('takes arguments on the following lines, inline in flow style, or nested', () => {
    const s = parseScenario(`${header}steps:\n  - phone: capture\n    count: 3\n  - { phone: capture, album: Trip }\n  - phone: { move: { item: 1, album: Camera } }\n  - settle: 5m\n  - expect: no-loss\n`);
    expect(s.steps.map((x) => ('args' in x ? [x.verb, x.action, x.args] : [x.verb]))).toEqual([
      ['phone', 'capture', { count: 3, kind: 'camera-photo', album: 'Camera' }],
      ['phone', 'capture', { count: 1, kind: 'camera-photo', album: 'Trip' }],
      ['phone', 'move', { item: 1, album: 'Camera' }],
      ['settle'],
      ['expect'],
    ]);
    expect(s.steps[3]).toMatchObject({ ms: 300_000 });
  });

  const refused: Array<[string, string, RegExp]> = [
    ['not YAML', 'name: [unclosed', /not valid YAML/],
    ['no covers', 'name: t\nsteps:\n  - settle: 1m\n', /covers/],
    ['an unknown verb', `${header}steps:\n  - dance: now\n`, /step 1: a step has exactly one of phone, cloud, net/],
    ['an unknown action', `${header}steps:\n  - phone: juggle\n`, /step 1 \(phone: juggle\): unknown phone action "juggle"/],
    ['a wrong argument type', `${header}steps:\n  - phone: capture\n    count: lots\n`, /step 1 .*count: /],
    ['an unknown argument', `${header}steps:\n  - phone: capture\n    colour: red\n`, /step 1 .*colour/],
    ['a bad duration', `${header}steps:\n  - settle: soon\n`, /step 1 .*duration/],
    ['an unknown invariant', `${header}steps:\n  - expect: happiness\n`, /unknown invariant "happiness"/],
    ['an unknown phone', `${header}phones: [a]\nsteps:\n  - phone: enable-backup\n    on: b\n`, /no phone "b"/],
    ['an unknown brand', `${header}brands: [nokia]\nsteps:\n  - settle: 1m\n`, /brands/],
  ];

  it.each(refused)('refuses %s with one message naming the file and the step', (_what, text, message) => {
    expect(() => parseScenario(text, '/x/broken.yaml')).toThrow(ScenarioError);
    expect(() => parseScenario(text, '/x/broken.yaml')).toThrow(message);
    expect(() => parseScenario(text, '/x/broken.yaml')).toThrow(/^broken\.yaml/);
  });
});

describe('gallery-sync simulate, bad input', () => {
  const cli = async (...args: string[]) => {
    try {
      const { stdout, stderr } = await run(process.execPath, ['bin/gallery-sync.js', 'simulate', ...args], { cwd: repo, timeout: 30_000, killSignal: 'SIGKILL' });
      return { code: 0, stdout, stderr };
    } catch (error) {
      const e = error as { code: number; stdout: string; stderr: string };
      return { code: e.code, stdout: e.stdout, stderr: e.stderr };
    }
  };

  it('exits 2 with one line for a broken scenario file, an unknown brand, an unknown bug profile', async () => {
    const broken = join(dir, 'broken.yaml');
    writeFileSync(broken, `${header}steps:\n  - phone: capture\n    count: -1\n`);
    for (const [args, message] of [
      [[broken], /broken\.yaml: step 1 \(phone: capture .*\): count/],
      [['--brand', 'nokia'], /--brand: unknown brand "nokia"/],
      [['--bug', 'no-such-bug'], /--bug: unknown profile "no-such-bug"/],
      [['no scenario has this name'], /no scenario matches/],
      // Node 20's recursive mkdir never returns under /proc: this used to hang for ever.
      [['first backup', '--brand', 'xiaomi', '--out', '/proc/nope'], /--out \/proc\/nope: cannot write reports there \(ENOENT\)/],
    ] as const) {
      const result = await cli(...args);
      expect(result.code, result.stderr).toBe(2);
      expect(result.stderr.trim().split('\n')).toHaveLength(1);
      expect(result.stderr).toMatch(message);
    }
  }, 60_000);

  it('lists the known-bug profiles, each with the invariant that caught it, and the mutation score', async () => {
    const result = await cli('--list-bugs');
    expect(result.code).toBe(0);
    const lines = result.stdout.trim().split('\n');
    for (const profile of bugProfileNames) expect(lines.find((l) => l.startsWith(`${profile} `)), profile).toMatch(/ caught by [a-z-]+ on [a-z]+ — "/);
    expect(lines.at(-1)).toBe(`mutation score: ${bugProfileNames.length}/${bugProfileNames.length} profiles caught by the invariant the README names (seed 1)`);
  });
});
