import { emulatorSerial } from '../../android/devices.ts';
import type { BrandName } from '../../fixtures/index.ts';
import type { RunOptions } from './run-options.ts';

/** The capability that lists every device a brand worker may use (its first is the worker's own session). */
export const PHONES_CAPABILITY = 'gallery-sync:phones';

/**
 * Where a run's phones are. Switching from simulated phones to an emulator, a USB phone or a device farm is a
 * change of profile: the spec, the stage and the brand drivers are the same.
 */
export interface DeviceProfile {
  /** One worker's session capabilities per brand (phone 1), with every usable udid under PHONES_CAPABILITY. */
  capabilities(brand: BrandName, brandIndex: number, run: RunOptions): WebdriverIO.Capabilities;
  /**
   * The harness may set a phone's clock (`cmd alarm set-time`: simulated phones; an emulator after `adb root`).
   * Without it, scenarios that jump time (`advance:`) are skipped with that reason.
   */
  clockControl: boolean;
  /**
   * How the phone's gallery reaches the fake cloud and the fault proxy on this machine: `adb reverse` (simulated
   * phones, emulators, USB phones) or the farm's tunnel (the endpoint must then be the tunnel's address).
   */
  reach: 'adb-reverse' | 'tunnel';
  /** The farm's own WebdriverIO settings (user, key, its service and tunnel). */
  wdio?: Record<string, unknown>;
}

/** Phones per brand worker on simulated devices (two-phone scenarios use the second). */
export const SIMULATED_PHONES_PER_BRAND = 2;

const uiAutomator2 = { platformName: 'Android', 'appium:automationName': 'UiAutomator2', 'appium:noReset': true, 'appium:newCommandTimeout': 0 } as const;

export const deviceProfiles: Record<RunOptions['deviceProfile'], DeviceProfile> = {
  /** gallery-sync's simulated phones behind its own adb server (started by the launcher on run.adbPort). */
  simulated: {
    capabilities: (brand, k, run) => {
      const udids = Array.from({ length: SIMULATED_PHONES_PER_BRAND }, (_, i) => emulatorSerial(k * SIMULATED_PHONES_PER_BRAND + i));
      return {
        ...uiAutomator2,
        'appium:udid': udids[0],
        'appium:adbPort': run.adbPort,
        'appium:brand': brand,
        // The simulated phones come with Appium's server in place and nothing to set up on the device.
        'appium:skipServerInstallation': true,
        'appium:skipDeviceInitialization': true,
        [PHONES_CAPABILITY]: udids,
      } as WebdriverIO.Capabilities;
    },
    clockControl: true,
    reach: 'adb-reverse',
  },
  /** A running emulator or a USB phone (`--udid serial[,serial2]`, `adb devices` names them), one brand. */
  local: {
    capabilities: (brand, _k, run) =>
      ({
        ...uiAutomator2,
        'appium:udid': run.udids[0],
        'appium:adbPort': run.adbPort,
        'appium:brand': brand,
        ...(run.appiumOnDevice ? { 'appium:skipServerInstallation': true, 'appium:skipDeviceInitialization': true } : {}),
        [PHONES_CAPABILITY]: run.udids,
      }) as WebdriverIO.Capabilities,
    clockControl: false,
    reach: 'adb-reverse',
  },
  /**
   * BrowserStack App Automate (Appium 3, real Xiaomi / OPPO / OnePlus / realme phones). Their tunnel (BrowserStack
   * Local) makes 127.0.0.1 on this machine reachable from the phone as bs-local.com. `mobile: shell` needs the
   * server's `adb_shell`, which a farm's Appium decides: without it the device commands the brand drivers send
   * through it (content query, dumpsys package, mkdir, pm clear) fail; see the README. Not tried against a farm.
   */
  browserstack: {
    capabilities: (brand, _k, run) => ({ ...uiAutomator2, 'appium:deviceName': run.udids[0] ?? '', 'appium:brand': brand, 'bstack:options': { local: true, appiumVersion: '3.0.0' }, [PHONES_CAPABILITY]: run.udids }) as WebdriverIO.Capabilities,
    clockControl: false,
    reach: 'tunnel',
    wdio: { user: process.env.BROWSERSTACK_USERNAME, key: process.env.BROWSERSTACK_ACCESS_KEY, services: [['browserstack', { browserstackLocal: true }]] },
  },
  /** Sauce Labs real devices (Appium 3, Sauce Connect tunnel); `adb_shell` only on private devices. */
  saucelabs: {
    capabilities: (brand, _k, run) => ({ ...uiAutomator2, 'appium:deviceName': run.udids[0] ?? '', 'appium:brand': brand, 'sauce:options': { appiumVersion: 'latest', tunnelName: process.env.SAUCE_TUNNEL_NAME }, [PHONES_CAPABILITY]: run.udids }) as WebdriverIO.Capabilities,
    clockControl: false,
    reach: 'tunnel',
    wdio: { user: process.env.SAUCE_USERNAME, key: process.env.SAUCE_ACCESS_KEY, region: 'eu', services: [['sauce', { sauceConnect: true }]] },
  },
};
