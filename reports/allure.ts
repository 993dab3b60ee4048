import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ContentType, LabelName, Stage, Status, type Label, type TestResult } from 'allure-js-commons';
import { FileSystemWriter, ReporterRuntime } from 'allure-js-commons/sdk/reporter';
import type { Evidence, Filmstrip } from './evidence.ts';
import { describeFlake, type Flake } from './flake.ts';

/** Where the Allure results go, beside results.json: what `allure generate` reads. */
export const allureFolder = 'allure-results';

/** One run as results.json holds it: all an Allure test needs. */
export interface AllureRun {
  scenario: string;
  file: string;
  brand: string;
  seed: number;
  bugs: readonly string[];
  verdict: 'pass' | 'fail' | 'error';
  error?: string;
  steps: readonly string[];
  failedStep?: number;
  /** `step`: the index of the step whose check found it (`steps.length`: the final check). */
  violations: ReadonlyArray<{ invariant: string; step?: number }>;
  explanations: readonly string[];
  evidence?: readonly Evidence[];
  /** A failure's screens after each step, its page source and Appium log: files relative to the output folder. */
  filmstrip?: Filmstrip;
  /** Relative to the output folder. */
  historyFile: string;
  replay: string;
  wallMs: number;
  flake?: Flake;
}

/**
 * Writes one Allure test per run (scenario × brand × seed) into `outDir/allure-results/`, through Allure's own
 * writer: the scenario's steps as steps (the failing one failed), the violations as the failure, an error as
 * `broken`, labels for brand, invariant and bug profile, the replay command, the thumbnails and the history.
 * The results a previous call of the same tool left there are replaced; another tool's are kept, so `simulate`
 * and `explore` in one CI job both show.
 */
export function writeAllureResults(outDir: string, tool: string, runs: readonly AllureRun[], finishedAt: Date): string {
  const resultsDir = join(outDir, allureFolder);
  removeToolResults(resultsDir, tool);
  mkdirSync(resultsDir, { recursive: true });
  const runtime = new ReporterRuntime({ writer: new UnsyncedWriter({ resultsDir }) });
  for (const run of runs) writeTest(runtime, outDir, tool, run, finishedAt.getTime());
  return resultsDir;
}

/**
 * Allure's FileSystemWriter without an fsync for every file: its results and attachments, by the same names, written
 * plainly. A 2,000-run batch spent 2.5 s waiting on the disk for files that CI copies as artifacts afterwards.
 */
class UnsyncedWriter extends FileSystemWriter {
  constructor(private readonly options: { resultsDir: string }) {
    super(options);
  }

  override writeResult(result: TestResult): void {
    writeFileSync(join(this.options.resultsDir, `${result.uuid}-result.json`), JSON.stringify(result));
  }

  override writeAttachment(distFileName: string, content: Buffer): void {
    writeFileSync(join(this.options.resultsDir, distFileName), content);
  }
}

function writeTest(runtime: ReporterRuntime, outDir: string, tool: string, run: AllureRun, stop: number): void {
  const start = stop - run.wallMs;
  const uuid = runtime.startTest({
    name: run.scenario,
    fullName: `${run.file}#${run.scenario}`,
    start,
    stage: Stage.FINISHED,
    status: statusOf(run),
    statusDetails: detailsOf(run),
    labels: labelsOf(run, tool),
    parameters: [
      { name: 'brand', value: run.brand },
      { name: 'seed', value: String(run.seed) },
      ...(run.bugs.length ? [{ name: 'bug profile', value: run.bugs.join(', ') }] : []),
      // The command differs by tool and options, not by test: kept out of Allure's history id.
      { name: 'replay', value: run.replay, excluded: true },
    ],
    description: `Replay this run exactly:\n\n\`\`\`\n${run.replay}\n\`\`\`${run.flake ? `\n\nReplayed: ${describeFlake(run.flake)}` : ''}`,
  });
  writeSteps(runtime, uuid, outDir, run, start);
  if (run.filmstrip?.appiumLog) attachFile(runtime, uuid, null, outDir, run.filmstrip.appiumLog, 'Appium log of this run', ContentType.TEXT);
  for (const thumb of thumbnails(run.evidence ?? [])) runtime.writeAttachment(uuid, undefined, thumb.name, thumb.bytes, { contentType: 'image/webp', fileExtension: '.webp' });
  const history = join(outDir, run.historyFile);
  // A passing run keeps only its result: copying every history made a 2,000-run batch spend seconds on disk.
  if (run.verdict !== 'pass' && run.historyFile && existsSync(history)) runtime.writeAttachment(uuid, undefined, `history (${run.historyFile})`, readFileSync(history), { contentType: ContentType.TEXT, fileExtension: '.jsonl' });
  runtime.stopTest(uuid, { stop });
  runtime.writeTest(uuid);
}

const statusOf = (run: AllureRun): Status => (run.verdict === 'pass' ? Status.PASSED : run.verdict === 'fail' ? Status.FAILED : Status.BROKEN);

/**
 * The failure in the oracle's words: each explanation's first line as the message, the whole explanations (with
 * the events that led there) as the trace; at one step, only what that step's check found.
 */
function detailsOf(run: AllureRun, step?: number): { message?: string; trace?: string } {
  if (run.verdict === 'error') return { message: run.error ?? 'the run could not start or did not finish' };
  if (run.verdict === 'pass') return {};
  // One explanation per violation, in the same order.
  const here = run.explanations.filter((_, i) => step === undefined || (run.violations[i]?.step ?? run.failedStep) === step);
  return { message: here.map((e) => e.split('\n')[0]).join('\n'), trace: here.join('\n\n') };
}

function labelsOf(run: AllureRun, tool: string): Label[] {
  return [
    { name: LabelName.PARENT_SUITE, value: tool },
    { name: LabelName.SUITE, value: run.brand },
    { name: 'brand', value: run.brand },
    { name: 'tool', value: tool },
    ...[...new Set(run.violations.map((v) => v.invariant))].map((invariant) => ({ name: 'invariant', value: invariant })),
    ...run.bugs.map((bug) => ({ name: 'bug', value: bug })),
    ...(run.flake ? [{ name: LabelName.TAG, value: run.flake.classification }] : []),
  ];
}

/**
 * The scenario's steps: a step whose check found a violation failed, the others passed (a run goes on after a
 * failed check). A failure at the final check (no `expect` step of its own) is a step of its own. A run that
 * could not finish says nothing of its steps: they are listed as skipped, the test itself broken. Each step
 * carries the phone's screen after it, and the failing check the page source there, when the run filmed them.
 */
function writeSteps(runtime: ReporterRuntime, uuid: string, outDir: string, run: AllureRun, at: number): void {
  const failing = new Set(run.violations.map((v) => v.step ?? run.failedStep ?? run.steps.length));
  const frames = run.filmstrip?.frames ?? [];
  const last = Math.max(run.steps.length - 1, ...failing, ...frames.map((f) => f.step));
  for (let i = 0; i <= last; i++) {
    const status = run.verdict === 'error' ? Status.SKIPPED : failing.has(i) ? Status.FAILED : Status.PASSED;
    const step = runtime.startStep(uuid, null, { name: run.steps[i] ?? 'final check (expect: consistent)', status, stage: Stage.FINISHED, statusDetails: failing.has(i) ? detailsOf(run, i) : {}, start: at });
    if (!step) continue;
    const phones = run.filmstrip?.phones.join(', ');
    for (const frame of frames.filter((f) => f.step === i)) attachFile(runtime, uuid, step, outDir, frame.file, `screen after step ${i + 1} (${phones})`, ContentType.PNG);
    const source = run.filmstrip?.pageSource;
    if (source && i === run.failedStep) attachFile(runtime, uuid, step, outDir, source.file, `page source on ${source.phone}`, ContentType.XML);
    runtime.stopStep(step, { stop: at });
  }
}

/** A file the run left (relative to the output folder), attached if it is there. */
function attachFile(runtime: ReporterRuntime, uuid: string, step: string | null, outDir: string, file: string, name: string, contentType: string): void {
  const path = join(outDir, file);
  if (existsSync(path)) runtime.writeAttachment(uuid, step, name, path, { contentType });
}

function thumbnails(evidence: readonly Evidence[]): Array<{ name: string; bytes: Buffer }> {
  return evidence.flatMap((e) =>
    [...e.phone, ...e.cloud].flatMap((copy) => {
      const data = /^data:image\/webp;base64,(.+)$/.exec(copy.thumb ?? '')?.[1];
      return data ? [{ name: `${e.invariant}: ${copy.name} (${copy.where}, ${copy.state}, ${copy.relation})`, bytes: Buffer.from(data, 'base64') }] : [];
    }),
  );
}

/** Removes the results (and their attachments) a previous call of this tool wrote, leaving other tools' alone. */
export function removeToolResults(resultsDir: string, tool: string): void {
  if (!existsSync(resultsDir)) return;
  for (const file of readdirSync(resultsDir).filter((f) => f.endsWith('-result.json'))) {
    const result = JSON.parse(readFileSync(join(resultsDir, file), 'utf8')) as { labels?: Label[]; attachments?: Array<{ source: string }>; steps?: Array<{ attachments?: Array<{ source: string }> }> };
    if (!result.labels?.some((l) => l.name === 'tool' && l.value === tool)) continue;
    for (const a of [...(result.attachments ?? []), ...(result.steps ?? []).flatMap((s) => s.attachments ?? [])]) rmSync(join(resultsDir, a.source), { force: true });
    rmSync(join(resultsDir, file));
  }
}
