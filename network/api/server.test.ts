import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Toxiproxy, ToxiproxyError, type ICreateToxicBody, type Latency } from 'toxiproxy-node-client';
import { RealClock } from '../../runtime/real-clock.ts';
import { startServer, echo, type TestServer } from '../testing.ts';
import { startFaultServer, type FaultServer } from './server.ts';

const clock = new RealClock();
let server: FaultServer;
let upstream: TestServer;
let client: Toxiproxy;

beforeAll(async () => {
  server = await startFaultServer({ clock, port: 0, seed: 7 });
  upstream = await startServer(echo);
  client = new Toxiproxy(server.url);
});
afterAll(async () => {
  await server.close();
  await upstream.close();
});

/** The raw answer, for what the client hides (it drops error bodies). Errors are JSON sent as text/plain, as Toxiproxy's. */
async function raw(method: string, path: string, body?: string, headers: Record<string, string> = {}) {
  const response = await fetch(server.url + path, { method, body, headers });
  const text = await response.text();
  const json = /^[[{]/.test(text) ? (JSON.parse(text) as unknown) : undefined;
  return { status: response.status, text, json, contentType: response.headers.get('content-type') };
}

const latency = (name: string, ms: number): ICreateToxicBody<Latency> => ({
  name,
  type: 'latency',
  stream: 'downstream',
  toxicity: 1,
  attributes: { latency: ms, jitter: 0 },
});

describe('Toxiproxy API, driven by toxiproxy-node-client', () => {
  it('answers /version like Toxiproxy', async () => {
    expect(JSON.parse(await client.getVersion())).toEqual({ version: '2.12.0' });
  });

  it('creates, shows, lists, updates and deletes a proxy', async () => {
    const created = await client.createProxy({ name: 'crud', listen: '127.0.0.1:0', upstream: upstream.address });
    expect(created.enabled).toBe(true);
    expect(created.listen).toMatch(/^127\.0\.0\.1:\d+$/);
    expect(created.listen).not.toBe('127.0.0.1:0');

    const shown = await client.get('crud');
    expect(shown.toJson()).toEqual(created.toJson());
    expect(Object.keys(await client.getAll())).toContain('crud');

    const disabled = await created.update({ enabled: false, listen: created.listen, upstream: upstream.address });
    expect(disabled.enabled).toBe(false);
    const patched = await raw('PATCH', '/proxies/crud', JSON.stringify({ enabled: true }));
    expect(patched).toMatchObject({ status: 200, json: { name: 'crud', enabled: true, listen: created.listen, toxics: [] } });

    await created.remove();
    await expect(client.get('crud')).rejects.toThrow(/404/);
  });

  it('answers a created proxy with 201 and Toxiproxy key order, and refuses a duplicate with 409', async () => {
    const body = JSON.stringify({ name: 'dup', upstream: upstream.address });
    const first = await raw('POST', '/proxies', body);
    expect(first.status).toBe(201);
    expect(Object.keys(first.json as object)).toEqual(['name', 'listen', 'upstream', 'enabled', 'toxics']);
    expect(await raw('POST', '/proxies', body)).toMatchObject({ status: 409, json: { error: 'proxy already exists', status: 409 } });
    await expect(client.createProxy({ name: 'dup', listen: '127.0.0.1:0', upstream: upstream.address })).rejects.toBeInstanceOf(ToxiproxyError);
    expect((await raw('DELETE', '/proxies/dup')).status).toBe(204);
  });

  it('populates: creates new proxies, keeps identical ones, answers 201 with {proxies}', async () => {
    const made = await client.populate([
      { name: 'pop1', listen: '127.0.0.1:0', upstream: upstream.address },
      { name: 'pop2', listen: '127.0.0.1:0', upstream: upstream.address, enabled: false },
    ]);
    expect(made.pop1?.enabled).toBe(true);
    expect(made.pop2?.enabled).toBe(false);
    const again = await raw('POST', '/populate', JSON.stringify([{ name: 'pop1', listen: made.pop1!.listen, upstream: upstream.address }]));
    expect(again).toMatchObject({ status: 201, json: { proxies: [{ name: 'pop1', listen: made.pop1!.listen }] } });
    expect(await raw('POST', '/populate', JSON.stringify([{ upstream: 'x:1' }]))).toMatchObject({
      status: 400,
      json: { error: 'missing required field: name at proxy 1', status: 400 },
    });
  });

  it('adds, shows, lists, updates and removes toxics with Toxiproxy defaults', async () => {
    const proxy = await client.createProxy({ name: 'tox', listen: '127.0.0.1:0', upstream: upstream.address });
    const toxic = await proxy.addToxic(latency('slow', 100));
    expect(toxic.toJson()).toEqual({ name: 'slow', type: 'latency', stream: 'downstream', toxicity: 1, attributes: { latency: 100, jitter: 0 } });

    // Defaults: name <type>_<stream>, stream downstream, toxicity 1, missing attributes 0.
    const defaulted = await client.getApi().post(`${server.url}/proxies/tox/toxics`, { type: 'bandwidth' });
    expect(defaulted.data).toEqual({ attributes: { rate: 0 }, name: 'bandwidth_downstream', type: 'bandwidth', stream: 'downstream', toxicity: 1 });
    const upstreamOne = await raw('POST', '/proxies/tox/toxics', JSON.stringify({ type: 'timeout', stream: 'upstream', attributes: { timeout: 5 } }));
    expect(upstreamOne.json).toMatchObject({ name: 'timeout_upstream', stream: 'upstream' });

    expect((await proxy.getToxic('slow')).attributes).toEqual({ latency: 100, jitter: 0 });
    const listed = await client.getApi().get(`${server.url}/proxies/tox/toxics`);
    expect((listed.data as Array<{ name: string }>).map((t) => t.name)).toEqual(['timeout_upstream', 'slow', 'bandwidth_downstream']);

    const updated = await toxic.update({ ...latency('slow', 100), toxicity: 0.5, attributes: { latency: 250, jitter: 0 } });
    expect(updated.toJson()).toMatchObject({ toxicity: 0.5, attributes: { latency: 250, jitter: 0 } });
    const merged = await raw('PATCH', '/proxies/tox/toxics/slow', JSON.stringify({ attributes: { jitter: 5 } }));
    expect(merged.json).toMatchObject({ toxicity: 0.5, attributes: { latency: 250, jitter: 5 } });

    await updated.remove();
    await expect(proxy.getToxic('slow')).rejects.toThrow(/404/);
    expect(await raw('POST', '/proxies/tox/toxics', JSON.stringify({ type: 'timeout', stream: 'upstream' }))).toMatchObject({ status: 409 });
    expect((await client.get('tox')).toJson()).toMatchObject({ name: 'tox' });
  });

  it('reset re-enables every proxy and removes every toxic', async () => {
    const proxy = await client.createProxy({ name: 'resettable', listen: '127.0.0.1:0', upstream: upstream.address });
    await proxy.addToxic(latency('l', 10));
    await proxy.update({ enabled: false, listen: proxy.listen, upstream: upstream.address });
    await client.reset();
    expect(await raw('GET', '/proxies/resettable')).toMatchObject({ json: { enabled: true, toxics: [] } });
    expect((await raw('POST', '/reset')).status).toBe(204);
  });

  it('answers errors as {"error", "status"} with Toxiproxy messages and codes', async () => {
    const cases: Array<[string, string, string | undefined, number, string]> = [
      ['GET', '/proxies/nope', undefined, 404, 'proxy not found'],
      ['GET', '/proxies/nope/toxics', undefined, 404, 'proxy not found'],
      ['POST', '/proxies', '{"name": "x"}', 400, 'missing required field: upstream'],
      ['POST', '/proxies', '{"upstream": "x:1"}', 400, 'missing required field: name'],
      ['POST', '/proxies', '{not json', 400, 'bad request body'],
      ['POST', '/proxies', '', 400, 'bad request body: EOF'],
      ['POST', '/populate', '{"name": "x"}', 400, 'bad request body'],
      ['POST', '/proxies/tox/toxics', '{"type": "nope"}', 400, 'invalid toxic type'],
      ['POST', '/proxies/tox/toxics', '{"type": "latency", "stream": "sideways"}', 400, 'stream was invalid'],
      ['POST', '/proxies/tox/toxics', '{"type": "latency", "attributes": {"latency": 1.5}}', 400, 'bad request body: attributes.latency'],
      ['POST', '/proxies/tox/toxics', '{"type": "latency", "toxicity": "high"}', 400, 'bad request body: toxicity'],
      ['GET', '/proxies/tox/toxics/nope', undefined, 404, 'toxic not found'],
      ['DELETE', '/proxies/tox/toxics/nope', undefined, 404, 'toxic not found'],
    ];
    for (const [method, path, body, status, message] of cases) {
      const answer = await raw(method, path, body);
      expect({ method, path, status: answer.status }).toEqual({ method, path, status });
      expect(answer.json).toMatchObject({ status });
      expect((answer.json as { error: string }).error.startsWith(message)).toBe(true);
    }
  });

  it('refuses browsers with 403, as Toxiproxy does', async () => {
    const answer = await raw('GET', '/proxies', undefined, { 'user-agent': 'Mozilla/5.0 (X11; Linux x86_64)' });
    expect(answer).toMatchObject({ status: 403, text: 'User agent not allowed\n' });
  });

  it('serves the event log at /events, filtered by ?since', async () => {
    const all = (await raw('GET', '/events')).json as Array<{ seq: number; type: string; time: number }>;
    expect(all.length).toBeGreaterThan(5);
    expect(all.map((e) => e.seq)).toEqual(all.map((_, i) => all[0]!.seq + i));
    expect(all.map((e) => e.type)).toContain('toxic.created');
    const tail = (await raw('GET', `/events?since=${all.at(-2)!.seq}`)).json as unknown[];
    expect(tail).toHaveLength(1);
  });
});
