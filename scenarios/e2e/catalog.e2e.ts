/// <reference types="@wdio/mocha-framework" />
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { browser } from '@wdio/globals';
import { Toxiproxy } from 'toxiproxy-node-client';
import type { BrandName } from '../../fixtures/index.ts';
import { loadCatalog } from '../load.ts';
import { brandsFor, saveRun, slug } from '../runner/batch.ts';
import { runScenario } from '../runner/scenario-run.ts';
import { AppiumStage } from './appium-stage.ts';
import { deviceProfiles } from './device-profiles.ts';
import { PhonePool } from './phone-pool.ts';
import { environmentVariable, readRunOptions, type LaunchedEnvironment } from './run-options.ts';
import { shardOf } from './shard.ts';

// One WebdriverIO worker per brand: this spec runs the catalog's scenarios for the worker's brand on the devices
// its capabilities name (the runner's session is phone 1), and asks the oracle. Each result is written for the
// launcher to gather. Nothing here knows whether the phones are simulated.
const options = readRunOptions();
const requested = browser.requestedCapabilities as Record<string, unknown>;
// WebdriverIO hands the capabilities over with Appium's `appium:` prefix removed.
const brand = (requested['appium:brand'] ?? requested.brand) as BrandName;
const profile = deviceProfiles[options.deviceProfile];
const launched = JSON.parse(process.env[environmentVariable] ?? '{}') as LaunchedEnvironment;
const scenarios = shardOf(
  loadCatalog().filter((s) => options.scenarios.length === 0 || options.scenarios.includes(s.file)),
  options.shard,
).filter((s) => brandsFor(s, [brand]).length > 0);
const outDir = resolve(options.outDir);
const phones = new PhonePool(browser, requested);

describe(`gallery sync on ${brand}`, () => {
  after(() => phones.close());

  for (const scenario of scenarios) {
    it(scenario.name, async function () {
      if (scenario.steps.some((step) => step.verb === 'advance') && !profile.clockControl) {
        console.log(`skipped "${scenario.name}" on ${brand}: it jumps time (advance), and this device profile cannot set a phone's clock`);
        this.skip();
      }
      const cloudUrl = launched.clouds[brand];
      if (!cloudUrl) throw new Error(`no cloud was started for ${brand}: run through \`gallery-sync run\` or wdio.conf.ts`);
      const id = `${brand}-${slug(scenario.name)}`;
      const stage = await AppiumStage.open({ phones, profile, adbPort: options.adbPort, cloudUrl, toxiproxy: new Toxiproxy(launched.toxiproxyUrl), timeScale: options.timeScale }, { brand, id });
      const result = await runScenario(scenario, stage, { brand, seed: options.seed, bugs: options.bugs, email: `qa+${id}@example.com` }).finally(() => stage.close());
      const entry = saveRun(outDir, result, 'run');
      mkdirSync(join(outDir, 'runs'), { recursive: true });
      writeFileSync(join(outDir, 'runs', `${id}.json`), JSON.stringify(entry));
      if (result.verdict === 'fail') throw new Error(entry.explanations.join('\n\n'));
    });
  }
});
