import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect, createServer, type AddressInfo } from 'node:net';
import fc from 'fast-check';
import { sleep } from '../runtime/clock.ts';
import { RealClock } from '../runtime/real-clock.ts';
import { startFaultServer, type FaultServer } from './api/server.ts';
import { echo, exchange, pattern, source, startServer, type TestServer } from './testing.ts';

const clock = new RealClock();
let server: FaultServer;
let echoServer: TestServer;

beforeAll(async () => {
  server = await startFaultServer({ clock, port: 0, seed: 3 });
  echoServer = await startServer(echo);
});
afterAll(async () => {
  await server.close();
  await echoServer.close();
});

async function proxyPort(name: string, upstream: string): Promise<number> {
  const proxy = await server.collection.add({ name, upstream });
  return Number(proxy.listen.split(':').at(-1));
}

/** Waits (bounded) until the proxy holds no sockets; returns how many are left. */
async function settledSockets(): Promise<number> {
  for (let i = 0; i < 100 && server.collection.openSockets > 0; i++) await sleep(clock, 20);
  return server.collection.openSockets;
}

describe('robustness', () => {
  it('carries 500 concurrent connections through one proxy and leaks no socket', async () => {
    const port = await proxyPort('many', echoServer.address);
    const results = await Promise.all(Array.from({ length: 500 }, (_, i) => exchange(clock, port, { send: pattern(1000 + i), endAfterReading: 1000 + i, deadlineMs: 20_000 })));
    results.forEach((result, i) => expect(result.data.equals(pattern(1000 + i))).toBe(true));
    expect(await settledSockets()).toBe(0);
    expect(echoServer.open()).toBe(0);
  });

  it('survives clients vanishing mid-stream (destroyed and reset) under a slow toxic', async () => {
    const big = await startServer(source(pattern(5_000_000)));
    const port = await proxyPort('vanishing-clients', big.address);
    server.collection.get('vanishing-clients').addToxic({ type: 'bandwidth', attributes: { rate: 1000 } });
    await Promise.all(
      Array.from({ length: 20 }, async (_, i) => {
        const socket = connect({ host: '127.0.0.1', port });
        socket.on('error', () => undefined);
        await new Promise((resolve) => socket.once('data', resolve));
        if (i % 2) socket.destroy();
        else socket.resetAndDestroy();
      }),
    );
    expect(await settledSockets()).toBe(0);
    await big.close();
  });

  it('survives upstreams vanishing mid-stream: the client sees the end of what was sent', async () => {
    const dying = await startServer((socket) => {
      socket.write(pattern(10_000));
      socket.resetAndDestroy();
    });
    const port = await proxyPort('vanishing-upstream', dying.address);
    const results = await Promise.all(Array.from({ length: 20 }, () => exchange(clock, port, { keepOpen: true, deadlineMs: 5_000 })));
    for (const result of results) expect(result.timedOut).toBe(false);
    expect(await settledSockets()).toBe(0);
    await dying.close();
  });

  it('closes clients of an upstream that refuses, and records it', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const deadPort = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const port = await proxyPort('refused', `127.0.0.1:${deadPort}`);
    const results = await Promise.all(Array.from({ length: 10 }, () => exchange(clock, port, { send: pattern(10), keepOpen: true, deadlineMs: 5_000 })));
    for (const result of results) expect(result).toMatchObject({ timedOut: false, data: Buffer.alloc(0) });
    const failures = server.events.since().filter((e) => e.type === 'connection.upstream_failed' && e.proxy === 'refused');
    expect(failures.map((e) => e.code)).toEqual(Array(10).fill('ECONNREFUSED'));
    expect(await settledSockets()).toBe(0);
  });

  it('answers fuzzed API bodies with JSON errors (4xx, or a 500 only where Toxiproxy gives one: a listen address) and keeps serving', async () => {
    await server.collection.add({ name: 'fuzz', upstream: echoServer.address });
    const paths = ['/proxies', '/populate', '/proxies/fuzz', '/proxies/fuzz/toxics', '/proxies/fuzz/toxics/none'];
    const toxicLike = fc.record(
      {
        type: fc.oneof(fc.constantFrom('latency', 'bandwidth', 'timeout', 'slicer', 'nope', ''), fc.string(), fc.integer()),
        stream: fc.oneof(fc.constantFrom('upstream', 'downstream', 'sideways'), fc.integer()),
        toxicity: fc.oneof(fc.double(), fc.string()),
        attributes: fc.dictionary(fc.constantFrom('latency', 'rate', 'timeout', 'jitter', 'start_ms', 'x'), fc.oneof(fc.integer({ max: -1 }), fc.double({ noNaN: false }), fc.string())),
        name: fc.oneof(fc.string(), fc.integer()),
        upstream: fc.oneof(fc.string(), fc.integer()),
        listen: fc.oneof(fc.string(), fc.constant('999.1.1.1:99999')),
        enabled: fc.oneof(fc.boolean(), fc.string()),
      },
      { requiredKeys: [] },
    );
    const body = fc.oneof(fc.string(), fc.json(), toxicLike.map((v) => JSON.stringify(v)), fc.array(toxicLike).map((v) => JSON.stringify(v)));
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...paths), body, async (path, text) => {
        const response = await fetch(server.url + path, { method: 'POST', body: text });
        const json = (await response.json()) as { error?: string; status?: number };
        if (response.status >= 400) {
          expect(json).toMatchObject({ status: response.status, error: expect.any(String) });
          if (response.status >= 500) expect(json.error).toMatch(/^(listen tcp|address )/);
        } else {
          expect([200, 201]).toContain(response.status); // a body that happened to be valid
        }
      }),
      { numRuns: 300, seed: 42 },
    );
    expect((await fetch(`${server.url}/version`)).status).toBe(200);
    // Fuzzing may have created proxies and toxics: take them all down and check nothing is left open.
    for (const proxy of server.collection.list()) await server.collection.remove(proxy.name);
    expect(await settledSockets()).toBe(0);
  });
});
