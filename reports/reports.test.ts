import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { parse, type HTMLElement } from 'node-html-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateXML } from 'xmllint-wasm';
import { loadCatalog } from '../scenarios/load.ts';
import { runBatch } from '../scenarios/runner/batch.ts';
import { writeHtmlReport } from './write-report.ts';

const repo = resolve(import.meta.dirname, '..');
const schema = readFileSync(join(repo, 'reports/junit.xsd'), 'utf8');
const exec = promisify(execFile);

/** A batch with a known defect switched on: some runs fail, some pass, on every brand. */
let out: string;
beforeAll(async () => {
  out = mkdtempSync(join(tmpdir(), 'gallery-report-'));
  const scenarios = loadCatalog().filter((s) => ['response lost after commit leaves no duplicate', 'first backup: everything arrives once, bytes intact'].some((n) => s.name.startsWith(n.split(':')[0] as string)));
  expect(scenarios.length).toBe(2);
  await runBatch({ scenarios, brands: ['xiaomi', 'oppo'], seeds: [1], bugs: ['duplicate-on-retry'], outDir: out });
}, 60_000);
afterAll(() => rmSync(out, { recursive: true, force: true }));

const page = (): HTMLElement => parse(readFileSync(join(out, 'index.html'), 'utf8'));
const verdicts = () => (JSON.parse(readFileSync(join(out, 'results.json'), 'utf8')) as { passed: number; failed: number });

describe('reports/out after a batch', () => {
  it('junit.xml is valid JUnit: one testcase per scenario × brand, classname = brand, failure = invariant, replay in system-out', async () => {
    const xml = readFileSync(join(out, 'junit.xml'), 'utf8');
    const result = await validateXML({ xml: { fileName: 'junit.xml', contents: xml }, schema: { fileName: 'junit.xsd', contents: schema } });
    expect(result.errors.map((e) => e.message)).toEqual([]);
    expect(result.valid).toBe(true);
    const doc = parse(xml);
    const cases = doc.querySelectorAll('testcase');
    expect(cases).toHaveLength(4);
    expect(new Set(cases.map((c) => c.getAttribute('classname')))).toEqual(new Set(['xiaomi', 'oppo']));
    const failures = doc.querySelectorAll('failure');
    expect(verdicts().failed).toBeGreaterThan(0);
    expect(failures.length).toBe(verdicts().failed);
    // The duplicate, and the orphaned first copy that never joined its album.
    for (const f of failures) expect(f.getAttribute('message')).toMatch(/^no-duplicate(, metadata)?: /);
    for (const out of doc.querySelectorAll('system-out')) expect(out.text).toMatch(/^replay: npx gallery-sync simulate "/);
  });

  it('the schema is not a rubber stamp: it refuses a testcase without a classname', async () => {
    const broken = readFileSync(join(out, 'junit.xml'), 'utf8').replace(/ classname="[^"]*"/, '');
    const result = await validateXML({ xml: { fileName: 'junit.xml', contents: broken }, schema: { fileName: 'junit.xsd', contents: schema } });
    expect(result.valid).toBe(false);
  });

  it('index.html shows a failure with its invariant, the failed step, two thumbnails side by side, a timeline and the replay command', () => {
    const failure = page().querySelector('article.run.fail');
    expect(failure).not.toBeNull();
    expect(failure!.querySelector('.tag.invariant')?.text).toBe('no-duplicate');
    expect(failure!.querySelector('ol.steps li.failed')).not.toBeNull();
    const phone = failure!.querySelectorAll('.evidence .side')[0]!;
    const cloud = failure!.querySelectorAll('.evidence .side')[1]!;
    expect(phone.querySelectorAll('img').length).toBeGreaterThanOrEqual(1);
    // The duplicate: the original and the re-stamped copy, both in the cloud.
    expect(cloud.querySelectorAll('img').length).toBeGreaterThanOrEqual(2);
    for (const img of failure!.querySelectorAll('.evidence img')) expect(img.getAttribute('src')).toMatch(/^data:image\/webp;base64,.{100,}/);
    const timeline = failure!.querySelector('svg.timeline');
    expect(timeline?.querySelectorAll('rect.ev').length).toBeGreaterThan(5);
    expect(timeline?.querySelector('text.lane')?.text).toBeTruthy();
    expect(failure!.querySelector('.replay code')?.text).toMatch(/^npx gallery-sync simulate "response lost after commit leaves no duplicate" --brand (xiaomi|oppo) --seed 1 --bug duplicate-on-retry$/);
  });

  it('index.html has the scenario × brand matrix, filters, and a compact timeline per pass, and needs no network', () => {
    const doc = page();
    expect(doc.querySelectorAll('table.matrix td.cell.fail')).toHaveLength(verdicts().failed);
    expect(doc.querySelectorAll('table.matrix td.cell.pass')).toHaveLength(verdicts().passed);
    expect(doc.querySelector('#only-failures')).not.toBeNull();
    expect(doc.querySelectorAll('details.run svg.timeline.compact')).toHaveLength(verdicts().passed);
    const html = readFileSync(join(out, 'index.html'), 'utf8');
    expect(html).not.toMatch(/(src|href)="(https?:)?\/\//);
  });

  it('gallery-sync report rebuilds index.html from the saved results; a missing file exits 2', async () => {
    rmSync(join(out, 'index.html'));
    const { stdout } = await exec(process.execPath, ['bin/gallery-sync.js', 'report', join(out, 'results.json')], { cwd: repo });
    expect(stdout).toContain('index.html');
    expect(statSync(join(out, 'index.html')).size).toBeGreaterThan(1000);
    expect(page().querySelectorAll('article.run.fail')).toHaveLength(verdicts().failed);
    const missing = await exec(process.execPath, ['bin/gallery-sync.js', 'report', join(out, 'nope.json')], { cwd: repo }).catch((e: { code: number; stderr: string }) => e);
    expect(missing).toMatchObject({ code: 2 });
    expect((missing as { stderr: string }).stderr).toMatch(/nope\.json: no such results file/);
  });
});

describe('the evidence of a failure: the screen after each step, the page source at the failing check', () => {
  const isPng = (file: string) => readFileSync(file).subarray(1, 4).toString() === 'PNG';

  /** Each failure's filmstrip as the page shows it: step numbers, and the files its links point at (from `dir`). */
  function filmstrips(html: string, dir: string) {
    return parse(html).querySelectorAll('article.run.fail').map((failure) => {
      const steps = failure.querySelectorAll('.steps-film ol.steps li');
      const frames = failure.querySelectorAll('[data-filmstrip] a.frame');
      const source = failure.querySelector('details.page-source');
      return {
        failedStep: steps.findIndex((li) => li.classList.contains('failed')) + 1,
        frameSteps: frames.map((a) => Number(a.getAttribute('data-step'))),
        frameFiles: frames.map((a) => join(dir, a.getAttribute('href') ?? '')),
        thumbnailsAreTheFrames: frames.every((a) => a.querySelector('img')?.getAttribute('src') === a.getAttribute('href')),
        lastFrameMarked: frames.at(-1)?.classList.contains('failed'),
        pageSourceShown: source?.querySelector('pre')?.text ?? '',
        pageSourceFile: join(dir, source?.querySelector('a')?.getAttribute('href') ?? ''),
      };
    });
  }

  it('index.html shows, beside the steps of each failure, one frame per step up to the failing check, whose PNG files exist', () => {
    const shown = filmstrips(readFileSync(join(out, 'index.html'), 'utf8'), out);
    expect(shown).toHaveLength(verdicts().failed);
    for (const film of shown) {
      expect(film.failedStep).toBeGreaterThan(0);
      expect(film.frameSteps).toEqual(Array.from({ length: film.failedStep }, (_, i) => i + 1));
      for (const file of film.frameFiles) expect(isPng(file), file).toBe(true);
      expect(film.thumbnailsAreTheFrames).toBe(true);
      expect(film.lastFrameMarked).toBe(true);
      // The simulated gallery's backup screen at the failing check, as UiAutomator2 would give it.
      expect(film.pageSourceShown).toMatch(/^<\?xml[^]*<hierarchy [^]*resource-id="[^"]*:id\/[^"]+"/);
      expect(readFileSync(film.pageSourceFile, 'utf8')).toContain('<hierarchy ');
    }
  });

  it('the links still reach the files from a page written elsewhere (report --out)', () => {
    const elsewhere = join(out, 'shared', 'page.html');
    writeHtmlReport(join(out, 'results.json'), elsewhere);
    const shown = filmstrips(readFileSync(elsewhere, 'utf8'), dirname(elsewhere));
    expect(shown.flatMap((f) => f.frameFiles).length).toBeGreaterThan(0);
    for (const film of shown) for (const file of [...film.frameFiles, film.pageSourceFile]) expect(existsSync(file), file).toBe(true);
  });

  it('junit.xml attaches each failure\'s frames and page source ([[ATTACHMENT|path]] lines whose files exist); passes attach nothing', () => {
    const doc = parse(readFileSync(join(out, 'junit.xml'), 'utf8'));
    for (const testcase of doc.querySelectorAll('testcase')) {
      const attached = [...testcase.querySelector('system-out')!.text.matchAll(/^\[\[ATTACHMENT\|(.+)\]\]$/gm)].map((m) => resolve(m[1] as string));
      if (!testcase.querySelector('failure')) {
        expect(attached).toEqual([]);
        continue;
      }
      expect(attached.filter((file) => /step-\d\d\.png$/.test(file)).length).toBeGreaterThan(0);
      expect(attached.some((file) => file.endsWith('page-source.xml'))).toBe(true);
      for (const file of attached) expect(existsSync(file), file).toBe(true);
    }
  });

  it('passing runs keep no screens: evidence/ holds one folder per failure', () => {
    expect(readdirSync(join(out, 'evidence'))).toHaveLength(verdicts().failed);
    expect(page().querySelectorAll('details.run img')).toHaveLength(0);
  });
});
