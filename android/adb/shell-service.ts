import type { Socket } from 'node:net';
import type { AdbDevice } from './device.ts';

/** Shell protocol v2 packet ids (AOSP adb/shell_protocol.h). */
const packetId = { stdout: 1, stderr: 2, exit: 3 } as const;

function packet(id: number, payload: Buffer): Buffer {
  const header = Buffer.alloc(5);
  header.writeUInt8(id, 0);
  header.writeUInt32LE(payload.length, 1);
  return Buffer.concat([header, payload]);
}

/**
 * Runs one `shell:` / `exec:` command on the device. Version 1 is a raw stream (stderr mixed into stdout, no exit
 * status: what old clients and `exec:` get); version 2 frames stdout, stderr and the exit status, which is how
 * `adb shell` returns the command's exit code.
 */
export async function runShellService(socket: Socket, device: AdbDevice, command: string, v2: boolean): Promise<void> {
  const hangUp = new AbortController();
  socket.once('close', () => hangUp.abort());
  socket.once('end', () => hangUp.abort());
  if (socket.destroyed || socket.readableEnded) hangUp.abort();
  const write = (text: string) => {
    if (!socket.destroyed) socket.write(v2 ? packet(packetId.stdout, Buffer.from(text)) : text);
  };
  const result = await device.shell(command, { signal: hangUp.signal, write }).catch((error: unknown) => ({ stdout: '', stderr: `${error instanceof Error ? error.message : String(error)}\n`, exitCode: 255 }));
  const stdout = Buffer.from(result.stdout);
  const stderr = Buffer.from(result.stderr);
  if (socket.destroyed) return;
  if (!v2) {
    socket.end(Buffer.concat([stdout, stderr]));
    return;
  }
  const frames: Buffer[] = [];
  if (stdout.length) frames.push(packet(packetId.stdout, stdout));
  if (stderr.length) frames.push(packet(packetId.stderr, stderr));
  frames.push(packet(packetId.exit, Buffer.from([result.exitCode & 0xff])));
  socket.end(Buffer.concat(frames));
}
