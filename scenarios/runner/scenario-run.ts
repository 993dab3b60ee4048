import { createHash } from 'node:crypto';
import { scopes } from '../../fake-cloud/index.ts';
import type { BrandName, KindName } from '../../fixtures/index.ts';
import type { DeviceAccount, DeviceItem, GalleryDevice } from '../../drivers/gallery-device.ts';
import type { BugProfile } from '../../simulator/bugs.ts';
import { CloudApi } from '../../simulator/engine/cloud-api.ts';
import { inOrder, type HistoryEvent } from '../../runtime/history.ts';
import { phoneProfiles } from '../../simulator/profiles.ts';
import { checkInvariants, type Violation } from '../oracle/index.ts';
import type { CloudSnapshot, DeviceFacts, OracleContext } from '../oracle/context.ts';
import { parseItemRef, webSource, type ItemRef, type Scenario, type Step } from '../schema.ts';
import { stepTables, StepImpossible, type Action, type StepContext } from '../steps/index.ts';
import { collectEvidence } from './evidence.ts';
import { FilmstripRecorder, type Screens } from './filmstrip.ts';
import type { Evidence } from '../../reports/evidence.ts';
import { Ledger, type LedgerEntry } from './ledger.ts';
import { scenarioMedia, type ScenarioMedia } from './media.ts';
import type { Stage } from './stage.ts';

export interface RunResult {
  scenario: string;
  file: string;
  brand: BrandName;
  seed: number;
  bugs: BugProfile[];
  /** `error`: the run could not start, or crashed (in the harness or the reference engine): never a pass. */
  verdict: 'pass' | 'fail' | 'error';
  /** For `error`: what went wrong, in one line. */
  error?: string;
  violations: Array<Violation & { step: number }>;
  /** Index (0-based) of the step whose expectation failed first, if any. */
  failedStep?: number;
  steps: string[];
  history: HistoryEvent[];
  /** For a failed run: the affected items as the phones and the cloud hold them, with thumbnails. */
  evidence?: Evidence[];
  /** With `frames`: the phones' screens after each step up to the failing check, and the page source there. */
  screens?: Screens;
  /** Scenario time the run covered (virtual in `simulate`, paced real time in `run`). */
  virtualMs: number;
  wallMs: number;
}

const finalSettleMs = 2 * 60 * 60_000;

/** A phone's sync engine crashed (a bug in the engine or the harness, not a sync failure): the run is an error, never judged. */
export class EngineCrash extends Error {
  override readonly name = 'EngineCrash';
}

/**
 * Runs one scenario on a stage (simulated in-process, or end to end) and asks the oracle. `email` names the
 * run's Google account: runs that share a cloud need their own.
 */
/**
 * `evidence: false` skips the thumbnails of a failed run's items (a search judging thousands of histories needs only
 * the verdict); `frames: true` films the phones' screens after each step up to the failing check.
 */
export async function runScenario(scenario: Scenario, stage: Stage, options: { brand: BrandName; seed: number; bugs?: BugProfile[]; email?: string; evidence?: boolean; frames?: boolean }): Promise<RunResult> {
  const started = performance.now();
  const run = new ScenarioRun(scenario, stage, options.brand, options.email ?? 'qa@example.com');
  const film = options.frames ? new FilmstripRecorder(stage, scenario.phones) : undefined;
  await run.start();
  for (const [index, step] of scenario.steps.entries()) {
    await run.step(step, index);
    await film?.after(index, run.violations);
  }
  if (scenario.steps.at(-1)?.verb !== 'expect') {
    await run.settle(finalSettleMs);
    await run.expect('consistent', scenario.steps.length);
    await film?.after(scenario.steps.length, run.violations);
  }
  const violations = run.violations;
  const evidence = violations.length && options.evidence !== false ? await run.evidence() : [];
  return {
    ...runIdentity(scenario, options),
    verdict: violations.length ? 'fail' : 'pass',
    violations,
    ...(violations.length ? { failedStep: violations[0]?.step, evidence } : {}),
    ...(film ? { screens: film.screens } : {}),
    history: await run.fullHistory(),
    virtualMs: stage.clock.now() - run.startedAt,
    wallMs: Math.round(performance.now() - started),
  };
}

/** What names a run in the results, whatever its verdict: the scenario, its file and steps, brand, seed and bugs. */
export function runIdentity(scenario: Pick<Scenario, 'name' | 'file' | 'steps'>, options: { brand: BrandName; seed: number; bugs?: BugProfile[] }) {
  return { scenario: scenario.name, file: scenario.file, brand: options.brand, seed: options.seed, bugs: options.bugs ?? [], steps: scenario.steps.map((s) => s.text) };
}

class ScenarioRun implements StepContext {
  readonly ledger: Ledger;
  readonly violations: Array<Violation & { step: number }> = [];
  readonly startedAt: number;
  private readonly devices = new Map<string, GalleryDevice>();
  private readonly accounts = new Map<string, DeviceAccount>();
  private readonly captures = new Map<string, DeviceItem[]>();
  private readonly webItems: Array<{ cloudId: string; sha256: string; name: string }> = [];
  /** Every content the scenario made or saw made, by hash: the oracle's reference bytes. */
  private readonly contents = new Map<string, Uint8Array>();
  private webApi!: CloudApi;
  private settled = true;
  private media = 0;
  private toxics = 0;
  /** Cloud-side fault ids added for each phone, so that healing one phone leaves the others' in place. */
  private readonly faultsOf = new Map<string, string[]>();

  constructor(
    private readonly scenario: Scenario,
    readonly stage: Stage,
    readonly brand: BrandName,
    readonly email: string,
  ) {
    this.startedAt = stage.clock.now();
    this.ledger = new Ledger(() => stage.clock.now(), stage.sequence);
  }

  async start(): Promise<void> {
    const creds = await this.stage.admin('POST', '/__admin/accounts', { email: this.email, appName: 'photos-web', scopes: [scopes.gallerySync] });
    this.webApi = new CloudApi(this.stage.cloudFetch, this.stage.cloudUrl, creds as never, this.stage.clock);
    await this.web();
    for (const name of this.scenario.phones) {
      // Each phone is its own OAuth client ("app") on the shared account, so a revoke hits one phone only.
      const app = await this.stage.admin<Omit<DeviceAccount, 'email'>>('POST', `/__admin/accounts/${this.email}/apps`, { name: `gallery-${name}` });
      const account = { email: this.email, clientId: app.clientId, clientSecret: app.clientSecret, refreshToken: app.refreshToken };
      this.accounts.set(name, account);
      this.devices.set(name, await this.stage.addPhone(name, account));
      this.captures.set(name, []);
    }
  }

  get file(): string {
    return this.scenario.file;
  }

  phoneOf(args: { on?: string | undefined }): string {
    return args.on ?? (this.scenario.phones[0] as string);
  }

  device(name: string): GalleryDevice {
    return this.devices.get(name) as GalleryDevice;
  }

  account(name: string): DeviceAccount {
    return this.accounts.get(name) as DeviceAccount;
  }

  bytes(sha256: string): Uint8Array | undefined {
    return this.contents.get(sha256);
  }

  remember(sha256: string, bytes: Uint8Array): void {
    this.contents.set(sha256, bytes);
  }

  captured(phone: string, item: DeviceItem): void {
    this.captures.get(phone)?.push(item);
  }

  webAdded(item: { cloudId: string; sha256: string; name: string }): number {
    return this.webItems.push(item);
  }

  log(actor: string, what: LedgerEntry['what']): void {
    this.ledger.add(actor, what);
  }

  toxicName(type: string): string {
    return `${type}_${++this.toxics}`;
  }

  cloudFaults(phone: string): string[] {
    const faults = this.faultsOf.get(phone) ?? [];
    this.faultsOf.set(phone, faults);
    return faults;
  }

  /** A phone's own capture as it is now: `3` → its 3rd capture, `last` → its latest. */
  private async captureOf(phone: string, n: ItemRef['n']): Promise<DeviceItem> {
    const list = this.captures.get(phone) ?? [];
    const picked = n === 'last' ? list.at(-1) : list[n - 1];
    if (!picked) throw new Error(`${this.scenario.file}: no item ${n} on ${phone}`);
    return (await this.device(phone).item(picked.id)) ?? picked;
  }

  /** The bytes an item reference stands for now: a phone's capture as it is, or a web add as the cloud has it. */
  async contentOf(ref: ItemRef): Promise<{ sha256: string; name: string }> {
    if (ref.source !== webSource) return this.captureOf(ref.source, ref.n);
    const web = ref.n === 'last' ? this.webItems.at(-1) : this.webItems[ref.n - 1];
    if (!web) throw new Error(`${this.scenario.file}: no cloud item web:${ref.n}`);
    const now = await (await this.web()).getItem(web.cloudId);
    return now.kind === 'ok' ? { sha256: now.value.sha256, name: now.value.mediaItem.filename } : { sha256: web.sha256, name: web.name };
  }

  /**
   * The item a phone step acts on: the phone's own capture, or — for `b:2` or `web:1` — the phone's copy of those
   * bytes (brought down by two-way sync, or captured again).
   */
  async item(raw: unknown, phone: string, where?: 'gallery' | 'trash'): Promise<DeviceItem> {
    const ref = parseItemRef(raw, phone);
    const snapshot = ref.source === phone && where === undefined ? undefined : await this.device(phone).snapshot();
    if (ref.source === phone) {
      const own = await this.captureOf(phone, ref.n);
      const state = snapshot?.items.find((i) => i.id === own.id);
      if (where && !state) throw new StepImpossible(`${this.scenario.file}: ${own.name} is no longer on ${phone}`);
      if (where && state && state.trashed !== (where === 'trash')) throw new StepImpossible(`${this.scenario.file}: ${own.name} is ${state.trashed ? "in the gallery's trash (restore it first)" : 'not in the trash'} on ${phone}`);
      return own;
    }
    const content = await this.contentOf(ref);
    const held = (snapshot?.items ?? []).filter((i) => i.sha256 === content.sha256 && (where === undefined || i.trashed === (where === 'trash')))[0];
    if (!held) throw new StepImpossible(`${this.scenario.file}: ${String(raw)} (${content.name}) is not on ${phone}${this.device(phone).twoWaySync ? ' (yet: settle first)' : `: ${this.brand} only backs up, so cloud items never reach it`}`);
    return { id: held.id, name: held.name, album: held.album, sha256: held.sha256 };
  }

  private lastPhoto: number | undefined;

  async newMedia(kind: KindName = 'camera-photo', variant?: string): Promise<ScenarioMedia> {
    const index = this.media++;
    // Duplicates copy the scenario's latest camera photo.
    const source = kind === 'near-duplicate' || kind === 'exact-duplicate' ? (this.lastPhoto ?? (await this.newMedia('camera-photo'), this.lastPhoto)) : undefined;
    const made = await scenarioMedia(kind, index, source, variant);
    if (kind === 'camera-photo') this.lastPhoto = index;
    this.contents.set(sha(made.bytes), made.bytes);
    return made;
  }

  async step(step: Step, index: number): Promise<void> {
    if (step.verb === 'advance') return this.stage.advance(step.ms);
    if (step.verb === 'settle') return this.settle(step.ms);
    if (step.verb === 'expect') return this.expect(step.invariant, index);
    this.ledger.begin();
    const table: Record<string, Action> = stepTables[step.verb];
    return (table[step.action] as Action).run(this, step.args);
  }

  async settle(ms: number): Promise<void> {
    this.settled = await this.stage.settle(ms);
  }

  /** What the last check saw: a run ends with one, so this is the end state the evidence shows. */
  private lastContext: OracleContext | undefined;

  async expect(invariant: Parameters<typeof checkInvariants>[1] | 'consistent', step: number): Promise<void> {
    this.lastContext = await this.context();
    const crash = this.lastContext.history.find((e) => e.op === 'engine.crash' && e.type === 'fail');
    if (crash) throw new EngineCrash(`${crash.process}: the gallery's sync engine crashed: ${String((crash.value as { error?: string } | undefined)?.error ?? '').split('\n')[0]}`);
    const found = checkInvariants(this.lastContext, invariant === 'consistent' ? undefined : invariant);
    this.violations.push(...found.map((v) => ({ ...v, step })));
  }

  async cloudItem(raw: unknown): Promise<{ cloudId: string; sha256: string; trashed: boolean }> {
    const ref = parseItemRef(raw, this.scenario.phones[0] as string);
    if (ref.source === webSource) {
      const web = (ref.n === 'last' ? this.webItems.at(-1) : this.webItems[ref.n - 1]) as (typeof this.webItems)[number];
      const listed = await (await this.web()).listAll();
      const trashed = listed.kind === 'ok' && listed.value.some((i) => i.mediaItem.id === web.cloudId && i.trashed);
      return { cloudId: web.cloudId, sha256: (await this.contentOf(ref)).sha256, trashed };
    }
    const phone = ref.source;
    const item = await this.captureOf(phone, ref.n);
    // The cloud shows the phone's item as it is now, or as it was captured if the phone's later edit is not up yet.
    const earlier = new Set((this.captures.get(phone) ?? []).filter((c) => c.id === item.id).map((c) => c.sha256));
    const listed = await (await this.web()).listAll();
    const items = listed.kind === 'ok' ? listed.value : [];
    const found = items.find((i) => i.sha256 === item.sha256) ?? items.find((i) => earlier.has(i.sha256));
    if (!found) throw new StepImpossible(`${this.scenario.file}: ${item.name} is not in the cloud (yet); settle before changing it there`);
    return { cloudId: found.mediaItem.id, sha256: found.sha256, trashed: found.trashed };
  }

  private webTokenAt = -Infinity;

  /** The web user's API. Its access token lasts an hour of cloud time, and scenarios jump days ahead: refreshed as needed. */
  async web(): Promise<CloudApi> {
    if (this.stage.clock.now() - this.webTokenAt > 50 * 60_000) {
      await this.webApi.refreshToken();
      this.webTokenAt = this.stage.clock.now();
    }
    return this.webApi;
  }

  async context(): Promise<OracleContext> {
    const state = await this.stage.admin<{ timeMs: number; accounts: Array<{ mediaItems: CloudSnapshot['items']; albums: CloudSnapshot['albums']; quota: CloudSnapshot['quota'] }> }>('GET', `/__admin/state?account=${encodeURIComponent(this.email)}`);
    const account = state.accounts[0];
    const devices: DeviceFacts[] = [];
    for (const [name, device] of this.devices) {
      devices.push({ name, brand: device.brand, twoWaySync: device.twoWaySync, clientId: this.accounts.get(name)?.clientId ?? '', defaultAlbums: phoneProfiles[this.brand].defaultBackupAlbums, snapshot: await device.snapshot() });
    }
    const items = account?.mediaItems ?? [];
    const cloudBytes = await this.stage.cloudBytes([...new Set(items.flatMap((i) => [i.sha256, ...i.versions.map((v) => v.sha256)]))]);
    return {
      devices,
      cloud: { timeMs: state.timeMs, items, albums: account?.albums ?? [], quota: account?.quota ?? { limitBytes: 0, usageBytes: 0 } },
      cloudBytes: (hash) => cloudBytes.get(hash),
      localBytes: (hash) => this.contents.get(hash),
      history: await this.stage.history(),
      ledger: this.ledger,
      settled: this.settled,
    };
  }

  async evidence(): Promise<Evidence[]> {
    return collectEvidence(this.lastContext ?? (await this.context()), this.violations, this.devices);
  }

  /** The phones' events, the user's actions and each link's fault decisions, in order (time, then sequence): the run's history. */
  async fullHistory(): Promise<HistoryEvent[]> {
    const user: HistoryEvent[] = this.ledger.entries.map((e) => ({ time: e.time, process: e.actor === 'web' ? 'user@web' : `user@${e.actor}`, type: 'ok', op: e.what.kind, value: e.what, ...(e.seq === undefined ? {} : { seq: e.seq }) }));
    return [...(await this.stage.history()), ...user].sort(inOrder);
  }
}

const sha = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');
