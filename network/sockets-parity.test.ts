import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect, type Socket } from 'node:net';
import { sleep } from '../runtime/clock.ts';
import { RealClock } from '../runtime/real-clock.ts';
import { startFaultServer, type FaultServer } from './api/server.ts';
import { echo, exchange, pattern, startServer, type TestServer } from './testing.ts';

/**
 * What a client sees on the wire, against what Toxiproxy 2.12.0 did in the same place (recorded side by side on
 * real sockets, issue 17) and why its Go code does it (file names below are Shopify/toxiproxy's).
 */
const clock = new RealClock();
let server: FaultServer;
let echoServer: TestServer;
let count = 0;

beforeAll(async () => {
  server = await startFaultServer({ clock, port: 0, seed: 5 });
  echoServer = await startServer(echo);
});
afterAll(async () => {
  await server.close();
  await echoServer.close();
});

async function proxyTo(upstream: string): Promise<{ name: string; port: number }> {
  const proxy = await server.collection.add({ name: `parity${++count}`, upstream });
  return { name: proxy.name, port: Number(proxy.listen.split(':').at(-1)) };
}

/** How a client's connection ended: the bytes it read, then 'end' (FIN) or the error code (RST: ECONNRESET). */
function watch(socket: Socket): Promise<{ data: string; ending: string }> {
  const chunks: Buffer[] = [];
  let ending = 'end';
  socket.on('data', (chunk: Buffer) => chunks.push(chunk));
  socket.on('error', (error: NodeJS.ErrnoException) => (ending = error.code ?? error.message));
  return new Promise((resolve) => socket.on('close', () => resolve({ data: Buffer.concat(chunks).toString(), ending })));
}

/** An upstream that records how each connection to it ended, and runs `onSocket` on it. */
async function recordingUpstream(onSocket: (socket: Socket) => void = (socket) => socket.on('end', () => socket.end())) {
  const endings: Array<Promise<{ data: string; ending: string }>> = [];
  const upstream = await startServer((socket) => {
    endings.push(watch(socket));
    onSocket(socket);
  });
  return { upstream, endings };
}

const opened = (socket: Socket) => new Promise((resolve) => socket.once('connect', resolve));

describe('socket behaviour against Toxiproxy 2.12.0', () => {
  it('half-close: the client sends "hello" and FIN, the upstream answers 50 ms later; Toxiproxy delivers nothing and closes', async () => {
    // link.go `write`: when the client's stream ends, the upstream socket is closed whole (dest.Close()), and the
    // downstream link, reading from that closed socket, ends and closes the client. The late answer meets a closed socket.
    const { upstream, endings } = await recordingUpstream((socket) => socket.on('end', () => setTimeout(() => socket.writable && socket.end('world'), 50)));
    const { port } = await proxyTo(upstream.address);
    const client = connect({ host: '127.0.0.1', port, allowHalfOpen: true });
    const seen = watch(client);
    await opened(client);
    client.end('hello');
    expect(await seen).toEqual({ data: '', ending: 'end' }); // recorded: nothing delivered, then FIN
    expect((await endings[0])!.data).toBe('hello'); // the upstream got the request before the close
    await upstream.close();
  });

  it('reset_peer added to an open connection closes it with FIN; on a connection opened after it exists, with RST', async () => {
    // link.go `Start` sets SO_LINGER 0 (close = RST) only for the reset_peer toxics in the chain when a link starts;
    // reset_peer.go's Pipe then only closes its stub, so a connection that opened before the toxic gets a FIN.
    const { name, port } = await proxyTo(echoServer.address);
    const older = connect({ host: '127.0.0.1', port });
    const olderSeen = watch(older);
    await opened(older);
    older.write('ping');
    await sleep(clock, 50); // the echo comes back before the toxic exists
    server.collection.get(name).addToxic({ type: 'reset_peer', attributes: { timeout: 0 } });
    older.write('trips it');
    expect(await olderSeen).toEqual({ data: 'ping', ending: 'end' }); // recorded: FIN

    const newer = connect({ host: '127.0.0.1', port });
    const newerSeen = watch(newer);
    await opened(newer);
    newer.write('trips it');
    expect(await newerSeen).toEqual({ data: '', ending: 'ECONNRESET' });
  });

  it('a connection opened while a reset_peer exists is closed with RST even when the toxic does not fire (linger 0)', async () => {
    const { upstream, endings } = await recordingUpstream();
    const { name, port } = await proxyTo(upstream.address);
    const plain = connect({ host: '127.0.0.1', port });
    void watch(plain); // the client's own ending is not judged here; watching it keeps a late RST from going unhandled
    await opened(plain);
    await sleep(clock, 20);
    plain.end();
    expect(await endings[0]).toEqual({ data: '', ending: 'end' });

    server.collection.get(name).addToxic({ type: 'reset_peer', toxicity: 0, attributes: { timeout: 0 } });
    const lingering = connect({ host: '127.0.0.1', port });
    void watch(lingering);
    await opened(lingering);
    await sleep(clock, 20);
    lingering.end();
    expect(await endings[1]).toEqual({ data: '', ending: 'ECONNRESET' });
    await upstream.close();
  });

  it('an upstream that is not an address ("nonsense") is accepted; each client is closed at once, as on a refused dial', async () => {
    const { name, port } = await proxyTo('nonsense');
    const result = await exchange(clock, port, { send: pattern(10), keepOpen: true, deadlineMs: 3_000 });
    expect(result).toMatchObject({ timedOut: false, data: Buffer.alloc(0) });
    const failed = server.events.since().filter((e) => e.type === 'connection.upstream_failed' && e.proxy === name);
    expect(failed.map((e) => e.code)).toEqual(['dial tcp: address nonsense: missing port in address']);
  });

  it('toxicity 1.5 applies to every connection and -1 to none (toxics/toxic.go: rand.Float32() < toxicity)', async () => {
    const { name, port } = await proxyTo(echoServer.address);
    const proxy = server.collection.get(name);
    proxy.addToxic({ name: 'always', type: 'timeout', toxicity: 1.5, attributes: { timeout: 0 } });
    proxy.addToxic({ name: 'never', type: 'timeout', stream: 'upstream', toxicity: -1, attributes: { timeout: 0 } });
    for (let i = 0; i < 5; i++) {
      const result = await exchange(clock, port, { send: pattern(10), keepOpen: true, deadlineMs: 150 });
      expect(result).toMatchObject({ timedOut: true, data: Buffer.alloc(0) }); // held by 'always' on the way back
    }
    const decisions = server.events.since().filter((e) => e.type === 'toxic.decision' && e.proxy === name);
    expect(decisions.filter((d) => d.toxic === 'always').map((d) => d.applied)).toEqual(Array(5).fill(true));
    expect(decisions.filter((d) => d.toxic === 'never').map((d) => d.applied)).toEqual(Array(5).fill(false));
  });

  it('a negative latency delays nothing (Go sleeps no time for a negative duration)', async () => {
    const { name, port } = await proxyTo(echoServer.address);
    server.collection.get(name).addToxic({ type: 'latency', attributes: { latency: -5 } });
    const result = await exchange(clock, port, { send: pattern(100), endAfterReading: 100, deadlineMs: 3_000 });
    expect(result.data.equals(pattern(100))).toBe(true);
  });
});
