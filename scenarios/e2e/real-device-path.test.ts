import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { deviceProfiles, PHONES_CAPABILITY } from './device-profiles.ts';
import { runOptions } from './run-options.ts';

const repo = resolve(import.meta.dirname, '../..');

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return name.endsWith('.ts') && !name.endsWith('.test.ts') ? [path] : [];
  });
}

// The path a farm runs: the spec, the stage, the phone pool, the WebdriverIO config and the brand drivers. Moving
// from simulated phones to an emulator or a farm must be a change of capabilities only, so none of these may know
// a simulated phone from a real one.
const realDevicePath = [...['scenarios/e2e/catalog.e2e.ts', 'scenarios/e2e/appium-stage.ts', 'scenarios/e2e/phone-pool.ts', 'wdio.conf.ts'].map((f) => join(repo, f)), ...sources(join(repo, 'drivers'))];

describe('the real-device path has no simulated-only branch', () => {
  it.each(realDevicePath.map((f) => [relative(repo, f)]))('%s', (file) => {
    const text = readFileSync(join(repo, file), 'utf8');
    expect(text).not.toMatch(/GallerySim|galleryState|advanceClock/i);
    expect(text).not.toMatch(/from '[./]*(simulator|android)\//);
    // No branch on whether the phones are simulated: the profile's stated abilities only.
    expect(text).not.toMatch(/deviceProfile\s*===|simulated\s*[?:&|)]|\.simulated\b/);
  });

  it('every profile opens UiAutomator2 sessions on the devices its capabilities name', () => {
    const run = runOptions.parse({ udids: ['emulator-5554', 'emulator-5556'], adbPort: 5037 });
    for (const [name, profile] of Object.entries(deviceProfiles)) {
      const caps = profile.capabilities('xiaomi', 0, run) as Record<string, unknown>;
      expect(caps['appium:automationName'], name).toBe('UiAutomator2');
      expect(caps['appium:brand'], name).toBe('xiaomi');
      expect(caps[PHONES_CAPABILITY], name).toHaveLength(2);
    }
    // The simulated profile differs from a USB phone's in which udids, and in Appium's server being in place.
    const simulated = deviceProfiles.simulated.capabilities('oppo', 1, run) as Record<string, unknown>;
    const local = deviceProfiles.local.capabilities('oppo', 1, { ...run, appiumOnDevice: true, udids: ['emulator-5558', 'emulator-5560'] }) as Record<string, unknown>;
    expect(simulated).toEqual(local);
  });

  it('only profiles that can set a phone clock run scenarios that jump time', () => {
    expect(Object.entries(deviceProfiles).map(([name, p]) => `${name}: ${p.clockControl}`)).toEqual(['simulated: true', 'local: false', 'browserstack: false', 'saucelabs: false']);
  });
});
