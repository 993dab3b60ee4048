import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const repo = resolve(import.meta.dirname, '..');

/** The README's quick start, second half: `npm run suite` must work on a fresh clone, as written. */
describe('npm run suite', () => {
  it('runs the whole catalog on the four simulated brands end to end and exits 0', async () => {
    const { stdout } = await run('npm', ['run', 'suite'], { cwd: repo, maxBuffer: 16 * 1024 * 1024, timeout: 600_000 });
    expect(stdout).toMatch(/\n\d{3,} passed, 0 failed in/); // every scenario × brand, through Appium
    for (const brand of ['xiaomi', 'oppo', 'oneplus', 'realme']) expect(stdout).toContain(`gallery sync on ${brand}`);
  }, 600_000);
});
