import { copyFileSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { catalogDir } from '../../scenarios/load.ts';
import type { ExploreReport } from '../../scenarios/explore/explore.ts';
import { writeExploreAllure } from './explore.ts';

const out = mkdtempSync(join(tmpdir(), 'explore-allure-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

interface AllureResult {
  name: string;
  status: string;
  labels: Array<{ name: string; value: string }>;
  parameters: Array<{ name: string; value: string }>;
  steps: Array<{ status: string }>;
  attachments: Array<{ type: string }>;
}
const results = (): AllureResult[] =>
  readdirSync(join(out, 'allure-results'))
    .filter((f) => f.endsWith('-result.json'))
    .map((f) => JSON.parse(readFileSync(join(out, 'allure-results', f), 'utf8')) as AllureResult);

describe('explore’s Allure results', () => {
  const search = { seed: 1, runs: 40, searchMs: 900, wallMs: 1200, coverage: {} } as unknown as ExploreReport;

  it('a search that broke nothing is one passed test', async () => {
    await writeExploreAllure(out, search, [], 1);
    expect(results().map((r) => [r.name, r.status])).toEqual([['explore seed 1: 40 random histories', 'passed']]);
  });

  it('a finding is its repro replayed: a failed test with its steps, labels, replay command and attachments, in place of the pass', async () => {
    const reproFile = join(out, 'repro-1.yaml');
    copyFileSync(join(catalogDir, 'edit-on-phone.yaml'), reproFile);
    const replay = `npx gallery-sync simulate ${reproFile} --brand xiaomi --seed 1 --bug edits-never-uploaded`;
    const finding = { invariant: 'edit-propagates', brand: 'xiaomi', reproFile, replay } as ExploreReport['finding'];
    await writeExploreAllure(out, { ...search, finding }, ['edits-never-uploaded'], 1);
    const [test, ...more] = results();
    expect(more).toEqual([]);
    expect(test?.status).toBe('failed');
    expect(test?.labels).toEqual(expect.arrayContaining([{ name: 'parentSuite', value: 'gallery-sync explore' }, { name: 'invariant', value: 'edit-propagates' }, { name: 'bug', value: 'edits-never-uploaded' }]));
    expect(test?.parameters).toContainEqual(expect.objectContaining({ name: 'replay', value: replay }));
    expect(test?.steps.some((s) => s.status === 'failed')).toBe(true);
    expect(test?.attachments.map((a) => a.type)).toEqual(expect.arrayContaining(['image/webp', 'text/plain']));
  });
});
