import { resolve } from 'node:path';
import { z } from 'zod';
import { BRAND_NAMES, type BrandName } from '../../fixtures/index.ts';
import { bugProfiles, type BugProfile } from '../../simulator/bugs.ts';

/**
 * What `gallery-sync run` asks of a WebdriverIO run, passed to the config and its workers in one environment
 * variable (workers are separate processes).
 */
const brand = z.enum(BRAND_NAMES as unknown as [BrandName, ...BrandName[]]);

export const runOptions = z.object({
  /**
   * The exact runs, scenario file × brand, in order (what `gallery-sync run` passes: its selection and its
   * `--shard`). Without it: `scenarios` × `brands`.
   */
  runs: z.array(z.object({ file: z.string(), brand })).optional(),
  /** Scenario files to run (the catalog's or yours); empty = the whole catalog. */
  scenarios: z.array(z.string()).default([]),
  brands: z.array(brand).default([...BRAND_NAMES]),
  seed: z.number().int().default(1),
  bugs: z.array(z.enum(Object.keys(bugProfiles) as [BugProfile, ...BugProfile[]])).default([]),
  /** Simulated phones' time runs this many times faster than the wall clock. */
  timeScale: z.number().positive().default(30),
  outDir: z.string().default('reports/out'),
  appiumPort: z.number().int().default(4723),
  /** Phones running at once (WebdriverIO workers; one brand per worker). */
  jobs: z.number().int().positive().default(2),
  /** Where the phones are: gallery-sync's simulated devices, a local emulator / USB phone, or a device farm. */
  deviceProfile: z.enum(['simulated', 'local', 'browserstack', 'saucelabs']).default('simulated'),
  /** The devices' serials (local) or names (farms); simulated devices are numbered by the launcher. */
  udids: z.array(z.string()).default([]),
  /**
   * Appium's UiAutomator2 server and settings app are already on every device (simulated phones always; a real
   * phone that ran Appium before): the driver then skips installing them.
   */
  appiumOnDevice: z.boolean().default(false),
  /** The adb server the phones are behind (simulated: ours, started by the launcher). */
  adbPort: z.number().int().default(5037),
  /**
   * `gallery-sync run` prints each failure itself, once, in its failure list: the spec reporter stays quiet and a
   * test's failure only names the invariants (WebdriverIO's own log line repeats every failure message).
   */
  failuresPrinted: z.boolean().default(false),
});
export type RunOptions = z.infer<typeof runOptions>;

export const runOptionsVariable = 'GALLERY_SYNC_RUN';
/** Set by the launcher service for the workers: the clouds (one per brand) and the fault proxy. */
export const environmentVariable = 'GALLERY_SYNC_E2E';

/**
 * Appium's temp folder for a run: its Android driver makes a folder for every file it pushes or pulls and removes
 * only the file (15 folders for a four-photo scenario), so a run gives Appium one of its own and removes it after.
 */
export const appiumTempDir = (options: Pick<RunOptions, 'outDir'>): string => resolve(options.outDir, 'appium', 'tmp');

export function readRunOptions(env = process.env): RunOptions {
  return runOptions.parse(JSON.parse(env[runOptionsVariable] ?? '{}'));
}

export interface LaunchedEnvironment {
  clouds: Partial<Record<BrandName, string>>;
  toxiproxyUrl: string;
}
