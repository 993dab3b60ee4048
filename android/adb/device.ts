import type { Socket } from 'node:net';

/** What `adb devices` says of a device. */
export type DeviceState = 'device' | 'offline';

export interface ShellResult {
  stdout: string | Buffer;
  stderr: string | Buffer;
  exitCode: number;
}

export interface ShellIo {
  signal?: AbortSignal;
  write?: (stdout: string) => void;
}

/** A file or folder as `sync:` STAT and LIST report it. */
export interface FileStat {
  /** POSIX mode bits including the type (0o100644 a file, 0o40771 a folder). */
  mode: number;
  size: number;
  mtimeSeconds: number;
}

/**
 * One Android device as the adb server sees it: what `adb devices -l` lists, a shell, a file system for `sync:`,
 * its TCP ports (for `adb forward`) and the ports it maps back to the host (`adb reverse`). The adb server knows
 * nothing else of it: a simulated phone is one implementation.
 */
export interface AdbDevice {
  readonly serial: string;
  state: DeviceState;
  /** `product:`, `model:` and `device:` in `adb devices -l`. */
  readonly description: { product: string; model: string; device: string };
  /**
   * Runs a shell command. A long-running one (logcat, `am instrument -w`) streams through `io.write` and ends
   * when `io.signal` aborts (the client hung up).
   */
  shell(command: string, io?: ShellIo): Promise<ShellResult>;
  stat(path: string): FileStat | undefined;
  list(path: string): Array<{ name: string } & FileStat> | undefined;
  readFile(path: string): Uint8Array | undefined;
  /** Writes a pushed file (folders implied); returns an error message to FAIL the push with, or undefined. */
  writeFile(path: string, bytes: Uint8Array, mode: number): string | undefined;
  /** A socket to a TCP port listening on the device (what `adb forward tcp:L tcp:R` connects to); rejects if none. */
  connect(port: number): Promise<Socket>;
  /** Device port → host port: how the device reaches the host (`adb reverse tcp:R tcp:L`). */
  readonly reverse: Map<number, number>;
  reboot(): void;
}
