import type { Command } from 'commander';
import { RealClock } from '../../runtime/real-clock.ts';
import { DEFAULT_API_PORT, startFaultServer } from '../../network/index.ts';
import { parseIntOption, UsageError } from '../usage-error.ts';

interface ProxyFlags {
  port: number;
  host: string;
  seed: number;
}

const LOOPBACK = ['127.0.0.1', '::1', 'localhost'];

export function registerProxy(program: Command): void {
  program
    .command('proxy')
    .description("start the fault proxy: Toxiproxy's HTTP API, seeded, with an event log at /events")
    .option('--port <n>', 'API port (0 = any free port)', parseIntOption('--port'), DEFAULT_API_PORT)
    .option('--host <addr>', 'API address (loopback only)', '127.0.0.1')
    .option('--seed <n>', 'seed for every random draw (toxicity, jitter, slicer sizes): same seed, same decisions', parseIntOption('--seed'), 0)
    .action(runProxy);
}

async function runProxy(flags: ProxyFlags): Promise<void> {
  if (!LOOPBACK.includes(flags.host)) throw new UsageError(`--host must be a loopback address (127.0.0.1 or ::1), got "${flags.host}"`);
  if (flags.port > 65_535) throw new UsageError(`--port must be at most 65535, got ${flags.port}`);
  const host = flags.host === 'localhost' ? '127.0.0.1' : flags.host;
  const server = await startFaultServer({ clock: new RealClock(), seed: flags.seed, host, port: flags.port }).catch((error: NodeJS.ErrnoException) => {
    throw error.code === 'EADDRINUSE' ? new UsageError(`port ${flags.port} is already in use: pick another with --port`) : error;
  });
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return; // Ctrl-C reaches the launcher too, which passes it on (bin/gallery-sync.js)
    stopping = true;
    await server.close();
    console.log(`fault proxy stopped (${signal})`);
    process.exit(0);
  };
  // Before the "listening" line: a harness that reads it and stops the proxy at once must find the handlers there.
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, () => void stop(signal));
  console.log(`fault proxy (Toxiproxy API) listening on ${server.url}  (seed ${flags.seed}; events: ${server.url}/events)`);
}
