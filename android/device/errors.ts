/**
 * What the simulated Android device throws, by kind, so the driver can map each to its Appium error without
 * matching on messages.
 */

/** A bad argument to a device command (Appium's InvalidArgumentError). */
export class DeviceArgumentError extends Error {
  override readonly name = 'DeviceArgumentError';
}

/** `pullFile` of a path with no file (adb: "failed to stat remote object ...: No such file or directory"). */
export class RemoteFileNotFoundError extends Error {
  override readonly name = 'RemoteFileNotFoundError';

  constructor(readonly remotePath: string) {
    super(`The remote file '${remotePath}' does not exist (adb: error: failed to stat remote object '${remotePath}': No such file or directory)`);
  }
}

/** A shell command (or a form of one) the simulated device does not implement. */
export class UnsupportedShellCommandError extends Error {
  override readonly name = 'UnsupportedShellCommandError';

  constructor(
    readonly command: string,
    detail?: string,
  ) {
    super(`unsupported shell command on a simulated phone: ${command}${detail ? ` (${detail})` : ''}`);
  }
}

/** A shell command that ran and failed, as it would on a phone (a non-zero exit status: adb shell then fails). */
export class ShellCommandFailedError extends Error {
  override readonly name = 'ShellCommandFailedError';

  constructor(
    readonly command: string,
    readonly stderr: string,
    readonly stdout = '',
    readonly exitCode = 1,
  ) {
    super(`'${command}' exited with code ${exitCode}: ${stderr.trimEnd()}`);
  }
}
