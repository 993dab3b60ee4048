import { describe, expect, it } from 'vitest';
import { createRng } from '../../runtime/rng.ts';
import { VirtualClock } from '../../runtime/virtual-clock.ts';
import { faults } from '../vocabulary.ts';
import { NetworkFault } from './errors.ts';
import { InProcessFaults, type FetchLike } from './faults.ts';
import { advanceBy, flushMicrotasks } from './virtual-time.ts';

/** A server that commits every request it sees and answers with `size` bytes. */
function setup(size = 1000, seed = 1) {
  const clock = new VirtualClock(0);
  const committed: string[] = [];
  const server: FetchLike = async (request) => {
    committed.push(`${request.method} ${new URL(request.url).pathname} ${(await request.text()).length}`);
    return new Response(new Uint8Array(size).fill(7), { status: 201, headers: { etag: '"v1"' } });
  };
  const net = new InProcessFaults({ clock, rng: createRng(seed) });
  return { clock, committed, net, fetch: net.wrap(server) };
}

/** Starts the call and reports how it settled (or 'pending'), without awaiting it. */
function track(promise: Promise<Response>) {
  const state: { outcome: 'pending' | 'ok' | 'failed'; response?: Response; error?: NetworkFault } = { outcome: 'pending' };
  promise.then(
    (response) => Object.assign(state, { outcome: 'ok', response }),
    (error: NetworkFault) => Object.assign(state, { outcome: 'failed', error }),
  );
  return state;
}

const upload = (bytes = 100) => new Request('http://cloud.test/v1/uploads', { method: 'POST', body: new Uint8Array(bytes) });

describe('in-process faults on the virtual clock', () => {
  it('passes exchanges through untouched when there is no fault', async () => {
    const { fetch, committed } = setup();
    const response = await fetch(upload());
    expect(response.status).toBe(201);
    expect(response.headers.get('etag')).toBe('"v1"');
    expect(committed).toEqual(['POST /v1/uploads 100']);
  });

  it('latency delays the response by the latency on the clock', async () => {
    const { fetch, net, clock } = setup();
    net.addToxic(faults.latency(300));
    const call = track(fetch(upload()));
    await advanceBy(clock, 299);
    expect(call.outcome).toBe('pending');
    await advanceBy(clock, 1);
    expect(call.outcome).toBe('ok');
  });

  it('slow_close holds back the end of the response, not the request', async () => {
    const { fetch, net, clock, committed } = setup();
    net.addToxic({ type: 'slow_close', stream: 'downstream', attributes: { delay: 400 } });
    const call = track(fetch(upload()));
    await advanceBy(clock, 399);
    expect(committed).toHaveLength(1);
    expect(call.outcome).toBe('pending');
    await advanceBy(clock, 1);
    expect(call.outcome).toBe('ok');
  });

  it('bandwidth delays in proportion to the body size', async () => {
    const { fetch, net, clock } = setup(50_000);
    net.addToxic(faults.bandwidth(100)); // 100 KB/s: 50 KB take 500 ms
    const call = track(fetch(upload()));
    await advanceBy(clock, 499);
    expect(call.outcome).toBe('pending');
    await advanceBy(clock, 1);
    expect(call.outcome).toBe('ok');
  });

  it('down refuses at once, and nothing reaches the server', async () => {
    const { fetch, net, committed } = setup();
    net.setEnabled(false);
    await expect(fetch(upload())).rejects.toMatchObject({ code: 'ECONNREFUSED', committed: false });
    expect(committed).toEqual([]);
    net.setEnabled(true);
    expect((await fetch(upload())).status).toBe(201);
  });

  it('an upstream timeout rejects after the timeout, the server never sees the request', async () => {
    const { fetch, net, clock, committed } = setup();
    net.addToxic(faults.timeout(5_000));
    const call = track(fetch(upload()));
    await advanceBy(clock, 4_999);
    expect(call.outcome).toBe('pending');
    await advanceBy(clock, 1);
    expect(call.error).toMatchObject({ code: 'ETIMEDOUT', committed: false });
    expect(committed).toEqual([]);
  });

  it('timeout 0 hangs until the caller aborts', async () => {
    const { fetch, net, clock } = setup();
    net.addToxic(faults.timeout(0));
    const controller = new AbortController();
    const call = track(fetch(new Request('http://cloud.test/x', { signal: controller.signal })));
    await advanceBy(clock, 3_600_000);
    expect(call.outcome).toBe('pending');
    controller.abort();
    await flushMicrotasks();
    expect(call.outcome).toBe('failed');
  });

  it('reads negative settings as the TCP proxy does: a negative timeout or rate hangs, a negative limit cuts at once', async () => {
    for (const toxic of [faults.timeout(-5), faults.bandwidth(-5)]) {
      const { fetch, net, clock } = setup();
      net.addToxic(toxic);
      const controller = new AbortController();
      const call = track(fetch(new Request('http://cloud.test/x', { signal: controller.signal })));
      await advanceBy(clock, 3_600_000);
      expect({ type: toxic.type, outcome: call.outcome }).toEqual({ type: toxic.type, outcome: 'pending' });
      controller.abort();
      await flushMicrotasks();
    }
    const { fetch, net, committed } = setup();
    net.addToxic({ type: 'limit_data', attributes: { bytes: -5 } });
    expect(await fetch(upload()).catch((e: NetworkFault) => e)).toMatchObject({ code: 'ECONNRESET', committed: true });
    expect(committed).toEqual(['POST /v1/uploads 100']);
  });

  it('applies a toxicity of 1 or more to every exchange and one of 0 or less to none (a draw below it applies)', async () => {
    const { fetch, net } = setup();
    net.addToxic({ name: 'always', type: 'latency', toxicity: 1.5 });
    net.addToxic({ name: 'never', type: 'latency', toxicity: -1 });
    for (let i = 0; i < 20; i++) await fetch(upload());
    const applied = (toxic: string) => net.events.since().filter((e) => e.type === 'toxic.decision' && e.toxic === toxic).map((e) => e.applied);
    expect(applied('always')).toEqual(Array(20).fill(true));
    expect(applied('never')).toEqual(Array(20).fill(false));
  });

  it('response lost after commit: the server commits, the caller gets ECONNRESET', async () => {
    const { fetch, net, committed } = setup();
    net.addToxic(faults.responseLostAfterCommit());
    const error = await fetch(upload()).catch((e: NetworkFault) => e);
    expect(error).toBeInstanceOf(NetworkFault);
    expect(error).toMatchObject({ code: 'ECONNRESET', committed: true });
    expect(committed).toEqual(['POST /v1/uploads 100']);
  });

  it('reset mid-upload: a body past after_bytes never commits; a smaller one passes', async () => {
    const { fetch, net, committed } = setup();
    net.addToxic(faults.resetMidBody(65_536));
    await expect(fetch(upload(100_000))).rejects.toMatchObject({ code: 'ECONNRESET', committed: false });
    expect(committed).toEqual([]);
    expect((await fetch(upload(1_000))).status).toBe(201);
  });

  it('reset mid-download: the body fails after after_bytes', async () => {
    const { fetch, net } = setup(10_000);
    net.addToxic(faults.resetMidBody(4_000, 'downstream'));
    const response = await fetch(new Request('http://cloud.test/media/1=d'));
    expect(response.status).toBe(201);
    const reader = response.body!.getReader();
    let received = 0;
    const error = await (async () => {
      for (let i = 0; i < 100; i++) {
        const { done, value } = await reader.read();
        if (done) return undefined;
        received += value.length;
      }
    })().catch((e: NetworkFault) => e);
    expect(received).toBe(4_000);
    expect(error).toMatchObject({ code: 'ECONNRESET', committed: true });
  });

  it('a window makes a toxic active only from start_ms for duration_ms', async () => {
    const { fetch, net, clock } = setup();
    net.addToxic({ ...faults.responseLostAfterCommit(), attributes: { timeout: 0, start_ms: 1_000, duration_ms: 1_000 } });
    expect((await fetch(upload())).status).toBe(201);
    await advanceBy(clock, 1_000);
    await expect(fetch(upload())).rejects.toMatchObject({ code: 'ECONNRESET' });
    await advanceBy(clock, 1_000);
    expect((await fetch(upload())).status).toBe(201);
  });

  it('decides toxicity per exchange from the seed, and logs each decision', async () => {
    const decisions = async (seed: number) => {
      const { fetch, net } = setup(10, seed);
      net.addToxic({ ...faults.responseLostAfterCommit(), toxicity: 0.5 });
      const outcomes: boolean[] = [];
      for (let i = 0; i < 20; i++) outcomes.push(await fetch(upload()).then(() => true, () => false));
      const logged = net.events.since().filter((e) => e.type === 'toxic.decision');
      expect(logged.map((e) => !e.applied)).toEqual(outcomes);
      return logged.map(({ time: _time, ...rest }) => rest);
    };
    const first = await decisions(9);
    expect(await decisions(9)).toEqual(first);
    expect(first.some((d) => d.applied) && first.some((d) => !d.applied)).toBe(true);
    expect((await decisions(10)).map((d) => d.draw)).not.toEqual(first.map((d) => d.draw));
  });

  it('validates toxics exactly as the proxy API does', () => {
    const { net } = setup();
    expect(() => net.addToxic({ type: 'nope' })).toThrow('invalid toxic type');
    expect(() => net.addToxic({ type: 'latency', attributes: { latency: 1.5 } })).toThrow('bad request body');
    net.addToxic({ type: 'latency' });
    expect(() => net.addToxic({ type: 'latency' })).toThrow('toxic already exists');
    // What Toxiproxy accepts, this accepts: out-of-range toxicity, negative attributes, a stream in any case.
    expect(net.addToxic({ type: 'latency', stream: 'UPSTREAM', toxicity: 1.5, attributes: { latency: -5 } })).toMatchObject({ name: 'latency_UPSTREAM', stream: 'upstream', streamAsWritten: 'UPSTREAM', toxicity: 1.5 });
  });
});
