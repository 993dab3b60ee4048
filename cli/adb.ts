import { execFile } from 'node:child_process';
import { connect } from 'node:net';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { androidHome } from '../scenarios/e2e/android-home.ts';
import { ADB_SERVER_VERSION } from '../android/adb/server.ts';
import { UsageError } from './usage-error.ts';

const run = promisify(execFile);

/** The adb server port the user means: --adb-port, else ANDROID_ADB_SERVER_PORT, else adb's 5037. */
export function adbPortOf(flag: number | undefined, env = process.env): number {
  const fromEnv = env.ANDROID_ADB_SERVER_PORT;
  if (flag === undefined && fromEnv !== undefined && !/^\d+$/.test(fromEnv)) throw new UsageError(`ANDROID_ADB_SERVER_PORT must be a port number, got "${fromEnv}"`);
  const port = flag ?? Number(fromEnv ?? 5037);
  if (port > 65_535) throw new UsageError(`--adb-port must be at most 65535, got ${port}`);
  return port;
}

/** The `adb` binary of the Android SDK the UiAutomator2 driver will use, or undefined. */
export function adbBinary(): string | undefined {
  const home = androidHome();
  return home ? join(home, 'platform-tools/adb') : undefined;
}

/** Runs the `adb` client against the server at `port` (stdout; rejects on a non-zero exit). */
export function adbAt(port: number): (...args: string[]) => Promise<string> {
  const binary = adbBinary();
  if (!binary) throw new UsageError("no adb: install Debian's `adb` package (apt-get install adb) or set ANDROID_HOME to an Android SDK with platform-tools/adb");
  return (...args) => run(binary, ['-P', String(port), ...args], { encoding: 'utf8', timeout: 30_000, maxBuffer: 64 * 1024 * 1024 }).then((r) => r.stdout);
}

/** Asks an adb server's `host:version` without starting anything (the `adb` client would start a server of its own). */
export function adbServerVersion(port: number): Promise<number | undefined> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    let answer = '';
    socket.setTimeout(3_000, () => socket.destroy());
    socket.on('connect', () => socket.write('000chost:version'));
    socket.on('data', (chunk: Buffer) => (answer += chunk.toString('latin1')));
    socket.on('error', () => resolve(undefined));
    socket.on('close', () => resolve(answer.startsWith('OKAY') ? Number.parseInt(answer.slice(8, 12), 16) : undefined));
  });
}

/** The serials `adb devices` lists, with their states. */
export async function listDevices(adb: (...args: string[]) => Promise<string>): Promise<Array<[serial: string, state: string]>> {
  return (await adb('devices'))
    .split('\n')
    .slice(1)
    .map((line) => line.trim().split(/\s+/))
    .filter((words): words is [string, string] => words.length >= 2);
}

/**
 * Before a device run: the adb server answers with this client's protocol and lists every udid, each ready.
 * Otherwise one line naming what is wrong (exit 2). Returns the `adb` client for that server.
 */
export async function requireDevices(port: number, udids: readonly string[]): Promise<(...args: string[]) => Promise<string>> {
  const version = await adbServerVersion(port);
  if (version === undefined) throw new UsageError(`--adb-port ${port}: no adb server answers on 127.0.0.1:${port} (start one with \`adb start-server\`, or \`npx gallery-sync devices\` for simulated phones)`);
  if (version !== ADB_SERVER_VERSION) throw new UsageError(`--adb-port ${port}: the adb server there speaks protocol ${version}, this adb client ${ADB_SERVER_VERSION}; stop it with its own client, or use another port`);
  const adb = adbAt(port);
  const listed = await listDevices(adb);
  for (const udid of udids) {
    const state = listed.find(([serial]) => serial === udid)?.[1];
    if (state === undefined) throw new UsageError(`--udid ${udid}: no such device on the adb server at 127.0.0.1:${port} (it lists: ${listed.map(([s]) => s).join(', ') || 'none'})`);
    if (state !== 'device') throw new UsageError(`--udid ${udid}: the device is ${state}; \`gallery-sync doctor\` says how to fix it`);
  }
  return adb;
}

/** Whether Appium's UiAutomator2 server (both packages) and its settings app are already on a device. */
export async function appiumOnDevice(adb: (...args: string[]) => Promise<string>, udid: string): Promise<{ server: boolean; settings: boolean }> {
  const output = await adb('-s', udid, 'shell', 'pm', 'list', 'packages', 'io.appium').catch((error: { stderr?: string; message: string }) => {
    throw new UsageError(`--udid ${udid}: adb shell does not answer (${(error.stderr || error.message).trim().split('\n')[0]}); \`gallery-sync doctor --udid ${udid}\` says more`);
  });
  const installed = new Set(output.split('\n').map((line) => line.trim()));
  return {
    server: installed.has('package:io.appium.uiautomator2.server') && installed.has('package:io.appium.uiautomator2.server.test'),
    settings: installed.has('package:io.appium.settings'),
  };
}
