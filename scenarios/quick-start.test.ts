import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const repo = resolve(import.meta.dirname, '..');

/** The README's quick start, second half: `npm run suite` must work on a fresh clone, as written. */
describe('npm run suite', () => {
  it('runs the whole catalog on the four simulated brands end to end and exits 0', async () => {
    const { stdout } = await run('npm', ['run', 'suite'], { cwd: repo, maxBuffer: 16 * 1024 * 1024, timeout: 600_000 });
    expect(stdout).toMatch(/\n\d{3,} passed, 0 failed in/); // every scenario × brand, through Appium
    const results = JSON.parse(readFileSync(join(repo, 'reports/out/results.json'), 'utf8')) as { tool: string; failed: number; results: Array<{ brand: string }> };
    expect(results.tool).toBe('gallery-sync run');
    expect(results.failed).toBe(0);
    expect(new Set(results.results.map((r) => r.brand))).toEqual(new Set(['xiaomi', 'oppo', 'oneplus', 'realme']));
    for (const file of ['junit.xml', 'index.html']) expect(existsSync(join(repo, 'reports/out', file))).toBe(true);
  }, 600_000);
});
