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
 * and `downstream` (server → client). As in Toxiproxy there is no half-close: when one direction ends (FIN, error,
 * or a toxic's close), the proxy writes what that direction still holds and then closes its destination whole
 * (link.go, `write`: `dest.Close()`); the other direction, whose source that socket is, ends in turn and closes the
 * other side once its own pending bytes are written.
 */
export class Connection {
  readonly bytes = { upstream: 0, downstream: 0 };
  /** How it ended, for the event log: the first EndKind a toxic or the peers caused, or 'destroyed'. */
  ending: EndKind | 'destroyed' | 'upstream_failed' | undefined;
  private upstreamSocket: Socket | undefined;
  private readonly links = new Map<Stream, Link>();
  private readonly open = new Set<Socket>();
  /**
   * Toxiproxy sets SO_LINGER 0 on both sockets of a connection whose chains hold a reset_peer when it opens
   * (link.go, `Start`), and only then: every close of such a connection is an RST, and a reset_peer added later
   * closes with FIN.
   */
  private closesWithReset = false;

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

  /** From now on every close of this connection is an RST (called when it opens with a reset_peer in its chains). */
  armReset(): void {
    this.closesWithReset = true;
  }

  /** Takes the connection down at once (proxy disabled or deleted). */
  destroy(): void {
    this.ending ??= 'destroyed';
    for (const link of this.links.values()) link.dispose();
    for (const socket of this.open) {
      if (this.closesWithReset) socket.resetAndDestroy();
      else socket.destroy();
    }
  }

  private wire(source: Socket, destination: Socket, stream: Stream): Link {
    const link = new Link(this.clock, {
      write: (chunk) => destination.write(chunk),
      onDrain: (callback) => destination.once('drain', callback),
      finish: (kind) => this.finish(kind, destination),
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
      if (link.finished) closeWhenFlushed(destination, this.closesWithReset);
    });
    destination.on('close', () => link.dispose());
    return link;
  }

  private finish(kind: EndKind, destination: Socket): void {
    // A reset_peer on a connection that opened before it existed is only a close: its sockets linger as usual.
    const ended = kind === 'reset' && !this.closesWithReset ? 'close' : kind;
    if (ended !== 'eof') this.ending ??= ended;
    if (ended === 'reset') {
      for (const link of this.links.values()) link.dispose();
      for (const socket of [this.client, this.upstreamSocket]) if (socket && !socket.destroyed) socket.resetAndDestroy();
      return;
    }
    closeWhenFlushed(destination, this.closesWithReset);
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

/** Closes the socket whole once what was written to it has gone out: with FIN, or with RST when `reset`. */
function closeWhenFlushed(socket: Socket, reset: boolean): void {
  if (socket.destroyed) return;
  if (reset) {
    // The callback of an empty write runs once every earlier write has reached the kernel.
    if (socket.writableLength === 0 || socket.writableEnded) socket.resetAndDestroy();
    else socket.write(Buffer.alloc(0), () => socket.destroyed || socket.resetAndDestroy());
    return;
  }
  if (socket.writableFinished) return void socket.destroy();
  socket.once('finish', () => socket.destroy());
  socket.end();
}
