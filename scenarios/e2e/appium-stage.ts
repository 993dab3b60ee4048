import { remote, type Browser } from 'webdriverio';
import type { Toxiproxy } from 'toxiproxy-node-client';
import { connectGallery } from '../../drivers/brands.ts';
import type { DeviceAccount, GalleryDevice } from '../../drivers/gallery-device.ts';
import type { BrandName } from '../../fixtures/index.ts';
import type { FetchLike } from '../../network/index.ts';
import { PacedClock } from '../../runtime/paced-clock.ts';
import type { BugProfile } from '../../simulator/bugs.ts';
import type { HistoryEvent } from '../../simulator/history.ts';
import { phoneProfiles } from '../../simulator/profiles.ts';
import type { Stage } from '../runner/stage.ts';
import { ProxyLink } from './proxy-link.ts';

/** Where the end-to-end pieces are: an Appium server, the fake cloud, a Toxiproxy-compatible fault proxy. */
export interface E2eEnvironment {
  appium: { hostname: string; port: number; path?: string };
  cloudUrl: string;
  toxiproxy: Toxiproxy;
  /** How much faster than the wall clock simulated phones live (1 for real phones). */
  timeScale: number;
  /** Phones are gallerysim sessions: they take `mobile: advanceClock` and report `mobile: galleryState`. */
  simulated: boolean;
  /** Capabilities every phone session gets on top of ours (a device farm's, a real phone's). */
  capabilities?: Record<string, unknown>;
}

/**
 * The end-to-end stage: each phone is an Appium session driven by its brand's WebdriverIO driver, behind its own
 * Toxiproxy proxy to the fake cloud on a real port. Time is the cloud's admin clock plus, for simulated phones,
 * their own clock (what setting an emulator's date does); settling polls the phones' backup screens.
 */
export class AppiumStage implements Stage {
  readonly clock: PacedClock;
  readonly cloudFetch: FetchLike = (request) => fetch(request);
  private readonly phones: Array<{ name: string; browser: Browser; device: GalleryDevice; link: ProxyLink }> = [];

  static async open(env: E2eEnvironment, run: { brand: BrandName; seed: number; bugs: readonly BugProfile[]; id: string }): Promise<AppiumStage> {
    const { nowMs } = (await (await fetch(`${env.cloudUrl}/__admin/clock`)).json()) as { nowMs: number };
    return new AppiumStage(env, run, new PacedClock(env.timeScale, nowMs));
  }

  private constructor(
    private readonly env: E2eEnvironment,
    private readonly run: { brand: BrandName; seed: number; bugs: readonly BugProfile[]; id: string },
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
    const upstream = new URL(this.env.cloudUrl).host;
    const proxy = await this.env.toxiproxy.createProxy({ name: `${this.run.id}-${name}`, listen: '127.0.0.1:0', upstream });
    const link = new ProxyLink(proxy, this.env.timeScale);
    const browser = await remote({
      ...this.env.appium,
      logLevel: 'warn',
      connectionRetryCount: 0,
      capabilities: {
        platformName: 'Android',
        'appium:automationName': 'GallerySim',
        'appium:deviceName': name,
        'appium:brand': this.run.brand,
        'appium:seed': this.run.seed,
        'appium:bugs': [...this.run.bugs],
        'appium:cloudUrl': `http://${proxy.listen}`,
        'appium:pushUrl': this.env.cloudUrl,
        'appium:googleAccount': account,
        'appium:timeScale': this.env.timeScale,
        'appium:clockMs': this.clock.now(),
        'appium:newCommandTimeout': 120,
        ...this.env.capabilities,
      } as WebdriverIO.Capabilities,
    });
    const device = await connectGallery(browser, { brand: this.run.brand, name, twoWaySync: phoneProfiles[this.run.brand].twoWaySync, link, uiWaitMs: this.env.simulated ? 1_000 : 10_000 });
    this.phones.push({ name, browser, device, link });
    return device;
  }

  async advance(ms: number): Promise<void> {
    await this.admin('POST', '/__admin/clock', { advanceMs: ms });
    if (this.env.simulated) for (const { browser } of this.phones) await browser.execute('mobile: advanceClock', { ms });
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

  async history(): Promise<HistoryEvent[]> {
    if (!this.env.simulated) return [];
    const events: HistoryEvent[] = [];
    for (const { browser } of this.phones) events.push(...((await browser.execute('mobile: galleryState', {})) as { history: HistoryEvent[] }).history);
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

  async close(): Promise<void> {
    this.clock.stop();
    for (const { browser, link } of this.phones.splice(0)) {
      await browser.deleteSession().catch(() => undefined);
      await link.close().catch(() => undefined);
    }
  }
}
