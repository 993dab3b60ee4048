import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const repo = resolve(import.meta.dirname, '..');
const dirs = [mkdtempSync(join(tmpdir(), 'batch-')), mkdtempSync(join(tmpdir(), 'replay-')), mkdtempSync(join(tmpdir(), 'jobs-'))] as const;
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

/** Runs the CLI, which exits 1 when a scenario fails: that is the point here, so the exit code is returned, not thrown. */
async function simulate(args: string[]): Promise<{ code: number; stdout: string }> {
  try {
    const { stdout } = await run(process.execPath, ['bin/gallery-sync.js', 'simulate', ...args], { cwd: repo, maxBuffer: 32 * 1024 * 1024 });
    return { code: 0, stdout };
  } catch (error) {
    const e = error as { code: number; stdout: string };
    return { code: e.code, stdout: e.stdout };
  }
}

describe('replaying a failure', () => {
  it('the printed command reproduces the identical history', async () => {
    const batch = await simulate(['response lost after commit', '--bug', 'duplicate-on-retry', '--seed', '5', '--runs', '2', '--out', dirs[0]]);
    expect(batch.code).toBe(1);
    const results = JSON.parse(readFileSync(join(dirs[0], 'results.json'), 'utf8')) as { results: Array<{ verdict: string; replay: string; historyFile: string }> };
    const failure = results.results.find((r) => r.verdict === 'fail');
    expect(failure).toBeDefined();
    expect(batch.stdout).toContain(`replay: ${failure!.replay}`);
    // The replay command, as printed, with only --out added.
    const args = (failure!.replay.match(/"[^"]*"|\S+/g) ?? []).slice(3).map((a) => a.replace(/^"|"$/g, ''));
    const replay = await simulate([...args, '--out', dirs[1]]);
    expect(replay.code).toBe(1);
    const again = JSON.parse(readFileSync(join(dirs[1], 'results.json'), 'utf8')) as { results: Array<{ historyFile: string }> };
    expect(again.results).toHaveLength(1);
    const original = readFileSync(join(dirs[0], failure!.historyFile), 'utf8');
    expect(original.length).toBeGreaterThan(1000);
    expect(readFileSync(join(dirs[1], again.results[0]!.historyFile), 'utf8')).toBe(original);
  }, 120_000);

  it('splitting a batch over two processes (--jobs 2) gives the same runs and the same histories', async () => {
    const parallel = await simulate(['first backup', '--runs', '2', '--jobs', '2', '--out', dirs[2]]);
    expect(parallel.code).toBe(0);
    const merged = JSON.parse(readFileSync(join(dirs[2], 'results.json'), 'utf8')) as { passed: number; results: Array<{ historyFile: string }> };
    expect(merged.passed).toBe(8);
    const single = await simulate(['first backup', '--runs', '2', '--out', dirs[1]]);
    expect(single.code).toBe(0);
    for (const r of merged.results) expect(readFileSync(join(dirs[2], r.historyFile), 'utf8')).toBe(readFileSync(join(dirs[1], r.historyFile), 'utf8'));
  }, 120_000);

  it("a failure's filmstrip survives the merge of two processes' results", async () => {
    const out = mkdtempSync(join(tmpdir(), 'jobs-evidence-'));
    try {
      expect((await simulate(['response lost after commit', '--bug', 'duplicate-on-retry', '--jobs', '2', '--out', out])).code).toBe(1);
      const merged = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8')) as { results: Array<{ verdict: string; filmstrip?: { frames: Array<{ file: string }> } }> };
      const frames = merged.results.filter((r) => r.verdict === 'fail').flatMap((r) => r.filmstrip?.frames ?? []);
      expect(frames.length).toBeGreaterThan(0);
      for (const frame of frames) expect(existsSync(join(out, frame.file)), frame.file).toBe(true);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  }, 120_000);
});
