import { afterEach, describe, expect, it, vi } from 'vitest';
import { BRAND_NAMES } from '../../fixtures/index.ts';
import { loadCatalog } from '../load.ts';
import { planBatch } from '../runner/batch.ts';
import { planRun, plannedRuns } from './plan.ts';
import { runOptions, runOptionsVariable } from './run-options.ts';

const key = (r: { scenario: { name: string }; brand: string }) => `${r.scenario.name} | ${r.brand}`;

describe('run --shard i/n: the planning that decides the runs', () => {
  it('shards 1/3, 2/3 and 3/3 of the catalog on every brand together are the whole plan, once each, in near-equal shares', () => {
    const scenarios = loadCatalog();
    const whole = planRun({ scenarios, brands: BRAND_NAMES, clockControl: true }).whole;
    // The same plan, in the same order, as simulate's (scenario × brand): a shard means the same in both.
    expect(whole.map(key)).toEqual(planBatch({ scenarios, brands: BRAND_NAMES, seeds: [1] }).map(key));
    const shards = [1, 2, 3].map((index) => planRun({ scenarios, brands: BRAND_NAMES, clockControl: true, shard: { index, count: 3 } }).runs.map(key));
    const union = shards.flat();
    expect(new Set(union).size).toBe(union.length);
    expect([...union].sort()).toEqual(whole.map(key).sort());
    const sizes = shards.map((s) => s.length);
    expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
    // Runs, not scenarios: a two-way-only scenario's single run weighs one, not four.
    expect(sizes.reduce((a, b) => a + b)).toBe(whole.length);
  });

  it('without clock control, scenarios that jump time are left out of the plan before it is sharded', () => {
    const scenarios = loadCatalog();
    const { whole, skipped } = planRun({ scenarios, brands: ['xiaomi'], clockControl: false });
    expect(skipped.length).toBeGreaterThan(0);
    expect(whole.some((r) => skipped.includes(r.scenario))).toBe(false);
  });

  it('the options handed to WebdriverIO name the exact runs, and each brand worker runs exactly its own', () => {
    const scenarios = loadCatalog().slice(0, 6);
    const { runs } = planRun({ scenarios, brands: BRAND_NAMES, clockControl: true, shard: { index: 2, count: 3 } });
    const options = runOptions.parse({ runs: runs.map((r) => ({ file: r.scenario.file, brand: r.brand })), brands: BRAND_NAMES });
    const handed = plannedRuns(options);
    expect(handed.map(key)).toEqual(runs.map(key));
    const byWorker = BRAND_NAMES.flatMap((brand) => handed.filter((r) => r.brand === brand).map(key));
    expect(byWorker.sort()).toEqual(runs.map(key).sort());
  });
});

describe('wdio.conf.ts under `npx wdio run wdio.conf.ts --shard i/n`', () => {
  const saved = process.env[runOptionsVariable];
  afterEach(() => {
    if (saved === undefined) delete process.env[runOptionsVariable];
    else process.env[runOptionsVariable] = saved;
    vi.restoreAllMocks();
    vi.resetModules();
  });

  /** The config as WebdriverIO loads it, then its onPrepare as the launcher calls it with `--shard`. */
  async function shardThroughWdio(current: number, total: number) {
    process.env[runOptionsVariable] = JSON.stringify({ scenarios: ['scenarios/catalog/first-backup.yaml', 'scenarios/catalog/cloud-add-reaches-phone.yaml', 'scenarios/catalog/delete-everywhere.yaml'] });
    vi.resetModules();
    const { config } = await import('../../wdio.conf.ts');
    const capabilities = [...config.capabilities];
    const wdioConfig = { ...config, shard: { current, total } };
    const onPrepare = config.onPrepare as (c: unknown, caps: unknown) => void;
    onPrepare(wdioConfig, capabilities);
    return { before: config.capabilities, capabilities, wdioConfig, handed: plannedRuns(runOptions.parse(JSON.parse(process.env[runOptionsVariable] ?? '{}'))) };
  }

  it('shards 1/3, 2/3, 3/3 split our runs (not the one spec file): together the whole plan, once each', async () => {
    const all: string[] = [];
    for (const i of [1, 2, 3]) {
      const shard = await shardThroughWdio(i, 3);
      expect(shard.before).toHaveLength(4); // one worker per brand before sharding
      // WebdriverIO's own spec sharding is switched off: every shard runs the spec, on its own runs.
      expect(shard.wdioConfig.shard).toEqual({ current: 1, total: 1 });
      expect(shard.handed).toHaveLength(3); // 4 + 1 + 4 = 9 runs
      // One worker per brand that has a run in this shard, and its phones numbered from the first.
      const brands = shard.capabilities.map((c) => (c as Record<string, unknown>)['appium:brand']);
      expect(brands).toEqual(BRAND_NAMES.filter((b) => shard.handed.some((r) => r.brand === b)));
      expect((shard.capabilities[0] as Record<string, unknown>)['appium:udid']).toBe('emulator-5554');
      all.push(...shard.handed.map(key));
    }
    expect(new Set(all).size).toBe(9);
  });

  it('a shard with no run: one line, exit 2, before anything starts', async () => {
    const exit = vi.spyOn(process, 'exit').mockImplementation(((code: number) => {
      throw new Error(`exit ${code}`);
    }) as never);
    const error = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    await expect(shardThroughWdio(10, 10)).rejects.toThrow('exit 2');
    expect(exit).toHaveBeenCalledWith(2);
    expect(error.mock.calls).toEqual([['wdio --shard 10/10: no run selected: this shard is empty (the plan has 9 runs for 10 shards)']]);
  });
});
