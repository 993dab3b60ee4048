import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { request as httpRequest } from 'node:http';
import { RealClock } from '../../runtime/real-clock.ts';
import { startServer, echo, type TestServer } from '../testing.ts';
import { MAX_BODY_BYTES, startFaultServer, type FaultServer } from './server.ts';

/**
 * Our API's answers against Toxiproxy 2.12.0's, recorded side by side on the same requests (issue 17), with ports
 * masked as PORT. Each row says where in Shopify/toxiproxy (or the Go libraries it runs on) the answer comes from.
 */
const clock = new RealClock();
const JSON_TYPE = 'application/json';
const TEXT = 'text/plain; charset=utf-8';
let server: FaultServer;
let upstream: TestServer;

beforeAll(async () => {
  server = await startFaultServer({ clock, port: 0, seed: 1 });
  upstream = await startServer(echo);
  await fetch(`${server.url}/proxies`, { method: 'POST', body: JSON.stringify({ name: 'p', upstream: upstream.address }) });
});
afterAll(async () => {
  await server.close();
  await upstream.close();
});

interface Answer {
  status: number;
  contentType: string | undefined;
  /** The body, with every port number replaced by PORT. */
  text: string;
}

/** Sends the request as written (fetch would normalise `/proxies/%`) and reads the answer as it comes. */
function ask(method: string, path: string, body?: string): Promise<Answer & { headers: Record<string, unknown> }> {
  const { hostname, port } = new URL(server.url);
  return new Promise((resolve, reject) => {
    const request = httpRequest({ host: hostname, port, method, path }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () =>
        resolve({
          status: response.statusCode ?? 0,
          contentType: response.headers['content-type'],
          text: Buffer.concat(chunks).toString().replace(/(127\.0\.0\.1|upstream):\d+/g, '$1:PORT'),
          headers: response.headers,
        }),
      );
    });
    request.on('error', reject);
    request.end(body);
  });
}

const upstreamField = () => `"upstream":"127.0.0.1:PORT"`;

/** [what, method, path, body, Toxiproxy's recorded answer, where its answer comes from] */
const recorded: Array<[string, string, string, string | undefined, Answer, string]> = [
  [
    'toxicity above 1 is kept',
    'POST', '/proxies/p/toxics', '{"name":"t1","type":"latency","toxicity":1.5}',
    { status: 200, contentType: JSON_TYPE, text: '{"attributes":{"latency":0,"jitter":0},"name":"t1","type":"latency","stream":"downstream","toxicity":1.5}' },
    'toxic_collection.go AddToxicJson: no range check on the float32',
  ],
  [
    'toxicity below 0 is kept',
    'POST', '/proxies/p/toxics', '{"name":"t2","type":"latency","toxicity":-1}',
    { status: 200, contentType: JSON_TYPE, text: '{"attributes":{"latency":0,"jitter":0},"name":"t2","type":"latency","stream":"downstream","toxicity":-1}' },
    'toxic_collection.go AddToxicJson',
  ],
  [
    'a negative latency is kept',
    'POST', '/proxies/p/toxics', '{"name":"t3","type":"latency","attributes":{"latency":-5}}',
    { status: 200, contentType: JSON_TYPE, text: '{"attributes":{"latency":-5,"jitter":0},"name":"t3","type":"latency","stream":"downstream","toxicity":1}' },
    'toxics/latency.go: int64 fields, decoded as they come',
  ],
  [
    'a stream in capitals is kept as written, and names the toxic',
    'POST', '/proxies/p/toxics', '{"type":"latency","stream":"UPSTREAM"}',
    { status: 200, contentType: JSON_TYPE, text: '{"attributes":{"latency":0,"jitter":0},"name":"latency_UPSTREAM","type":"latency","stream":"UPSTREAM","toxicity":1}' },
    'stream/direction.go ParseDirection lower-cases only to check; the wrapper keeps Stream',
  ],
  [
    'an upstream that is not an address is accepted',
    'POST', '/proxies', '{"name":"nonsense-upstream","upstream":"nonsense"}',
    { status: 201, contentType: JSON_TYPE, text: '{"name":"nonsense-upstream","listen":"127.0.0.1:PORT","upstream":"nonsense","enabled":true,"toxics":[]}' },
    'api.go ProxyCreate checks only that upstream is not empty',
  ],
  [
    'a listen that is not an address is a 500 with Go\'s words',
    'POST', '/proxies', '{"name":"nonsense-listen","listen":"nonsense","upstream":"127.0.0.1:9"}',
    { status: 500, contentType: TEXT, text: '{"error":"listen tcp: address nonsense: missing port in address","status":500}\n' },
    'proxy.go listen → net.Listen error (no ApiError) → api.go apiError 500, written by http.Error (text/plain, newline)',
  ],
  [
    'a proxy name with a slash is created…',
    'POST', '/proxies', '{"name":"slash/name","upstream":"127.0.0.1:9"}',
    { status: 201, contentType: JSON_TYPE, text: '{"name":"slash/name","listen":"127.0.0.1:PORT","upstream":"127.0.0.1:PORT","enabled":true,"toxics":[]}' },
    'api.go ProxyCreate',
  ],
  [
    '…but cannot be reached: mux matches the decoded path',
    'GET', '/proxies/slash%2Fname', undefined,
    { status: 404, contentType: TEXT, text: '404 page not found\n' },
    'gorilla/mux matches URL.Path, where %2F is already a slash; no route has three segments',
  ],
  ['a trailing slash is another path', 'GET', '/proxies/', undefined, { status: 404, contentType: TEXT, text: '404 page not found\n' }, 'gorilla/mux, StrictSlash off'],
  ['unknown routes answer net/http\'s plain 404', 'GET', '/nowhere', undefined, { status: 404, contentType: TEXT, text: '404 page not found\n' }, 'net/http NotFound'],
  ['populate with no proxies', 'POST', '/populate', '[]', { status: 201, contentType: JSON_TYPE, text: '{"proxies":null}' }, 'api.go Populate: Go marshals an empty slice built by append as null'],
  [
    'a populate error carries "proxies": null',
    'POST', '/populate', '[{"upstream":"127.0.0.1:9"}]',
    { status: 400, contentType: JSON_TYPE, text: '{"error":"missing required field: name at proxy 1","status":400,"proxies":null}' },
    'proxy_collection.go PopulateJson checks every entry first; api.go Populate writes the error beside the proxies',
  ],
  [
    'a populate that fails part way carries the proxies made before the failure',
    'POST', '/populate', '[{"name":"one","upstream":"127.0.0.1:9"},{"name":"two","listen":"local373","upstream":"127.0.0.1:9"},{"name":"three","upstream":"127.0.0.1:9"}]',
    {
      status: 500,
      contentType: JSON_TYPE,
      text: `{"error":"listen tcp: address local373: missing port in address","status":500,"proxies":[{"name":"one","listen":"127.0.0.1:PORT",${upstreamField()},"enabled":true,"toxics":[]}]}`,
    },
    'proxy_collection.go PopulateJson returns the proxies so far with the error (api_test.go TestPopulateProxyWithBadDataShouldReturnError)',
  ],
  ['a bad escape in the path is net/http\'s 400', 'GET', '/proxies/%', undefined, { status: 400, contentType: TEXT, text: '400 Bad Request' }, 'net/http: url.ParseRequestURI fails before any handler'],
];

describe('API answers against Toxiproxy 2.12.0', () => {
  it.each(recorded)('%s', async (_what, method, path, body, expected) => {
    const answer = await ask(method, path, body);
    expect({ status: answer.status, contentType: answer.contentType, text: answer.text }).toEqual(expected);
  });

  it('keeps the populated proxies that came before the failure, and no later one', async () => {
    const names = Object.keys((await (await fetch(`${server.url}/proxies`)).json()) as object);
    expect(names).toContain('one');
    expect(names).not.toContain('two');
    expect(names).not.toContain('three');
    expect(names).toContain('slash/name'); // listed, though no path reaches it
  });

  it('answers a method a route does not take with mux\'s bare 405, and an unclean path with its 301', async () => {
    expect(await ask('PUT', '/proxies', '{}')).toMatchObject({ status: 405, text: '' });
    expect(await ask('GET', '//proxies/./p?x=1')).toMatchObject({ status: 301, text: '', headers: { location: '/proxies/p?x=1' } });
  });

  it('ours: a body over 1 MB is read to its end and answered 400, not cut off mid-upload (Toxiproxy has no limit)', async () => {
    const huge = JSON.stringify({ name: 'x'.repeat(MAX_BODY_BYTES + 10), upstream: '127.0.0.1:9' });
    const answer = await ask('POST', '/proxies', huge);
    expect(answer).toMatchObject({ status: 400, contentType: TEXT, text: `{"error":"bad request body: larger than ${MAX_BODY_BYTES} bytes","status":400}\n` });
  });
});
