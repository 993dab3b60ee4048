import { connect, type Socket } from 'node:net';
import type { Clock } from '../runtime/clock.ts';
import { Link, type ChainSpec } from './link.ts';
import type { EndKind } from './toxics/toxic.ts';

export type Stream = 'upstream' | 'downstream';

export interface ConnectionHooks {
  /** The upstream answered: the connection needs its toxic chains. */
  ready(connection: Connection): void;
  upstreamFailed(connection: Connection, error: NodeJS.ErrnoException): void;
  closed(connection: Connection): void;
}

/**
 * A client accepted by a proxy and its own connection to the upstream: two links, `upstream` (client → server)
 * and `downstream` (server → client). Half-closes pass through; a toxic's close or reset tears down both sides.
 */
export class Connection {
  readonly bytes = { upstream: 0, downstream: 0 };
  /** How it ended, for the event log: the first EndKind a toxic or the peers caused, or 'destroyed'. */
  ending: EndKind | 'destroyed' | 'upstream_failed' | undefined;
  private upstreamSocket: Socket | undefined;
  private readonly links = new Map<Stream, Link>();
  private readonly open = new Set<Socket>();

  constructor(
    readonly id: number,
    private readonly client: Socket,
    private readonly clock: Clock,
    private readonly hooks: ConnectionHooks,
  ) {
    this.track(client);
  }

  get openSockets(): number {
    return this.open.size;
  }

  dial(host: string, port: number): void {
    if (this.client.destroyed) return;
    const upstream = connect({ host, port, allowHalfOpen: true });
    this.upstreamSocket = upstream;
    this.track(upstream);
    let connected = false;
    upstream.once('error', (error) => {
      if (connected) return;
      this.ending = 'upstream_failed';
      this.hooks.upstreamFailed(this, error);
    });
    // Toxiproxy closes the client when the upstream cannot be reached (refused, or reset while connecting).
    upstream.once('close', () => connected || this.client.destroy());
    upstream.once('connect', () => {
      connected = true;
      if (this.client.destroyed) return void upstream.destroy();
      this.links.set('upstream', this.wire(this.client, upstream, 'upstream'));
      this.links.set('downstream', this.wire(upstream, this.client, 'downstream'));
      this.hooks.ready(this);
    });
  }

  /** The upstream address cannot even be dialled (Toxiproxy accepts any): the client is closed, as on a refused dial. */
  failToDial(error: NodeJS.ErrnoException): void {
    this.ending = 'upstream_failed';
    this.hooks.upstreamFailed(this, error);
    this.client.destroy();
  }

  attach(stream: Stream, specs: readonly ChainSpec[]): void {
    this.links.get(stream)?.attach(specs);
  }

  /** Takes the connection down at once (proxy disabled or deleted). */
  destroy(): void {
    this.ending ??= 'destroyed';
    for (const link of this.links.values()) link.dispose();
    for (const socket of this.open) socket.destroy();
  }

  private wire(source: Socket, destination: Socket, stream: Stream): Link {
    const link = new Link(this.clock, {
      write: (chunk) => destination.write(chunk),
      onDrain: (callback) => destination.once('drain', callback),
      finish: (kind) => this.finish(kind, source, destination),
      pauseSource: () => source.pause(),
      resumeSource: () => source.resume(),
    });
    source.on('data', (chunk: Buffer) => {
      this.bytes[stream] += chunk.length;
      link.receive(chunk);
    });
    source.on('end', () => link.receiveEnd());
    // A source gone without FIN (reset, destroyed) still ends the stream: what is queued is delivered first.
    source.on('close', () => {
      link.receiveEnd();
      if (link.finished) destroyWhenFlushed(destination);
    });
    destination.on('close', () => link.dispose());
    return link;
  }

  private finish(kind: EndKind, source: Socket, destination: Socket): void {
    if (kind !== 'eof') this.ending ??= kind;
    if (kind === 'reset') {
      for (const link of this.links.values()) link.dispose();
      for (const socket of [this.client, this.upstreamSocket]) if (socket && !socket.destroyed) socket.resetAndDestroy();
      return;
    }
    if (kind === 'close' || !this.open.has(source)) destroyWhenFlushed(destination);
    else destination.end();
    if (kind === 'close') source.destroy();
  }

  private track(socket: Socket): void {
    this.open.add(socket);
    socket.setNoDelay(true);
    socket.on('error', () => undefined); // the 'close' that follows does the work; errors are normal here
    socket.on('close', () => {
      this.open.delete(socket);
      if (this.open.size === 0) this.hooks.closed(this);
    });
  }
}

function destroyWhenFlushed(socket: Socket): void {
  if (socket.destroyed) return;
  if (socket.writableFinished) return void socket.destroy();
  socket.once('finish', () => socket.destroy());
  socket.end();
}
