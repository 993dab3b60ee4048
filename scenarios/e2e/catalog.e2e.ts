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
import { environmentVariable, readRunOptions, type LaunchedEnvironment } from './run-options.ts';

// One WebdriverIO worker per brand: this spec runs the catalog's scenarios for the worker's brand, each on fresh
// phones (Appium sessions), and asks the oracle. Each result is written for the launcher to gather.
const options = readRunOptions();
const requested = browser.requestedCapabilities as Record<string, unknown>;
const brand = (requested['appium:brand'] ?? requested.brand) as BrandName;
const launched = JSON.parse(process.env[environmentVariable] ?? '{}') as LaunchedEnvironment;
const scenarios = loadCatalog().filter((s) => (options.scenarios.length === 0 || options.scenarios.includes(s.file)) && brandsFor(s, [brand]).length > 0);
const outDir = resolve(options.outDir);

describe(`gallery sync on ${brand}`, () => {
  for (const scenario of scenarios) {
    it(scenario.name, async () => {
      const cloudUrl = launched.clouds[brand];
      if (!cloudUrl) throw new Error(`no cloud was started for ${brand}: run through \`gallery-sync run\` or wdio.conf.ts`);
      const id = `${brand}-${slug(scenario.name)}`;
      const stage = await AppiumStage.open(
        { appium: { hostname: browser.options.hostname ?? '127.0.0.1', port: browser.options.port ?? options.appiumPort }, cloudUrl, toxiproxy: new Toxiproxy(launched.toxiproxyUrl), timeScale: options.timeScale, simulated: true },
        { brand, seed: options.seed, bugs: options.bugs, id },
      );
      const result = await runScenario(scenario, stage, { brand, seed: options.seed, bugs: options.bugs, email: `qa+${id}@example.com` }).finally(() => stage.close());
      const entry = saveRun(outDir, result, 'run');
      mkdirSync(join(outDir, 'runs'), { recursive: true });
      writeFileSync(join(outDir, 'runs', `${id}.json`), JSON.stringify(entry));
      if (result.verdict === 'fail') throw new Error(entry.explanations.join('\n\n'));
    });
  }
});
