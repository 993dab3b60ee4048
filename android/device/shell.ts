import { createHash } from 'node:crypto';
import type { AndroidDevice } from './android-device.ts';
import { parseContentQuery, runContentQuery } from './content-query.ts';
import { ShellCommandFailedError, UnsupportedShellCommandError } from './errors.ts';
import { phonePath, standardFolders } from './paths.ts';
import { BRANDS } from '../../brands/index.ts';
import { shellWords } from './shell-words.ts';
import { systemCommands } from './system-shell.ts';
import type { ShellIo } from '../adb/device.ts';

/**
 * The handful of `adb shell` commands a gallery test uses, with the output a phone prints (stdout, trailing
 * newline included). Nothing is evaluated or spawned: a command this does not know throws
 * UnsupportedShellCommandError; one that fails as it would on a phone (a missing file for `rm`) throws
 * ShellCommandFailedError, as `adb shell` fails on a non-zero exit status.
 */
export function runShell(device: AndroidDevice, line: string): string {
  const words = shellWords(line);
  const [program = '', ...args] = words;
  const name = program.replace(/^\/system\/bin\//, '');
  const run = Object.hasOwn(commands, name) ? commands[name] : undefined;
  if (!run) throw new UnsupportedShellCommandError(line);
  return run({ device, args, line });
}

/**
 * A line as `adb shell` runs it on a full device: system services first (system-shell.ts), then the file and
 * MediaStore commands above. Async because some system commands wait (`am instrument -w`).
 */
export async function runShellLine(device: AndroidDevice, line: string, io: ShellIo = {}): Promise<string> {
  // `a;b` and `a && b`, as appium-adb sends them: in order; a command after `&&` runs only if the one before
  // succeeded, one after `;` always; the status is the last command's that ran.
  const sequence = splitSequence(line);
  if (sequence.length > 1) {
    let stdout = '';
    let failed: ShellCommandFailedError | undefined;
    for (const { command, after } of sequence) {
      if (failed && after === '&&') continue;
      try {
        stdout += await runShellLine(device, command, io);
        failed = undefined;
      } catch (error) {
        if (!(error instanceof ShellCommandFailedError)) throw error;
        stdout += error.stdout;
        failed = new ShellCommandFailedError(line, error.stderr, stdout, error.exitCode);
      }
    }
    if (failed) throw failed;
    return stdout;
  }
  const [program = '', ...args] = shellWords(line);
  // `adb logcat` sends `export ANDROID_LOG_TAGS="" ; exec logcat …`: the variable changes nothing here.
  if (program === 'export') return '';
  if (program === 'exec') return runShellLine(device, line.replace(/^\s*exec\s+/, ''), io);
  const name = program.replace(/^\/system\/bin\//, '');
  const system = device.system;
  const run = system && Object.hasOwn(systemCommands, name) ? systemCommands[name] : undefined;
  const answer = run && system ? await run({ device, system, args, line, ...io }) : undefined;
  return answer ?? runShell(device, line);
}

/** Splits a line at `;` and `&&` outside quotes; `after` is the separator before each command. */
function splitSequence(line: string): Array<{ command: string; after: ';' | '&&' | '' }> {
  const parts: Array<{ command: string; after: ';' | '&&' | '' }> = [];
  let quote: string | undefined;
  let start = 0;
  let after: ';' | '&&' | '' = '';
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quote) {
      if (c === '\\' && quote === '"') i++;
      else if (c === quote) quote = undefined;
    } else if (c === "'" || c === '"') quote = c;
    else if (c === '\\') i++;
    else if (c === ';' || (c === '&' && line[i + 1] === '&')) {
      parts.push({ command: line.slice(start, i).trim(), after });
      after = c === ';' ? ';' : '&&';
      if (c === '&') i++;
      start = i + 1;
    }
  }
  parts.push({ command: line.slice(start).trim(), after });
  return parts.filter((p) => p.command.length > 0);
}

interface Invocation {
  device: AndroidDevice;
  args: string[];
  line: string;
}

const commands: Record<string, (call: Invocation) => string> = {
  content({ device, args, line }) {
    if (args[0] !== 'query') throw new UnsupportedShellCommandError(line, 'only `content query` is simulated');
    return runContentQuery(device.phone.mediaStore.list(), parseContentQuery(args.slice(1), line), line);
  },

  svc({ device, args, line }) {
    const [service, action] = args;
    if (args.length !== 2 || (service !== 'wifi' && service !== 'data') || (action !== 'enable' && action !== 'disable')) throw new UnsupportedShellCommandError(line);
    device.setConnectivity({ [service]: action === 'enable' });
    return '';
  },

  cmd({ device, args, line }) {
    const [service, command, action] = args;
    if (service !== 'connectivity' || command !== 'airplane-mode' || args.length > 3) throw new UnsupportedShellCommandError(line);
    if (action === undefined) return device.connectivity.airplaneMode ? 'enabled\n' : 'disabled\n';
    if (action !== 'enable' && action !== 'disable') throw new UnsupportedShellCommandError(line);
    device.setConnectivity({ airplaneMode: action === 'enable' });
    return '';
  },

  settings({ device, args, line }) {
    const [verb, namespace, key] = args;
    if (verb !== 'get' || args.length !== 3 || !['global', 'system', 'secure'].includes(namespace ?? '')) throw new UnsupportedShellCommandError(line, 'only `settings get <namespace> <key>` is simulated');
    const state = device.connectivity;
    const global: Record<string, boolean> = { airplane_mode_on: state.airplaneMode, wifi_on: state.wifi, mobile_data: state.data };
    return namespace === 'global' && key !== undefined && Object.hasOwn(global, key) ? `${global[key] ? 1 : 0}\n` : 'null\n';
  },

  getprop({ device, args, line }) {
    const props = properties(device);
    if (args.length === 0) return Object.entries(props).map(([key, value]) => `[${key}]: [${value}]\n`).join('');
    if (args.length > 2) throw new UnsupportedShellCommandError(line);
    const [key = '', fallback = ''] = args;
    return `${Object.hasOwn(props, key) ? props[key] : fallback}\n`;
  },

  dumpsys({ device, args, line }) {
    const [service, packageName] = args;
    if (service !== 'package' || args.length !== 2 || packageName === undefined) throw new UnsupportedShellCommandError(line, 'only `dumpsys package <package>` is simulated');
    const { profile } = device.phone;
    const googlePhotos = BRANDS[profile.brand].googlePhotos;
    const installed: Record<string, string> = { [profile.galleryPackage]: profile.galleryVersion, [googlePhotos.package]: googlePhotos.version };
    const versionName = installed[packageName];
    if (versionName === undefined) return `Unable to find package: ${packageName}\n`;
    const versionCode = (versionName.match(/\d+/g) ?? ['1']).reduce((code, part) => (code * 100 + Number(part)) % 2_000_000_000, 0);
    return [
      'Packages:',
      `  Package [${packageName}] (5f2c1e7):`,
      '    appId=10123',
      `    pkg=Package{5f2c1e7 ${packageName}}`,
      `    codePath=/data/app/~~sim==/${packageName}-1`,
      `    versionCode=${versionCode} minSdk=29 targetSdk=${device.apiLevel}`,
      `    versionName=${versionName}`,
      '    flags=[ SYSTEM HAS_CODE ALLOW_CLEAR_USER_DATA ALLOW_BACKUP ]',
      `    User 0: ceDataInode=0 installed=true hidden=false suspended=false distractionFlags=0 stopped=${packageName === profile.galleryPackage && !device.phone.appRunning()} notLaunched=false enabled=0 instant=false virtual=false`,
      '',
    ].join('\n');
  },

  am({ device, args, line }) {
    const [verb, packageName] = args;
    if (verb !== 'force-stop' || args.length !== 2 || packageName === undefined) throw new UnsupportedShellCommandError(line, 'only `am force-stop <package>` is simulated');
    if (packageName === device.phone.profile.galleryPackage && device.phone.appRunning()) device.phone.killApp();
    return '';
  },

  monkey({ device, args, line }) {
    let packageName: string | undefined;
    let count: string | undefined;
    for (let i = 0; i < args.length; i++) {
      const arg = args[i] as string;
      if (arg === '-p' && packageName === undefined) packageName = args[++i];
      else if (arg === '-c') i++;
      else if (/^\d+$/.test(arg) && i === args.length - 1) count = arg;
      else throw new UnsupportedShellCommandError(line, 'only `monkey -p <package> [-c <category>] <count>` is simulated');
    }
    if (packageName === undefined || count === undefined) throw new UnsupportedShellCommandError(line, 'only `monkey -p <package> [-c <category>] <count>` is simulated');
    const echoed = args.map((arg) => `  bash arg: ${arg}\n`).join('');
    if (packageName !== device.phone.profile.galleryPackage) throw new ShellCommandFailedError(line, '** No activities found to run, monkey aborted.\n', echoed, 251);
    device.phone.startApp();
    return `${echoed}args: [${args.join(', ')}]\nEvents injected: ${count}\n## Network stats: elapsed time=12ms (0ms mobile, 0ms wifi, 12ms not connected)\n`;
  },

  reboot({ device, args, line }) {
    if (args.length > 0) throw new UnsupportedShellCommandError(line);
    device.phone.restart();
    return '';
  },

  rm({ device, args, line }) {
    const { flags, operands } = options(args, 'frR', line);
    const errors: string[] = [];
    for (const operand of operands) {
      const path = sharedPath(operand, line);
      if (device.phone.pullFile(path) !== undefined) device.phone.removeFile(path);
      else if (isFolder(device, path)) {
        if (flags.has('r') || flags.has('R')) device.phone.removeFolder(path);
        else errors.push(`rm: ${operand}: Is a directory\n`);
      } else if (!flags.has('f')) errors.push(`rm: ${operand}: No such file or directory\n`);
    }
    if (operands.length === 0 && !flags.has('f')) errors.push('rm: Needs 1 argument\n');
    if (errors.length) throw new ShellCommandFailedError(line, errors.join(''));
    return '';
  },

  ls({ device, args, line }) {
    const { flags, operands } = options(args, '1aA', line);
    if (operands.length === 0) throw new UnsupportedShellCommandError(line, 'give a folder in shared storage');
    const errors: string[] = [];
    const files: string[] = [];
    const folders: Array<{ operand: string; names: string[] }> = [];
    for (const operand of operands) {
      const path = sharedPath(operand, line);
      if (device.phone.pullFile(path) !== undefined) files.push(operand);
      else if (isFolder(device, path)) {
        const names = children(device, path).filter((name) => flags.has('a') || flags.has('A') || !name.startsWith('.'));
        folders.push({ operand, names: flags.has('a') ? ['.', '..', ...names] : names });
      } else errors.push(`ls: ${operand}: No such file or directory\n`);
    }
    const blocks = [...(files.length ? [files.sort().map((f) => `${f}\n`).join('')] : []), ...folders.map(({ operand, names }) => (operands.length > 1 ? `${operand}:\n` : '') + names.map((n) => `${n}\n`).join(''))];
    const stdout = blocks.join('\n');
    if (errors.length) throw new ShellCommandFailedError(line, errors.join(''), stdout);
    return stdout;
  },

  mkdir({ device, args, line }) {
    const { flags, operands } = options(args, 'p', line);
    if (operands.length === 0) throw new ShellCommandFailedError(line, 'mkdir: Needs 1 argument\n');
    for (const operand of operands) {
      const path = sharedPath(operand, line);
      if (isFolder(device, path) && !flags.has('p')) throw new ShellCommandFailedError(line, `mkdir: '${operand}': File exists\n`);
      device.phone.makeFolder(path);
    }
    return '';
  },

  sha256sum({ device, args, line }) {
    const { operands } = options(args, '', line);
    const errors: string[] = [];
    let stdout = '';
    for (const operand of operands) {
      const path = sharedPath(operand, line);
      const bytes = device.phone.pullFile(path);
      if (bytes) stdout += `${createHash('sha256').update(bytes).digest('hex')}  ${operand}\n`;
      else errors.push(`sha256sum: ${operand}: ${isFolder(device, path) ? 'Is a directory' : 'No such file or directory'}\n`);
    }
    if (operands.length === 0) throw new UnsupportedShellCommandError(line, 'sha256sum of stdin');
    if (errors.length) throw new ShellCommandFailedError(line, errors.join(''), stdout);
    return stdout;
  },

  echo({ args, line }) {
    let newline = true;
    let words = args;
    while (words[0] === '-n' || words[0] === '-e' || words[0] === '-E') {
      if (words[0] === '-n') newline = false;
      else if (words[0] === '-e' && words.some((w) => w.includes('\\'))) throw new UnsupportedShellCommandError(line, 'echo -e escapes');
      words = words.slice(1);
    }
    return words.join(' ') + (newline ? '\n' : '');
  },
};

function properties(device: AndroidDevice): Record<string, string> {
  const { phone } = device;
  return {
    'ro.build.version.release': String(phone.profile.androidVersion),
    'ro.build.version.sdk': String(device.apiLevel),
    'ro.product.manufacturer': phone.profile.make,
    'ro.product.model': phone.model,
  };
}

/** Splits single-letter flags (`-rf`) from operands; a flag outside `allowed` is not simulated. */
function options(args: readonly string[], allowed: string, line: string): { flags: Set<string>; operands: string[] } {
  const flags = new Set<string>();
  const operands: string[] = [];
  let ended = false;
  for (const arg of args) {
    if (!ended && arg === '--') ended = true;
    else if (!ended && arg.startsWith('-') && arg.length > 1) {
      for (const flag of arg.slice(1)) {
        if (!allowed.includes(flag)) throw new UnsupportedShellCommandError(line, `option -${flag}`);
        flags.add(flag);
      }
    } else operands.push(arg);
  }
  return { flags, operands };
}

function sharedPath(operand: string, line: string): string {
  const path = phonePath(operand);
  if (path === undefined) throw new UnsupportedShellCommandError(line, `only shared storage (/sdcard, /storage/emulated/0) is simulated, not ${operand}`);
  return path;
}

function isFolder(device: AndroidDevice, path: string): boolean {
  return standardFolders.has(path) || device.phone.listFiles(path).length > 0 || device.phone.madeFolders().some((f) => f === path || f.startsWith(`${path}/`));
}

/** The names directly inside a folder: files, and folders that hold files or always exist. */
function children(device: AndroidDevice, folder: string): string[] {
  const names = new Set<string>();
  for (const file of device.phone.listFiles(folder)) names.add(file.slice(folder.length + 1).split('/')[0] as string);
  for (const standard of [...standardFolders, ...device.phone.madeFolders()]) if (standard !== folder && standard.startsWith(`${folder}/`)) names.add(standard.slice(folder.length + 1).split('/')[0] as string);
  return [...names].sort();
}
