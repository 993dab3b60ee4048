import { connect, createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import type { Clock } from '../runtime/clock.ts';

/** Test and bench helpers: small real TCP servers and a client that records what it saw, bounded in time. */

export interface TestServer {
  readonly port: number;
  readonly address: string;
  /** Sockets currently open on the server side. */
  open(): number;
  close(): Promise<void>;
}

/** Starts a loopback TCP server; `onSocket` decides what it does with each connection. */
export async function startServer(onSocket: (socket: Socket) => void): Promise<TestServer> {
  const sockets = new Set<Socket>();
  const server: Server = createServer({ allowHalfOpen: true }, (socket) => {
    sockets.add(socket);
    socket.on('error', () => undefined);
    socket.on('close', () => sockets.delete(socket));
    onSocket(socket);
  });
  await new Promise<void>((resolve) => server.listen({ host: '127.0.0.1', port: 0 }, resolve));
  const { port } = server.address() as AddressInfo;
  return {
    port,
    address: `127.0.0.1:${port}`,
    open: () => sockets.size,
    close: () => {
      for (const socket of sockets) socket.destroy();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

/** Echoes every byte; ends its side when the client ends. */
export const echo = (socket: Socket): void => void socket.pipe(socket);

/** Sends `bytes` bytes (a repeating pattern) as soon as a client connects, then ends. */
export const source =
  (payload: Buffer) =>
  (socket: Socket): void => {
    socket.resume();
    socket.end(payload);
  };

/** A recognisable payload: byte i is i mod 251 (prime, so slices do not line up with powers of two). */
export function pattern(bytes: number): Buffer {
  const buffer = Buffer.alloc(bytes);
  for (let i = 0; i < bytes; i++) buffer[i] = i % 251;
  return buffer;
}

export interface Exchange {
  data: Buffer;
  /** Sizes of the reads, in order. */
  reads: number[];
  /** Error code if the connection failed (ECONNRESET, ECONNREFUSED…); undefined on a clean end. */
  error: string | undefined;
  /** The connection was still open when the deadline passed. */
  timedOut: boolean;
  /** ms from connecting to the first byte read, and to the end. */
  firstByteMs: number | undefined;
  elapsedMs: number;
}

export interface ExchangeOptions {
  /** Written after connecting; the client half-closes after it unless `keepOpen` or `endAfterReading`. */
  send?: Buffer;
  keepOpen?: boolean;
  /**
   * The client ends its side once it has read this many bytes, as a request/response client does. Needed for an
   * echo: like Toxiproxy, the proxy closes both sides when the client ends, so an early end loses the reply.
   */
  endAfterReading?: number;
  /** Gives up (destroying the socket) after this long. */
  deadlineMs: number;
}

/** Connects, sends, reads until the server ends or fails or the deadline passes. */
export function exchange(clock: Clock, port: number, options: ExchangeOptions): Promise<Exchange> {
  const started = clock.now();
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    const result: Exchange = { data: Buffer.alloc(0), reads: [], error: undefined, timedOut: false, firstByteMs: undefined, elapsedMs: 0 };
    const socket = connect({ host: '127.0.0.1', port, allowHalfOpen: true });
    const deadline = clock.setTimer(options.deadlineMs, () => {
      result.timedOut = true;
      socket.destroy();
    });
    let read = 0;
    socket.on('connect', () => {
      if (options.send) socket.write(options.send);
      if (!options.keepOpen && options.endAfterReading === undefined) socket.end();
    });
    socket.on('data', (chunk: Buffer) => {
      result.firstByteMs ??= clock.now() - started;
      result.reads.push(chunk.length);
      chunks.push(chunk);
      read += chunk.length;
      if (options.endAfterReading !== undefined && read >= options.endAfterReading) socket.end();
    });
    socket.on('end', () => socket.destroy());
    socket.on('error', (error: NodeJS.ErrnoException) => (result.error = error.code ?? error.message));
    socket.on('close', () => {
      clock.clearTimer(deadline);
      result.data = Buffer.concat(chunks);
      result.elapsedMs = clock.now() - started;
      resolve(result);
    });
  });
}
