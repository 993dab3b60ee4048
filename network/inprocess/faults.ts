import type { Clock } from '../../runtime/clock.ts';
import type { Rng } from '../../runtime/rng.ts';
import { ApiError } from '../errors.ts';
import { EventLog } from '../events.ts';
import { parseNewToxic, parseToxicUpdate, type ToxicSpec, type ToxicWindow } from '../toxic-spec.ts';
import { NetworkFault } from './errors.ts';

export type FetchLike = (request: Request) => Promise<Response>;

export interface InProcessFaultsOptions {
  clock: Clock;
  rng: Rng;
  /** Share a log with other components; a fresh one otherwise. */
  events?: EventLog;
  /** Names this link in the log (the `proxy` field), like a proxy name. */
  name?: string;
}

interface Toxic {
  spec: ToxicSpec;
  window: ToxicWindow;
  createdAt: number;
  version: number;
}

/**
 * Toxiproxy's vocabulary applied to in-process HTTP exchanges on an injected (usually virtual) clock. One exchange
 * plays one connection: each toxic is decided once per exchange from the seed, upstream toxics act on the request,
 * downstream toxics on the response. See the table in README ("In-process faults") for what each toxic means here.
 */
export class InProcessFaults {
  readonly events: EventLog;
  readonly name: string;
  enabled = true;
  private toxics: Toxic[] = [];
  private nextExchange = 1;

  constructor(private readonly options: InProcessFaultsOptions) {
    this.events = options.events ?? new EventLog(options.clock);
    this.name = options.name ?? 'inprocess';
  }

  /** Same body, defaults and errors as `POST /proxies/{p}/toxics`. */
  addToxic(body: unknown): ToxicSpec {
    const { spec, window } = parseNewToxic(body, (name) => this.toxics.some((t) => t.spec.name === name));
    this.toxics.push({ spec, window, createdAt: this.options.clock.now(), version: 1 });
    this.events.append('toxic.created', { proxy: this.name, toxic: spec.name, toxic_type: spec.type, stream: spec.stream, toxicity: spec.toxicity, attributes: spec.attributes });
    return spec;
  }

  updateToxic(name: string, body: unknown): ToxicSpec {
    const toxic = this.find(name);
    Object.assign(toxic, parseToxicUpdate(toxic.spec, body), { createdAt: this.options.clock.now(), version: toxic.version + 1 });
    this.events.append('toxic.updated', { proxy: this.name, toxic: name, toxicity: toxic.spec.toxicity, attributes: toxic.spec.attributes });
    return toxic.spec;
  }

  removeToxic(name: string): void {
    this.toxics = this.toxics.filter((t) => t !== this.find(name));
    this.events.append('toxic.deleted', { proxy: this.name, toxic: name });
  }

  /** Down (`false`) refuses every exchange at once, as a disabled proxy refuses connections. */
  setEnabled(enabled: boolean): void {
    this.enabled = enabled;
    this.events.append('proxy.updated', { proxy: this.name, enabled });
  }

  /** Toxiproxy's reset: enabled, no toxics. */
  reset(): void {
    this.toxics = [];
    this.enabled = true;
    this.events.append('reset', { proxy: this.name });
  }

  /** The same fetch, through the faults. */
  wrap(inner: FetchLike): FetchLike {
    return (request) => this.exchange(inner, request);
  }

  private async exchange(inner: FetchLike, request: Request): Promise<Response> {
    const id = this.nextExchange++;
    const path = new URL(request.url).pathname;
    this.events.append('exchange.opened', { proxy: this.name, connection: id, method: request.method, path });
    const fail = (code: NetworkFault['code'], message: string, committed: boolean, fault: string): never => {
      this.events.append('exchange.failed', { proxy: this.name, connection: id, code, committed, fault });
      throw new NetworkFault(code, message, committed, fault);
    };
    if (!this.enabled) fail('ECONNREFUSED', `connect ECONNREFUSED (${this.name} is down)`, false, 'down');

    const applied = this.decide(id);
    const upstream = applied.filter((t) => t.spec.stream === 'upstream');
    // Measuring the body needs a copy of the request: only worth it when an upstream toxic looks at it.
    const requestBytes = upstream.length > 0 && request.body ? (await request.clone().arrayBuffer()).byteLength : 0;
    for (const { spec, draw } of upstream) {
      const a = spec.attributes as Record<string, number>;
      await this.wait(request, this.transferDelay(spec, requestBytes, draw));
      if (spec.type === 'timeout') {
        await this.hang(request, a.timeout!);
        fail('ETIMEDOUT', 'request timed out: the server never got it', false, spec.name);
      }
      if (spec.type === 'reset_peer' && (a.after_bytes === 0 || requestBytes > a.after_bytes!)) {
        await this.wait(request, a.timeout!);
        fail('ECONNRESET', 'socket hang up (reset while sending the request)', false, spec.name);
      }
      if (spec.type === 'limit_data' && requestBytes >= a.bytes!) fail('ECONNRESET', 'socket hang up (request cut short)', false, spec.name);
    }

    let response = await inner(request);
    const downstream = applied.filter((t) => t.spec.stream === 'downstream');
    if (downstream.length === 0) return response;
    const body = new Uint8Array(await response.arrayBuffer());
    let cutAt: number | undefined;
    for (const { spec, draw } of downstream) {
      const a = spec.attributes as Record<string, number>;
      await this.wait(request, this.transferDelay(spec, body.length, draw));
      if (spec.type === 'timeout') {
        await this.hang(request, a.timeout!);
        fail('ETIMEDOUT', 'response timed out after the server committed', true, spec.name);
      }
      const limit = spec.type === 'reset_peer' ? a.after_bytes! : spec.type === 'limit_data' ? a.bytes! : undefined;
      if (limit !== undefined && limit <= 0) {
        await this.wait(request, spec.type === 'reset_peer' ? a.timeout! : 0);
        fail('ECONNRESET', 'socket hang up (response lost after the server committed)', true, spec.name);
      }
      if (limit !== undefined && body.length > limit) cutAt = Math.min(cutAt ?? limit, limit);
      // One exchange is one connection, closed when the response ends: a held-back close holds back that end.
      if (spec.type === 'slow_close') await this.wait(request, a.delay!);
    }
    const { status, statusText, headers } = response;
    const nullBody = [101, 204, 205, 304].includes(status);
    response = new Response(nullBody ? null : cutAt === undefined ? body : this.cut(body, cutAt, id), { status, statusText, headers });
    return response;
  }

  /** One draw per toxic per exchange, logged as the proxy logs its per-connection decisions. */
  private decide(id: number): Array<{ spec: ToxicSpec; draw: number }> {
    const now = this.options.clock.now();
    const active = this.toxics.filter(({ window, createdAt }) => {
      const from = createdAt + window.start_ms;
      return now >= from && (window.duration_ms === 0 || now < from + window.duration_ms);
    });
    const applied: Array<{ spec: ToxicSpec; draw: number }> = [];
    for (const { spec, version } of active) {
      const rng = this.options.rng.fork(`${this.name}/${id}/${spec.name}/${version}`);
      const draw = rng.next();
      const jitter = spec.type === 'latency' && spec.attributes.jitter! > 0 ? rng.int(-spec.attributes.jitter!, spec.attributes.jitter! - 1) : undefined;
      const hit = draw < spec.toxicity;
      this.events.append('toxic.decision', { proxy: this.name, connection: id, toxic: spec.name, toxic_type: spec.type, stream: spec.stream, toxicity: spec.toxicity, draw, applied: hit, ...(hit && jitter !== undefined ? { jitter_ms: jitter } : {}) });
      if (hit) applied.push({ spec, draw: jitter ?? 0 });
    }
    return applied;
  }

  /** How long the bytes take to cross this toxic: latency (with its jitter), bandwidth, slicer pauses. */
  private transferDelay({ type, attributes: a }: ToxicSpec, bytes: number, jitter: number): number {
    if (type === 'latency') return Math.max(0, a.latency! + jitter);
    if (type === 'bandwidth') return a.rate! <= 0 ? Infinity : bytes / a.rate!;
    if (type === 'slicer' && a.average_size! > 0) return (Math.ceil(bytes / a.average_size!) * a.delay!) / 1000;
    return 0;
  }

  /** Waits on the clock; Infinity waits until the request is aborted. */
  private async wait(request: Request, ms: number): Promise<void> {
    if (ms <= 0) return;
    const { signal } = request;
    signal.throwIfAborted();
    await new Promise<void>((resolve, reject) => {
      const onAbort = () => {
        if (timer) this.options.clock.clearTimer(timer);
        reject(signal.reason);
      };
      const timer = Number.isFinite(ms)
        ? this.options.clock.setTimer(ms, () => {
            signal.removeEventListener('abort', onAbort);
            resolve();
          })
        : undefined;
      signal.addEventListener('abort', onAbort, { once: true });
    });
  }

  /** Timeout 0 (or negative) never closes: the exchange hangs until aborted, as a TCP client would until its own timeout. */
  private hang(request: Request, timeoutMs: number): Promise<void> {
    return this.wait(request, timeoutMs <= 0 ? Infinity : timeoutMs);
  }

  /** A body that delivers `at` bytes then fails the way a reset socket does: reset mid-body. */
  private cut(body: Uint8Array, at: number, id: number): ReadableStream<Uint8Array> {
    let delivered = false;
    return new ReadableStream({
      // Erroring drops what is still queued, so the bytes go out on one pull and the reset comes on the next.
      pull: (controller) => {
        if (!delivered) {
          delivered = true;
          return controller.enqueue(body.slice(0, at));
        }
        this.events.append('exchange.failed', { proxy: this.name, connection: id, code: 'ECONNRESET', committed: true, fault: 'mid-body', after_bytes: at });
        controller.error(new NetworkFault('ECONNRESET', `socket hang up after ${at} bytes of the response body`, true, 'mid-body'));
      },
    });
  }

  private find(name: string): Toxic {
    const toxic = this.toxics.find((t) => t.spec.name === name);
    if (!toxic) throw new ApiError('toxicNotFound');
    return toxic;
  }
}
