import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runSmoke } from './run-smoke.ts';
import { smokeChecks } from './checks.ts';

const dir = mkdtempSync(join(tmpdir(), 'smoke-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('gallery-sync smoke', () => {
  it('backs a seeded media set up through every fault and ends with each content once, bytes intact', async () => {
    const lines: string[] = [];
    const results = await runSmoke({ seed: 3, count: 10, outDir: dir, log: (l) => lines.push(l) });
    expect(results.map((r) => r.check)).toEqual(smokeChecks.map((c) => c.name));
    for (const r of results) expect(r.findings, `${r.check}: ${lines.join('\n')}`).toEqual([]);
    // The faults really bit: the lost-response and offline checks needed more attempts than the clean link.
    const attempts = (name: string) => results.find((r) => r.check === name)?.underFault.attempts ?? 0;
    expect(attempts('link down, then back')).toBeGreaterThan(attempts('clean link'));
    expect(results.find((r) => r.check === 'link down, then back')?.underFault.created).toBe(0);
    const saved = JSON.parse(readFileSync(join(dir, 'smoke.json'), 'utf8')) as { results: unknown[] };
    expect(saved.results).toHaveLength(smokeChecks.length);
  }, 120_000);
});
