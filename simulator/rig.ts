import type { BrandName } from '../fixtures/index.ts';
import { Cloud, startCloudServer, type CloudServer } from '../fake-cloud/index.ts';
import { OffsetClock, RealClock } from '../runtime/real-clock.ts';
import type { FetchLike } from '../network/index.ts';
import type { BugProfile } from './bugs.ts';
import { Phone } from './device/phone.ts';
import type { Credentials } from './engine/cloud-api.ts';
import { History } from '../runtime/history.ts';
import type { PhoneProfile } from './profiles.ts';
import { httpCloud, inProcessCloud, inProcessOrigin } from './transport.ts';
import { SimWorld } from './world.ts';

export type Transport = 'in-process' | 'http';
export const transports: readonly Transport[] = ['in-process', 'http'];

export interface CloudItemState {
  id: string;
  filename: string;
  sha256: string;
  state: 'live' | 'trashed' | 'purged';
  version: number;
  versions: Array<{ version: number; sha256: string }>;
  createdByClientId: string;
}

/**
 * A world with a cloud and phones: in-process on virtual time (deterministic), or against a cloud over HTTP.
 * The one place that wires the simulator's parts together.
 */
export class SimRig {
  readonly world: SimWorld;
  readonly history: History;
  readonly cloud: Cloud | undefined;
  readonly fetch: FetchLike;
  readonly baseUrl: string;
  readonly phones: Phone[] = [];

  /** Set when the rig started its own HTTP cloud (transport 'http'). */
  private server: { cloud: Cloud; server: CloudServer } | undefined;

  /** A rig on either transport: 'in-process' (virtual time, deterministic) or 'http' (a real server on a real port). */
  static async start(options: { seed: number; transport: Transport }): Promise<SimRig> {
    if (options.transport === 'in-process') return new SimRig({ seed: options.seed });
    const cloud = new Cloud({ clock: new OffsetClock(new RealClock()), seed: options.seed });
    const server = await startCloudServer(cloud);
    const rig = new SimRig({ seed: options.seed, cloudUrl: server.url });
    rig.server = { cloud, server };
    return rig;
  }

  constructor(options: { seed: number; cloudUrl?: string }) {
    this.world = new SimWorld(options.seed);
    this.history = new History(this.world.clock, this.world.sequence);
    if (options.cloudUrl) {
      this.cloud = undefined;
      this.fetch = this.pushing(httpCloud((work) => this.world.track(work)));
      this.baseUrl = options.cloudUrl.replace(/\/+$/, '');
    } else {
      // Virtual time, one seed, one history: its credentials too are a function of the seed, so a run replays byte for byte.
      this.cloud = new Cloud({ clock: this.world.clock, seed: options.seed, seededCredentials: true });
      this.fetch = this.pushing(inProcessCloud(this.cloud, (work) => this.world.track(work)));
      this.baseUrl = inProcessOrigin;
    }
  }

  /** Every write that reaches the cloud pushes a "something changed" to the phones, as FCM would. */
  private pushing(fetch: FetchLike): FetchLike {
    return async (request) => {
      const response = await fetch(request);
      const path = new URL(request.url).pathname;
      if (request.method !== 'GET' && response.status < 300 && (path.startsWith('/v1/') || path.startsWith('/__admin/clock'))) {
        for (const phone of this.phones) phone.cloudChanged();
      }
      return response;
    };
  }

  async admin<T>(method: string, path: string, body?: unknown): Promise<T> {
    const response = await this.fetch(new Request(this.baseUrl + path, { method, body: body === undefined ? undefined : JSON.stringify(body) }));
    const text = await response.text();
    if (response.status >= 400) throw new Error(`${method} ${path}: ${text}`);
    return (text ? JSON.parse(text) : undefined) as T;
  }

  async account(email: string, options: { quotaBytes?: number } = {}): Promise<Credentials & { email: string }> {
    return this.admin('POST', '/__admin/accounts', { email, ...options });
  }

  phone(name: string, brand: BrandName, options: { bugs?: readonly BugProfile[]; profile?: Partial<PhoneProfile> } = {}): Phone {
    const phone = new Phone({ name, brand, cloud: this.fetch, baseUrl: this.baseUrl, world: this.world, history: this.history, ...options });
    this.phones.push(phone);
    return phone;
  }

  async cloudItems(email: string): Promise<CloudItemState[]> {
    const state = await this.admin<{ accounts: Array<{ mediaItems: CloudItemState[] }> }>('GET', `/__admin/state?account=${encodeURIComponent(email)}`);
    return state.accounts[0]?.mediaItems ?? [];
  }

  /** Runs until every phone's engine is idle with nothing left to send (or `maxMs` of virtual time). */
  settle(maxMs = 30 * 60_000): Promise<boolean> {
    return this.world.runUntil(() => this.phones.every((p) => quiet(p)), maxMs);
  }

  /**
   * Lets `ms` of time pass for everyone: the phones' virtual clock, and a cloud over HTTP through its admin clock
   * (in-process the cloud shares the world's clock already).
   */
  async run(ms: number): Promise<void> {
    if (!this.cloud) await this.admin('POST', '/__admin/clock', { advanceMs: ms });
    await this.world.run(ms);
  }

  close(): void {
    this.cloud?.close();
    if (this.server) {
      const { cloud, server } = this.server;
      this.server = undefined;
      void server.close().then(() => cloud.close());
    }
  }
}

/** Idle: no pass running or scheduled for work (only the periodic poll or a storage-full recheck may be pending). */
const quiet = (phone: Phone): boolean => phone.idle();
