import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const repo = resolve(import.meta.dirname, '..');

/** The README's quick start, second half: `npm run suite` must work on a fresh clone, as written. */
describe('npm run suite', () => {
  it('runs the smoke check and the catalog and exits 0', async () => {
    const { stdout } = await run('npm', ['run', 'suite'], { cwd: repo, maxBuffer: 16 * 1024 * 1024, timeout: 300_000 });
    expect(stdout).toMatch(/5 passed, 0 failed/); // smoke
    expect(stdout).toMatch(/\n\d{3,} passed, 0 failed/); // the catalog on four brands
  }, 300_000);
});
