/// <reference types="@wdio/mocha-framework" />
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { browser } from '@wdio/globals';
import { Toxiproxy } from 'toxiproxy-node-client';
import type { BrandName } from '../../fixtures/index.ts';
import { saveRun, slug } from '../runner/batch.ts';
import { runScenario } from '../runner/scenario-run.ts';
import { errorResult } from '../runner/simulate.ts';
import { AppiumStage } from './appium-stage.ts';
import { appiumLogOf } from './appium-log.ts';
import { deviceProfiles } from './device-profiles.ts';
import { PhonePool } from './phone-pool.ts';
import { plannedRuns, replayArgs, runFile } from './plan.ts';
import { environmentVariable, readRunOptions, type LaunchedEnvironment } from './run-options.ts';

// One WebdriverIO worker per brand: this spec runs the planned runs of the worker's brand (scenario files the
// launcher was given, the catalog's or yours) on the devices its capabilities name (the runner's session is
// phone 1), and asks the oracle. Each result, an error included, is written for the launcher to gather; a run
// that leaves nothing (the worker died) is made an error there. Nothing here knows whether the phones are simulated.
const options = readRunOptions();
const requested = browser.requestedCapabilities as Record<string, unknown>;
// WebdriverIO hands the capabilities over with Appium's `appium:` prefix removed.
const brand = (requested['appium:brand'] ?? requested.brand) as BrandName;
const profile = deviceProfiles[options.deviceProfile];
const launched = JSON.parse(process.env[environmentVariable] ?? '{}') as LaunchedEnvironment;
const runs = plannedRuns(options).filter((r) => r.brand === brand);
const outDir = resolve(options.outDir);
const phones = new PhonePool(browser, requested);

/** The oracle's verdict as a test failure: its words once (an Error's stack would repeat them, then name lines of this file). */
function verdict(text: string): Error {
  const error = new Error(text);
  error.stack = '';
  return error;
}

describe(`gallery sync on ${brand}`, () => {
  after(() => phones.close());

  for (const { scenario } of runs) {
    it(scenario.name, async () => {
      const started = performance.now();
      const id = `${brand}-${slug(scenario.name)}`;
      const run = { brand, seed: options.seed, bugs: options.bugs };
      let result;
      try {
        const cloudUrl = launched.clouds[brand];
        if (!cloudUrl) throw new Error(`no cloud was started for ${brand}: run through \`gallery-sync run\` or wdio.conf.ts`);
        const stage = await AppiumStage.open({ phones, profile, adbPort: options.adbPort, cloudUrl, toxiproxy: new Toxiproxy(launched.toxiproxyUrl), timeScale: options.timeScale }, { brand, id });
        // A screen per step is cheap next to a step; saveRun keeps them for failures only.
        result = await runScenario(scenario, stage, { ...run, email: `qa+${id}@example.com`, frames: true }).finally(() => stage.close());
        if (result.verdict === 'fail' && result.screens) {
          const log = await appiumLogOf(outDir, id, stage.sessionIds);
          if (log) result.screens.appiumLog = log;
        }
      } catch (error) {
        // Could not start, or crashed (a session that would not open, a device gone, the engine): not judged.
        result = errorResult(scenario, run, error, { wallMs: Math.round(performance.now() - started) });
      }
      const entry = saveRun(outDir, result, 'run', replayArgs(options));
      mkdirSync(join(outDir, 'runs'), { recursive: true });
      writeFileSync(join(outDir, 'runs', runFile(brand, scenario.name)), JSON.stringify(entry));
      if (result.verdict === 'fail') throw verdict(options.failuresPrinted ? `${[...new Set(result.violations.map((v) => v.invariant))].join(', ')}: explained in the failure list below` : [...new Set(entry.explanations)].join('\n\n'));
      if (result.verdict === 'error') throw verdict(`not judged: ${result.error}`);
    });
  }
});
