import type { TimerHandle } from '../../runtime/clock.ts';
import type { BugProfile } from '../bugs.ts';
import { CloudApi, type Outcome } from './cloud-api.ts';
import type { EngineHost } from './host.ts';
import { loadState, stateKey, type EngineState } from './state.ts';
import { backup } from './backup.ts';
import { pull } from './pull.ts';
import { purgeOldTrash, pushAlbums, pushDeletes, pushEdits, pushRestores } from './push.ts';

const minute = 60_000;
/**
 * Two-way brands are woken by a push when the cloud changes (as Google's apps are, through FCM); this poll is only
 * the fallback for a missed push.
 */
const pollMs = 6 * 60 * minute;

/** Raised inside a pass when the app was killed meanwhile: the pass stops where it is, like a dead process. */
export class Killed extends Error {}

/**
 * The reference sync engine: the behaviour we believe correct, as code. It runs in passes, each started by a timer
 * on the injected clock (a change on the phone, a network change, a retry, the periodic poll). A pass pushes local
 * deletes, restores and edits, pulls cloud changes (two-way brands), then backs up new items in batches of ≤ 50.
 * Progress is checkpointed to the app's storage after every step, so a killed app resumes instead of repeating.
 */
export class SyncEngine {
  status = 'Backup is off';
  state: EngineState;
  readonly api: CloudApi;
  private timer: TimerHandle | undefined;
  private timerDue = Infinity;
  /** Whether the scheduled pass has work to do, or is only the periodic poll / a storage recheck. */
  private timerForWork = false;
  private running = false;
  private rerun = false;
  private alive = true;
  private failures = 0;
  private wakeAfter = Infinity;

  constructor(readonly host: EngineHost) {
    this.state = loadState(host.loadAppData(stateKey));
    this.startupDefects();
    const account = host.settings.account ?? { clientId: '', clientSecret: '', refreshToken: '' };
    this.api = new CloudApi(host.fetch, host.baseUrl, account, host.clock);
  }

  bug(profile: BugProfile): boolean {
    return this.host.bugs.has(profile);
  }

  /** Defects that strike when the app process starts (after a kill or a phone restart). */
  private startupDefects(): void {
    const { host, state } = this;
    if (this.bug('offline-delete-forgotten-on-restart')) state.deletes = [];
    if (this.bug('wifi-wait-dropped-on-reboot') && host.settings.wifiOnly && host.network() === 'cellular') {
      for (const row of host.mediaStore.list()) if (!state.synced[row.id]) state.unsynced[row.id] = `${row.displayName}: waiting for Wi-Fi when the phone restarted`;
    }
  }

  /** Something changed: run a pass after `delayMs` (sooner if one is already due sooner). */
  kick(delayMs = 1000, forWork = true): void {
    if (!this.alive) return;
    if (this.running) {
      this.rerun ||= forWork;
      return;
    }
    const due = this.host.clock.now() + delayMs;
    if (this.timer && this.timerDue <= due) {
      this.timerForWork ||= forWork;
      return;
    }
    if (this.timer) this.host.clock.clearTimer(this.timer);
    this.timerDue = due;
    this.timerForWork = forWork;
    this.timer = this.host.clock.setTimer(delayMs, () => {
      this.timer = undefined;
      this.timerDue = Infinity;
      this.pass().catch((error: unknown) => this.crash(error));
    });
  }

  /** Nothing to do until the periodic poll: no pass running, none scheduled for work (a dead app does nothing). */
  idle(): boolean {
    return !this.alive || (!this.running && !(this.timer && this.timerForWork));
  }

  /**
   * A bug in the engine itself (not a sync failure): the app dies, as an Android app does on an uncaught exception,
   * and the history says so with `fail engine.crash`, so that no run containing it can pass.
   */
  private crash(error: unknown): void {
    this.kill();
    this.status = 'Gallery crashed';
    this.host.history.record(this.host.name, 'fail', 'engine.crash', { error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
  }

  /** The app process dies: no more passes; one in flight stops at its next step. */
  kill(): void {
    this.alive = false;
    if (this.timer) this.host.clock.clearTimer(this.timer);
    this.timer = undefined;
  }

  save(): void {
    this.checkAlive();
    this.host.saveAppData(stateKey, JSON.stringify(this.state));
  }

  checkAlive(): void {
    if (!this.alive) throw new Killed('the app was killed');
  }

  /** Awaits a cloud call and notes it in the history (`info` when its outcome is unknown). */
  async call<T>(op: string, value: unknown, work: () => Promise<Outcome<T>>): Promise<Outcome<T>> {
    this.checkAlive();
    this.host.history.record(this.host.name, 'invoke', op, value);
    const result = await work();
    this.host.history.record(this.host.name, result.kind === 'ok' ? 'ok' : result.kind === 'refused' ? 'fail' : 'info', op, result.kind === 'ok' ? value : { ...(value as object), reason: result.reason });
    this.checkAlive();
    if (result.kind === 'refused' && result.status === 401) await this.onUnauthorized();
    return result;
  }

  private async pass(): Promise<void> {
    this.running = true;
    let workLeft = false;
    try {
      workLeft = await this.cycle();
      this.failures = 0;
    } catch (error) {
      if (error instanceof Killed) return;
      if (!(error instanceof Retry)) throw error;
      this.failures++;
      workLeft = true;
    } finally {
      this.running = false;
    }
    if (!this.alive) return;
    this.save();
    // After a failure the backoff alone decides: "work is left" must not bring the retry forward to a second.
    const workIn = this.failures > 0 ? this.backoff() : workLeft || this.rerun ? 1000 : Infinity;
    const checkIn = Math.min(this.host.profile.twoWaySync && !this.state.revoked ? pollMs : Infinity, this.wakeAfter);
    this.rerun = false;
    this.wakeAfter = Infinity;
    if (Number.isFinite(workIn) && workIn <= checkIn) this.kick(workIn, true);
    else if (Number.isFinite(checkIn)) this.kick(checkIn, false);
  }

  /** Asks for the next pass no later than `ms` from the end of this one (a recheck, not a retry). */
  wakeIn(ms: number): void {
    this.wakeAfter = Math.min(this.wakeAfter, ms);
  }

  /**
   * 2 s, 4 s, 8 s … up to 5 minutes, and 30 minutes once it has failed for about an hour (a sync job's backoff;
   * Android's WorkManager allows up to 5 hours), with seeded jitter so phones do not retry in lockstep. A link that
   * heals is found again within minutes; one broken for days costs a few hundred retries, not tens of thousands.
   */
  private backoff(): number {
    const cap = this.failures > 16 ? 30 * minute : 5 * minute;
    const base = Math.min(cap, 1000 * 2 ** Math.min(this.failures, 11));
    return base / 2 + this.host.rng.int(0, base / 2);
  }

  /** One pass; answers whether work is left that should run again soon. */
  private async cycle(): Promise<boolean> {
    const { settings } = this.host;
    if (!settings.backupEnabled || !settings.account) return this.setStatus('Backup is off', false);
    if (this.state.revoked) return this.setStatus('Access revoked', false);
    if (this.host.network() === 'offline') return this.setStatus('Waiting for network', false);
    if (!this.api.accessToken) {
      const token = await this.call('oauth.refresh', {}, () => this.api.refreshToken());
      if (token.kind === 'refused') return this.revoked();
      if (token.kind === 'unknown') throw new Retry();
    }
    if (this.host.profile.twoWaySync && this.bug('cloud-edit-overwrites-phone-edit')) await pull(this);
    if (this.bug('trash-purged-after-30-days')) await purgeOldTrash(this);
    await pushDeletes(this);
    await pushRestores(this);
    // An edit uploads the photo's bytes again: with "Wi-Fi only" on mobile data it waits, as the backup does.
    const waitsForWifi = this.host.settings.wifiOnly && this.host.network() === 'cellular' && !this.bug('wifi-only-ignored');
    if (!this.bug('edits-never-uploaded') && !waitsForWifi) await pushEdits(this);
    if (this.host.profile.twoWaySync) await pull(this);
    const waiting = await backup(this);
    await pushAlbums(this);
    return waiting;
  }

  setStatus(status: string, workLeft: boolean): boolean {
    if (status !== this.status) this.host.history.record(this.host.name, 'info', 'status', status);
    this.status = status;
    return workLeft;
  }

  /** A 401: the token expired (refresh once) or the app's access was revoked (stop, delete nothing). */
  private async onUnauthorized(): Promise<void> {
    this.api.accessToken = undefined;
    const token = await this.api.refreshToken();
    this.checkAlive();
    if (token.kind === 'refused') this.revoked();
    throw new Retry();
  }

  private revoked(): boolean {
    this.state.revoked = true;
    this.host.history.record(this.host.name, 'info', 'revoked', { status: 'Access revoked' });
    if (this.bug('revoke-deletes-local')) {
      for (const entry of Object.values(this.state.synced)) this.host.deleteMedia(entry.localId);
    }
    this.save();
    return this.setStatus('Access revoked', false);
  }
}

/** The pass met a failure worth retrying later (unknown outcome, token refresh): back off and run again. */
export class Retry extends Error {
  constructor() {
    // Control flow, not a fault: no stack to capture (it is thrown on every failed pass).
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    super('retry later');
    Error.stackTraceLimit = limit;
  }
}
