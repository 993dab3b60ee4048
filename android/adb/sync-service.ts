import type { Socket } from 'node:net';
import type { AdbDevice } from './device.ts';
import type { SocketReader } from './wire.ts';

/** The largest DATA chunk adb's sync protocol carries (AOSP adb/file_sync_protocol.h, SYNC_DATA_MAX). */
const SYNC_DATA_MAX = 64 * 1024;

function message(id: string, ...words: number[]): Buffer {
  const out = Buffer.alloc(4 + 4 * words.length);
  out.write(id, 0, 'latin1');
  words.forEach((word, i) => out.writeUInt32LE(word >>> 0, 4 + 4 * i));
  return out;
}

function failure(text: string): Buffer {
  const body = Buffer.from(text);
  return Buffer.concat([message('FAIL', body.length), body]);
}

/**
 * The `sync:` service (AOSP adb/SYNC.TXT): STAT, LIST, SEND (push) and RECV (pull) requests, each a four-letter id
 * and a little-endian length, until QUIT or the client closes.
 */
export async function runSyncService(socket: Socket, reader: SocketReader, device: AdbDevice): Promise<void> {
  for (;;) {
    let header: Buffer;
    try {
      header = await reader.read(8);
    } catch {
      return;
    }
    const id = header.toString('latin1', 0, 4);
    const length = header.readUInt32LE(4);
    if (id === 'QUIT') return void socket.end();
    if (length > 1024) return void socket.end(failure(`path too long (${length} bytes)`));
    const path = (await reader.read(length)).toString('utf8');
    if (id === 'STAT') {
      const stat = device.stat(path);
      socket.write(message('STAT', stat?.mode ?? 0, stat?.size ?? 0, stat?.mtimeSeconds ?? 0));
    } else if (id === 'LIST') {
      for (const entry of device.list(path) ?? []) {
        const name = Buffer.from(entry.name);
        socket.write(Buffer.concat([message('DENT', entry.mode, entry.size, entry.mtimeSeconds, name.length), name]));
      }
      socket.write(message('DONE', 0, 0, 0, 0));
    } else if (id === 'RECV') {
      const bytes = device.readFile(path);
      if (!bytes) {
        socket.write(failure(device.stat(path) ? `'${path}' is not a regular file` : 'No such file or directory'));
        continue;
      }
      for (let at = 0; at < bytes.length; at += SYNC_DATA_MAX) {
        const chunk = Buffer.from(bytes.subarray(at, at + SYNC_DATA_MAX));
        socket.write(Buffer.concat([message('DATA', chunk.length), chunk]));
      }
      socket.write(message('DONE', 0));
    } else if (id === 'SEND') {
      const comma = path.lastIndexOf(',');
      const target = comma >= 0 ? path.slice(0, comma) : path;
      const mode = comma >= 0 ? Number(path.slice(comma + 1)) : 0o644;
      const chunks: Buffer[] = [];
      for (;;) {
        const part = await reader.read(8);
        const partId = part.toString('latin1', 0, 4);
        const size = part.readUInt32LE(4);
        if (partId === 'DONE') break;
        if (partId !== 'DATA' || size > SYNC_DATA_MAX) return void socket.end(failure(`unexpected '${partId}' while receiving ${target}`));
        chunks.push(await reader.read(size));
      }
      const error = device.writeFile(target, Buffer.concat(chunks), mode);
      socket.write(error ? failure(error) : message('OKAY', 0));
    } else {
      return void socket.end(failure(`unknown sync request '${id}'`));
    }
  }
}
