import type { Command } from 'commander';
import { renamedBuilds } from '../../android/ui/skin.ts';
import { adbPortOf } from '../adb.ts';
import { parseIntOption, UsageError } from '../usage-error.ts';
import { parseBrands, parseBugs } from './scenario-options.ts';

interface DevicesFlags {
  phones: number;
  brand?: string;
  adbPort?: number;
  seed: number;
  bug: string[];
  timeScale: string;
  galleryVersion?: string;
}

export function registerDevices(program: Command): void {
  program
    .command('devices')
    .description('serve simulated phones as Android devices: an adb server that `adb`, appium-adb and the UiAutomator2 driver use')
    .option('--phones <n>', 'phones per brand', parseIntOption('--phones', 1), 1)
    .option('--brand <list>', 'comma-separated brands; default: all four')
    .option('--adb-port <n>', 'where the adb server listens (default: ANDROID_ADB_SERVER_PORT, else 5037)', parseIntOption('--adb-port', 1))
    .option('--seed <n>', 'seed of the phones', parseIntOption('--seed'), 1)
    .option('--bug <profile>', 'the gallery build on every phone has this known bug (repeatable)', (v: string, all: string[]) => [...all, v], [])
    .option('--time-scale <x>', "the phones' time runs this many times faster than the wall clock", '1')
    .option('--gallery-version <v>', `the gallery build installed (default: the brand's; ${Object.entries(renamedBuilds).map(([skin, builds]) => `${Object.keys(builds).join(', ')} renames views of ${skin}`).join('; ')})`)
    .action(async (flags: DevicesFlags) => {
      const brands = parseBrands(flags.brand);
      const bugs = parseBugs(flags.bug);
      const timeScale = Number(flags.timeScale);
      if (!(timeScale > 0 && timeScale <= 1000)) throw new UsageError(`--time-scale must be a number in (0, 1000], got "${flags.timeScale}"`);
      if (flags.phones > 32) throw new UsageError(`--phones must be at most 32 per brand, got ${flags.phones}`);
      const adbPort = adbPortOf(flags.adbPort);
      const galleryVersions = flags.galleryVersion ? Object.fromEntries(brands.map((b) => [b, flags.galleryVersion as string])) : undefined;
      const { DeviceFarm } = await import('../../android/devices.ts'); // loaded when the command runs, not by every command
      const farm = await DeviceFarm.start({ phones: flags.phones, brands, seed: flags.seed, bugs, timeScale, adbPort, ...(galleryVersions ? { galleryVersions } : {}) }).catch((error: NodeJS.ErrnoException) => {
        throw new UsageError(error.code === 'EADDRINUSE' ? `--adb-port ${adbPort}: another adb server listens there (stop it with \`adb kill-server\`, or pick another port)` : `--adb-port ${adbPort}: cannot listen there (${error.code ?? error.message})`);
      });
      const stop = async (why: string) => {
        await farm.close();
        console.log(`adb server stopped (${why})`);
        process.exit(0);
      };
      farm.adb.onKill = () => console.log('adb kill-server: the simulated phones stay (Ctrl-C stops them)');
      // Before the "adb server" line: a harness that reads it and stops the farm at once must find the handlers there.
      process.once('SIGINT', () => void stop('SIGINT'));
      process.once('SIGTERM', () => void stop('SIGTERM'));
      console.log(`adb server for simulated phones on 127.0.0.1:${farm.port}${adbPort === 5037 ? '' : `  (export ANDROID_ADB_SERVER_PORT=${farm.port})`}`);
      for (const phone of farm.phones) console.log(`  ${phone.serial}  ${phone.phone.profile.make} ${phone.phone.model}, Android ${phone.phone.profile.androidVersion}, ${phone.packageName} ${phone.phone.profile.galleryVersion}${bugs.length ? `, bugs: ${bugs.join(', ')}` : ''}`);
    });
}
