import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import type { Command } from 'commander';
import { BRANDS, brandOfMake, isBrandName, type BrandName } from '../../brands/index.ts';
import { resourceIds, suggestReplacement, walkScreens, type ScreenResult } from '../../drivers/appium/screen-walk.ts';
import { selectorsOf } from '../../drivers/brands.ts';
import { generateOne } from '../../fixtures/index.ts';
import { adbPortOf, appiumOnDevice, requireDevices } from '../adb.ts';
import { startAppium } from '../appium-server.ts';
import { EXIT, parseIntOption, UsageError } from '../usage-error.ts';

interface InspectFlags {
  udid: string;
  adbPort?: number;
  brand?: string;
  out: string;
}

const album = 'Camera';
const photo = 'gallery-sync-inspect.jpg';

export function registerInspect(program: Command): void {
  program
    .command('inspect')
    .description("walk the gallery's screens on a device, save each screen's page source and screenshot, and name the brand selectors that no longer resolve on its app version")
    .requiredOption('--udid <serial>', 'the device (as `adb devices` lists it)')
    .option('--adb-port <n>', 'the adb server (default: ANDROID_ADB_SERVER_PORT, else 5037)', parseIntOption('--adb-port', 1))
    .option('--brand <name>', "the phone's brand (default: from its manufacturer)")
    .option('--out <dir>', 'where the screens go', 'reports/out/inspect')
    .action(async (flags: InspectFlags) => {
      const port = adbPortOf(flags.adbPort);
      const adb = await requireDevices(port, [flags.udid]);
      const shell = (...args: string[]) => adb('-s', flags.udid, 'shell', ...args);
      const brand = await brandOf(flags.brand, (await shell('getprop', 'ro.product.manufacturer')).trim());
      const record = BRANDS[brand];
      const version = /versionName=(\S+)/.exec(await shell('dumpsys', 'package', record.gallery.package))?.[1];
      if (!version) throw new UsageError(`--udid ${flags.udid}: ${record.gallery.package} is not installed on it`);
      const book = selectorsOf(brand);
      const selectors = book.forVersion(version);
      console.log(`inspect: ${flags.udid}, ${brand} gallery ${record.gallery.package} ${version}; selectors ${record.selectors} entry "${book.entryFor(version)}"`);

      // A photo to open (pushed as a camera photo would be), removed afterwards.
      const file = join(tmpdir(), photo);
      let results: ScreenResult[] = [];
      let appium: Awaited<ReturnType<typeof startAppium>> | undefined;
      try {
        writeFileSync(file, (await generateOne('camera-photo', 0, { seed: 1, brand, cameraSize: { width: 640, height: 480 } })).bytes);
        await adb('-s', flags.udid, 'push', file, `/sdcard/DCIM/Camera/${photo}`);
        appium = await startAppium();
        const onDevice = await appiumOnDevice(adb, flags.udid);
        const { remote } = await import('webdriverio'); // loaded when the command runs, not by every command
        const browser = await remote({
          hostname: '127.0.0.1',
          port: appium.port,
          logLevel: 'silent',
          connectionRetryCount: 0,
          capabilities: { platformName: 'Android', 'appium:automationName': 'UiAutomator2', 'appium:udid': flags.udid, 'appium:adbPort': port, 'appium:noReset': true, ...(onDevice.server ? { 'appium:skipServerInstallation': true } : {}), ...(onDevice.settings ? { 'appium:skipDeviceInitialization': true } : {}) } as WebdriverIO.Capabilities,
        });
        try {
          results = await walkScreens(browser, record.gallery.package, selectors, { album, name: photo });
        } finally {
          await browser.deleteSession().catch(() => undefined);
        }
      } finally {
        await appium?.stop();
        await shell('rm', '-f', `/sdcard/DCIM/Camera/${photo}`).catch(() => undefined);
        rmSync(file, { force: true });
      }
      process.exitCode = report(results, { udid: flags.udid, version, selectors, selectorsFile: record.selectors, out: resolve(flags.out, flags.udid) });
    });
}

async function brandOf(flag: string | undefined, make: string): Promise<BrandName> {
  if (flag !== undefined) {
    if (!isBrandName(flag)) throw new UsageError(`--brand: unknown brand "${flag}"; known: ${Object.keys(BRANDS).join(', ')}`);
    return flag;
  }
  const brand = brandOfMake(make);
  if (!brand) throw new UsageError(`the device's manufacturer "${make}" is none of ${Object.values(BRANDS).map((b) => b.make).join(', ')}: name its brand with --brand`);
  return brand;
}

/** Prints what resolved and what broke, writes the screens and a version entry to paste; 0 when nothing broke. */
function report(results: readonly ScreenResult[], at: { udid: string; version: string; selectors: Record<string, string>; selectorsFile: string; out: string }): number {
  mkdirSync(at.out, { recursive: true });
  const entry: string[] = [];
  let broken = 0;
  let unreachable = 0;
  for (const result of results) {
    if (result.source) writeFileSync(join(at.out, `${result.screen}.xml`), result.source);
    if (result.screenshot) writeFileSync(join(at.out, `${result.screen}.png`), Buffer.from(result.screenshot, 'base64'));
    if (result.unreachable) {
      unreachable++;
      console.log(`✗ ${result.screen}: not reached, ${result.unreachable} did not resolve on the way`);
      continue;
    }
    const claimed = new Set(result.found.flatMap((name) => /([\w.]+:id\/\w+)|^id=(\w+)$/.exec(at.selectors[name] ?? '')?.slice(1).filter(Boolean) ?? []));
    const unclaimed = resourceIds(result.source ?? '').filter((id) => !claimed.has(id) && !claimed.has(id.split('/').at(-1) ?? id));
    console.log(`${result.broken.length ? '✗' : '✔'} ${result.screen}: ${result.found.length} of ${result.found.length + result.broken.length} selectors resolve`);
    for (const name of result.broken) {
      broken++;
      const old = at.selectors[name] ?? '';
      const suggestion = suggestReplacement(old, unclaimed);
      console.log(`    ${name}: ${old} does not resolve${suggestion ? `; the screen has ${suggestion}` : ''}`);
      entry.push(suggestion ? `  ${name}: ${suggestion}   # was ${old}` : `  # ${name}: no candidate on ${result.screen} (was ${old}); see ${result.screen}.xml`);
    }
  }
  const where = relative(process.cwd(), at.out) || '.';
  if (broken === 0 && unreachable === 0) {
    console.log(`\nevery checked selector resolves on ${at.version}; screens in ${where}/`);
    return EXIT.ok;
  }
  const yaml = `"${at.version}":\n${entry.join('\n')}\n`;
  writeFileSync(join(at.out, 'version-entry.yaml'), yaml);
  const counts = [`${broken} selector${broken === 1 ? '' : 's'} broken`, ...(unreachable ? [`${unreachable} screen${unreachable > 1 ? 's' : ''} not reached (fix the selectors on the way, then inspect again)`] : [])];
  console.log(`\n${counts.join('; ')} on ${at.version}. Paste into ${at.selectorsFile} (also in ${where}/version-entry.yaml):\n\n${yaml}`);
  return EXIT.failed;
}
