import { existsSync, statSync } from 'node:fs';
import { makeFolders } from '../folders.ts';
import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import { OffsetClock, RealClock } from '../../runtime/real-clock.ts';
import { Cloud, startCloudServer, storeDamage, storedClockOffset } from '../../fake-cloud/index.ts';
import { parseIntOption, UsageError } from '../usage-error.ts';

interface CloudFlags {
  port: number;
  host: string;
  data: string;
  memory?: boolean;
  exports?: string;
  seed: number;
  publicUrl?: string;
}

export function registerCloud(program: Command): void {
  program
    .command('cloud')
    .description('start the fake Photos cloud (Library-API-shaped + sync extension + /__admin)')
    .option('--port <n>', 'port to listen on (0 = any free port)', parseIntOption('--port'), 8787)
    .option('--host <addr>', 'address to listen on (loopback only)', '127.0.0.1')
    .option('--data <dir>', 'keep state in this directory (SQLite + blobs); survives restarts and crashes', '.cloud-data')
    .option('--memory', 'keep state in memory only (lost on exit)')
    .option('--exports <dir>', 'the only folder /__admin/export writes to and /__admin/import reads from (default: DATA/exports; with --memory, a new temp folder)')
    .option('--seed <n>', 'seed for ids and fault draws (credentials and baseUrl signatures are random)', parseIntOption('--seed'), 0)
    .option('--public-url <url>', 'origin to put in baseUrl/productUrl/upload URLs (for phones behind a tunnel or proxy)')
    .action(runCloud);
}

async function runCloud(flags: CloudFlags): Promise<void> {
  if (!['127.0.0.1', '::1', 'localhost'].includes(flags.host)) throw new UsageError(`--host must be a loopback address (127.0.0.1 or ::1), got "${flags.host}"`);
  if (flags.publicUrl !== undefined && !/^https?:\/\/[^/]+/.test(flags.publicUrl)) throw new UsageError(`--public-url must be an http(s) URL, got "${flags.publicUrl}"`);
  if (flags.port > 65_535) throw new UsageError(`--port must be at most 65535, got ${flags.port}`);
  const dataDir = flags.memory ? undefined : resolve(flags.data);
  if (dataDir && existsSync(dataDir) && !statSync(dataDir).isDirectory()) throw new UsageError(`--data ${flags.data}: not a directory`);
  const exportsDir = flags.exports === undefined ? undefined : resolve(flags.exports);
  if (exportsDir && existsSync(exportsDir) && !statSync(exportsDir).isDirectory()) throw new UsageError(`--exports ${flags.exports}: not a directory`);
  let cloud: Cloud;
  try {
    if (dataDir) makeFolders(dataDir);
    refuseDamagedStore(dataDir);
    const clock = new OffsetClock(new RealClock(), dataDir ? storedClockOffset(dataDir) : 0);
    cloud = new Cloud({ clock, seed: flags.seed, dataDir, exportsDir });
  } catch (error) {
    if (error instanceof UsageError) throw error;
    const { code, message } = error as NodeJS.ErrnoException;
    throw new UsageError(`--data ${flags.data}: cannot keep the cloud's state there (${code ?? message})`);
  }
  const server = await startCloudServer(cloud, { port: flags.port, host: flags.host, publicUrl: flags.publicUrl }).catch((error: NodeJS.ErrnoException) => {
    cloud.close();
    throw error.code === 'EADDRINUSE' ? new UsageError(`port ${flags.port} is already in use: pick another with --port`) : error;
  });
  const stop = async (signal: string) => {
    await server.close();
    cloud.close();
    console.log(`fake cloud stopped (${signal})`);
    process.exit(0);
  };
  // Before the "listening" line: a harness that reads it and stops the cloud at once must find the handlers there.
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));
  const exportsNote = cloud.exportsDir ? `exports: ${cloud.exportsDir}` : 'exports: a new temp folder on first export';
  console.log(`fake cloud listening on ${server.url}  (${dataDir ? `data: ${dataDir}` : 'memory only'}; ${exportsNote}; health: ${server.url}/__admin/health)`);
  console.log(`web view (read-only): ${server.url}/`);
}

/** Checked before anything opens the store for writing, so a refused start changes nothing on disk. */
function refuseDamagedStore(dataDir: string | undefined): void {
  const damage = dataDir ? storeDamage(join(dataDir, 'cloud.db')) : undefined;
  if (damage) throw new UsageError(`${damage.file}: ${damage.problem}. The cloud does not start on a damaged store and changed nothing: restore the folder, or start with another --data.`);
}
