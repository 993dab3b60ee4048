import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { startTestCloud, type TestCloud } from './test/harness.ts';

const run = promisify(execFile);
const repo = resolve(import.meta.dirname, '..');

/** The README's curl session, run exactly as written (only CLOUD points at this test's port). */
describe('the README curl session', () => {
  let t: TestCloud | undefined;
  afterAll(() => t?.close());

  it('works as written: =d drops the location, the stored bytes are the uploaded ones', async () => {
    const readme = readFileSync(join(repo, 'README.md'), 'utf8');
    const session = /<!-- curl-session -->\s*```bash\n([\s\S]*?)```/.exec(readme)?.[1];
    expect(session).toBeDefined();
    t = await startTestCloud();
    const { stdout } = await run('bash', ['-euo', 'pipefail', '-c', session as string], {
      cwd: repo,
      env: { ...process.env, CLOUD: t.url },
      timeout: 60_000,
    });
    expect(stdout).toContain('"message": "Success"');
    expect(stdout).toContain('=d dropped the GPS Exif');
    expect(stdout).toContain('stored bytes equal the uploaded ones');
  }, 90_000);
});
