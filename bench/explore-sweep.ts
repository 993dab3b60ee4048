import { fork } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { BRAND_NAMES } from '../fixtures/index.ts';
import { explore } from '../scenarios/explore/explore.ts';
import { bugProfileNames, type BugProfile } from '../simulator/bugs.ts';
import { median } from './bench.ts';

/**
 * How fast `explore` finds each known-bug profile: `explore --runs 2000 --seed S --bug P` (the command's defaults:
 * every brand, 1–2 phones) for every profile and seed, split over `--jobs` processes. Prints the README's table
 * (median runs-to-find over the seeds, shrunk repro length) and writes bench/explore-sweep.json.
 *
 *   npx tsx bench/explore-sweep.ts --seeds 1..5 --jobs 2
 *
 * Not part of `npm run bench`: 26 profiles × 5 seeds take several minutes of both cores.
 */
interface Attempt {
  bug: BugProfile;
  seed: number;
  /** The invariant the shrunk repro breaks, or null when 2,000 histories found nothing. */
  found: string | null;
  runsToFind: number | null;
  originalSteps: number | null;
  shrunkSteps: number | null;
  classification: string | null;
  seconds: number;
}

const { values } = parseArgs({ options: { seeds: { type: 'string', default: '1..5' }, jobs: { type: 'string', default: '2' }, runs: { type: 'string', default: '2000' }, bug: { type: 'string', multiple: true }, worker: { type: 'string' } } });
const seeds = seedRange(values.seeds);
const runs = Number(values.runs);
const bugs = (values.bug?.length ? values.bug : bugProfileNames) as BugProfile[];
const tasks = bugs.flatMap((bug) => seeds.map((seed) => ({ bug, seed })));

if (values.worker !== undefined) await work(Number(values.worker), Number(values.jobs));
else await lead(Math.max(1, Number(values.jobs)));

async function work(index: number, count: number): Promise<void> {
  for (const [i, { bug, seed }] of tasks.entries()) {
    if (i % count !== index) continue;
    const outDir = mkdtempSync(join(tmpdir(), 'explore-sweep-'));
    const started = performance.now();
    const report = await explore({ seed, runs, brands: BRAND_NAMES, bugs: [bug], phones: { min: 1, max: 2 }, outDir, replays: 2 });
    rmSync(outDir, { recursive: true, force: true });
    const f = report.finding;
    const attempt: Attempt = { bug, seed, found: f?.invariant ?? null, runsToFind: f?.runsToFind ?? null, originalSteps: f?.originalSteps ?? null, shrunkSteps: f?.shrunkSteps ?? null, classification: f?.classification ?? null, seconds: Math.round((performance.now() - started) / 100) / 10 };
    process.send?.(attempt);
  }
}

async function lead(jobs: number): Promise<void> {
  const started = performance.now();
  const attempts: Attempt[] = [];
  const argv = ['--seeds', values.seeds, '--runs', String(runs), ...(values.bug ?? []).flatMap((b) => ['--bug', b])];
  await Promise.all(
    Array.from(
      { length: jobs },
      (_, index) =>
        new Promise<void>((resolve, reject) => {
          const child = fork(process.argv[1] as string, [...argv, '--jobs', String(jobs), '--worker', String(index)]);
          child.on('message', (a: Attempt) => {
            attempts.push(a);
            process.stdout.write(`  ${a.bug} seed ${a.seed}: ${a.found ? `${a.found} after ${a.runsToFind}, ${a.originalSteps} → ${a.shrunkSteps} steps` : `not found in ${runs}`} (${a.seconds} s)\n`);
          });
          child.on('error', reject);
          child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`worker ${index} exited with ${code}`))));
        }),
    ),
  );
  const rows = bugs.map((bug) => row(bug, attempts.filter((a) => a.bug === bug)));
  const minutes = (performance.now() - started) / 60_000;
  writeFileSync(new URL('explore-sweep.json', import.meta.url), `${JSON.stringify({ runs, seeds, jobs, minutes: Math.round(minutes * 10) / 10, date: new Date().toISOString(), rows, attempts }, null, 1)}\n`);
  console.log(`\n| profile | found as | median runs to find (seeds ${values.seeds}) | runs to find, per seed | shrunk steps (median, max) |\n|---|---|---|---|---|`);
  for (const r of rows) console.log(`| \`${r.bug}\` | ${r.invariants.join(', ') || '—'} | ${r.medianRuns ?? `not found in ${runs}`} | ${r.perSeed.join(' · ')} | ${r.medianSteps ?? '—'}, ${r.maxSteps ?? '—'} |`);
  const missed = rows.filter((r) => r.found < seeds.length);
  console.log(`\n${rows.length - missed.length}/${rows.length} profiles found on every seed; ${tasks.length} searches in ${minutes.toFixed(1)} min on ${jobs} process(es)${missed.length ? `; missed: ${missed.map((r) => r.bug).join(', ')}` : ''}`);
}

function row(bug: BugProfile, attempts: Attempt[]) {
  const bySeed = [...attempts].sort((a, b) => a.seed - b.seed);
  const found = bySeed.filter((a) => a.found);
  return {
    bug,
    found: found.length,
    invariants: [...new Set(found.map((a) => a.found as string))],
    // A search that found nothing counts as more than the budget, so the median stays honest.
    medianRuns: medianOrNull(bySeed.map((a) => a.runsToFind ?? Infinity)),
    perSeed: bySeed.map((a) => (a.runsToFind === null ? '–' : String(a.runsToFind))),
    medianSteps: medianOrNull(found.map((a) => a.shrunkSteps as number)),
    maxSteps: found.length ? Math.max(...found.map((a) => a.shrunkSteps as number)) : null,
  };
}

/** The median (the lower one of an even count), or null when there is none or it is "not found". */
function medianOrNull(xs: number[]): number | null {
  const m = median([...xs]);
  return Number.isFinite(m) ? m : null;
}

function seedRange(text: string): number[] {
  const m = /^(\d+)(?:\.\.(\d+))?$/.exec(text);
  if (!m) throw new Error(`--seeds must be N or A..B, got "${text}"`);
  const from = Number(m[1]);
  const to = Number(m[2] ?? m[1]);
  return Array.from({ length: to - from + 1 }, (_, i) => from + i);
}
