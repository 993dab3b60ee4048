import type { Browser } from 'webdriverio';
import type { Proxy, Toxiproxy } from 'toxiproxy-node-client';
import { connectGallery } from '../../drivers/brands.ts';
import type { DeviceAccount, GalleryDevice } from '../../drivers/gallery-device.ts';
import { BRANDS, type BrandName } from '../../brands/index.ts';
import type { FetchLike } from '../../network/index.ts';
import { PacedClock } from '../../runtime/paced-clock.ts';
import type { HistoryEvent } from '../../runtime/history.ts';
import type { Stage } from '../runner/stage.ts';
import { adbFor } from './adb.ts';
import { markRun } from './appium-log.ts';
import type { DeviceProfile } from './device-profiles.ts';
import type { PhonePool } from './phone-pool.ts';
import { ProxyLink } from './proxy-link.ts';

/** Where the end-to-end pieces are: the worker's phones, the fake cloud, a Toxiproxy-compatible fault proxy. */
export interface E2eEnvironment {
  phones: PhonePool;
  profile: Pick<DeviceProfile, 'clockControl' | 'reach'>;
  /** The adb server the phones are behind (for `adb reverse`). */
  adbPort: number;
  cloudUrl: string;
  toxiproxy: Toxiproxy;
  /** How much faster than the wall clock the phones live (1 for real phones). */
  timeScale: number;
}

/**
 * The gallery's endpoint on the phone: a debug build of the gallery talks to this loopback port, which
 * `adb reverse` maps to the phone's fault proxy on this machine (the simulated phones' build does so).
 */
const DEVICE_CLOUD_PORT = 8787;

/** Where a debug build of the gallery writes its sync journal, if it keeps one (simulated phones do). */
const journalPath = (pkg: string) => `/sdcard/Android/data/${pkg}/files/sync-journal.jsonl`;

interface StagePhone {
  name: string;
  udid: string;
  browser: Browser;
  device: GalleryDevice;
  link: ProxyLink;
  packageName: string;
}

/**
 * The end-to-end stage: each phone is an Appium UiAutomator2 session on a device (simulated, an emulator, a USB
 * phone or a farm's), driven by its brand's WebdriverIO driver, behind its own Toxiproxy proxy to the fake cloud on
 * a real port. Before a scenario the harness makes the device fresh as a farm would (the gallery's data cleared,
 * the test media removed, the clock set to the cloud's), signs it in and points the gallery at the cloud. Time is
 * the cloud's admin clock plus the phones' clocks; settling polls the phones' backup screens.
 */
export class AppiumStage implements Stage {
  readonly clock: PacedClock;
  readonly cloudFetch: FetchLike = (request) => fetch(request);
  private readonly phones: StagePhone[] = [];
  /** The Appium sessions of this run's phones (their lines in Appium's log), kept after close. */
  readonly sessionIds: string[] = [];

  static async open(env: E2eEnvironment, run: { brand: BrandName; id: string }): Promise<AppiumStage> {
    const { nowMs } = (await (await fetch(`${env.cloudUrl}/__admin/clock`)).json()) as { nowMs: number };
    return new AppiumStage(env, run, new PacedClock(env.timeScale, nowMs));
  }

  private constructor(
    private readonly env: E2eEnvironment,
    private readonly run: { brand: BrandName; id: string },
    clock: PacedClock,
  ) {
    this.clock = clock;
  }

  get cloudUrl(): string {
    return this.env.cloudUrl;
  }

  async admin<T>(method: string, path: string, body?: unknown): Promise<T> {
    const response = await fetch(this.env.cloudUrl + path, { method, ...(body === undefined ? {} : { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }) });
    const text = await response.text();
    if (response.status >= 400) throw new Error(`${method} ${path}: ${text}`);
    return (text ? JSON.parse(text) : undefined) as T;
  }

  async addPhone(name: string, account: DeviceAccount): Promise<GalleryDevice> {
    const index = this.phones.length;
    const browser = await this.env.phones.session(index);
    await markRun(browser, this.run.id, 'begins');
    this.sessionIds.push(browser.sessionId);
    const udid = this.env.phones.udids[index] as string;
    const upstream = new URL(this.env.cloudUrl).host;
    const proxy = await this.proxyTo(`${this.run.id}-${name}`, upstream);
    const link = new ProxyLink(proxy, this.env.timeScale);
    const { gallery, twoWaySync } = BRANDS[this.run.brand];
    const packageName = gallery.package;
    await this.freshDevice(browser, udid, packageName, account, Number(proxy.listen.split(':').at(-1)));
    const device = await connectGallery(browser, { brand: this.run.brand, name, twoWaySync, link, uiWaitMs: this.env.timeScale > 1 ? 1_000 : 10_000 });
    this.phones.push({ name, udid, browser, device, link, packageName });
    return device;
  }

  /**
   * The phone's proxy to the cloud. A proxy of that name already on the server (409) is reused, its toxics
   * removed, when it forwards to this run's cloud; one that forwards elsewhere is someone else's: said in one line.
   */
  private async proxyTo(name: string, upstream: string): Promise<Proxy> {
    try {
      return await this.env.toxiproxy.createProxy({ name, listen: '127.0.0.1:0', upstream });
    } catch (error) {
      if (!/status code 409/.test((error as Error).message)) throw error;
      const existing = await this.env.toxiproxy.get(name);
      if (existing.upstream !== upstream) throw new Error(`the Toxiproxy at ${this.env.toxiproxy.host} already has a proxy named "${name}", forwarding to ${existing.upstream}, not to this run's cloud (${upstream}): remove it or use another Toxiproxy`);
      for (const toxic of existing.toJson().toxics) await fetch(`${this.env.toxiproxy.host}/proxies/${encodeURIComponent(name)}/toxics/${encodeURIComponent(toxic.name)}`, { method: 'DELETE' });
      if (!existing.enabled) await existing.update({ enabled: true, listen: existing.listen, upstream } as never);
      return existing;
    }
  }

  /**
   * What a farm does between tests, through device commands that work on any Android: the gallery stopped and its
   * data cleared (`pm clear`), the test media removed, the clock set to the cloud's (where allowed); then the
   * phone's way to this machine (`adb reverse`) and the debug build's sign-in broadcast (account and endpoint).
   */
  private async freshDevice(browser: Browser, udid: string, pkg: string, account: DeviceAccount, proxyPort: number): Promise<void> {
    const shell = (command: string, ...args: string[]) => browser.execute('mobile: shell', { command, args });
    await shell('am', 'force-stop', pkg);
    await shell('pm', 'clear', pkg);
    await shell('rm', '-rf', '/sdcard/DCIM/Camera', '/sdcard/Pictures');
    if (this.env.profile.clockControl) await shell('cmd', 'alarm', 'set-time', String(this.clock.now()));
    const cloudPort = Number(new URL(this.env.cloudUrl).port);
    if (this.env.profile.reach === 'adb-reverse') {
      const adb = await adbFor(this.env.adbPort, udid);
      await adb.reversePort(DEVICE_CLOUD_PORT, proxyPort);
      // The cloud's own address (download and resumable-upload URLs, the push channel) reaches it directly.
      await adb.reversePort(cloudPort, cloudPort);
    }
    const extras = { email: account.email, client_id: account.clientId, client_secret: account.clientSecret, refresh_token: account.refreshToken, endpoint: `http://127.0.0.1:${DEVICE_CLOUD_PORT}`, push_url: `http://127.0.0.1:${cloudPort}` };
    await shell('am', 'broadcast', '-a', 'gallery_sync.SIGN_IN', ...Object.entries(extras).flatMap(([key, value]) => ['--es', key, value]));
  }

  async advance(ms: number): Promise<void> {
    if (!this.env.profile.clockControl) throw new Error(`this device profile cannot set the phones' clock; a scenario that advances time cannot run on it`);
    const { nowMs } = await this.admin<{ nowMs: number }>('POST', '/__admin/clock', { advanceMs: ms });
    for (const { browser } of this.phones) await browser.execute('mobile: shell', { command: 'cmd', args: ['alarm', 'set-time', String(nowMs)] });
    this.clock.advance(ms);
  }

  /** Polls the phones' backup screens until all show no progress twice in a row, or `ms` of scenario time passed. */
  async settle(ms: number): Promise<boolean> {
    const deadline = performance.now() + ms / this.env.timeScale;
    // Two quiet looks a moment apart: a phone that just got a push may not have started its pass yet.
    const gap = Math.max(20, 3_000 / this.env.timeScale);
    let quietSince: number | undefined;
    for (;;) {
      const quiet = (await Promise.all(this.phones.map((p) => p.device.idle()))).every(Boolean);
      const now = performance.now();
      if (!quiet) quietSince = undefined;
      else if (quietSince === undefined) quietSince = now;
      else if (now - quietSince >= gap) return true;
      if (now > deadline) return false;
      await new Promise((resolve) => setTimeout(resolve, Math.min(gap / 2, 50)));
    }
  }

  /** The phones' own journals where the gallery build keeps one (a real stock build does not: then none). */
  async history(): Promise<HistoryEvent[]> {
    const events: HistoryEvent[] = [];
    for (const { browser, packageName, name, udid } of this.phones) {
      const text = await browser.pullFile(journalPath(packageName)).then(
        (base64) => Buffer.from(base64, 'base64').toString('utf8'),
        () => '',
      );
      for (const line of text.split('\n')) {
        if (!line.trim()) continue;
        const event = JSON.parse(line) as HistoryEvent;
        // The phone names itself by serial; the scenario knows it as `name`.
        events.push(event.process === udid ? { ...event, process: name } : event);
      }
    }
    return events;
  }

  /** Content-addressed, so bytes fetched once stay right: each check asks again for the whole library. */
  private readonly blobs = new Map<string, Uint8Array>();

  async cloudBytes(hashes: readonly string[]): Promise<Map<string, Uint8Array>> {
    const found = new Map<string, Uint8Array>();
    for (const hash of hashes) {
      let bytes = this.blobs.get(hash);
      if (!bytes) {
        const response = await fetch(`${this.env.cloudUrl}/__admin/blobs/${hash}`);
        if (!response.ok) continue;
        bytes = new Uint8Array(await response.arrayBuffer());
        this.blobs.set(hash, bytes);
      }
      found.set(hash, bytes);
    }
    return found;
  }

  async screenshot(phone: string): Promise<Uint8Array> {
    return Buffer.from(await this.browserOf(phone).takeScreenshot(), 'base64');
  }

  pageSource(phone: string): Promise<string> {
    return this.browserOf(phone).getPageSource();
  }

  private browserOf(name: string): Browser {
    const phone = this.phones.find((p) => p.name === name);
    if (!phone) throw new Error(`no phone named ${name} in this run`);
    return phone.browser;
  }

  /** The sessions stay with the worker (the next scenario reuses them); the proxies and the app go. */
  async close(): Promise<void> {
    this.clock.stop();
    for (const { browser, link, packageName } of this.phones.splice(0)) {
      await markRun(browser, this.run.id, 'ends').catch(() => undefined);
      await browser.execute('mobile: shell', { command: 'am', args: ['force-stop', packageName] }).catch(() => undefined);
      await link.close().catch(() => undefined);
    }
  }
}
