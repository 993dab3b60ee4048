import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { readFile } from 'node:fs/promises';
import { connect, type Socket } from 'node:net';
import { performance } from 'node:perf_hooks';
import { Toxiproxy } from 'toxiproxy-node-client';
import { echo, pattern, source, startServer } from '../network/testing.ts';
import { cpuSeconds, median, round, type Benchmark } from './bench.ts';
import { tunedCommands, tunedEnv } from '../bin/tuned-commands.js';

const TRANSFER_BYTES = 10 * 1024 * 1024;
const TRANSFER_RUNS = 40;
/**
 * A freshly started proxy carries its first ~150 MB at 100–500 MB/s while V8 optimises the data path (measured
 * transfer by transfer), so "fresh" is measured after this many plain transfers: no toxic, no state left behind.
 */
const WARM_UP_RUNS = 20;
const ROUND_TRIPS = 2000;
const SMALL_BYTES = 64;
/** "After use", as issue 17 measured the slowdown: toxic add/remove cycles and short connections, then the same transfer. */
const TOXIC_CYCLES = 1000;
const SHORT_CONNECTIONS = 500;
const CHURN_TOXICS = [
  { type: 'latency', attributes: { latency: 1, jitter: 1 } },
  { type: 'bandwidth', attributes: { rate: 100_000 } },
  { type: 'slicer', attributes: { average_size: 16, size_variation: 8, delay: 10 } },
  { type: 'slow_close', attributes: { delay: 1 } },
  { type: 'limit_data', attributes: { bytes: 1_000_000 } },
  { type: 'reset_peer', toxicity: 0, attributes: { timeout: 0 } },
  { type: 'timeout', toxicity: 0, attributes: { timeout: 0 } },
];

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

/** The process that serves: `gallery-sync proxy` runs in a child its launcher starts (bin/gallery-sync.js). */
async function servingPid(launcher: number): Promise<number> {
  const children = (await readFile(`/proc/${launcher}/task/${launcher}/children`, 'utf8')).trim().split(/\s+/).filter(Boolean);
  if (children.length !== 1) throw new Error(`gallery-sync proxy (pid ${launcher}) should run in one child process, found ${children.length}`);
  return Number(children[0]);
}

async function residentMB(pid: number): Promise<number> {
  const kB = Number(/VmRSS:\s+(\d+)/.exec(await readFile(`/proc/${pid}/status`, 'utf8'))?.[1]);
  return round(kB / 1024, 0);
}

/** One short request/response connection: connect, send, read the echo (or the proxy's close), end. */
function shortConnection(port: number): Promise<void> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    let got = 0;
    socket.on('connect', () => socket.write(pattern(SMALL_BYTES)));
    socket.on('data', (chunk: Buffer) => {
      got += chunk.length;
      if (got >= SMALL_BYTES) socket.end();
    });
    socket.on('error', () => undefined);
    socket.on('close', () => resolve());
  });
}

/**
 * Mixed use of the proxy the transfer goes through, and of a second one: toxics of every type added and removed
 * (on both streams), with short connections through the second proxy while toxics are on it.
 */
async function mixedUse(url: string, echoProxy: string, echoPort: number): Promise<void> {
  const post = (path: string, body: unknown) => fetch(url + path, { method: 'POST', body: JSON.stringify(body) });
  let connections = 0;
  for (let i = 0; i < TOXIC_CYCLES; i++) {
    const toxic = { ...CHURN_TOXICS[i % CHURN_TOXICS.length]!, name: `churn${i}`, stream: i % 2 ? 'upstream' : 'downstream' };
    const proxy = i % 2 ? 'transfer' : echoProxy;
    const added = await post(`/proxies/${proxy}/toxics`, toxic);
    if (added.status !== 200) throw new Error(`adding ${toxic.type}: ${added.status} ${await added.text()}`);
    if (proxy === echoProxy && connections < SHORT_CONNECTIONS) {
      await Promise.all([shortConnection(echoPort), shortConnection(echoPort)]);
      connections += 2;
    }
    await fetch(`${url}/proxies/${proxy}/toxics/${toxic.name}`, { method: 'DELETE' });
  }
  if (connections < SHORT_CONNECTIONS) throw new Error(`only ${connections} short connections`);
}

type Path = 'direct' | 'fresh' | 'used' | 'bare' | 'tunedBare';

/**
 * Median MB/s through each path, one transfer of each in turn so that all see the same machine load (this machine
 * is shared), the order rotating each round (a transfer right after another proxy's ran slower), and the CPU
 * seconds each proxy process spent per GiB it carried.
 */
async function transfers(ports: Record<Path, number>, proxyPids: { fresh: number; used: number }) {
  const times: Record<Path, number[]> = { direct: [], fresh: [], used: [], bare: [], tunedBare: [] };
  const cpu = { fresh: 0, used: 0 };
  const order: Path[] = ['direct', 'fresh', 'used', 'bare', 'tunedBare'];
  for (let i = 0; i < TRANSFER_RUNS; i++) {
    for (const path of [...order.slice(i % order.length), ...order.slice(0, i % order.length)]) {
      const pid = path === 'fresh' || path === 'used' ? proxyPids[path] : undefined;
      const before = pid ? cpuSeconds(pid) : 0;
      times[path].push(await receiveAll(ports[path]));
      if (pid) cpu[path as 'fresh' | 'used'] += cpuSeconds(pid) - before;
    }
  }
  const mbps = (path: Path) => round(TRANSFER_BYTES / 1024 / 1024 / (median(times[path]) / 1000), 1);
  const gib = (TRANSFER_RUNS * TRANSFER_BYTES) / 1024 ** 3;
  return {
    mbps: { direct: mbps('direct'), fresh: mbps('fresh'), used: mbps('used'), bare: mbps('bare'), tunedBare: mbps('tunedBare') },
    cpuPerGiB: { fresh: round(cpu.fresh / gib, 2), used: round(cpu.used / gib, 2) },
  };
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

/** The bare pipe as Node starts it, or `tuned` with the settings `gallery-sync proxy` runs with (bin/tuned-commands.js). */
async function startBarePipe(upstreamPort: number, tuned = false): Promise<{ child: ChildProcess; port: number }> {
  const tuning = tunedCommands.proxy!;
  const flags = tuned ? tuning.nodeFlags : [];
  const child = spawn(process.execPath, [...flags, '--input-type=module', '-e', BARE_PIPE_PROXY, String(upstreamPort)], { stdio: ['ignore', 'pipe', 'inherit'], env: tuned ? tunedEnv(tuning) : process.env });
  for await (const chunk of child.stdout!) return { child, port: Number(/:(\d+)/.exec(String(chunk))?.[1]) };
  throw new Error('bare pipe proxy did not start');
}

/** A proxy process with a `transfer` proxy (to the big source) and an `echo` proxy; their ports. */
async function proxyWithRoutes(bigAddress: string, echoAddress: string) {
  const { child, url } = await startProxyProcess();
  const client = new Toxiproxy(url);
  const portOf = async (name: string, upstream: string) => Number((await client.createProxy({ name, upstream, listen: '127.0.0.1:0' })).listen.split(':').at(-1));
  return { child, url, transfer: await portOf('transfer', bigAddress), echo: await portOf('echo', echoAddress) };
}

/**
 * Two proxy processes started alike: `fresh` only carries the measured transfers; `used` first goes through the
 * mixed use. Measured side by side (with a bare pipe() proxy and the direct path) so the comparison is fair.
 */
const bench: Benchmark = async () => {
  const big = await startServer(source(pattern(TRANSFER_BYTES)));
  const echoServer = await startServer(echo);
  const fresh = await proxyWithRoutes(big.address, echoServer.address);
  const used = await proxyWithRoutes(big.address, echoServer.address);
  const bare = await startBarePipe(big.port);
  const tunedBare = await startBarePipe(big.port, true);
  try {
    const ports = { direct: big.port, fresh: fresh.transfer, used: used.transfer, bare: bare.port, tunedBare: tunedBare.port };
    const pids = { fresh: await servingPid(fresh.child.pid!), used: await servingPid(used.child.pid!) };
    for (let i = 0; i < WARM_UP_RUNS; i++) for (const port of Object.values(ports)) await receiveAll(port);
    await mixedUse(used.url, 'echo', used.echo);
    const { mbps, cpuPerGiB } = await transfers(ports, pids);
    const resident = { fresh: await residentMB(pids.fresh), used: await residentMB(pids.used) };
    const directMBps = mbps.direct;
    const proxiedMBps = mbps.fresh;
    const bareMBps = mbps.bare;
    const echoProxy = fresh.echo;

    const rttDirect = await roundTrips(echoServer.port);
    const rttProxied = await roundTrips(echoProxy);

    return [
      {
        name: '10 MB transfer through the proxy (no toxics)',
        value: proxiedMBps,
        unit: 'MB/s',
        baseline: { name: 'direct', value: directMBps },
        ratio: round(proxiedMBps / directMBps),
        note: `median of ${TRANSFER_RUNS} runs each, interleaved, after ${WARM_UP_RUNS} warm-up transfers; aim ≥ 0.9× the bare pipe (below)`,
      },
      {
        name: `10 MB transfer through a proxy after ${TOXIC_CYCLES} toxic add/remove cycles and ${SHORT_CONNECTIONS} short connections`,
        value: mbps.used,
        unit: 'MB/s',
        baseline: { name: 'a fresh proxy, interleaved', value: mbps.fresh },
        ratio: round(mbps.used / mbps.fresh),
        note: `aim ≥ 0.9 (within 10%); resident ${resident.fresh} MB fresh, ${resident.used} MB used; CPU ${cpuPerGiB.fresh} s/GiB fresh, ${cpuPerGiB.used} used`,
      },
      {
        name: 'the used proxy against a bare Node pipe() proxy, same run',
        value: mbps.used,
        unit: 'MB/s',
        baseline: { name: 'bare pipe() proxy, interleaved', value: mbps.bare },
        ratio: round(mbps.used / mbps.bare),
        note: `aim ≥ 0.9; the fresh proxy: ${round(mbps.fresh / mbps.bare)}`,
      },
      {
        name: 'the used proxy against a bare pipe() proxy started with the same settings (bin/tuned-commands.js)',
        value: mbps.used,
        unit: 'MB/s',
        baseline: { name: 'bare pipe() proxy, same V8 and glibc settings, interleaved', value: mbps.tunedBare },
        ratio: round(mbps.used / mbps.tunedBare),
        note: `how much of the gain is the settings: the bare pipe with them carries ${round(mbps.tunedBare / mbps.bare)}× the bare pipe without`,
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
    for (const running of [fresh.child, used.child, bare.child, tunedBare.child]) {
      running.kill('SIGTERM');
      await once(running, 'exit');
    }
    await big.close();
    await echoServer.close();
  }
};

export default bench;
