import type { BrandName } from '../../fixtures/index.ts';
import { SimulatedDevice } from './simulated-device.ts';
import type { GalleryDevice } from '../../drivers/gallery-device.ts';
import { deriveSeed } from '../../runtime/rng.ts';
import type { BugProfile } from '../../simulator/bugs.ts';
import type { HistoryEvent } from '../../runtime/history.ts';
import { SimRig } from '../../simulator/rig.ts';
import { ScenarioError } from '../load.ts';
import type { Scenario } from '../schema.ts';
import { runIdentity, runScenario, type RunResult } from './scenario-run.ts';
import type { Stage } from './stage.ts';
import { backupScreenOf } from './phone-screen.ts';
import { pageSource } from '../../android/ui/page-source.ts';
import { screenshotPng } from '../../android/ui/screenshot.ts';

export type { RunResult } from './scenario-run.ts';

/** Runs one scenario on simulated phones of one brand, in-process on virtual time, and asks the oracle. */
/**
 * A run that could not start or crashed (an exception out of the harness or the reference engine, e.g. an
 * `EngineCrash`) is an `error` result, never judged; a `ScenarioError` is bad input and propagates.
 */
export async function simulateScenario(scenario: Scenario, options: { brand: BrandName; seed: number; bugs?: BugProfile[]; evidence?: boolean; frames?: boolean }): Promise<RunResult> {
  const started = performance.now();
  let stage: SimulatedStage | undefined;
  let startedAt = 0;
  try {
    stage = new SimulatedStage(new SimRig({ seed: deriveSeed(options.seed, `${scenario.name}/${options.brand}`) }), options.brand, options.bugs ?? []);
    startedAt = stage.clock.now();
    return await runScenario(scenario, stage, options);
  } catch (error) {
    if (error instanceof ScenarioError) throw error;
    const history = (await stage?.history().catch(() => undefined)) ?? [];
    return errorResult(scenario, options, error, { history, virtualMs: stage ? stage.clock.now() - startedAt : 0, wallMs: Math.round(performance.now() - started) });
  } finally {
    await stage?.close();
  }
}

/** The one line an error result carries: the error's class (unless plain) and the first line of its message. */
export function errorLine(error: unknown): string {
  const e = error instanceof Error ? error : new Error(String(error));
  const first = (e.message.split('\n').find((l) => l.trim()) ?? '').trim() || 'no message';
  return e.name && e.name !== 'Error' ? `${e.name}: ${first}` : first;
}

/** A run that could not start, crashed, or never finished: verdict `error`, with the reason in one line. */
export function errorResult(
  scenario: Pick<Scenario, 'name' | 'file' | 'steps'>,
  options: { brand: BrandName; seed: number; bugs?: BugProfile[] },
  error: unknown,
  partial: { history?: HistoryEvent[]; virtualMs?: number; wallMs?: number } = {},
): RunResult {
  return {
    ...runIdentity(scenario, options),
    verdict: 'error',
    error: typeof error === 'string' ? error : errorLine(error),
    violations: [],
    history: partial.history ?? [],
    virtualMs: partial.virtualMs ?? 0,
    wallMs: partial.wallMs ?? 0,
  };
}

/** The in-process stage: one SimRig, its virtual clock shared by the cloud and the phones. */
class SimulatedStage implements Stage {
  private readonly devices: SimulatedDevice[] = [];

  constructor(
    private readonly rig: SimRig,
    private readonly brand: BrandName,
    private readonly bugs: BugProfile[],
  ) {}

  get clock() {
    return this.rig.world.clock;
  }

  get sequence() {
    return this.rig.world.sequence;
  }

  get cloudFetch() {
    return this.rig.fetch;
  }

  get cloudUrl() {
    return this.rig.baseUrl;
  }

  admin<T>(method: string, path: string, body?: unknown): Promise<T> {
    return this.rig.admin<T>(method, path, body);
  }

  async addPhone(name: string): Promise<GalleryDevice> {
    const device = new SimulatedDevice(this.rig.phone(name, this.brand, { bugs: this.bugs }));
    this.devices.push(device);
    return device;
  }

  advance(ms: number): Promise<void> {
    return this.rig.run(ms);
  }

  settle(ms: number): Promise<boolean> {
    return this.rig.settle(ms);
  }

  async history(): Promise<HistoryEvent[]> {
    const net: HistoryEvent[] = this.devices.flatMap((d) =>
      d.phone.link.events.since(0).filter((e) => e.type === 'toxic.decision' || e.type === 'exchange.failed').map((e) => ({ time: e.time, process: `net@${d.name}`, type: 'info' as const, op: e.type, value: e })),
    );
    return [...this.rig.history.events, ...net];
  }

  async cloudBytes(hashes: readonly string[]): Promise<Map<string, Uint8Array>> {
    const found = new Map<string, Uint8Array>();
    for (const hash of hashes) {
      const bytes = this.rig.cloud?.blobs.get(hash);
      if (bytes) found.set(hash, bytes);
    }
    return found;
  }

  screenshot(phone: string): Promise<Uint8Array> {
    return screenshotPng(backupScreenOf(this.phoneNamed(phone)));
  }

  async pageSource(phone: string): Promise<string> {
    return pageSource(backupScreenOf(this.phoneNamed(phone)));
  }

  private phoneNamed(name: string) {
    const device = this.devices.find((d) => d.name === name);
    if (!device) throw new Error(`no phone named ${name} in this run`);
    return device.phone;
  }

  async close(): Promise<void> {
    this.rig.close();
  }
}
