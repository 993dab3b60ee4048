import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';
import sharp from 'sharp';
import { OffsetClock, RealClock } from '../runtime/real-clock.ts';
import { Cloud, startCloudServer } from '../fake-cloud/index.ts';
import { median, round, type Benchmark } from './bench.ts';
import { post, requestsPerSecond } from './http-load.ts';

/**
 * The fake cloud against a bare node:http server in the same process, same load generator, same run:
 * metadata GETs per second, and 10 MB raw uploads in MB/s.
 */
const bench: Benchmark = async () => {
  const cloud = new Cloud({ clock: new OffsetClock(new RealClock()), seed: 1 });
  const server = await startCloudServer(cloud);
  try {
    const account = await (await fetch(`${server.url}/__admin/accounts`, { method: 'POST', body: JSON.stringify({ email: 'bench@example.com' }) })).json();
    const creds = account as { clientId: string; clientSecret: string; refreshToken: string };
    const grant = (await (await fetch(`${server.url}/token`, { method: 'POST', body: new URLSearchParams({ grant_type: 'refresh_token', client_id: creds.clientId, client_secret: creds.clientSecret, refresh_token: creds.refreshToken }) })).json()) as { access_token: string };
    const auth = { Authorization: `Bearer ${grant.access_token}` };
    const photo = await sharp({ create: { width: 64, height: 48, channels: 3, background: '#4a8' } }).jpeg().toBuffer();
    const token = await (await fetch(`${server.url}/v1/uploads`, { method: 'POST', headers: { ...auth, 'X-Goog-Upload-Protocol': 'raw' }, body: new Uint8Array(photo) })).text();
    const created = (await (await fetch(`${server.url}/v1/mediaItems:batchCreate`, { method: 'POST', headers: auth, body: JSON.stringify({ newMediaItems: [{ simpleMediaItem: { uploadToken: token } }] }) })).json()) as {
      newMediaItemResults: Array<{ mediaItem: { id: string } }>;
    };
    const id = created.newMediaItemResults[0]?.mediaItem.id as string;
    const itemUrl = `${server.url}/v1/mediaItems/${id}`;
    const sameJson = await (await fetch(itemUrl, { headers: auth })).text();

    const bare = createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        if (req.method === 'POST') return res.writeHead(200, { 'Content-Type': 'text/plain' }).end('token');
        res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(sameJson) }).end(sameJson);
      });
    });
    await new Promise<void>((resolve) => bare.listen(0, '127.0.0.1', resolve));
    const bareUrl = `http://127.0.0.1:${(bare.address() as AddressInfo).port}`;

    const load = { total: 3000, concurrency: 16 };
    await requestsPerSecond(itemUrl, { ...load, total: 300, headers: auth }); // warm up
    await requestsPerSecond(`${bareUrl}/x`, { ...load, total: 300 });
    const cloudRps = await requestsPerSecond(itemUrl, { ...load, headers: auth });
    const bareRps = await requestsPerSecond(`${bareUrl}/x`, load);

    const tenMb = randomBytes(10 * 1024 * 1024);
    const uploadHeaders = { ...auth, 'X-Goog-Upload-Protocol': 'raw', 'Content-Type': 'application/octet-stream' };
    const cloudMs: number[] = [];
    const bareMs: number[] = [];
    for (let i = 0; i < 5; i++) {
      tenMb.writeUInt32LE(i, 0); // new bytes each time: no dedupe shortcut
      const up = await post(`${server.url}/v1/uploads`, tenMb, uploadHeaders);
      if (up.status !== 200) throw new Error(`upload failed: ${up.text}`);
      cloudMs.push(up.ms);
      bareMs.push((await post(`${bareUrl}/upload`, tenMb, {})).ms);
    }
    bare.close();
    const mbps = (ms: number) => round(10 / (ms / 1000), 1);
    const cloudMbps = mbps(median(cloudMs));
    const bareMbps = mbps(median(bareMs));
    return [
      { name: 'metadata GET /v1/mediaItems/{id}', value: round(cloudRps, 0), unit: 'req/s', baseline: { name: 'bare node:http, same JSON', value: round(bareRps, 0) }, ratio: round(cloudRps / bareRps, 3), note: '16 keep-alive connections, 3,000 requests, client in the same process' },
      { name: '10 MB raw upload (memory storage)', value: cloudMbps, unit: 'MB/s', baseline: { name: 'bare node:http reading 10 MB', value: bareMbps }, ratio: round(cloudMbps / bareMbps, 3), note: 'median of 5' },
    ];
  } finally {
    await server.close();
    cloud.close();
  }
};

export default bench;
