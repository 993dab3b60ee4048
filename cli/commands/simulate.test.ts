import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { Command } from 'commander';
import { parse } from 'node-html-parser';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { validateXML } from 'xmllint-wasm';
import { CloudApi } from '../../simulator/engine/cloud-api.ts';
import { catalogDir } from '../../scenarios/load.ts';
import { registerSimulate } from './simulate.ts';

const repo = resolve(import.meta.dirname, '../..');
const exec = promisify(execFile);
const dirs: string[] = [];
const tmp = (prefix: string) => {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  dirs.push(dir);
  return dir;
};
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
afterEach(() => vi.restoreAllMocks());

interface Results {
  passed: number;
  failed: number;
  errors: number;
  results: Array<{ scenario: string; file: string; brand: string; seed: number; verdict: string; error?: string; replay: string; historyFile: string }>;
}

/** `gallery-sync simulate …` as a user runs it; the exit code is returned, not thrown. */
async function simulate(args: string[], cwd = repo): Promise<{ code: number; stdout: string; stderr: string }> {
  return exec(process.execPath, [join(repo, 'bin/gallery-sync.js'), 'simulate', ...args], { cwd, maxBuffer: 16 * 1024 * 1024 }).then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
    (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, stdout: e.stdout, stderr: e.stderr }),
  );
}

const results = (dir: string): Results => JSON.parse(readFileSync(join(dir, 'results.json'), 'utf8')) as Results;
const key = (r: { scenario: string; brand: string; seed: number }) => `${r.scenario} | ${r.brand} | ${r.seed}`;

describe('simulate: a batch that selects no run is bad input, not a green', () => {
  it('a two-way-only scenario with --brand oppo: one line naming why, exit 2, no results', async () => {
    const out = tmp('sim-none-');
    const run = await simulate(['cloud-add-reaches-phone.yaml', '--brand', 'oppo', '--out', out]);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe('gallery-sync: --brand oppo: no run selected: none of the 1 selected scenario runs on oppo ("photos added elsewhere appear on a two-way phone" runs on xiaomi)\n');
  });

  it('a --tag no selected scenario has, and an empty shard: one line each, exit 2', async () => {
    const tag = await simulate(['first backup', '--tag', 'nope']);
    expect(tag.code).toBe(2);
    expect(tag.stderr).toBe('gallery-sync: --tag nope: none of the 1 selected scenario has this tag (their tags: backup, smoke)\n');
    const shard = await simulate(['first backup', '--brand', 'xiaomi', '--shard', '2/2']);
    expect(shard.code).toBe(2);
    expect(shard.stderr).toBe('gallery-sync: --shard 2/2: no run selected: this shard is empty (the plan has 1 run for 2 shards)\n');
    const bad = await simulate(['first backup', '--shard', '0/3']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toBe('gallery-sync: --shard must be i/n with 1 ≤ i ≤ n (e.g. 2/3), got "0/3"\n');
  });
});

describe('simulate --shard i/n (1-based, public)', () => {
  it('shards 1/3, 2/3 and 3/3 together run exactly the whole plan, once each, in near-equal shares', async () => {
    const selection = ['first backup', 'delete everywhere', 'cloud-add-reaches-phone.yaml', '--runs', '2'];
    const whole = tmp('sim-whole-');
    expect((await simulate([...selection, '--out', whole])).code).toBe(0);
    const plan = results(whole).results.map(key);
    expect(plan.length).toBeGreaterThanOrEqual(10);
    const shards: string[][] = [];
    for (const i of [1, 2, 3]) {
      const out = tmp(`sim-shard-${i}-`);
      const run = await simulate([...selection, '--shard', `${i}/3`, '--out', out]);
      expect(run.code, run.stderr).toBe(0);
      expect(run.stdout).toContain(`shard ${i}/3`);
      shards.push(results(out).results.map(key));
    }
    const sizes = shards.map((s) => s.length);
    expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
    const union = shards.flat();
    expect(new Set(union).size).toBe(union.length); // none twice
    expect([...union].sort()).toEqual([...plan].sort()); // all of it
    // Each shard mixes brands (every third run of the plan), not one brand per job.
    expect(new Set(shards[0]?.map((k) => k.split(' | ')[1])).size).toBeGreaterThan(1);
  }, 90_000);

  it('--shard with --jobs 2 runs the shard\'s runs once each, split over two processes', async () => {
    const out = tmp('sim-shard-jobs-');
    const run = await simulate(['first backup', '--runs', '3', '--shard', '1/2', '--jobs', '2', '--out', out]);
    expect(run.code, run.stderr).toBe(0);
    const got = results(out).results.map(key).sort();
    // 4 brands × 3 seeds = 12 runs in plan order (brand, then seed); the first shard is runs 1, 3, 5, … of it.
    expect(got).toEqual(['xiaomi | 1', 'xiaomi | 3', 'oppo | 2', 'oneplus | 1', 'oneplus | 3', 'realme | 2'].map((k) => `first backup | ${k}`).sort());
  }, 60_000);
});

describe('simulate: your own scenario file is first-class', () => {
  it('the printed replay of a file scenario names the file and, run as given, reproduces the verdict and history', async () => {
    const own = tmp('sim-own-');
    const file = join(own, 'my lost answer.yaml');
    // The catalog's duplicate scenario under another name: not in the catalog, so only its file can replay it.
    writeFileSync(file, readFileSync(join(catalogDir, 'response-lost-after-commit.yaml'), 'utf8').replace(/^name: .*$/m, 'name: my own lost answer'));
    const out = tmp('sim-own-out-');
    const batch = await simulate([file, '--brand', 'oppo,xiaomi', '--bug', 'duplicate-on-retry', '--out', out]);
    expect(batch.code).toBe(1);
    const failure = results(out).results.find((r) => r.verdict === 'fail');
    expect(failure?.replay).toBe(`npx gallery-sync simulate ${JSON.stringify(file)} --brand ${failure?.brand} --seed 1 --bug duplicate-on-retry`);
    expect(batch.stdout).toContain(`replay: ${failure?.replay}`);
    // As printed (from another directory, too), with only --out added.
    const args = (failure!.replay.match(/"[^"]*"|\S+/g) ?? []).slice(3).map((a) => a.replace(/^"|"$/g, ''));
    const again = tmp('sim-own-again-');
    const replay = await simulate([...args, '--out', again], own);
    expect(replay.code).toBe(1);
    const replayed = results(again).results;
    expect(replayed.map((r) => [r.scenario, r.brand, r.verdict])).toEqual([[failure!.scenario, failure!.brand, 'fail']]);
    expect(readFileSync(join(again, replayed[0]!.historyFile), 'utf8')).toBe(readFileSync(join(out, failure!.historyFile), 'utf8'));
  }, 60_000);

  it('a catalog scenario replays by its full name, and --tag keeps the scenarios that carry the tag', async () => {
    const out = tmp('sim-exact-');
    const run = await simulate(['delete everywhere', '--brand', 'xiaomi', '--out', out]);
    expect(run.code).toBe(0);
    expect(results(out).results.map((r) => r.replay)).toEqual(['npx gallery-sync simulate "delete everywhere removes the cloud copy" --brand xiaomi --seed 1']);
    const tagged = await simulate(['--tag', 'smoke', '--brand', 'xiaomi', '--list']);
    expect(tagged.code).toBe(0);
    expect(tagged.stdout).toMatch(/^first backup /m);
    expect(tagged.stdout).not.toMatch(/^two phones on one account /m);
  });
});

describe('simulate: a run that crashes is an error, never a pass', () => {
  it('an engine crash: verdict "error" with its line in results.json, <error> in junit.xml, an errors count, the page, exit 1', async () => {
    vi.spyOn(CloudApi.prototype, 'batchCreate').mockImplementation(() => {
      throw new TypeError("Cannot read properties of undefined (reading 'uploadToken')");
    });
    const out = tmp('sim-crash-');
    const program = new Command().exitOverride();
    registerSimulate(program);
    const log = vi.spyOn(console, 'log').mockImplementation(() => undefined);
    vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    await program.parseAsync(['node', 'gallery-sync', 'simulate', 'first backup', '--brand', 'xiaomi,oppo', '--out', out]);
    const code = process.exitCode;
    process.exitCode = undefined;
    expect(code).toBe(1);
    const printed = log.mock.calls.map((c) => String(c[0])).join('\n');
    expect(printed).toMatch(/! ERROR first backup on xiaomi, seed 1: not judged: EngineCrash: /);
    expect(printed).toMatch(/0 passed, 0 failed, 2 errors/);
    const saved = results(out);
    expect(saved).toMatchObject({ passed: 0, failed: 0, errors: 2 });
    for (const r of saved.results) {
      expect(r.verdict).toBe('error');
      expect(r.error).toMatch(/^EngineCrash: .*the gallery's sync engine crashed: TypeError: Cannot read properties of undefined/);
      expect(r.error).not.toContain('\n');
    }
    const xml = readFileSync(join(out, 'junit.xml'), 'utf8');
    expect(xml).toMatch(/<testsuites [^>]*tests="2" failures="0" errors="2"/);
    expect(xml.match(/<error message="EngineCrash: [^"]*" type="error">/g)).toHaveLength(2);
    const schema = readFileSync(join(repo, 'reports/junit.xsd'), 'utf8');
    const valid = await validateXML({ xml: { fileName: 'junit.xml', contents: xml }, schema: { fileName: 'junit.xsd', contents: schema } });
    expect(valid.errors.map((e) => e.message)).toEqual([]);
    const page = parse(readFileSync(join(out, 'index.html'), 'utf8'));
    expect(page.querySelectorAll('article.run.error')).toHaveLength(2);
    expect(page.querySelectorAll('table.matrix td.cell.error')).toHaveLength(2);
    expect(page.querySelector('.verdict b')?.text).toMatch(/^2 errors/);
  }, 60_000);
});
