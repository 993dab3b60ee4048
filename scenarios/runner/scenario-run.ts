import { createHash } from 'node:crypto';
import { scopes } from '../../fake-cloud/index.ts';
import type { BrandName } from '../../fixtures/index.ts';
import type { DeviceAccount, DeviceItem, GalleryDevice } from '../../drivers/gallery-device.ts';
import type { BugProfile } from '../../simulator/bugs.ts';
import { CloudApi } from '../../simulator/engine/cloud-api.ts';
import type { HistoryEvent } from '../../runtime/history.ts';
import { phoneProfiles } from '../../simulator/profiles.ts';
import { checkInvariants, type Violation } from '../oracle/index.ts';
import type { CloudSnapshot, DeviceFacts, OracleContext } from '../oracle/context.ts';
import { parseItemRef, toxicOf, webSource, type ItemRef, type Scenario, type Step } from '../schema.ts';
import { collectEvidence } from './evidence.ts';
import type { Evidence } from '../../reports/evidence.ts';
import { Ledger } from './ledger.ts';
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
export async function runScenario(scenario: Scenario, stage: Stage, options: { brand: BrandName; seed: number; bugs?: BugProfile[]; email?: string }): Promise<RunResult> {
  const started = performance.now();
  const run = new ScenarioRun(scenario, stage, options.brand, options.email ?? 'qa@example.com');
  await run.start();
  for (const [index, step] of scenario.steps.entries()) await run.step(step, index);
  if (scenario.steps.at(-1)?.verb !== 'expect') {
    await run.settle(finalSettleMs);
    await run.expect('consistent', scenario.steps.length);
  }
  const violations = run.violations;
  const evidence = violations.length ? await run.evidence() : [];
  return {
    scenario: scenario.name,
    file: scenario.file,
    brand: options.brand,
    seed: options.seed,
    bugs: options.bugs ?? [],
    verdict: violations.length ? 'fail' : 'pass',
    violations,
    ...(violations.length ? { failedStep: violations[0]?.step, evidence } : {}),
    steps: scenario.steps.map((s) => s.text),
    history: await run.fullHistory(),
    virtualMs: stage.clock.now() - run.startedAt,
    wallMs: Math.round(performance.now() - started),
  };
}

class ScenarioRun {
  readonly ledger: Ledger;
  readonly violations: Array<Violation & { step: number }> = [];
  readonly startedAt: number;
  private readonly devices = new Map<string, GalleryDevice>();
  private readonly accounts = new Map<string, DeviceAccount>();
  private readonly captures = new Map<string, DeviceItem[]>();
  private readonly webItems: Array<{ cloudId: string; sha256: string; name: string }> = [];
  private readonly bytes = new Map<string, Uint8Array>();
  private web!: CloudApi;
  private settled = true;
  private media = 0;
  private toxics = 0;
  /** Cloud-side fault ids added for each phone, so that healing one phone leaves the others' in place. */
  private readonly cloudFaults = new Map<string, string[]>();

  constructor(
    private readonly scenario: Scenario,
    private readonly stage: Stage,
    private readonly brand: BrandName,
    private readonly email: string,
  ) {
    this.startedAt = stage.clock.now();
    this.ledger = new Ledger(() => stage.clock.now());
  }

  async start(): Promise<void> {
    const creds = await this.stage.admin('POST', '/__admin/accounts', { email: this.email, appName: 'photos-web', scopes: [scopes.gallerySync] });
    this.web = new CloudApi(this.stage.cloudFetch, this.stage.cloudUrl, creds as never, this.stage.clock);
    await this.freshWeb();
    for (const name of this.scenario.phones) {
      // Each phone is its own OAuth client ("app") on the shared account, so a revoke hits one phone only.
      const app = await this.stage.admin<Omit<DeviceAccount, 'email'>>('POST', `/__admin/accounts/${this.email}/apps`, { name: `gallery-${name}` });
      const account = { email: this.email, clientId: app.clientId, clientSecret: app.clientSecret, refreshToken: app.refreshToken };
      this.accounts.set(name, account);
      this.devices.set(name, await this.stage.addPhone(name, account));
      this.captures.set(name, []);
    }
  }

  private device(name: unknown): GalleryDevice {
    return this.devices.get(typeof name === 'string' ? name : (this.scenario.phones[0] as string)) as GalleryDevice;
  }

  /** A phone's own capture as it is now: `3` → its 3rd capture, `last` → its latest. */
  private async captureOf(phone: string, n: ItemRef['n']): Promise<DeviceItem> {
    const list = this.captures.get(phone) ?? [];
    const picked = n === 'last' ? list.at(-1) : list[n - 1];
    if (!picked) throw new Error(`${this.scenario.file}: no item ${n} on ${phone}`);
    return (await this.device(phone).item(picked.id)) ?? picked;
  }

  /** The bytes an item reference stands for now: a phone's capture as it is, or a web add as the cloud has it. */
  private async contentOf(ref: ItemRef): Promise<{ sha256: string; name: string }> {
    if (ref.source !== webSource) return this.captureOf(ref.source, ref.n);
    const web = ref.n === 'last' ? this.webItems.at(-1) : this.webItems[ref.n - 1];
    if (!web) throw new Error(`${this.scenario.file}: no cloud item web:${ref.n}`);
    const now = await this.web.getItem(web.cloudId);
    return now.kind === 'ok' ? { sha256: now.value.sha256, name: now.value.mediaItem.filename } : { sha256: web.sha256, name: web.name };
  }

  /**
   * The item a phone step acts on: the phone's own capture, or — for `b:2` or `web:1` — the phone's copy of those
   * bytes (brought down by two-way sync, or captured again).
   */
  private async item(raw: unknown, phone: string): Promise<DeviceItem> {
    const ref = parseItemRef(raw, phone);
    if (ref.source === phone) return this.captureOf(phone, ref.n);
    const content = await this.contentOf(ref);
    const held = (await this.device(phone).snapshot()).items.filter((i) => i.sha256 === content.sha256).sort((a, b) => Number(a.trashed) - Number(b.trashed))[0];
    if (!held) throw new Error(`${this.scenario.file}: ${String(raw)} (${content.name}) is not on ${phone}${this.device(phone).twoWaySync ? ' (yet: settle first)' : `: ${this.brand} only backs up, so cloud items never reach it`}`);
    return { id: held.id, name: held.name, album: held.album, sha256: held.sha256 };
  }

  private lastPhoto: number | undefined;

  private async newMedia(kind: Parameters<typeof scenarioMedia>[0] = 'camera-photo', variant?: string): Promise<ScenarioMedia> {
    const index = this.media++;
    // Duplicates copy the scenario's latest camera photo.
    const source = kind === 'near-duplicate' || kind === 'exact-duplicate' ? (this.lastPhoto ?? (await this.newMedia('camera-photo'), this.lastPhoto)) : undefined;
    const made = await scenarioMedia(kind, index, source, variant);
    if (kind === 'camera-photo') this.lastPhoto = index;
    this.bytes.set(sha(made.bytes), made.bytes);
    return made;
  }

  async step(step: Step, index: number): Promise<void> {
    if (step.verb === 'advance') return this.stage.advance(step.ms);
    if (step.verb === 'settle') return this.settle(step.ms);
    if (step.verb === 'expect') return this.expect(step.invariant, index);
    if (step.verb === 'phone') return this.phoneStep(step.action, step.args);
    if (step.verb === 'cloud') return this.cloudStep(step.action, step.args);
    return this.netStep(step.action, step.args);
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

  private async phoneStep(action: string, args: Record<string, unknown>): Promise<void> {
    const name = (args.on as string | undefined) ?? (this.scenario.phones[0] as string);
    const device = this.device(name);
    const log = (what: Parameters<Ledger['add']>[1]) => this.ledger.add(name, what);
    switch (action) {
      case 'enable-backup':
        await device.enableBackup(this.accounts.get(name) as DeviceAccount);
        return log({ kind: 'settings', backupEnabled: true });
      case 'disable-backup':
        await device.disableBackup();
        return log({ kind: 'settings', backupEnabled: false });
      case 'capture': {
        const count = args.count as number;
        for (let i = 0; i < count; i++) {
          const source = args['same-as'] !== undefined ? await this.contentOf(parseItemRef(args['same-as'], name)) : undefined;
          const made = source ? { bytes: this.bytes.get(source.sha256) as Uint8Array, name: source.name.replace(/(\.[^.]+)$/, ' (1)$1'), decodable: true } : await this.newMedia(args.kind as never, args.variant as string | undefined);
          const fileName = (args.name as string | undefined) ?? made.name;
          const item = await device.importMedia(fileName, made.bytes, args.album as string);
          this.captures.get(name)?.push(item);
          log({ kind: 'capture', item, ...(made.decodable ? {} : { unreadable: true }) });
        }
        return;
      }
      case 'edit': {
        const before = await this.item(args.item, name);
        const made = await this.newMedia();
        const item = await device.edit(before, made.bytes);
        // A phone driven through its UI makes its own edit: keep whatever bytes it produced.
        if (!this.bytes.has(item.sha256)) this.bytes.set(item.sha256, await device.readBytes(item));
        return log({ kind: 'edit', item, before: before.sha256 });
      }
      case 'delete':
      case 'delete-everywhere':
      case 'delete-device-only': {
        const item = await this.item(args.item, name);
        const everywhere = action === 'delete-everywhere' ? true : action === 'delete-device-only' ? false : ((args.everywhere as boolean | undefined) ?? phoneProfiles[this.brand].alsoDeleteFromCloudByDefault);
        await device.delete(item, everywhere);
        return log({ kind: 'delete', item, everywhere });
      }
      case 'restore': {
        const item = await this.item(args.item, name);
        await device.restore(item);
        return log({ kind: 'restore', item });
      }
      case 'move': {
        const item = await this.item(args.item, name);
        const moved = await device.moveToAlbum(item, args.album as string);
        return log({ kind: 'move', item: moved, from: item.album });
      }
      case 'hide-album': {
        await device.hideAlbum(args.album as string);
        return log({ kind: 'settings', hiddenAlbums: (await device.snapshot()).settings.hiddenAlbums });
      }
      case 'choose-albums':
        await device.chooseAlbums(args.albums as string[]);
        return log({ kind: 'settings', backupAlbums: args.albums as string[] });
      case 'wifi-only':
        await device.setWifiOnly(args.enabled as boolean);
        return log({ kind: 'settings', wifiOnly: args.enabled as boolean });
      case 'revoke':
        await this.stage.admin('POST', '/__admin/revoke', { clientId: this.accounts.get(name)?.clientId });
        return log({ kind: 'revoke' });
      case 'kill-app':
        await device.killApp();
        return log({ kind: 'kill' });
      case 'start-app':
        await device.startApp();
        return log({ kind: 'start' });
      case 'restart':
        await device.restartPhone();
        return log({ kind: 'restart' });
    }
  }

  private async cloudId(raw: unknown): Promise<{ cloudId: string; sha256: string }> {
    const ref = parseItemRef(raw, this.scenario.phones[0] as string);
    if (ref.source === webSource) {
      const web = (ref.n === 'last' ? this.webItems.at(-1) : this.webItems[ref.n - 1]) as (typeof this.webItems)[number];
      return { cloudId: web.cloudId, sha256: (await this.contentOf(ref)).sha256 };
    }
    const phone = ref.source;
    const item = await this.captureOf(phone, ref.n);
    // The cloud shows the phone's item as it is now, or as it was captured if the phone's later edit is not up yet.
    const known = new Set([item.sha256, ...(this.captures.get(phone) ?? []).filter((c) => c.id === item.id).map((c) => c.sha256)]);
    const listed = await this.web.listAll();
    const found = listed.kind === 'ok' ? listed.value.find((i) => known.has(i.sha256)) : undefined;
    if (!found) throw new Error(`${this.scenario.file}: ${item.name} is not in the cloud (yet); settle before changing it there`);
    return { cloudId: found.mediaItem.id, sha256: found.sha256 };
  }

  private webTokenAt = -Infinity;

  /** The web user's access token lasts an hour of cloud time; scenarios jump days ahead. */
  private async freshWeb(): Promise<CloudApi> {
    if (this.stage.clock.now() - this.webTokenAt > 50 * 60_000) {
      await this.web.refreshToken();
      this.webTokenAt = this.stage.clock.now();
    }
    return this.web;
  }

  private async cloudStep(action: string, args: Record<string, unknown>): Promise<void> {
    await this.freshWeb();
    const log = (what: Parameters<Ledger['add']>[1]) => this.ledger.add('web', what);
    switch (action) {
      case 'add':
        for (let i = 0; i < (args.count as number); i++) {
          const made = await this.newMedia();
          const name = `web_${this.webItems.length + 1}_${made.name}`;
          const token = await this.web.rawUpload(made.bytes, name, 'image/jpeg');
          const created = token.kind === 'ok' ? await this.web.batchCreate([{ uploadToken: token.value, fileName: name }]) : undefined;
          const cloudId = created?.kind === 'ok' ? created.value.newMediaItemResults[0]?.mediaItem?.id : undefined;
          if (!cloudId) throw new Error(`${this.scenario.file}: the cloud refused a web upload`);
          this.webItems.push({ cloudId, sha256: sha(made.bytes), name });
          log({ kind: 'cloud-add', cloudId, sha256: sha(made.bytes), name });
        }
        return;
      case 'edit': {
        const target = await this.cloudId(args.item);
        const made = await this.newMedia();
        const token = await this.web.rawUpload(made.bytes, 'edit.jpg', 'image/jpeg');
        if (token.kind !== 'ok') throw new Error(`${this.scenario.file}: web edit failed: the cloud refused the upload`);
        // The web user edits what they see: if a phone's edit lands in between (412), they look again and edit that.
        for (let attempt = 0; attempt < 3; attempt++) {
          const current = await this.web.getItem(target.cloudId);
          if (current.kind !== 'ok') break;
          const saved = await this.web.addVersion(target.cloudId, token.value, current.value.etag);
          if (saved.kind === 'ok') return log({ kind: 'cloud-edit', cloudId: target.cloudId, sha256: sha(made.bytes), before: current.value.sha256 });
          if (saved.kind !== 'refused' || saved.status !== 412) break;
        }
        throw new Error(`${this.scenario.file}: web edit of ${target.cloudId} failed`);
      }
      case 'trash':
      case 'restore':
      case 'purge': {
        const target = await this.cloudId(args.item);
        if (action === 'trash') await this.web.trash(target.cloudId);
        else if (action === 'restore') await this.web.restore(target.cloudId);
        else await this.web.call('POST', `/v1/sync/mediaItems/${target.cloudId}:delete`);
        return log({ kind: `cloud-${action}` as 'cloud-trash', ...target });
      }
      case 'quota':
        await this.stage.admin('PATCH', `/__admin/accounts/${this.email}`, { quotaBytes: args.bytes });
        return log({ kind: 'quota', bytes: args.bytes as number });
    }
  }

  private async netStep(action: string, args: Record<string, unknown>): Promise<void> {
    const name = (args.on as string | undefined) ?? (this.scenario.phones[0] as string);
    const device = this.device(name);
    const log = (description: string) => this.ledger.add(name, { kind: 'fault', description });
    if (action === 'wifi' || action === 'cellular' || action === 'offline') {
      await device.setNetwork(action);
      return this.ledger.add(name, { kind: 'network', state: action });
    }
    if (action === 'down') {
      await device.link.setEnabled(false);
      return log('link down');
    }
    if (action === 'heal') {
      await device.link.reset();
      // This phone's cloud-side faults only: the other phones' stay until they are healed.
      for (const id of this.cloudFaults.get(name) ?? []) await this.stage.admin('DELETE', `/__admin/faults/${id}`).catch(() => undefined);
      this.cloudFaults.delete(name);
      return log('healed');
    }
    if (action === 'response-lost-after-commit') {
      const clientId = this.accounts.get(name)?.clientId;
      const fault = await this.stage.admin<{ id: string }>('POST', '/__admin/faults', { match: 'POST /v1/mediaItems:batchCreate', commitThenFail: true, clientId, probability: args.probability, ...(args.times ? { times: args.times } : {}) });
      this.cloudFaults.set(name, [...(this.cloudFaults.get(name) ?? []), fault.id]);
      return log('batchCreate answers lost after commit');
    }
    const type = toxicOf[action as keyof typeof toxicOf];
    const { on: _on, toxicity, stream, for: lasting, ...rest } = args;
    const attributes: Record<string, number> = {};
    for (const [key, value] of Object.entries(rest)) attributes[attributeName(action, key)] = value as number;
    if (typeof lasting === 'number') attributes.duration_ms = lasting;
    await device.link.addToxic({ name: `${type}_${++this.toxics}`, type, toxicity, ...(stream ? { stream } : {}), attributes });
    log(`${action} ${JSON.stringify(rest)}`);
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
      localBytes: (hash) => this.bytes.get(hash),
      history: await this.stage.history(),
      ledger: this.ledger,
      settled: this.settled,
    };
  }

  async evidence(): Promise<Evidence[]> {
    return collectEvidence(this.lastContext ?? (await this.context()), this.violations, this.devices);
  }

  /** The phones' events, the user's actions and each link's fault decisions, in time order: the run's history. */
  async fullHistory(): Promise<HistoryEvent[]> {
    const user: HistoryEvent[] = this.ledger.entries.map((e) => ({ time: e.time, process: e.actor === 'web' ? 'user@web' : `user@${e.actor}`, type: 'ok', op: e.what.kind, value: e.what }));
    return [...(await this.stage.history()), ...user].map((e, i) => ({ e, i })).sort((a, b) => a.e.time - b.e.time || a.i - b.i).map(({ e }) => e);
  }
}

/** Scenario argument names (kebab-case, QA-friendly) → Toxiproxy attribute names. */
function attributeName(action: string, key: string): string {
  if (key === 'ms') return action === 'latency' ? 'latency' : 'timeout';
  return key.replace(/-/g, '_');
}

const sha = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');
