import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';
import { runOptionsVariable, type RunOptions } from '../../scenarios/e2e/run-options.ts';
import type { BatchResult } from '../../scenarios/runner/batch.ts';
import { Progress } from '../../reports/progress.ts';
import { descendants, reapChildren } from '../process-tree.ts';
import { EXIT, parseIntOption, UsageError } from '../usage-error.ts';
import { emptyShard, noRunOnBrands, parseBrands, parseBugs, parseShard, printFailures, printTable, select, verdictLine } from './scenario-options.ts';
import { plural } from '../../reports/console.ts';
import { freePort } from '../free-port.ts';
import { outFolder } from '../folders.ts';
import { appiumOnDevice, requireDevices } from '../adb.ts';
import { androidHome } from '../../scenarios/e2e/android-home.ts';
import { deviceProfiles } from '../../scenarios/e2e/device-profiles.ts';
import { brandsOf, gatherResults, planRun, type PlannedRun } from '../../scenarios/e2e/plan.ts';
import { slug, writeResults } from '../../scenarios/runner/batch.ts';
import { classify, outcomeOf } from '../../reports/flake.ts';
import { errorLine } from '../../scenarios/runner/simulate.ts';

interface RunFlags {
  brand?: string;
  seed: number;
  bug: string[];
  tag: string[];
  out: string;
  timeScale: string;
  jobs: number;
  port?: number;
  deviceProfile: string;
  udid?: string;
  adbPort?: number;
  shard?: string;
  replays: number;
}

const profiles = ['simulated', 'local', 'browserstack', 'saucelabs'] as const;

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

export function registerRun(program: Command): void {
  program
    .command('run')
    .description('run scenarios end to end: WebdriverIO → Appium → the UiAutomator2 driver → adb → phones (simulated by default) → the fake cloud through the fault proxy')
    .argument('[scenarios...]', 'scenario files (.yaml, yours or the catalog\'s) and catalog names (an exact name, or a part of names); none = the whole catalog')
    .option('--brand <list>', 'comma-separated brands; default: all four (each scenario runs on those of its own it names)')
    .option('--tag <tag>', 'only scenarios with this tag (repeatable: any of them)', (v: string, all: string[]) => [...all, v], [])
    .option('--seed <n>', 'seed of the simulated phones', parseIntOption('--seed'), 1)
    .option('--bug <profile>', 'switch on a known-bug profile in every phone (repeatable)', (v: string, all: string[]) => [...all, v], [])
    .option('--out <dir>', 'where results.json, junit.xml and histories/ go', 'reports/out')
    .option('--time-scale <x>', 'simulated phones live this many times faster than the wall clock', '30')
    .option('--jobs <n>', 'brands (WebdriverIO workers) running at once', parseIntOption('--jobs', 1), 2)
    .option('--port <n>', 'port for the Appium server (default: a free one)', parseIntOption('--port', 1))
    .option('--device-profile <name>', `where the phones are: ${profiles.join(', ')}`, 'simulated')
    .option('--udid <list>', 'comma-separated device serials (local) or farm device names, phone 1 first')
    .option('--adb-port <n>', 'the adb server (simulated: ours, default a free port; local: default 5037)', parseIntOption('--adb-port', 1))
    .option('--shard <i/n>', 'run only this CI job\'s share of the scenario × brand runs (e.g. 2/3; the n shards together run the whole plan once)')
    .option('--replays <n>', 'replays of each failing run, to tell a deterministic failure from a flaky one (0: none)', parseIntOption('--replays', 0), 1)
    .action(async (filters: string[], flags: RunFlags) => {
      const brands = parseBrands(flags.brand);
      const bugs = parseBugs(flags.bug);
      const timeScale = Number(flags.timeScale);
      if (!(timeScale > 0 && timeScale <= 1000)) throw new UsageError(`--time-scale must be a number in (0, 1000], got "${flags.timeScale}"`);
      const deviceProfile = profiles.find((p) => p === flags.deviceProfile);
      if (!deviceProfile) throw new UsageError(`--device-profile must be one of ${profiles.join(', ')}, got "${flags.deviceProfile}"`);
      const udids = (flags.udid ?? '').split(',').map((u) => u.trim()).filter(Boolean);
      if (deviceProfile !== 'simulated' && udids.length === 0) throw new UsageError(`--device-profile ${deviceProfile} needs --udid (the device serials \`adb devices\` lists, or the farm's device names)`);
      if (deviceProfile !== 'simulated' && brands.length !== 1) throw new UsageError(`--device-profile ${deviceProfile}: name the phones' brand with --brand (one brand: a real phone is one make)`);
      if (deviceProfile === 'simulated' && udids.length) throw new UsageError('--udid names real devices; the simulated profile numbers its own phones (emulator-5554, …)');
      const shard = parseShard(flags.shard);
      const selected = select(filters, flags.tag);
      // Phones whose clock the harness cannot set cannot run a scenario that jumps time: said here, not run.
      const { whole, runs, skipped } = planRun({ scenarios: selected, brands, clockControl: deviceProfiles[deviceProfile].clockControl, shard });
      if (skipped.length) console.log(`run: skipping ${plural(skipped.length, 'scenario')} that jump${skipped.length === 1 ? 's' : ''} time (advance): --device-profile ${deviceProfile} cannot set a phone's clock: ${skipped.map((s) => s.name).join('; ')}`);
      // A batch that selects no run is not a pass: bad input, said in one line.
      if (whole.length === 0) throw new UsageError(skipped.length === selected.length ? `no run selected: every selected scenario jumps time, which --device-profile ${deviceProfile} cannot do` : noRunOnBrands(selected.filter((s) => !skipped.includes(s)), brands, flags.brand));
      if (runs.length === 0 && shard) throw new UsageError(emptyShard(shard, whole.length));
      const scenarioCount = new Set(runs.map((r) => r.scenario.file)).size;
      const outDir = outFolder('--out', flags.out);
      const options: RunOptions = {
        // The exact runs, so WebdriverIO's workers run these and nothing else (one worker per brand among them).
        runs: runs.map((r) => ({ file: r.scenario.file, brand: r.brand })),
        scenarios: [],
        brands: brandsOf(runs),
        seed: flags.seed,
        bugs,
        timeScale: deviceProfile === 'simulated' ? timeScale : 1,
        outDir,
        appiumPort: flags.port ?? (await freePort()),
        jobs: flags.jobs,
        deviceProfile,
        udids,
        adbPort: flags.adbPort ?? (deviceProfile === 'simulated' ? await freePort() : 5037),
        appiumOnDevice: deviceProfile === 'simulated',
        failuresPrinted: true,
      };
      if (deviceProfile === 'local') options.appiumOnDevice = await checkLocalDevices(options.adbPort, udids);
      if (deviceProfiles[deviceProfile].reach === 'adb-reverse' && !androidHome()) throw new UsageError('no adb: install Debian\'s `adb` package (apt-get install adb) or set ANDROID_HOME to an Android SDK with platform-tools/adb');
      await checkToxiproxy(process.env.TOXIPROXY_URL, runs);
      console.log(`run: ${plural(runs.length, 'run')} (${plural(scenarioCount, 'scenario')} × ${options.brands.join(', ')}) on ${deviceProfile === 'simulated' ? `simulated phones (adb server :${options.adbPort})` : `${deviceProfile} devices ${udids.join(', ')}`} through Appium on :${options.appiumPort}, time ×${options.timeScale}${bugs.length ? `, bug profile ${bugs.join(', ')}` : ''}${shard ? `, shard ${shard.index}/${shard.count}` : ''}`);
      // Appium caches its scan of installed drivers; a changed driver package must not meet a stale cache.
      rmSync(join(root, 'node_modules/.cache/appium'), { recursive: true, force: true });
      const started = performance.now();
      const { batch, code } = await launch(options, runs, flags.out);
      if (flags.replays > 0) await replayFailures(batch, options, runs, flags.replays);
      printTable(batch.results);
      printFailures(batch.results, flags.out);
      const errors = batch.errors ?? 0;
      console.log(verdictLine({ ...batch, errors }, 'could not start, crashed or did not finish', (performance.now() - started) / 1000, flags.out));
      exit(batch.failed > 0 || errors > 0 || batch.passed < runs.length || code !== 0 ? EXIT.failed : EXIT.ok);
    });
}

/**
 * One WebdriverIO run of `runs` (what `options` says), to the end: the workers and Appium stopped, what they left
 * gathered into `options.outDir`, and a planned run that left nothing counted as an error.
 */
async function launch(options: RunOptions, runs: readonly PlannedRun[], shownOut: string): Promise<{ batch: BatchResult; code: number }> {
  rmSync(join(options.outDir, 'results.json'), { force: true });
  rmSync(join(options.outDir, 'runs'), { recursive: true, force: true });
  process.env[runOptionsVariable] = JSON.stringify(options);
  const { Launcher } = await import('@wdio/cli');
  const ownHelpers = new Set(descendants(process.pid).keys());
  const watching = watchRuns(join(options.outDir, 'runs'), new Progress(runs.length, Boolean(process.stdout.isTTY)));
  const code = await new Launcher(join(root, 'wdio.conf.ts'), {})
    .run()
    .catch((error: unknown) => {
      // The launcher gave up (a service could not start, say): the runs it never ran are errors below.
      console.error(`run: WebdriverIO stopped: ${errorLine(error)}`);
      return EXIT.failed;
    })
    .finally(() => watching.stop());
  const killed = await reapChildren(10_000, ownHelpers);
  if (killed.length) console.error(`run: killed what did not exit within 10 s of the end:\n  ${killed.join('\n  ')}`);
  // Every planned run is in the results: one that left nothing (the launcher never got to gather, say) is an error.
  const resultsFile = join(options.outDir, 'results.json');
  const gathered = existsSync(resultsFile) ? (JSON.parse(readFileSync(resultsFile, 'utf8')) as BatchResult) : undefined;
  const batch =
    gathered && gathered.results.length >= runs.length
      ? gathered
      : gatherResults(options, runs, (brand) => `did not finish: WebdriverIO exited ${code} without a result for this run on ${brand} (see the log above and ${shownOut}/appium/)`);
  return { batch, code: code ?? EXIT.failed };
}

/**
 * Replays each failing run (and each error) `replays` times, on fresh phones and clouds, into `replays/<k>/`: the
 * same outcome every time is a deterministic failure, anything else a flaky one. Said in results.json, junit.xml,
 * the report and the console.
 */
async function replayFailures(batch: BatchResult, options: RunOptions, runs: readonly PlannedRun[], replays: number): Promise<void> {
  const key = (r: { file: string; brand: string }) => `${r.brand} ${resolve(r.file)}`;
  const failing = new Set(batch.results.filter((r) => r.verdict !== 'pass').map(key));
  const again = runs.filter((r) => failing.has(key({ file: r.scenario.file, brand: r.brand })));
  if (again.length === 0) return;
  const outcomes = new Map<string, string[]>();
  for (let k = 1; k <= replays; k++) {
    console.log(`\nrun: replaying ${plural(again.length, 'failing run')} (${k} of ${replays}) to tell deterministic from flaky`);
    const outDir = join(options.outDir, 'replays', String(k));
    const replay = { ...options, runs: again.map((r) => ({ file: r.scenario.file, brand: r.brand })), brands: brandsOf(again), outDir };
    const { batch: replayed } = await launch(replay, again, relative(process.cwd(), outDir));
    for (const r of replayed.results) outcomes.set(key(r), [...(outcomes.get(key(r)) ?? []), outcomeOf(r)]);
  }
  for (const r of batch.results) if (failing.has(key(r))) r.flake = classify(outcomeOf(r), outcomes.get(key(r)) ?? []);
  writeResults(options.outDir, [options.seed], options.bugs, batch.results, 'run');
}

/** Progress from what the WebdriverIO workers have written so far: one results file a finished run. */
function watchRuns(dir: string, progress: Progress): { stop(): void } {
  const seen = new Set<string>();
  let failed = 0;
  let errors = 0;
  const look = () => {
    for (const file of existsSync(dir) ? readdirSync(dir) : []) {
      if (seen.has(file) || !file.endsWith('.json')) continue;
      try {
        const run = JSON.parse(readFileSync(join(dir, file), 'utf8')) as { scenario: string; brand: string; verdict: string; error?: string; violations: Array<{ invariant: string }> };
        seen.add(file);
        if (run.verdict === 'fail') {
          failed++;
          progress.failure(`${run.scenario} on ${run.brand}: ${run.violations[0]?.invariant}`);
        } else if (run.verdict === 'error') {
          failed++;
          errors++;
          progress.failure(`ERROR ${run.scenario} on ${run.brand}: ${run.error}`);
        }
        progress.update(seen.size, failed, errors);
      } catch {
        // still being written: next look
      }
    }
  };
  const timer = setInterval(look, 1_000);
  return {
    stop() {
      clearInterval(timer);
      look();
      progress.done();
    },
  };
}

/**
 * Before anything starts: the adb server answers and lists every device, each ready. Returns whether Appium's
 * UiAutomator2 server and settings app are already on all of them (then the driver need not install them).
 */
async function checkLocalDevices(port: number, udids: readonly string[]): Promise<boolean> {
  const adb = await requireDevices(port, udids);
  let appiumOnAll = true;
  for (const udid of udids) {
    const { server, settings } = await appiumOnDevice(adb, udid);
    appiumOnAll &&= server && settings;
  }
  return appiumOnAll;
}

/**
 * A Toxiproxy of someone else's (TOXIPROXY_URL) must answer and must not already hold a proxy by a name this
 * run creates (`<brand>-<scenario>-<phone>`): a leftover from a killed run, or another job's. Said in one line.
 */
async function checkToxiproxy(url: string | undefined, runs: readonly PlannedRun[]): Promise<void> {
  const base = url?.trim().replace(/\/+$/, '');
  if (!base) return;
  let proxies: Record<string, { listen?: string; upstream?: string }>;
  try {
    const response = await fetch(`${base}/proxies`, { signal: AbortSignal.timeout(5_000) });
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    proxies = (await response.json()) as typeof proxies;
  } catch (error) {
    throw new UsageError(`TOXIPROXY_URL ${base}: no Toxiproxy answers there (${(error as Error).message}); start one, or unset TOXIPROXY_URL to use ours`);
  }
  for (const { scenario, brand } of runs) {
    for (const phone of scenario.phones) {
      const name = `${brand}-${slug(scenario.name)}-${phone}`;
      const there = proxies[name];
      if (there) throw new UsageError(`TOXIPROXY_URL ${base}: a proxy named "${name}" is already there (${there.listen} → ${there.upstream}), and this run creates one by that name for "${scenario.name}" on ${brand}: remove it (curl -X DELETE ${base}/proxies/${name}) or use another Toxiproxy`);
    }
  }
}

/** WebdriverIO's launcher installs an exit hook that ends the process with 0 unless we say otherwise, explicitly. */
function exit(code: number): never {
  process.exit(code);
}
