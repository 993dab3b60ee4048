import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, renameSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { allureFolder, removeToolResults } from '../../reports/allure.ts';
import { writeResults, type BatchResult, type Shard } from './batch.ts';

/** A job (child process) ended with an exit code other than 0 (all passed) or 1 (some failed): 2 is bad input. */
export class JobFailed extends Error {
  override readonly name = 'JobFailed';
  constructor(
    readonly job: number,
    readonly code: number | null,
  ) {
    super(`simulate job ${job} exited with ${code}`);
  }
}

/**
 * Splits a simulate batch over `jobs` processes (one per core): this one runs share 1 itself through `runOwnShare`,
 * and `jobs - 1` child processes each run every jobs-th run with `--job` (after any `--shard`, which the children are
 * given as it was), each into its own folder; then this one merges results, histories, failures' evidence and Allure
 * results. The lead runs a share because a process pays about a second to start and another to warm its JIT: a
 * child fewer is that much less work on a machine whose cores are all busy. Runs stay deterministic: a run's
 * history depends on its scenario, brand and seed, not on which process ran it.
 */
export async function runSharded(args: readonly string[], jobs: number, outDir: string, seeds: readonly number[], bugs: readonly string[], log: (line: string) => void, runOwnShare: (job: Shard, dir: string) => Promise<unknown>): Promise<BatchResult> {
  const shardDirs = Array.from({ length: jobs }, (_, i) => join(outDir, 'shards', String(i)));
  const children = shardDirs.slice(1).map((dir, n) => {
    const i = n + 1;
    const child = spawn(process.execPath, [process.argv[1] as string, 'simulate', ...args, '--job', `${i + 1}/${jobs}`, '--out', dir], { stdio: ['ignore', 'pipe', 'inherit'] });
    let buffered = '';
    child.stdout.on('data', (chunk: Buffer) => {
      buffered += chunk.toString();
      const lines = buffered.split('\n');
      buffered = lines.pop() ?? '';
      for (const line of lines) if (/^✗ |runs \(\d+%\)/.test(line)) log(`  [job ${i + 1}] ${line.trim()}`);
    });
    const ended = new Promise<void>((resolve, reject) => {
      child.on('error', reject);
      child.on('exit', (code) => (code === 0 || code === 1 ? resolve() : reject(new JobFailed(i + 1, code))));
    });
    ended.catch(() => undefined); // awaited once the lead's own share is done; until then not "unhandled"
    return { child, ended };
  });
  try {
    await runOwnShare({ index: 1, count: jobs }, shardDirs[0] as string);
  } catch (error) {
    for (const { child } of children) child.kill();
    await Promise.allSettled(children.map((c) => c.ended));
    throw error;
  }
  await Promise.all(children.map((c) => c.ended));
  const results: BatchResult['results'] = [];
  removeToolResults(join(outDir, allureFolder), 'gallery-sync simulate');
  for (const dir of shardDirs) {
    const shard = JSON.parse(readFileSync(join(dir, 'results.json'), 'utf8')) as { results: BatchResult['results'] };
    results.push(...shard.results);
    // Each run's files, named by run (its history, a failure's filmstrip) or by a fresh uuid (its Allure result).
    for (const folder of ['histories', 'evidence', allureFolder]) {
      if (!existsSync(join(dir, folder))) continue;
      mkdirSync(join(outDir, folder), { recursive: true });
      for (const entry of readdirSync(join(dir, folder))) {
        rmSync(join(outDir, folder, entry), { recursive: true, force: true });
        renameSync(join(dir, folder, entry), join(outDir, folder, entry));
      }
    }
  }
  rmSync(join(outDir, 'shards'), { recursive: true, force: true });
  return writeResults(outDir, seeds, bugs, results, 'simulate', { allure: false });
}
