import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { printFailures, printTable } from './scenario-options.ts';
import { painter } from '../../reports/console.ts';

const repo = resolve(import.meta.dirname, '../..');
const exec = promisify(execFile);
const out = mkdtempSync(join(tmpdir(), 'console-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));
afterEach(() => vi.restoreAllMocks());

// ESC, written so: a control character in a regular expression literal is what lint forbids.
const ansi = String.fromCharCode(27) + '[';

/** A failing `simulate` (an edit never uploaded: found by two checks) with exactly these colour variables set. */
async function failingSimulate(env: Record<string, string>): Promise<string> {
  const { FORCE_COLOR: _f, NO_COLOR: _n, CI: _c, ...rest } = process.env;
  const args = [join(repo, 'bin/gallery-sync.js'), 'simulate', 'edit-on-phone.yaml', '--brand', 'xiaomi', '--bug', 'edits-never-uploaded', '--out', out];
  return exec(process.execPath, args, { cwd: repo, env: { ...rest, ...env } }).then(
    ({ stdout }) => stdout,
    (e: { stdout: string }) => e.stdout,
  );
}

describe('console output of simulate', () => {
  it('is coloured when colour is forced, and plain with NO_COLOR, in CI, or into a pipe', async () => {
    const forced = await failingSimulate({ FORCE_COLOR: '1' });
    expect(forced).toContain(`${ansi}31m✗ an edit on the phone reaches the cloud on xiaomi, seed 1`);
    for (const env of [{ NO_COLOR: '1' }, { CI: 'true' }, {}] as Array<Record<string, string>>) expect(await failingSimulate(env), JSON.stringify(env)).not.toContain(ansi);
  }, 60_000);

  it('says each violation once, with singular plurals', async () => {
    const text = await failingSimulate({});
    // Found by `expect: edit-propagates` and again by `expect: consistent`: the same words, printed once.
    expect(text.match(/\[edit-propagates\] IMG_\S+ \(\w+\) on phone: expected the edit/g)).toHaveLength(1);
    expect(text).toContain('simulate: 1 scenario × brands × 1 seed = 1 run');
    expect(text).toMatch(/\n0 passed, 1 failed in /);
  }, 60_000);
});

describe('printFailures and printTable', () => {
  const logged = () => {
    const lines: string[] = [];
    vi.spyOn(console, 'log').mockImplementation((text: string) => void lines.push(...String(text).split('\n')));
    return lines;
  };
  const failure = (explanations: string[]) => ({ scenario: 's', brand: 'oppo', seed: 1, verdict: 'fail', failedStep: 0, steps: ['settle: 1m'], explanations, replay: 'npx gallery-sync simulate s' });

  it('counts the violations it leaves out', () => {
    const lines = logged();
    printFailures([failure(['[a] one', '[b] two', '[c] three', '[d] four', '[e] five', '[a] one'])], 'reports/out', painter(false));
    expect(lines).toContain('[c] three');
    expect(lines).not.toContain('[d] four');
    expect(lines).toContain('  … and 2 more violations in reports/out/results.json');
  });

  it('counts one left-out failure as one', () => {
    const lines = logged();
    printFailures(Array.from({ length: 11 }, () => failure(['[a] one'])), 'out', painter(false));
    expect(lines).toContain('… and 1 more failure in out/results.json');
  });

  it('cuts a long scenario name at a word, not inside one', () => {
    const lines = logged();
    const name = 'a photo captured while the phone is offline and then edited twice reaches the cloud';
    printTable([{ scenario: name, brand: 'xiaomi', verdict: 'pass' }, { scenario: 'short', brand: 'oppo', verdict: 'fail' }], painter(false));
    expect(lines).toContain(`${'a photo captured while the phone is offline and then…'.padEnd(56)}  ok 1      –         –         –`);
    expect(lines).toContain(`${'short'.padEnd(56)}  –         FAIL 1/1  –         –`);
  });
});
