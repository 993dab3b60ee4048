import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parse } from 'node-html-parser';
import { describe, expect, it } from 'vitest';
import { descendants, running } from '../../cli/process-tree.ts';
import { slug } from '../runner/batch.ts';
import { simulateScenario } from '../runner/simulate.ts';
import { loadCatalog } from '../load.ts';

const repo = resolve(import.meta.dirname, '../..');

interface Results {
  passed: number;
  failed: number;
  results: Array<{ scenario: string; brand: string; verdict: string; violations: Array<{ invariant: string }>; explanations: string[]; flake?: { classification: string; replays: string[] } }>;
}

/** Still running as one of the processes we saw (a pid the system gave to someone else since does not count). */
const stillOurs = (pid: number, seen: ReadonlySet<string>): boolean => {
  if (!running(pid)) return false;
  try {
    return seen.has(readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ').trim());
  } catch {
    return false;
  }
};

/** Runs `gallery-sync run …` as a user would, watching every process it starts, with a temp folder of its own. */
async function galleryRun(args: string[]): Promise<{ code: number | null; out: string; temp: string; results: Results; processes: Map<number, Set<string>>; stdout: string }> {
  const out = mkdtempSync(join(tmpdir(), 'gallery-run-'));
  const temp = mkdtempSync(join(tmpdir(), 'gallery-run-tmp-'));
  const child = spawn(process.execPath, ['bin/gallery-sync.js', 'run', ...args, '--out', out], { cwd: repo, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, TMPDIR: temp } });
  let stdout = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk));
  child.stderr.on('data', (chunk: Buffer) => (stdout += chunk));
  // Every command line each descendant had (a forked child shows its parent's until it execs).
  const processes = new Map<number, Set<string>>();
  const watch = setInterval(() => {
    for (const [pid, args] of descendants(child.pid as number)) processes.set(pid, (processes.get(pid) ?? new Set()).add(args));
  }, 50);
  const code = await new Promise<number | null>((done) => child.on('exit', done));
  clearInterval(watch);
  return { code, out, temp, results: JSON.parse(readFileSync(join(out, 'results.json'), 'utf8')) as Results, processes, stdout };
}

describe('gallery-sync run (WebdriverIO → Appium → UiAutomator2 driver → adb → simulated phones → fake cloud)', () => {
  it('runs one- and two-phone scenarios on two brands through the real UiAutomator2 driver and leaves no process behind', async () => {
    const run = await galleryRun(['first-backup', 'delete-everywhere', 'two-phones.yaml', 'phone-restart', '--brand', 'xiaomi,realme']);
    expect(run.code, run.stdout).toBe(0);
    expect(run.results.results.map((r) => `${r.brand}: ${r.verdict}`).sort()).toEqual([...Array(4).fill('realme: pass'), ...Array(4).fill('xiaomi: pass')]);
    expect(new Set(run.results.results.map((r) => r.scenario)).size).toBe(4);
    // The driver a farm runs: Appium's UiAutomator2 driver, which reached the phones with Debian's adb client and
    // started the UiAutomator2 server with `am instrument` on each phone of the two-phone scenario.
    const appiumLog = readFileSync(join(run.out, 'appium', 'wdio-appium.log'), 'utf8');
    // Per brand: the worker's session, the second phone's, and a new one after the reboot took the server down.
    expect(appiumLog.match(/Appium v[\d.]+ creating new AndroidUiautomator2Driver \(v[\d.]+\) session/g)).toHaveLength(6);
    expect(appiumLog).not.toMatch(/Ignoring an unexpected error/);
    expect(appiumLog).not.toMatch(/GallerySim/i);
    const adbCalls = [...run.processes.values()].flatMap((set) => [...set]).filter((args) => /platform-tools\/adb -P \d+ -s emulator-\d+ shell am instrument -w .*io\.appium\.uiautomator2\.server\.test/.test(args));
    expect(new Set(adbCalls.map((args) => /emulator-\d+/.exec(args)?.[0])).size).toBe(4);
    expect(readFileSync(join(run.out, 'junit.xml'), 'utf8')).toContain('classname="xiaomi"');
    expect(readdirSync(join(run.out, 'wdio')).length).toBeGreaterThan(0);
    // Screens are taken at every step and kept for failures only.
    expect(existsSync(join(run.out, 'evidence'))).toBe(false);
    // The Appium server and the WebdriverIO workers came and went: none is left once the command has exited.
    const seen = [...run.processes.values()].flatMap((set) => [...set]);
    expect(seen.some((args) => /appium\/build\/lib\/main\.js .*--port/.test(args)), seen.join('\n')).toBe(true);
    expect(seen.filter((args) => /@wdio\/local-runner/.test(args)).length).toBeGreaterThan(0);
    // Helpers tied to the command's pipes (tsx's esbuild service) notice its exit a moment later: allow 5 s.
    let left = [...run.processes].filter(([pid, args]) => stillOurs(pid, args));
    for (let waited = 0; left.length > 0 && waited < 5_000; waited += 100) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      left = left.filter(([pid, args]) => stillOurs(pid, args));
    }
    expect(left, `still running: ${left.map(([pid, args]) => `${pid} ${[...args].join(' | ')}`).join('\n')}`).toEqual([]);
    // Nor folders: Appium's driver makes one for every file it pushes or pulls (photos, MediaStore dumps) and leaves
    // it. The run gives Appium a temp folder of its own and removes it; only the caches of compiled TypeScript stay
    // (tsx's for our sources, jiti's for WebdriverIO's config).
    expect(readdirSync(run.temp).filter((entry) => !/^(tsx-\d+|jiti)$/.test(entry))).toEqual([]);
    expect(existsSync(join(run.out, 'appium', 'tmp'))).toBe(false);
    for (const dir of [run.out, run.temp]) rmSync(dir, { recursive: true, force: true });
  }, 180_000);

  it('known-bug profiles fail end to end with the invariants simulate names', async () => {
    const name = 'response lost after commit leaves no duplicate';
    const bugs = ['duplicate-on-retry', 'hidden-album-uploaded', 'edits-never-uploaded'] as const;
    const names = [name, 'a hidden album never leaves the phone', 'an edit on the phone reaches the cloud'];
    const run = await galleryRun([...names, '--brand', 'oppo', ...bugs.flatMap((bug) => ['--bug', bug])]);
    expect(run.code).toBe(1);
    const invariantsOf = (violations: Array<{ invariant: string }>) => [...new Set(violations.map((v) => v.invariant))].sort();
    for (const scenarioName of names) {
      const e2e = run.results.results.find((r) => r.scenario === scenarioName);
      const scenario = loadCatalog().find((s) => s.name === scenarioName);
      const simulated = await simulateScenario(scenario!, { brand: 'oppo', seed: 1, bugs: [...bugs] });
      expect(invariantsOf(e2e?.violations ?? []), scenarioName).toEqual(invariantsOf(simulated.violations));
    }
    expect(invariantsOf(run.results.results.find((r) => r.scenario === name)?.violations ?? [])).toContain('no-duplicate');
    expect(invariantsOf(run.results.results.find((r) => r.scenario === names[1])?.violations ?? [])).toContain('album-privacy');
    expect(invariantsOf(run.results.results.find((r) => r.scenario === names[2])?.violations ?? [])).toContain('edit-propagates');
    // The page a person opens: the duplicate's pictures from the phone (pulled) and the cloud (its stored bytes).
    const failure = parse(readFileSync(join(run.out, 'index.html'), 'utf8')).querySelector('article.run.fail');
    expect(failure?.querySelectorAll('.evidence img').length).toBeGreaterThanOrEqual(3);
    expect(failure?.querySelectorAll('svg.timeline rect.ev').length).toBeGreaterThan(5);
    expect(failure?.querySelector('.replay code')?.text).toMatch(/^npx gallery-sync run ".+" --brand oppo --seed 1 --bug duplicate-on-retry --bug hidden-album-uploaded --bug edits-never-uploaded$/);
    expect(readFileSync(join(run.out, 'junit.xml'), 'utf8')).toMatch(/<failure message="no-duplicate(, metadata)?: /);
    // Each failure's evidence: the Appium screenshot after each step up to the failing check, the page source there
    // and the Appium log of its session, beside the steps in the page and attached in junit.xml; passes keep none.
    const failures = parse(readFileSync(join(run.out, 'index.html'), 'utf8')).querySelectorAll('article.run.fail');
    expect(failures).toHaveLength(3);
    for (const f of failures) {
      const failedStep = f.querySelectorAll('.steps-film ol.steps li').findIndex((li) => li.classList.contains('failed')) + 1;
      const frames = f.querySelectorAll('[data-filmstrip] a.frame');
      expect(frames.map((a) => Number(a.getAttribute('data-step')))).toEqual(Array.from({ length: failedStep }, (_, i) => i + 1));
      for (const a of frames) expect(readFileSync(join(run.out, a.getAttribute('href')!)).subarray(1, 4).toString()).toBe('PNG');
      expect(f.querySelector('details.page-source pre')?.text).toMatch(/<hierarchy [^]*resource-id="[^"]+:id\/[^"]+"/);
      const log = readFileSync(join(run.out, f.querySelector('p.log a')!.getAttribute('href')!), 'utf8');
      const id = `${f.getAttribute('data-brand')}-${slug(f.querySelector('h3')!.text)}`;
      expect(log.split('\n')[0]).toContain(`"run ${id} begins"`);
      expect(log).toMatch(/GET \/session\/[\w-]+\/screenshot/);
      // This run's lines only: no other run's marks (the session served the runs before it).
      expect(new Set([...log.matchAll(/"run ([\w-]+) (?:begins|ends)"/g)].map((m) => m[1]))).toEqual(new Set([id]));
    }
    expect(readdirSync(join(run.out, 'evidence'))).toHaveLength(3);
    const systemOut = parse(readFileSync(join(run.out, 'junit.xml'), 'utf8')).querySelectorAll('system-out').map((o) => o.text);
    const attached = systemOut.flatMap((text) => [...text.matchAll(/^\[\[ATTACHMENT\|(.+)\]\]$/gm)].map((m) => resolve(repo, m[1] as string)));
    expect(attached.filter((file) => /step-\d\d\.png$/.test(file)).length).toBeGreaterThanOrEqual(3);
    expect(attached.filter((file) => /page-source\.xml$|appium\.log$/.test(file))).toHaveLength(6);
    for (const file of attached) expect(existsSync(file), file).toBe(true);
    // Each failing run was replayed once (the default --replays 1) on fresh phones: the same invariants again, so
    // deterministic; said in results.json, junit.xml, the report and the console.
    for (const r of run.results.results) expect([r.scenario, r.flake]).toEqual([r.scenario, { classification: 'deterministic', replays: [`fail: ${[...new Set(r.violations.map((v) => v.invariant))].sort().join(', ')}`] }]);
    expect(readFileSync(join(run.out, 'junit.xml'), 'utf8').match(/replayed: deterministic \(1 replay, the same outcome\)/g)).toHaveLength(3);
    expect(failure?.querySelector('p.flake')?.text).toBe('Replayed: deterministic (1 replay, the same outcome)');
    expect(run.stdout).toMatch(/run: replaying 3 failing runs \(1 of 1\)/);
    expect(readdirSync(join(run.out, 'replays', '1', 'histories')).length).toBe(3);
    // Each explanation is printed once: not again by WebdriverIO's spec reporter (its message, then its stack).
    for (const r of run.results.results) for (const line of r.explanations.map((e) => e.split('\n')[0] as string)) expect(run.stdout.split(line).length - 1, line).toBe(1);
    // And the Allure results: one test a run.
    expect(readdirSync(join(run.out, 'allure-results')).filter((f) => f.endsWith('-result.json'))).toHaveLength(3);
    for (const dir of [run.out, run.temp]) rmSync(dir, { recursive: true, force: true });
  }, 180_000);
});
