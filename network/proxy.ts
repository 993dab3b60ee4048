import { createServer, type Server, type Socket } from 'node:net';
import type { Clock, TimerHandle } from '../runtime/clock.ts';
import type { Rng } from '../runtime/rng.ts';
import { formatAddress, listenAddress, parseAddress } from './address.ts';
import { Connection, type Stream } from './connection.ts';
import { ApiError } from './errors.ts';
import type { EventLog } from './events.ts';
import type { ChainSpec } from './link.ts';
import { passThrough, type Stage } from './toxics/toxic.ts';
import { toxicType } from './toxics/index.ts';
import { parseNewToxic, parseToxicUpdate, toxicJSON, type ToxicSpec, type ToxicWindow } from './toxic-spec.ts';

export interface ProxyDeps {
  clock: Clock;
  rng: Rng;
  events: EventLog;
}

export interface ProxySettings {
  listen: string;
  upstream: string;
  enabled: boolean;
}

interface Toxic {
  spec: ToxicSpec;
  version: number;
  active: boolean;
  timers: TimerHandle[];
}

/** One listening address forwarding to one upstream through its toxics (Toxiproxy's Proxy). */
export class Proxy {
  listen: string;
  upstream: string;
  enabled = false;
  private server: Server | undefined;
  private toxics: Toxic[] = [];
  private readonly connections = new Set<Connection>();
  private nextConnectionId = 1;

  /** Toxiproxy checks neither address here: a bad listen fails when the proxy starts, a bad upstream on each dial. */
  constructor(
    readonly name: string,
    settings: Omit<ProxySettings, 'enabled'>,
    private readonly deps: ProxyDeps,
  ) {
    this.listen = settings.listen;
    this.upstream = settings.upstream;
  }

  /** Sockets still open (clients and upstreams), to prove nothing leaks. */
  get openSockets(): number {
    let total = 0;
    for (const connection of this.connections) total += connection.openSockets;
    return total;
  }

  async start(): Promise<void> {
    if (this.enabled) return;
    const address = listenAddress(this.listen, 'listen tcp: ');
    const server = createServer({ allowHalfOpen: true }, (client) => this.accept(client));
    await new Promise<void>((resolve, reject) => {
      server.once('error', (error: NodeJS.ErrnoException) => reject(new ApiError('unclassified', `listen tcp ${formatAddress(address)}: ${goSocketError(error)}`)));
      server.listen({ host: address.host, port: address.port }, resolve);
    });
    server.on('error', () => undefined); // after listening, accept errors are per connection
    const bound = server.address();
    if (bound && typeof bound === 'object') this.listen = formatAddress({ host: bound.address, port: bound.port });
    this.server = server;
    this.enabled = true;
  }

  /** Takes the proxy down: stops listening (new clients are refused) and closes every connection. */
  async stop(): Promise<void> {
    if (!this.enabled) return;
    this.enabled = false;
    const server = this.server;
    this.server = undefined;
    for (const connection of this.connections) connection.destroy();
    await new Promise<void>((resolve) => server?.close(() => resolve()) ?? resolve());
  }

  /** Stops the proxy and its toxics' window timers, for good (the proxy is deleted or the server closes). */
  async dispose(): Promise<void> {
    for (const toxic of this.toxics) this.clearTimers(toxic);
    await this.stop();
  }

  /** Toxiproxy's update (proxy.go): a new listen or upstream restarts the proxy; `enabled` starts or stops it. */
  async update(settings: ProxySettings): Promise<void> {
    if (this.differs(settings)) {
      await this.stop();
      this.listen = settings.listen;
      this.upstream = settings.upstream;
    }
    if (settings.enabled) await this.start();
    else await this.stop();
  }

  /** Toxiproxy's Differs: the listen address as resolved (a 500 when it cannot be) against the bound one. */
  differs(settings: Omit<ProxySettings, 'enabled'>): boolean {
    return formatAddress(listenAddress(settings.listen)) !== this.listen || settings.upstream !== this.upstream;
  }

  /** As the API shows them: upstream toxics first, then downstream, each in the order they were added. */
  listToxics() {
    const byStream = (stream: Stream) => this.toxics.filter((t) => t.spec.stream === stream).map((t) => toxicJSON(t.spec));
    return [...byStream('upstream'), ...byStream('downstream')];
  }

  getToxic(name: string) {
    return toxicJSON(this.find(name).spec);
  }

  addToxic(body: unknown) {
    const { spec, window } = parseNewToxic(body, (name) => this.toxics.some((t) => t.spec.name === name));
    const toxic: Toxic = { spec, version: 1, active: false, timers: [] };
    this.toxics.push(toxic);
    this.deps.events.append('toxic.created', this.describe(spec));
    this.schedule(toxic, window);
    return toxicJSON(spec);
  }

  updateToxic(name: string, body: unknown) {
    const toxic = this.find(name);
    const { spec, window } = parseToxicUpdate(toxic.spec, body);
    this.clearTimers(toxic);
    toxic.spec = spec;
    toxic.version++;
    toxic.active = false;
    this.deps.events.append('toxic.updated', this.describe(spec));
    this.schedule(toxic, window);
    this.rewire(spec.stream);
    return toxicJSON(spec);
  }

  removeToxic(name: string): void {
    const toxic = this.find(name);
    this.clearTimers(toxic);
    this.toxics = this.toxics.filter((t) => t !== toxic);
    this.deps.events.append('toxic.deleted', { proxy: this.name, toxic: name });
    this.rewire(toxic.spec.stream);
  }

  resetToxics(): void {
    for (const toxic of [...this.toxics]) this.removeToxic(toxic.spec.name);
  }

  toJSON() {
    const { name, listen, upstream, enabled } = this;
    return { name, listen, upstream, enabled, toxics: this.listToxics() };
  }

  private describe({ name, type, stream, toxicity, attributes }: ToxicSpec) {
    return { proxy: this.name, toxic: name, toxic_type: type, stream, toxicity, attributes };
  }

  private find(name: string): Toxic {
    const toxic = this.toxics.find((t) => t.spec.name === name);
    if (!toxic) throw new ApiError('toxicNotFound');
    return toxic;
  }

  /** Opens the toxic now or at start_ms, and closes it after duration_ms, both on the injected clock. */
  private schedule(toxic: Toxic, window: ToxicWindow): void {
    const { clock, events } = this.deps;
    const setActive = (active: boolean) => {
      toxic.active = active;
      if (window.start_ms > 0 || window.duration_ms > 0) {
        events.append('toxic.window', { proxy: this.name, toxic: toxic.spec.name, state: active ? 'open' : 'closed' });
      }
      this.rewire(toxic.spec.stream);
    };
    if (window.start_ms === 0) setActive(true);
    else toxic.timers.push(clock.setTimer(window.start_ms, () => setActive(true)));
    if (window.duration_ms > 0) toxic.timers.push(clock.setTimer(window.start_ms + window.duration_ms, () => setActive(false)));
  }

  private clearTimers(toxic: Toxic): void {
    for (const timer of toxic.timers) this.deps.clock.clearTimer(timer);
    toxic.timers = [];
  }

  private rewire(stream: Stream): void {
    for (const connection of this.connections) connection.attach(stream, this.chainFor(connection, stream));
  }

  private chainFor(connection: Connection, stream: Stream): ChainSpec[] {
    return this.toxics
      .filter((t) => t.active && t.spec.stream === stream)
      .map((t) => ({ key: `${t.spec.name}#${t.version}`, create: () => this.stageFor(t, connection) }));
  }

  /** The per-connection decision: a draw from this connection's own seeded stream against the toxicity. */
  private stageFor(toxic: Toxic, connection: Connection): Stage {
    const { spec, version } = toxic;
    const rng = this.deps.rng.fork(`${this.name}/${connection.id}/${spec.name}/${version}`);
    const draw = rng.next();
    const applied = draw < spec.toxicity;
    const notes: Record<string, unknown> = {};
    const type = toxicType(spec.type);
    const stage = applied && type ? type.stage(spec.attributes, { rng, note: (fields) => Object.assign(notes, fields) }) : passThrough;
    this.deps.events.append('toxic.decision', {
      proxy: this.name,
      connection: connection.id,
      toxic: spec.name,
      toxic_type: spec.type,
      stream: spec.stream,
      toxicity: spec.toxicity,
      draw,
      applied,
      ...notes,
    });
    return stage;
  }

  private accept(client: Socket): void {
    const { events, clock } = this.deps;
    const connection = new Connection(this.nextConnectionId++, client, clock, {
      ready: (c) => {
        if (this.toxics.some((t) => t.spec.type === 'reset_peer')) c.armReset();
        c.attach('upstream', this.chainFor(c, 'upstream'));
        c.attach('downstream', this.chainFor(c, 'downstream'));
      },
      upstreamFailed: (c, error) => events.append('connection.upstream_failed', { proxy: this.name, connection: c.id, code: error.code ?? error.message }),
      closed: (c) => {
        this.connections.delete(c);
        events.append('connection.closed', { proxy: this.name, connection: c.id, ...c.bytes, ending: c.ending ?? 'eof' });
      },
    });
    this.connections.add(connection);
    events.append('connection.opened', { proxy: this.name, connection: connection.id });
    const upstream = parseAddress(this.upstream);
    if ('problem' in upstream) connection.failToDial(new Error(`dial tcp: ${upstream.problem}`));
    else connection.dial(upstream.host, upstream.port);
  }
}

/** A socket error in the words Go's net package uses, as Toxiproxy's 500 answers carry them. */
function goSocketError(error: NodeJS.ErrnoException): string {
  const words: Record<string, string> = {
    EADDRINUSE: 'bind: address already in use',
    EACCES: 'bind: permission denied',
    EADDRNOTAVAIL: 'bind: cannot assign requested address',
    ENOTFOUND: 'no such host',
  };
  return words[error.code ?? ''] ?? error.message;
}
