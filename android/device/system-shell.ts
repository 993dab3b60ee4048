import type { AndroidDevice } from './android-device.ts';
import { ShellCommandFailedError, UnsupportedShellCommandError } from './errors.ts';
import type { DeviceSystem } from './system.ts';

interface SystemCall {
  device: AndroidDevice;
  system: DeviceSystem;
  args: string[];
  line: string;
  /** Aborted when the adb client goes away (a long `am instrument -w` then ends). */
  signal?: AbortSignal | undefined;
  /** Output of a long-running command as it happens. */
  write?: ((stdout: string) => void) | undefined;
}

/** The packages of Appium's on-device UiAutomator2 server (appium-uiautomator2-server). */
export const UIA2_SERVER_PACKAGE = 'io.appium.uiautomator2.server';
export const UIA2_TEST_PACKAGE = 'io.appium.uiautomator2.server.test';
/** Appium's helper app (io.appium.settings): the driver starts it to have pushed media scanned. */
export const APPIUM_SETTINGS_PACKAGE = 'io.appium.settings';

/** Packages a simulated phone has: the gallery, the launcher, Google Photos, and Appium's server. */
function packages(system: DeviceSystem): string[] {
  return ['android', 'com.android.launcher3', 'com.android.settings', 'com.google.android.apps.photos', system.packageName, UIA2_SERVER_PACKAGE, UIA2_TEST_PACKAGE, APPIUM_SETTINGS_PACKAGE];
}

/**
 * Shell commands that reach Android's system services on a full simulated device (activity and package
 * managers, alarms, input, window manager). A handler returns undefined to leave the line to the file and
 * MediaStore commands of shell.ts (`am force-stop` of the gallery, `dumpsys package`, `cmd connectivity`…).
 */
export const systemCommands: Record<string, (call: SystemCall) => Promise<string | undefined> | string | undefined> = {
  async am({ system, args, line, signal }) {
    const [verb] = args;
    if (verb === 'instrument') {
      const component = args.at(-1) ?? '';
      if (!component.startsWith(`${UIA2_TEST_PACKAGE}/`)) throw new ShellCommandFailedError(line, `INSTRUMENTATION_FAILED: ${component}\n`, '', 1);
      await system.startUiAutomator2();
      if (!args.includes('-w')) return '';
      // `-w` waits for the instrumentation to finish: the server runs until it is stopped or the client leaves.
      await new Promise<void>((resolve) => {
        const poll = setInterval(() => {
          if (!system.uiAutomator2Running() || signal?.aborted) {
            clearInterval(poll);
            resolve();
          }
        }, 100);
      });
      if (signal?.aborted) await system.stopUiAutomator2();
      return 'INSTRUMENTATION_STATUS_CODE: -1\nINSTRUMENTATION_RESULT: shortMsg=Process crashed.\nINSTRUMENTATION_CODE: 0\n';
    }
    if (verb === 'force-stop' && (args[1] === UIA2_SERVER_PACKAGE || args[1] === UIA2_TEST_PACKAGE)) {
      await system.stopUiAutomator2();
      return '';
    }
    if (verb === 'start' || verb === 'start-activity') {
      const component = valueAfter(args, '-n');
      const pkg = component?.split('/')[0];
      // Appium's settings app runs in the background: MediaStore here indexes pushed files by itself.
      if (pkg === APPIUM_SETTINGS_PACKAGE) return `Starting: Intent { cmp=${component} }\n`;
      if (pkg !== system.packageName) throw new ShellCommandFailedError(line, `Error: Activity not started, unable to resolve Intent { cmp=${component ?? '?'} }\n`, 'Starting: Intent\n', 1);
      system.startGallery();
      return `Starting: Intent { cmp=${component} }\nStatus: ok\nLaunchState: WARM\nActivity: ${component}\nTotalTime: 120\nWaitTime: 125\nComplete\n`;
    }
    if (verb === 'broadcast') return broadcast(system, args.slice(1), line);
    return undefined;
  },

  pm({ system, args, line }) {
    const [verb, ...rest] = args;
    if (verb === 'clear') {
      const pkg = rest.filter((a) => !a.startsWith('-')).at(-1);
      if (pkg === system.packageName) system.clearGallery();
      else if (!pkg || !packages(system).includes(pkg)) throw new ShellCommandFailedError(line, 'Failed\n', '', 1);
      return 'Success\n';
    }
    if (verb === 'list' && rest[0] === 'packages') {
      const filter = rest.slice(1).find((a) => !a.startsWith('-'));
      return packages(system)
        .filter((p) => !filter || p.includes(filter))
        .map((p) => `package:${p}\n`)
        .join('');
    }
    if (verb === 'path') {
      const pkg = rest[0] ?? '';
      if (!packages(system).includes(pkg)) throw new ShellCommandFailedError(line, '', '', 1);
      return `package:/data/app/~~sim==/${pkg}-1/base.apk\n`;
    }
    if (verb === 'grant' || verb === 'revoke' || verb === 'disable-user' || verb === 'enable') return '';
    throw new UnsupportedShellCommandError(line);
  },

  cmd({ system, args, line }) {
    const [service, verb, value] = args;
    if (service === 'alarm' && verb === 'set-time' && value !== undefined && /^\d+$/.test(value)) {
      system.setTime(Number(value));
      return '';
    }
    if (service === 'package' && verb === 'resolve-activity') {
      const pkg = args.at(-1) ?? '';
      if (pkg !== system.packageName) return 'No activity found\n';
      return `priority=0 preferredOrder=0 match=0x108000 specificIndex=-1 isDefault=true\n${pkg}/${system.launchActivity}\n`;
    }
    if (service === 'package' && verb === 'list' && value === 'packages') return systemCommands.pm?.({ system, device: undefined as never, args: ['list', ...args.slice(2)], line }) as string;
    if (service === 'window' || service === 'overlay') return '';
    return undefined;
  },

  date({ system, args, line }) {
    const seconds = Math.floor(system.now() / 1000);
    if (args.length === 0) return `${new Date(seconds * 1000).toUTCString().replace('GMT', 'UTC')}\n`;
    if (args[0] === '+%s') return `${seconds}\n`;
    if (args[0] === '+%Y-%m-%dT%T%z') return `${new Date(seconds * 1000).toISOString().slice(0, 19)}+0000\n`;
    throw new UnsupportedShellCommandError(line, 'only `date`, `date +%s` and `date +%Y-%m-%dT%T%z` are simulated; set the time with `cmd alarm set-time <ms>`');
  },

  pidof({ system, args }) {
    const running = runningPackages(system);
    const pids = args.filter((name) => running.includes(name)).map((name) => String(pidOf(name)));
    if (pids.length === 0) throw new ShellCommandFailedError('pidof', '', '', 1);
    return `${pids.join(' ')}\n`;
  },

  ps({ system }) {
    const header = 'USER           PID  PPID     VSZ    RSS WCHAN            ADDR S NAME\n';
    return header + runningPackages(system).map((name) => `u0_a123      ${String(pidOf(name)).padStart(5)}   123 15040000 180000 0                   0 S ${name}\n`).join('');
  },

  dumpsys({ system, args }) {
    const [service] = args;
    if (service === 'activity' && args[1] === 'services') {
      // Appium's settings app keeps a foreground service; the driver checks it before its broadcasts.
      return args[2]?.startsWith(APPIUM_SETTINGS_PACKAGE) ? `ACTIVITY MANAGER SERVICES (dumpsys activity services)\n  * ServiceRecord{5e1f2a u0 ${APPIUM_SETTINGS_PACKAGE}/.ForegroundService}\n    isForeground=true foregroundId=1\n` : 'ACTIVITY MANAGER SERVICES (dumpsys activity services)\n  (nothing)\n';
    }
    if (service === 'window' || service === 'activity') {
      const { packageName, activity } = system.foreground();
      const full = activity.startsWith('.') ? packageName + activity : activity;
      return [
        `  mCurrentFocus=Window{4c1b1a2 u0 ${packageName}/${full}}`,
        `  mFocusedApp=ActivityRecord{8e6bf0d u0 ${packageName}/${activity} t42}`,
        `  mResumedActivity: ActivityRecord{8e6bf0d u0 ${packageName}/${activity} t42}`,
        '  mShowingLockscreen=false mDreamingLockscreen=false',
        '  mScreenOnEarly=true mScreenOnFully=true',
        '  mAwake=true',
        '',
      ].join('\n');
    }
    if (service === 'power') return 'mWakefulness=Awake\nDisplay Power: state=ON\nmHoldingDisplaySuspendBlocker=true\n';
    if (service === 'trust' || service === 'deviceidle') return '';
    return undefined;
  },

  input({ device, args, line }) {
    if (args[0] !== 'keyevent' || args.length !== 2) throw new UnsupportedShellCommandError(line, 'only `input keyevent <code>` is simulated');
    const code = keyCodes[args[1] as string] ?? Number(args[1]);
    device.pressKey(code);
    return '';
  },

  settings({ args }) {
    // Appium writes animation scales and hidden-API policies; a simulated phone has nothing to animate.
    if (args[0] === 'put' || args[0] === 'delete') return '';
    return undefined;
  },

  /** Appium reads logcat for its log: a simulated phone's log is empty; the stream stays open until the reader leaves. */
  async logcat({ args, signal, write }) {
    if (args.includes('-c') || args.includes('-d')) return '';
    write?.('--------- beginning of main\n--------- beginning of system\n');
    if (signal && !signal.aborted) await new Promise((resolve) => signal.addEventListener('abort', resolve, { once: true }));
    return '';
  },

  /** `reboot` on a full device takes everything down with it, the UiAutomator2 server (and so the session) too. */
  reboot({ system, args }) {
    if (args.length > 0) return undefined;
    system.reboot();
    return '';
  },

  wm({ args, line }) {
    if (args[0] === 'size') return 'Physical size: 1080x2400\n';
    if (args[0] === 'density') return 'Physical density: 440\n';
    throw new UnsupportedShellCommandError(line);
  },
};

const keyCodes: Record<string, number> = { KEYCODE_HOME: 3, KEYCODE_BACK: 4, KEYCODE_POWER: 26, KEYCODE_MENU: 82, KEYCODE_WAKEUP: 224 };

function valueAfter(args: readonly string[], flag: string): string | undefined {
  const at = args.indexOf(flag);
  return at >= 0 ? args[at + 1] : undefined;
}

function runningPackages(system: DeviceSystem): string[] {
  const { packageName } = system.foreground();
  return [...new Set(['system_server', 'com.android.launcher3', APPIUM_SETTINGS_PACKAGE, ...(packageName !== 'com.android.launcher3' ? [packageName] : []), ...(system.uiAutomator2Running() ? [UIA2_SERVER_PACKAGE] : [])])];
}

function pidOf(name: string): number {
  let hash = 0;
  for (const c of name) hash = (hash * 31 + c.charCodeAt(0)) % 20_000;
  return 1_000 + hash;
}

/**
 * `am broadcast`: the media scanner (Appium sends it after pushing a file; MediaStore already indexed it), and
 * the simulated debug build's sign-in (`-a gallery_sync.SIGN_IN --es email … --es refresh_token …`).
 */
function broadcast(system: DeviceSystem, args: readonly string[], line: string): string {
  const action = valueAfter(args, '-a');
  if (action === 'gallery_sync.SIGN_IN') {
    const extras = new Map<string, string>();
    for (let i = 0; i < args.length; i++) if (args[i] === '--es') extras.set(args[i + 1] ?? '', args[i + 2] ?? '');
    const get = (key: string) => extras.get(key);
    const email = get('email');
    const clientId = get('client_id');
    const clientSecret = get('client_secret');
    const refreshToken = get('refresh_token');
    if (!email || !clientId || !clientSecret || !refreshToken) throw new ShellCommandFailedError(line, 'gallery_sync.SIGN_IN needs --es email, client_id, client_secret and refresh_token\n');
    system.signIn({ email, clientId, clientSecret, refreshToken }, get('endpoint'), get('push_url'));
  }
  // Appium's settings app answers its broadcasts with RESULT_OK (-1); media scans need nothing more here.
  const result = action?.startsWith(`${APPIUM_SETTINGS_PACKAGE}.`) ? -1 : 0;
  return `Broadcasting: Intent { act=${action ?? '?'} flg=0x400000 }\nBroadcast completed: result=${result}\n`;
}
