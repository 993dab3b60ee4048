import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { catalogDir, loadScenario } from '../scenarios/load.ts';
import { runBatch } from '../scenarios/runner/batch.ts';
import { writeAllureResults } from './allure.ts';

/** Allure 3's own command line (pure JS, from npm): what a team runs on our results. */
const allureCli = fileURLToPath(new URL('../node_modules/allure/cli.js', import.meta.url));

interface ReportTest {
  name: string;
  status: string;
  labels: Array<{ name: string; value: string }>;
  parameters: Array<{ name: string; value: string }>;
  error?: { message?: string; trace?: string };
  steps: Array<{ name: string; status: string; type: string; steps?: Array<{ name: string; type: string; link?: { contentType: string } }> }>;
  attachments?: unknown[];
}

describe('Allure results', () => {
  let out: string;
  let tests: ReportTest[];

  beforeAll(async () => {
    out = mkdtempSync(join(tmpdir(), 'allure-'));
    const scenario = loadScenario(join(catalogDir, 'edit-on-phone.yaml'));
    await runBatch({ scenarios: [scenario], brands: ['xiaomi', 'oppo'], seeds: [1], bugs: ['edits-never-uploaded'], outDir: out });
    // A run that could not finish, from another tool: broken, and kept beside simulate's results.
    const crashed = { scenario: 'a crash', file: 'crash.yaml', brand: 'realme', seed: 3, bugs: [], verdict: 'error' as const, error: 'EngineCrash: boom', steps: ['phone: enable-backup'], violations: [], explanations: [], historyFile: '', replay: 'npx gallery-sync run crash.yaml --brand realme --seed 3', wallMs: 5 };
    writeAllureResults(out, 'gallery-sync run', [crashed], new Date(0));
    // simulate written again replaces its own results rather than adding to them.
    await runBatch({ scenarios: [scenario], brands: ['xiaomi', 'oppo'], seeds: [1], bugs: ['edits-never-uploaded'], outDir: out });
    execFileSync(process.execPath, [allureCli, 'generate', join(out, 'allure-results'), '--output', join(out, 'allure-report')], { env: { ...process.env, NO_COLOR: '1' }, stdio: 'pipe' });
    const dir = join(out, 'allure-report', 'data', 'test-results');
    tests = readdirSync(dir).map((f) => JSON.parse(readFileSync(join(dir, f), 'utf8')) as ReportTest);
  }, 60_000);

  afterAll(() => rmSync(out, { recursive: true, force: true }));

  const label = (t: ReportTest, name: string) => t.labels.filter((l) => l.name === name).map((l) => l.value);

  it('allure generate shows one test per scenario × brand × seed, and the other tool’s test', () => {
    expect(tests.map((t) => `${label(t, 'brand')[0]} ${t.name} ${t.status}`).sort()).toEqual([
      'oppo an edit on the phone reaches the cloud failed',
      'realme a crash broken',
      'xiaomi an edit on the phone reaches the cloud failed',
    ]);
  });

  it('labels each test by brand (grouped by brand under the tool), invariant and bug profile', () => {
    const oppo = tests.find((t) => label(t, 'brand')[0] === 'oppo') as ReportTest;
    expect(label(oppo, 'parentSuite')).toEqual(['gallery-sync simulate']);
    expect(label(oppo, 'suite')).toEqual(['oppo']);
    expect(label(oppo, 'invariant')).toContain('edit-propagates');
    expect(label(oppo, 'bug')).toEqual(['edits-never-uploaded']);
    expect(oppo.parameters).toContainEqual(expect.objectContaining({ name: 'replay', value: 'npx gallery-sync simulate "an edit on the phone reaches the cloud" --brand oppo --seed 1 --bug edits-never-uploaded' }));
  });

  it('gives the steps, the failing check failed, the explanation as the error, and the thumbnails and history attached', () => {
    const xiaomi = tests.find((t) => label(t, 'brand')[0] === 'xiaomi') as ReportTest;
    expect(xiaomi.steps.filter((s) => s.type === 'step').map((s) => s.name)).toContain('phone: enable-backup');
    expect(xiaomi.steps.filter((s) => s.type === 'step' && s.status === 'failed').length).toBeGreaterThan(0);
    expect(xiaomi.error?.message).toMatch(/^\[edit-propagates\] .* expected the edit/);
    expect(xiaomi.error?.trace).toContain('What led there');
    const files = readdirSync(join(out, 'allure-report', 'data', 'attachments'));
    expect(files.filter((f) => f.endsWith('.webp')).length).toBeGreaterThan(0);
    expect(files.filter((f) => f.endsWith('.jsonl'))).toHaveLength(2);
  });

  it('shows the phone’s screen after each step up to the failing check, and the page source at that check', () => {
    const xiaomi = tests.find((t) => label(t, 'brand')[0] === 'xiaomi') as ReportTest;
    const steps = xiaomi.steps.filter((s) => s.type === 'step');
    const failing = steps.findIndex((s) => s.status === 'failed');
    const attached = (s: ReportTest['steps'][number]) => (s.steps ?? []).filter((a) => a.type === 'attachment').map((a) => a.link?.contentType);
    expect(steps.slice(0, failing + 1).map(attached)).toEqual([...steps.slice(0, failing).map(() => ['image/png']), ['image/png', 'application/xml']]);
    expect(steps.slice(failing + 1).flatMap(attached)).toEqual([]);
  });

  it('marks a run that could not finish broken, with its error', () => {
    const crash = tests.find((t) => t.name === 'a crash') as ReportTest;
    expect(crash.error?.message).toBe('EngineCrash: boom');
    expect(label(crash, 'parentSuite')).toEqual(['gallery-sync run']);
  });
});
