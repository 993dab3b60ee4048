import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateXML } from 'xmllint-wasm';
import { freePort } from '../../cli/free-port.ts';
import { startFaultServer, type FaultServer } from '../../network/api/server.ts';
import { RealClock } from '../../runtime/real-clock.ts';
import { catalogDir } from '../load.ts';

const repo = resolve(import.meta.dirname, '../..');
const dirs: string[] = [];
const tmp = (prefix: string) => {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  dirs.push(dir);
  return dir;
};
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

/** A command as a user (or a CI job) runs it: exit code and everything it printed. */
function command(args: string[], env: Record<string, string> = {}, cwd = repo): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, args, { cwd, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((done) => child.on('exit', (code) => done({ code, stdout, stderr })));
}
const galleryRun = (args: string[], env: Record<string, string> = {}, cwd = repo) => command([join(repo, 'bin/gallery-sync.js'), 'run', ...args], env, cwd);
const wdio = (args: string[], env: Record<string, string>) => command([join(repo, 'node_modules/@wdio/cli/bin/wdio.js'), 'run', 'wdio.conf.ts', ...args], env);

interface Results {
  passed: number;
  failed: number;
  errors: number;
  results: Array<{ scenario: string; file: string; brand: string; verdict: string; error?: string; replay: string }>;
}
const results = (dir: string): Results => JSON.parse(readFileSync(join(dir, 'results.json'), 'utf8')) as Results;

let faults: FaultServer;
beforeAll(async () => {
  faults = await startFaultServer({ clock: new RealClock(), seed: 1, port: 0 });
});
afterAll(() => faults.close());

describe('run: a selection with no run is bad input (one line, exit 2, nothing started)', () => {
  it('a two-way-only scenario on a backup-only brand, an empty shard, an unknown tag', async () => {
    const none = await galleryRun(['cloud-add-reaches-phone.yaml', '--brand', 'oppo']);
    expect([none.code, none.stdout, none.stderr]).toEqual([2, '', 'gallery-sync: --brand oppo: no run selected: none of the 1 selected scenario runs on oppo ("photos added elsewhere appear on a two-way phone" runs on xiaomi)\n']);
    const shard = await galleryRun(['first backup', '--brand', 'xiaomi', '--shard', '2/2']);
    expect([shard.code, shard.stderr]).toEqual([2, 'gallery-sync: --shard 2/2: no run selected: this shard is empty (the plan has 1 run for 2 shards)\n']);
    const tag = await galleryRun(['first backup', '--tag', 'nope']);
    expect([tag.code, tag.stderr]).toEqual([2, 'gallery-sync: --tag nope: none of the 1 selected scenario has this tag (their tags: backup, smoke)\n']);
  });

  it('npx wdio run wdio.conf.ts --shard 3/3 with two runs: one line, exit 2 (it used to run 0 workers and exit 0)', async () => {
    const out = tmp('gate-wdio-empty-');
    const env = { GALLERY_SYNC_RUN: JSON.stringify({ brands: ['xiaomi'], scenarios: ['scenarios/catalog/first-backup.yaml', 'scenarios/catalog/delete-everywhere.yaml'], outDir: out }) };
    const run = await wdio(['--shard', '3/3'], env);
    expect(run.code).toBe(2);
    expect(run.stderr.trim().split('\n').at(-1)).toBe('wdio --shard 3/3: no run selected: this shard is empty (the plan has 2 runs for 3 shards)');
  });
});

describe('run on a Toxiproxy of someone else (TOXIPROXY_URL)', () => {
  it('a proxy by a name this run creates is already there: one line naming it, exit 2, no stack trace', async () => {
    const taken = await fetch(`${faults.url}/proxies`, { method: 'POST', body: JSON.stringify({ name: 'xiaomi-first-backup-phone', listen: '127.0.0.1:0', upstream: '127.0.0.1:9' }) });
    expect(taken.status).toBe(201);
    try {
      const run = await galleryRun(['first backup', '--brand', 'xiaomi'], { TOXIPROXY_URL: faults.url });
      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(new RegExp(`^gallery-sync: TOXIPROXY_URL ${faults.url}: a proxy named "xiaomi-first-backup-phone" is already there \\(127\\.0\\.0\\.1:\\d+ → 127\\.0\\.0\\.1:9\\), and this run creates one by that name for "first backup" on xiaomi: remove it \\(curl -X DELETE ${faults.url}/proxies/xiaomi-first-backup-phone\\) or use another Toxiproxy\\n$`));
    } finally {
      await fetch(`${faults.url}/proxies/xiaomi-first-backup-phone`, { method: 'DELETE' });
    }
    const nobody = await galleryRun(['first backup', '--brand', 'xiaomi'], { TOXIPROXY_URL: 'http://127.0.0.1:9' });
    expect(nobody.code).toBe(2);
    expect(nobody.stderr).toMatch(/^gallery-sync: TOXIPROXY_URL http:\/\/127\.0\.0\.1:9: no Toxiproxy answers there \(.*\); start one, or unset TOXIPROXY_URL to use ours\n$/);
  });
});

describe('run: a run that could not start is an error, never a green', () => {
  let appium: Server;
  let port: number;
  beforeAll(async () => {
    // Where the run's Appium should be, a server that refuses every session (a farm with no device, say).
    appium = createServer((_request, response) => {
      response.writeHead(500, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ value: { error: 'session not created', message: 'no device available' } }));
    });
    await new Promise<void>((done) => appium.listen(0, '127.0.0.1', done));
    port = (appium.address() as { port: number }).port;
  });
  afterAll(() => new Promise<void>((done) => appium.close(() => done())));

  it('a WebdriverIO session that never started: an <error> per planned run in junit.xml, verdict "error" in results.json, exit 1', async () => {
    const out = tmp('gate-nosession-');
    const run = await galleryRun(['first backup', 'delete everywhere', '--brand', 'xiaomi', '--port', String(port), '--replays', '0', '--out', out]);
    expect(run.code, run.stdout + run.stderr).toBe(1);
    expect(run.stdout).toMatch(/0 passed, 0 failed, 2 errors \(not judged: could not start, crashed or did not finish\)/);
    expect(run.stdout).toMatch(/! ERROR first backup on xiaomi, seed 1: not judged: did not finish: the WebdriverIO worker for xiaomi ended \(exit 1\)/);
    const saved = results(out);
    expect(saved).toMatchObject({ passed: 0, failed: 0, errors: 2 });
    expect(saved.results.map((r) => [r.scenario, r.verdict])).toEqual([
      ['first backup', 'error'],
      ['delete everywhere removes the cloud copy', 'error'],
    ]);
    for (const r of saved.results) expect(r.error).toMatch(/^did not finish: .*session did not start/);
    const xml = readFileSync(join(out, 'junit.xml'), 'utf8');
    expect(xml).toMatch(/<testsuites [^>]*tests="2" failures="0" errors="2"/);
    expect(xml.match(/<error message="did not finish: [^"]*" type="error">/g)).toHaveLength(2);
    const schema = readFileSync(join(repo, 'reports/junit.xsd'), 'utf8');
    expect((await validateXML({ xml: { fileName: 'junit.xml', contents: xml }, schema: { fileName: 'junit.xsd', contents: schema } })).valid).toBe(true);
  }, 60_000);
});

describe('run: shards and scenario files, end to end (one real run each)', () => {
  it('run --shard 1/2 of [your own file, a catalog scenario] on xiaomi runs only your file, through a Toxiproxy that already has a proxy named "cloud"; its printed replay, run as given, gives the same verdict', async () => {
    const own = tmp('gate-own-');
    const file = join(own, 'my backup.yaml');
    writeFileSync(file, readFileSync(join(catalogDir, 'first-backup.yaml'), 'utf8').replace(/^name: .*$/m, 'name: my own first backup'));
    // Someone else's proxy on the shared Toxiproxy: no business of this run.
    expect((await fetch(`${faults.url}/proxies`, { method: 'POST', body: JSON.stringify({ name: 'cloud', listen: '127.0.0.1:0', upstream: '127.0.0.1:9' }) })).status).toBe(201);
    const out = tmp('gate-shard-');
    const run = await galleryRun([file, 'delete everywhere', '--brand', 'xiaomi', '--shard', '1/2', '--out', out], { TOXIPROXY_URL: faults.url });
    expect(run.code, run.stdout + run.stderr).toBe(0);
    expect(run.stdout).toMatch(/run: 1 run \(1 scenario × xiaomi\).*shard 1\/2/);
    const saved = results(out);
    expect(saved.results.map((r) => [r.scenario, r.brand, r.verdict, r.file])).toEqual([['my own first backup', 'xiaomi', 'pass', file]]);
    const replay = saved.results[0]!.replay;
    expect(replay).toBe(`npx gallery-sync run ${JSON.stringify(file)} --brand xiaomi --seed 1`);
    // The replay as printed (from the file's own folder), with only --out added.
    const args = (replay.match(/"[^"]*"|\S+/g) ?? []).slice(3).map((a) => a.replace(/^"|"$/g, ''));
    const again = tmp('gate-replay-');
    const replayed = await galleryRun([...args, '--out', again], {}, own);
    expect(replayed.code, replayed.stdout + replayed.stderr).toBe(0);
    expect(results(again).results.map((r) => [r.scenario, r.brand, r.verdict])).toEqual([['my own first backup', 'xiaomi', 'pass']]);
  }, 120_000);

  it('npx wdio run wdio.conf.ts --shard 2/2 runs the second of two runs (it used to run 0 workers and exit 0)', async () => {
    const out = tmp('gate-wdio-');
    const env = { GALLERY_SYNC_RUN: JSON.stringify({ brands: ['xiaomi'], scenarios: ['scenarios/catalog/first-backup.yaml', 'scenarios/catalog/delete-everywhere.yaml'], outDir: out, adbPort: await freePort(), appiumPort: await freePort() }) };
    const run = await wdio(['--shard', '2/2'], env);
    expect(run.code, run.stdout + run.stderr).toBe(0);
    expect(results(out).results.map((r) => [r.scenario, r.brand, r.verdict])).toEqual([['delete everywhere removes the cloud copy', 'xiaomi', 'pass']]);
  }, 90_000);
});
