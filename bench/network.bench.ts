import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { connect, type Socket } from 'node:net';
import { performance } from 'node:perf_hooks';
import { Toxiproxy } from 'toxiproxy-node-client';
import { echo, pattern, source, startServer } from '../network/testing.ts';
import { median, round, type Benchmark } from './bench.ts';

const TRANSFER_BYTES = 10 * 1024 * 1024;
const TRANSFER_RUNS = 7;
const ROUND_TRIPS = 2000;
const SMALL_BYTES = 64;

/** ms to receive the whole transfer from a server that sends it on connect. */
function receiveAll(port: number): Promise<number> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    let received = 0;
    const socket = connect({ host: '127.0.0.1', port });
    socket.on('data', (chunk: Buffer) => (received += chunk.length));
    socket.on('error', reject);
    socket.on('close', () => (received === TRANSFER_BYTES ? resolve(performance.now() - started) : reject(new Error(`got ${received} bytes`))));
  });
}

/** Median ms for one small request and its echo, on one kept-open connection. */
async function roundTrips(port: number): Promise<number> {
  const socket: Socket = connect({ host: '127.0.0.1', port });
  socket.setNoDelay(true);
  await new Promise((resolve) => socket.once('connect', resolve));
  const message = pattern(SMALL_BYTES);
  const times: number[] = [];
  for (let i = 0; i < ROUND_TRIPS; i++) {
    const started = performance.now();
    await new Promise<void>((resolve) => {
      let got = 0;
      const onData = (chunk: Buffer) => {
        got += chunk.length;
        if (got < SMALL_BYTES) return;
        socket.off('data', onData);
        resolve();
      };
      socket.on('data', onData);
      socket.write(message);
    });
    times.push(performance.now() - started);
  }
  socket.destroy();
  return median(times);
}

/**
 * The proxy runs as `gallery-sync proxy` in its own process, as it (or a real Toxiproxy) does in use: in this
 * process it would share one event loop with the client and the servers and measure the loop, not the proxy.
 */
async function startProxyProcess(): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, ['bin/gallery-sync.js', 'proxy', '--port', '0', '--seed', '1'], { stdio: ['ignore', 'pipe', 'inherit'] });
  let output = '';
  for await (const chunk of child.stdout!) {
    output += String(chunk);
    const url = /http:\/\/[\d.]+:\d+/.exec(output)?.[0];
    if (url) return { child, url };
  }
  throw new Error(`gallery-sync proxy exited before printing its URL: ${output}`);
}

/** For scale: the least a Node proxy can do (two pipe() calls), in its own process too. */
const BARE_PIPE_PROXY = `
import { connect, createServer } from 'node:net';
const server = createServer((client) => {
  const upstream = connect(Number(process.argv[1]), '127.0.0.1');
  client.pipe(upstream).on('error', () => {});
  upstream.pipe(client).on('error', () => {});
});
server.listen(0, '127.0.0.1', () => console.log('http://127.0.0.1:' + server.address().port));
`;

async function startBarePipe(upstreamPort: number): Promise<{ child: ChildProcess; port: number }> {
  const child = spawn(process.execPath, ['--input-type=module', '-e', BARE_PIPE_PROXY, String(upstreamPort)], { stdio: ['ignore', 'pipe', 'inherit'] });
  for await (const chunk of child.stdout!) return { child, port: Number(/:(\d+)/.exec(String(chunk))?.[1]) };
  throw new Error('bare pipe proxy did not start');
}

const bench: Benchmark = async () => {
  const { child, url } = await startProxyProcess();
  const client = new Toxiproxy(url);
  const big = await startServer(source(pattern(TRANSFER_BYTES)));
  const echoServer = await startServer(echo);
  const bare = await startBarePipe(big.port);
  try {
    const portOf = async (name: string, upstream: string) =>
      Number((await client.createProxy({ name, upstream, listen: '127.0.0.1:0' })).listen.split(':').at(-1));
    const bigProxy = await portOf('transfer', big.address);
    const echoProxy = await portOf('echo', echoServer.address);

    await receiveAll(big.port); // warm up both paths
    await receiveAll(bigProxy);
    await receiveAll(bare.port);
    const direct: number[] = [];
    const proxied: number[] = [];
    const barePiped: number[] = [];
    for (let i = 0; i < TRANSFER_RUNS; i++) {
      direct.push(await receiveAll(big.port)); // interleaved, so all see the same machine load
      proxied.push(await receiveAll(bigProxy));
      barePiped.push(await receiveAll(bare.port));
    }
    const mbps = (ms: number) => round(TRANSFER_BYTES / 1024 / 1024 / (ms / 1000), 1);
    const directMBps = mbps(median(direct));
    const proxiedMBps = mbps(median(proxied));
    const bareMBps = mbps(median(barePiped));

    const rttDirect = await roundTrips(echoServer.port);
    const rttProxied = await roundTrips(echoProxy);

    return [
      {
        name: '10 MB transfer through the proxy (no toxics)',
        value: proxiedMBps,
        unit: 'MB/s',
        baseline: { name: 'direct', value: directMBps },
        ratio: round(proxiedMBps / directMBps),
        note: `median of ${TRANSFER_RUNS} runs each, interleaved; aim ≥ 0.85`,
      },
      {
        name: '10 MB transfer through a bare Node pipe() proxy (for scale)',
        value: bareMBps,
        unit: 'MB/s',
        baseline: { name: 'direct', value: directMBps },
        ratio: round(bareMBps / directMBps),
        note: 'the ceiling of a one-process Node hop on this machine',
      },
      {
        name: `small request round trip (${SMALL_BYTES} B echo)`,
        value: round(rttProxied, 3),
        unit: 'ms',
        baseline: { name: 'direct', value: round(rttDirect, 3) },
        ratio: round(rttDirect / rttProxied),
        note: `added median latency ${round((rttProxied - rttDirect) * 1000, 0)} µs over ${ROUND_TRIPS} round trips`,
      },
    ];
  } finally {
    for (const running of [child, bare.child]) {
      running.kill('SIGTERM');
      await once(running, 'exit');
    }
    await big.close();
    await echoServer.close();
  }
};

export default bench;
