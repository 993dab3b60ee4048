import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { BRAND_NAMES } from '../../fixtures/index.ts';
import { loadScenario, parseScenario } from '../load.ts';
import { simulateScenario } from '../runner/simulate.ts';
import { explore, historySha256 } from './explore.ts';
import { templates, templateScenario } from './generate.ts';

const out = mkdtempSync(join(tmpdir(), 'gs-explore-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

describe('explore', () => {
  it('every generated history is a valid scenario file (items resolved to ones that exist by their step)', () => {
    const shape = { brands: BRAND_NAMES, phones: { min: 1, max: 3 }, maxSteps: 24 };
    for (const template of fc.sample(templates(shape), { seed: 42, numRuns: 300 })) {
      const { yaml } = templateScenario(template, { name: 'explore seed 42', covers: 'a sample' }, 'sample.yaml');
      expect(() => parseScenario(yaml, 'sample.yaml'), yaml).not.toThrow();
    }
  });

  it('finds a known bug, shrinks it, and the repro file replays with simulate to the same invariant and the very same history', async () => {
    const report = await explore({ seed: 1, runs: 400, brands: ['oppo', 'realme'], bugs: ['duplicate-on-retry'], phones: { min: 1, max: 2 }, outDir: out });
    const f = report.finding;
    expect(f?.invariant).toBe('no-duplicate');
    expect(f?.shrunkSteps).toBeLessThanOrEqual(Math.min(10, f?.originalSteps ?? 0));
    expect(f?.classification).toBe('deterministic');
    const repro = loadScenario(f!.reproFile);
    expect(readFileSync(f!.reproFile, 'utf8')).toMatch(/^covers: "invariant no-duplicate: found by gallery-sync explore --seed 1 with --bug duplicate-on-retry after \d+ runs/m);
    const replayed = await simulateScenario(repro, { brand: f!.brand, seed: 1, bugs: ['duplicate-on-retry'] });
    expect(replayed.violations.map((v) => v.invariant)).toContain('no-duplicate');
    expect(historySha256(replayed)).toBe(f!.historySha256);
    expect(f!.replay).toBe(`npx gallery-sync simulate ${f!.reproFile.replace(`${process.cwd()}/`, '')} --brand ${f!.brand} --seed 1 --bug duplicate-on-retry`);
    expect(report.coverage['a lost answer after commit']).toBeGreaterThan(0);
  }, 120_000);

  // The three profiles that need a restart or a full cloud at the right moment, reached through their motifs.
  it.each([
    ['offline-delete-forgotten-on-restart', 'delete-propagates'],
    ['wifi-wait-dropped-on-reboot', 'no-loss'],
    ['quota-full-marks-done', 'no-loss'],
  ] as const)('finds %s as %s, in a repro of at most 10 steps that replays to the very same history', async (bug, invariant) => {
    const report = await explore({ seed: 1, runs: 300, brands: BRAND_NAMES, bugs: [bug], phones: { min: 1, max: 2 }, outDir: join(out, bug) });
    const f = report.finding;
    expect(f?.invariant).toBe(invariant);
    expect(f?.shrunkSteps).toBeLessThanOrEqual(10);
    const replayed = await simulateScenario(loadScenario(f!.reproFile), { brand: f!.brand, seed: 1, bugs: [bug] });
    expect(historySha256(replayed)).toBe(f!.historySha256);
    // The repro shows the defect, not a hole of the clean engine: without the bug it passes.
    expect((await simulateScenario(loadScenario(f!.reproFile), { brand: f!.brand, seed: 1 })).verdict).toBe('pass');
  }, 120_000);

  it('finds nothing on the clean engine (every history judged, none broken)', async () => {
    const report = await explore({ seed: 11, runs: 150, brands: BRAND_NAMES, bugs: [], phones: { min: 1, max: 2 }, outDir: out });
    expect(report.finding).toBeUndefined();
    expect(report.runs).toBe(150);
  }, 120_000);
});
