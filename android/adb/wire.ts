import type { Socket } from 'node:net';

/**
 * adb's smart-socket framing (AOSP adb/SERVICES.TXT, protocol.txt): a request is four hex digits of length and
 * that many bytes; the server answers OKAY, or FAIL with a length-prefixed message. Bodies that follow an OKAY
 * are length-prefixed the same way.
 */
export const okay = Buffer.from('OKAY');

export function lengthPrefixed(text: string | Buffer): Buffer {
  const body = typeof text === 'string' ? Buffer.from(text) : text;
  return Buffer.concat([Buffer.from(body.length.toString(16).padStart(4, '0')), body]);
}

export function fail(message: string): Buffer {
  return Buffer.concat([Buffer.from('FAIL'), lengthPrefixed(message)]);
}

/** OKAY followed by a length-prefixed body (host:version, host:devices, features, list-forward…). */
export function okayWith(body: string): Buffer {
  return Buffer.concat([okay, lengthPrefixed(body)]);
}

/** Reads exact byte counts from a socket, in order, whatever chunks the data arrives in. */
export class SocketReader {
  private buffered: Buffer = Buffer.alloc(0);
  private waiting: { size: number; resolve: (b: Buffer) => void; reject: (e: Error) => void } | undefined;
  private ended = false;

  constructor(readonly socket: Socket) {
    socket.on('data', (chunk: Buffer) => {
      this.buffered = this.buffered.length ? Buffer.concat([this.buffered, chunk]) : chunk;
      this.deliver();
    });
    const end = () => {
      this.ended = true;
      this.deliver();
    };
    socket.on('end', end);
    socket.on('close', end);
    socket.on('error', end);
  }

  /** Exactly `size` bytes; rejects when the peer closes first. */
  read(size: number): Promise<Buffer> {
    if (this.waiting) throw new Error('SocketReader: one read at a time');
    return new Promise((resolve, reject) => {
      this.waiting = { size, resolve, reject };
      this.deliver();
    });
  }

  /** A smart-socket request: four hex digits of length, then the text. */
  async request(): Promise<string> {
    const header = (await this.read(4)).toString('latin1');
    const size = Number.parseInt(header, 16);
    if (!/^[0-9a-fA-F]{4}$/.test(header) || Number.isNaN(size)) throw new Error(`bad adb request length '${header}'`);
    return (await this.read(size)).toString('utf8');
  }

  /** Whatever is buffered now or arrives next (for raw streams); undefined once the peer has closed. */
  async chunk(): Promise<Buffer | undefined> {
    if (this.buffered.length === 0 && this.ended) return undefined;
    if (this.buffered.length === 0) {
      await new Promise<void>((resolve) => {
        const done = () => {
          this.socket.off('data', done);
          this.socket.off('close', done);
          resolve();
        };
        this.socket.on('data', done);
        this.socket.on('close', done);
      });
    }
    const out = this.buffered;
    this.buffered = Buffer.alloc(0);
    return out.length ? out : undefined;
  }

  private deliver(): void {
    const waiting = this.waiting;
    if (!waiting) return;
    if (this.buffered.length >= waiting.size) {
      const out = this.buffered.subarray(0, waiting.size);
      this.buffered = this.buffered.subarray(waiting.size);
      this.waiting = undefined;
      waiting.resolve(out);
    } else if (this.ended) {
      this.waiting = undefined;
      waiting.reject(new Error('adb peer closed the connection'));
    }
  }
}
