import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { connect } from 'node:net';
import { Toxiproxy, type Proxy as ClientProxy } from 'toxiproxy-node-client';
import { sleep } from '../runtime/clock.ts';
import { RealClock } from '../runtime/real-clock.ts';
import { startFaultServer, type FaultServer } from './api/server.ts';
import { echo, exchange, pattern, source, startServer, type TestServer } from './testing.ts';

/** Each toxic's effect on real sockets, through a proxy set up with toxiproxy-node-client. */
const clock = new RealClock();
const PAYLOAD = pattern(50_000);
let server: FaultServer;
let echoServer: TestServer;
let sourceServer: TestServer;
let client: Toxiproxy;
let proxyCount = 0;

beforeAll(async () => {
  server = await startFaultServer({ clock, port: 0, seed: 11 });
  echoServer = await startServer(echo);
  sourceServer = await startServer(source(PAYLOAD));
  client = new Toxiproxy(server.url);
});
afterEach(async () => {
  await client.reset();
});
afterAll(async () => {
  await server.close();
  await echoServer.close();
  await sourceServer.close();
});

async function proxyTo(upstream: TestServer): Promise<{ proxy: ClientProxy; port: number }> {
  const proxy = await client.createProxy({ name: `p${++proxyCount}`, listen: '127.0.0.1:0', upstream: upstream.address });
  return { proxy, port: Number(proxy.listen.split(':').at(-1)) };
}

type Attributes = Record<string, number>;
function addToxic(proxy: ClientProxy, type: string, attributes: Attributes, stream: 'upstream' | 'downstream' = 'downstream', name = `${type}_${stream}`) {
  return client.getApi().post(`${server.url}/proxies/${proxy.name}/toxics`, { name, type, stream, toxicity: 1, attributes });
}

describe('proxying real TCP', () => {
  it('passes bytes both ways unchanged and closes cleanly', async () => {
    const { port } = await proxyTo(echoServer);
    const data = pattern(1_000_000);
    const result = await exchange(clock, port, { send: data, endAfterReading: data.length, deadlineMs: 10_000 });
    expect(result.error).toBeUndefined();
    expect(result.data.equals(data)).toBe(true);
  });

  it('latency delays the first byte by about the latency', async () => {
    const { proxy, port } = await proxyTo(sourceServer);
    await addToxic(proxy, 'latency', { latency: 100, jitter: 0 });
    const result = await exchange(clock, port, { keepOpen: true, deadlineMs: 5_000 });
    expect(result.data.equals(PAYLOAD)).toBe(true);
    expect(result.firstByteMs).toBeGreaterThanOrEqual(90);
    expect(result.firstByteMs).toBeLessThan(1_000);
  });

  it('bandwidth holds the transfer near the rate', async () => {
    const { proxy, port } = await proxyTo(sourceServer);
    await addToxic(proxy, 'bandwidth', { rate: 100 }); // 100 KB/s: 50 KB take 500 ms
    const result = await exchange(clock, port, { keepOpen: true, deadlineMs: 5_000 });
    expect(result.data.equals(PAYLOAD)).toBe(true);
    const rateKBps = PAYLOAD.length / result.elapsedMs;
    expect(rateKBps).toBeGreaterThan(50);
    expect(rateKBps).toBeLessThan(130);
  });

  it('reset_peer gives the client ECONNRESET, downstream and upstream', async () => {
    const { proxy, port } = await proxyTo(echoServer);
    await addToxic(proxy, 'reset_peer', { timeout: 0 }, 'upstream');
    const up = await exchange(clock, port, { send: pattern(100), keepOpen: true, deadlineMs: 3_000 });
    expect(up).toMatchObject({ error: 'ECONNRESET', timedOut: false });
    await client.reset();
    await addToxic(proxy, 'reset_peer', { timeout: 50 });
    const down = await exchange(clock, port, { send: pattern(100), keepOpen: true, deadlineMs: 3_000 });
    expect(down).toMatchObject({ error: 'ECONNRESET', timedOut: false });
    expect(down.data.length).toBe(0);
  });

  it('reset_peer with after_bytes lets that many bytes through first (reset mid-body)', async () => {
    const { proxy, port } = await proxyTo(sourceServer);
    // The pause lets the client read the 20 KB first: an RST arriving on top of unread data reads as a plain EOF
    // in libuv (its POLLHUP short-cut after a partial read), whoever sends it.
    await addToxic(proxy, 'reset_peer', { timeout: 100, after_bytes: 20_000 });
    const result = await exchange(clock, port, { keepOpen: true, deadlineMs: 3_000 });
    expect(result.error).toBe('ECONNRESET');
    expect(result.data.length).toBeLessThanOrEqual(20_000);
    expect(result.data.equals(PAYLOAD.subarray(0, result.data.length))).toBe(true);
  });

  it('limit_data closes the connection after exactly N bytes', async () => {
    const { proxy, port } = await proxyTo(sourceServer);
    await addToxic(proxy, 'limit_data', { bytes: 1234 });
    const result = await exchange(clock, port, { keepOpen: true, deadlineMs: 3_000 });
    expect(result).toMatchObject({ error: undefined, timedOut: false });
    expect(result.data.equals(PAYLOAD.subarray(0, 1234))).toBe(true);
  });

  it('timeout drops the data and closes after the timeout', async () => {
    const { proxy, port } = await proxyTo(echoServer);
    await addToxic(proxy, 'timeout', { timeout: 300 });
    const result = await exchange(clock, port, { send: pattern(1000), keepOpen: true, deadlineMs: 5_000 });
    expect(result).toMatchObject({ timedOut: false });
    expect(result.data.length).toBe(0);
    expect(result.elapsedMs).toBeGreaterThanOrEqual(250);
    expect(result.elapsedMs).toBeLessThan(2_000);
  });

  it('timeout 0 never closes (watched for 700 ms) and passes nothing', async () => {
    const { proxy, port } = await proxyTo(echoServer);
    await addToxic(proxy, 'timeout', { timeout: 0 });
    const result = await exchange(clock, port, { send: pattern(1000), keepOpen: true, deadlineMs: 700 });
    expect(result).toMatchObject({ timedOut: true, error: undefined });
    expect(result.data.length).toBe(0);
  });

  it('slicer delivers identical bytes in many small reads', async () => {
    const { proxy, port } = await proxyTo(sourceServer);
    await addToxic(proxy, 'slicer', { average_size: 500, size_variation: 100, delay: 1_000 });
    const result = await exchange(clock, port, { keepOpen: true, deadlineMs: 5_000 });
    expect(result.data.equals(PAYLOAD)).toBe(true);
    expect(result.reads.length).toBeGreaterThan(20);
  });

  it('slow_close delays the close but not the data', async () => {
    const { proxy, port } = await proxyTo(sourceServer);
    await addToxic(proxy, 'slow_close', { delay: 300 });
    const result = await exchange(clock, port, { keepOpen: true, deadlineMs: 5_000 });
    expect(result.data.equals(PAYLOAD)).toBe(true);
    expect(result.firstByteMs).toBeLessThan(250);
    expect(result.elapsedMs).toBeGreaterThanOrEqual(250);
  });

  it('a disabled proxy closes its connections and refuses new ones; enabling it again serves on the same port', async () => {
    const { proxy, port } = await proxyTo(echoServer);
    const held = exchange(clock, port, { keepOpen: true, deadlineMs: 5_000 });
    await sleep(clock, 50);
    const down = await proxy.update({ enabled: false, listen: proxy.listen, upstream: proxy.upstream });
    expect((await held).timedOut).toBe(false);
    expect((await exchange(clock, port, { deadlineMs: 2_000 })).error).toBe('ECONNREFUSED');
    await down.update({ enabled: true, listen: proxy.listen, upstream: proxy.upstream });
    expect((await exchange(clock, port, { send: pattern(10), endAfterReading: 10, deadlineMs: 2_000 })).data.equals(pattern(10))).toBe(true);
  });

  it('deleting a toxic restores normal flow on the next connection', async () => {
    const { proxy, port } = await proxyTo(sourceServer);
    await addToxic(proxy, 'timeout', { timeout: 0 });
    expect((await exchange(clock, port, { keepOpen: true, deadlineMs: 300 })).data.length).toBe(0);
    await (await proxy.getToxic('timeout_downstream')).remove();
    expect((await exchange(clock, port, { keepOpen: true, deadlineMs: 3_000 })).data.equals(PAYLOAD)).toBe(true);
  });

  it('a toxic added while a connection is open applies to it too, as in Toxiproxy', async () => {
    const { proxy, port } = await proxyTo(echoServer);
    const socket = connect({ host: '127.0.0.1', port });
    const replies: number[] = [];
    socket.on('data', () => replies.push(clock.now()));
    await new Promise((resolve) => socket.once('connect', resolve));
    await addToxic(proxy, 'latency', { latency: 200, jitter: 0 });
    const sent = clock.now();
    socket.write('ping');
    for (let i = 0; i < 100 && replies.length === 0; i++) await sleep(clock, 20);
    socket.destroy();
    expect(replies[0]! - sent).toBeGreaterThanOrEqual(180);
  });

  it('a toxic with a window (start_ms, duration_ms) is active only inside it', async () => {
    const { proxy, port } = await proxyTo(sourceServer);
    await addToxic(proxy, 'timeout', { timeout: 0, start_ms: 200, duration_ms: 300 });
    const before = await exchange(clock, port, { keepOpen: true, deadlineMs: 2_000 });
    expect(before.data.equals(PAYLOAD)).toBe(true);
    await sleep(clock, 250);
    const inside = await exchange(clock, port, { keepOpen: true, deadlineMs: 100 });
    expect(inside.data.length).toBe(0);
    await sleep(clock, 400);
    const after = await exchange(clock, port, { keepOpen: true, deadlineMs: 2_000 });
    expect(after.data.equals(PAYLOAD)).toBe(true);
    const states = server.events.since().filter((e) => e.type === 'toxic.window' && e.proxy === proxy.name).map((e) => e.state);
    expect(states).toEqual(['open', 'closed']);
  });

  it('toxicity decides per connection, from the seed', async () => {
    const { proxy, port } = await proxyTo(sourceServer);
    await client.getApi().post(`${server.url}/proxies/${proxy.name}/toxics`, { type: 'timeout', toxicity: 0.5, attributes: { timeout: 1 } });
    const outcomes: boolean[] = [];
    for (let i = 0; i < 16; i++) outcomes.push((await exchange(clock, port, { keepOpen: true, deadlineMs: 2_000 })).data.length > 0);
    const decisions = server.events.since().filter((e) => e.type === 'toxic.decision' && e.proxy === proxy.name);
    expect(decisions.map((d) => !d.applied)).toEqual(outcomes);
    expect(outcomes).toContain(true);
    expect(outcomes).toContain(false);
  });
});
