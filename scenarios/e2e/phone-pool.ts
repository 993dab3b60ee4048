import { remote, type Browser } from 'webdriverio';
import { PHONES_CAPABILITY } from './device-profiles.ts';

const w3cCapabilities = new Set(['platformName', 'browserName', 'browserVersion', 'acceptInsecureCerts', 'pageLoadStrategy', 'proxy', 'setWindowRect', 'timeouts', 'strictFileInteractability', 'unhandledPromptBehavior', 'webSocketUrl']);

/** WebdriverIO reports Appium capabilities without their `appium:` prefix; a new session needs it back. */
function withAppiumPrefix(capabilities: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(capabilities).map(([key, value]) => [w3cCapabilities.has(key) || key.includes(':') ? key : `appium:${key}`, value]));
}

/**
 * The phones one WebdriverIO worker may use, as Appium sessions kept for the whole worker (a session costs a
 * second or more to open; a farm run reuses it too): the runner's own session is phone 1, and further phones
 * (two-phone scenarios) open sessions with the same capabilities on the next udid of `gallery-sync:phones`.
 */
export class PhonePool {
  private readonly extra = new Map<number, Promise<Browser>>();
  readonly udids: readonly string[];

  constructor(
    private readonly runner: Browser,
    /** The capabilities the runner's session was asked with (WebdriverIO's `browser.requestedCapabilities`). */
    requested: Record<string, unknown>,
  ) {
    this.requested = withAppiumPrefix(requested);
    const listed = requested[PHONES_CAPABILITY];
    this.udids = Array.isArray(listed) && listed.length ? listed.map(String) : [String(this.requested['appium:udid'] ?? '')];
  }

  private readonly requested: Record<string, unknown>;

  get size(): number {
    return this.udids.length;
  }

  session(index: number): Promise<Browser> {
    if (index === 0) return Promise.resolve(this.runner);
    const udid = this.udids[index];
    if (udid === undefined) throw new Error(`this scenario needs ${index + 1} phones; the device profile lists ${this.udids.length} (${PHONES_CAPABILITY})`);
    let session = this.extra.get(index);
    if (!session) {
      const { hostname, port, path } = this.runner.options;
      const capabilities = { ...this.requested, 'appium:udid': udid };
      session = remote({ hostname: hostname ?? '127.0.0.1', port: port ?? 4723, ...(path ? { path } : {}), logLevel: 'warn', connectionRetryCount: 0, capabilities: capabilities as WebdriverIO.Capabilities });
      this.extra.set(index, session);
    }
    return session;
  }

  async close(): Promise<void> {
    for (const session of this.extra.values()) await (await session.catch(() => undefined))?.deleteSession().catch(() => undefined);
    this.extra.clear();
  }
}
