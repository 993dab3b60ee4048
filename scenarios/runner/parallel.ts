import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, renameSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { writeResults, type BatchResult } from './batch.ts';

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
 * Splits a simulate batch over `jobs` child processes (one per core): each runs every jobs-th run with `--job`
 * (after any `--shard`, which the children are given as it was), into its own folder; the parent merges results,
 * histories and failures' evidence. Runs stay deterministic: a run's history depends on its scenario, brand and
 * seed, not on which process ran it.
 */
export async function runSharded(args: readonly string[], jobs: number, outDir: string, seeds: readonly number[], bugs: readonly string[], log: (line: string) => void): Promise<BatchResult> {
  const shardDirs = Array.from({ length: jobs }, (_, i) => join(outDir, 'shards', String(i)));
  await Promise.all(
    shardDirs.map(
      (dir, i) =>
        new Promise<void>((resolve, reject) => {
          const child = spawn(process.execPath, [process.argv[1] as string, 'simulate', ...args, '--job', `${i + 1}/${jobs}`, '--out', dir], { stdio: ['ignore', 'pipe', 'inherit'] });
          let buffered = '';
          child.stdout.on('data', (chunk: Buffer) => {
            buffered += chunk.toString();
            const lines = buffered.split('\n');
            buffered = lines.pop() ?? '';
            for (const line of lines) if (/^✗ |runs \(\d+%\)/.test(line)) log(`  [job ${i + 1}] ${line.trim()}`);
          });
          child.on('error', reject);
          child.on('exit', (code) => (code === 0 || code === 1 ? resolve() : reject(new JobFailed(i + 1, code))));
        }),
    ),
  );
  const results: BatchResult['results'] = [];
  for (const dir of shardDirs) {
    const shard = JSON.parse(readFileSync(join(dir, 'results.json'), 'utf8')) as { results: BatchResult['results'] };
    results.push(...shard.results);
    // Each run's files, named by run: its history, and a failure's filmstrip.
    for (const folder of ['histories', 'evidence']) {
      if (!existsSync(join(dir, folder))) continue;
      mkdirSync(join(outDir, folder), { recursive: true });
      for (const entry of readdirSync(join(dir, folder))) {
        rmSync(join(outDir, folder, entry), { recursive: true, force: true });
        renameSync(join(dir, folder, entry), join(outDir, folder, entry));
      }
    }
  }
  rmSync(join(outDir, 'shards'), { recursive: true, force: true });
  return writeResults(outDir, seeds, bugs, results);
}
