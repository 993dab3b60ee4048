import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { Command } from 'commander';
import { BRANDS, brandOfMake, MIN_ANDROID_VERSION, type BrandName, type BrandRecord } from '../../brands/index.ts';
import { selectorsOf } from '../../drivers/brands.ts';
import { adbAt, adbBinary, adbPortOf, adbServerVersion, listDevices } from '../adb.ts';
import { ADB_SERVER_VERSION } from '../../android/adb/server.ts';
import { EXIT, parseIntOption } from '../usage-error.ts';

interface DoctorFlags {
  adbPort?: number;
  udid?: string;
}

interface Row {
  check: string;
  ok: boolean;
  result: string;
  fix?: string;
}

const root = fileURLToPath(new URL('../..', import.meta.url));
const run = promisify(execFile);

export function registerDoctor(program: Command): void {
  program
    .command('doctor')
    .description('is this machine (and each device) ready for a device run? a table with a fix for each failure; exit 0 / 1')
    .option('--adb-port <n>', 'the adb server to ask (default: ANDROID_ADB_SERVER_PORT, else 5037)', parseIntOption('--adb-port', 1))
    .option('--udid <serial>', 'check this device only')
    .action(async (flags: DoctorFlags) => {
      const port = adbPortOf(flags.adbPort);
      const rows = await diagnose(port, flags.udid);
      printTable(rows);
      const failed = rows.filter((r) => !r.ok).length;
      console.log(failed ? `\n${failed} check${failed > 1 ? 's' : ''} failed: fix ${failed > 1 ? 'them' : 'it'} and run \`gallery-sync doctor\` again` : '\nready for a device run');
      process.exitCode = failed ? EXIT.failed : EXIT.ok;
    });
}

export async function diagnose(port: number, onlyUdid?: string): Promise<Row[]> {
  const rows: Row[] = [];
  const adbPath = adbBinary();
  const clientVersion = adbPath ? await run(adbPath, ['version']).then((r) => r.stdout.split('\n')[1] ?? '', () => undefined) : undefined;
  rows.push(adbPath && clientVersion !== undefined ? { check: 'adb client', ok: true, result: `${adbPath} (${clientVersion})` } : { check: 'adb client', ok: false, result: 'not found', fix: "apt-get install adb (Debian's adb is a minimal SDK at /usr/lib/android-sdk), or set ANDROID_HOME to an SDK with platform-tools/adb" });
  rows.push(...appiumRows());
  const server = await adbServerVersion(port);
  if (server === undefined) {
    rows.push({ check: 'adb server', ok: false, result: `nothing answers on 127.0.0.1:${port}`, fix: `start one: \`adb start-server\` (emulators, USB phones) or \`npx gallery-sync devices --adb-port ${port}\` (simulated phones)` });
    return rows;
  }
  if (server !== ADB_SERVER_VERSION) {
    rows.push({ check: 'adb server', ok: false, result: `127.0.0.1:${port} speaks protocol ${server}, this adb client ${ADB_SERVER_VERSION}`, fix: 'the client would kill it and start its own: stop it with the adb that started it, or use another --adb-port' });
    return rows;
  }
  rows.push({ check: 'adb server', ok: true, result: `127.0.0.1:${port}, protocol ${server}` });
  if (!adbPath) return rows;
  const adb = adbAt(port);
  const devices = (await listDevices(adb)).filter(([serial]) => !onlyUdid || serial === onlyUdid);
  if (devices.length === 0) {
    rows.push({ check: 'devices', ok: false, result: onlyUdid ? `no device ${onlyUdid}` : 'none', fix: 'start an emulator, plug a phone in with USB debugging on, or run `npx gallery-sync devices`' });
    return rows;
  }
  for (const [serial, state] of devices) {
    const found: Row[] = [];
    // A device that stops answering halfway gets a ✗ row for the check it failed, not a stack trace.
    await deviceRows(serial, state, (...args) => adb('-s', serial, ...args), found).catch((error: { stderr?: string; message: string }) => {
      found.push({ check: `${serial} adb`, ok: false, result: `stopped answering: ${(error.stderr || error.message).trim().split('\n')[0]}`, fix: `check the device (\`adb -s ${serial} shell echo ok\`), reconnect it, and run doctor again` });
    });
    rows.push(...found);
  }
  return rows;
}

/** The checks of one device, pushed into `rows` as they pass or fail (so a later adb failure keeps them). */
async function deviceRows(serial: string, state: string, adb: (...args: string[]) => Promise<string>, rows: Row[]): Promise<void> {
  if (state !== 'device') {
    const fix = state === 'unauthorized' ? 'unlock the phone and accept the "Allow USB debugging" prompt' : 'reconnect it (`adb reconnect`), or restart the emulator';
    rows.push({ check: `${serial} state`, ok: false, result: state, fix });
    return;
  }
  rows.push({ check: `${serial} state`, ok: true, result: 'device' });
  const shellOk = await adb('shell', 'echo', 'gallery-sync').then((out) => out.trim() === 'gallery-sync', () => false);
  if (!shellOk) {
    rows.push({ check: `${serial} adb shell`, ok: false, result: 'no answer', fix: 'check `adb -s ' + serial + ' shell echo ok` by hand' });
    return;
  }
  rows.push({ check: `${serial} adb shell`, ok: true, result: 'answers (the brand drivers read MediaStore and versions through `mobile: shell`, which needs Appium\'s adb_shell: `run` allows it)' });
  const release = (await adb('shell', 'getprop', 'ro.build.version.release')).trim();
  const major = Number.parseInt(release, 10);
  rows.push(major >= MIN_ANDROID_VERSION ? { check: `${serial} Android`, ok: true, result: release } : { check: `${serial} Android`, ok: false, result: release || 'unknown', fix: `the Google Photos integration needs Android ${MIN_ANDROID_VERSION} or later` });
  const make = (await adb('shell', 'getprop', 'ro.product.manufacturer')).trim();
  const model = (await adb('shell', 'getprop', 'ro.product.model')).trim();
  const brand = brandOfMake(make);
  if (!brand) {
    rows.push({ check: `${serial} brand`, ok: false, result: `${make} ${model}`, fix: `not a brand gallery-sync drives (${Object.values(BRANDS).map((b) => b.make).join(', ')}); add its record under brands/` });
    return;
  }
  rows.push({ check: `${serial} brand`, ok: true, result: `${brand} (${make} ${model})` });
  const record: BrandRecord = BRANDS[brand];
  const galleryVersion = versionName(await adb('shell', 'dumpsys', 'package', record.gallery.package));
  const tooOld = galleryVersion !== undefined && record.gallery.minVersion !== undefined && compareVersions(galleryVersion, record.gallery.minVersion) < 0;
  rows.push(
    galleryVersion === undefined
      ? { check: `${serial} gallery`, ok: false, result: `${record.gallery.package} not installed`, fix: `install the brand's gallery (${record.gallery.package})` }
      : tooOld
        ? { check: `${serial} gallery`, ok: false, result: `${record.gallery.package} ${galleryVersion}`, fix: `update the gallery to ${record.gallery.minVersion} or later (the Google Photos integration)` }
        : { check: `${serial} gallery`, ok: true, result: `${record.gallery.package} ${galleryVersion}` },
  );
  const photosVersion = versionName(await adb('shell', 'dumpsys', 'package', record.googlePhotos.package));
  rows.push(photosVersion ? { check: `${serial} Google Photos`, ok: true, result: `${record.googlePhotos.package} ${photosVersion}` } : { check: `${serial} Google Photos`, ok: false, result: 'not installed', fix: 'install or update Google Photos from the Play Store' });
  if (galleryVersion !== undefined) rows.push(selectorRow(serial, brand, galleryVersion));
}

function selectorRow(serial: string, brand: BrandName, version: string): Row {
  const book = selectorsOf(brand);
  const entry = book.entryFor(version);
  const checked = book.checkedAgainst.includes(version);
  return {
    check: `${serial} selectors`,
    ok: true,
    result: `${BRANDS[brand].selectors}: ${entry === 'default' ? `"default" (no entry for ${version})` : `"${entry}"`}${checked ? ', checked on this version' : ', not checked on a real phone yet: `gallery-sync inspect` shows what breaks'}`,
  };
}

function appiumRows(): Row[] {
  const version = (pkg: string) => {
    try {
      return (JSON.parse(readFileSync(join(root, 'node_modules', pkg, 'package.json'), 'utf8')) as { version: string }).version;
    } catch {
      return undefined;
    }
  };
  const appium = version('appium');
  const driver = version('appium-uiautomator2-driver');
  return [
    appium ? { check: 'Appium', ok: true, result: appium } : { check: 'Appium', ok: false, result: 'not installed', fix: 'npm ci' },
    driver ? { check: 'UiAutomator2 driver', ok: true, result: `appium-uiautomator2-driver ${driver}` } : { check: 'UiAutomator2 driver', ok: false, result: 'not installed', fix: 'npm ci' },
  ];
}

const versionName = (dump: string): string | undefined => /versionName=(\S+)/.exec(dump)?.[1];

/** Compares dotted versions by their numbers (3.6.2.10-global vs 3.6.2.9: newer). */
function compareVersions(a: string, b: string): number {
  const pa = a.match(/\d+/g)?.map(Number) ?? [];
  const pb = b.match(/\d+/g)?.map(Number) ?? [];
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) if ((pa[i] ?? 0) !== (pb[i] ?? 0)) return (pa[i] ?? 0) - (pb[i] ?? 0);
  return 0;
}

function printTable(rows: readonly Row[]): void {
  const width = Math.max(...rows.map((r) => r.check.length));
  for (const row of rows) {
    console.log(`${row.ok ? '✔' : '✗'} ${row.check.padEnd(width)}  ${row.result}`);
    if (row.fix) console.log(`  ${' '.repeat(width)}  fix: ${row.fix}`);
  }
}
