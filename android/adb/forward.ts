import { createServer, type Server, type Socket } from 'node:net';
import type { AdbDevice } from './device.ts';
import { fail, lengthPrefixed, okay } from './wire.ts';

interface Forward {
  serial: string;
  local: string;
  remote: string;
  server: Server;
  sockets: Set<Socket>;
}

const tcpSpec = /^tcp:(\d+)$/;

/**
 * `adb forward` (host port → device port, a listener on the host) and `adb reverse` (device port → host port, a
 * mapping the device keeps). Replies follow adb's handle_forward_request: on the host, one OKAY for the request
 * and one for the result (with the chosen port when tcp:0 was asked).
 */
export class Forwards {
  private readonly forwards = new Map<string, Forward>();

  /** `forward:[norebind:]tcp:L;tcp:R` or `killforward:tcp:L` for one device. */
  async request(device: AdbDevice, command: string): Promise<Buffer> {
    const kill = /^killforward:(.+)$/.exec(command);
    if (kill) {
      // As adb's remove_listener: by the local name, whichever device it forwards to.
      const existing = this.forwards.get(kill[1] as string);
      if (!existing) return fail(`listener '${kill[1]}' not found`);
      await this.stop(existing);
      return Buffer.concat([okay, okay]);
    }
    const parsed = /^forward:(norebind:)?([^;]+);(.+)$/.exec(command);
    if (!parsed) return fail(`malformed forward spec '${command}'`);
    const [, norebind, local = '', remote = ''] = parsed;
    const localPort = tcpSpec.exec(local)?.[1];
    if (localPort === undefined || !tcpSpec.test(remote)) return fail(`only tcp:<port> forwards are simulated, not '${local};${remote}'`);
    const existing = this.forwards.get(local);
    if (existing && norebind) return fail(`cannot rebind existing socket`);
    if (existing) await this.stop(existing);
    const sockets = new Set<Socket>();
    const remotePort = Number(tcpSpec.exec(remote)?.[1]);
    const server = createServer((client) => {
      sockets.add(client);
      client.on('close', () => sockets.delete(client));
      client.on('error', () => undefined);
      device.connect(remotePort).then(
        (upstream) => {
          if (client.destroyed) return void upstream.destroy();
          sockets.add(upstream);
          upstream.on('close', () => sockets.delete(upstream));
          upstream.on('error', () => client.destroy());
          client.on('error', () => upstream.destroy());
          upstream.on('close', () => client.destroy());
          client.on('close', () => upstream.destroy());
          client.pipe(upstream).pipe(client);
        },
        () => client.destroy(),
      );
    });
    const port = await new Promise<number | string>((resolve) => {
      server.once('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? String(error)));
      server.listen(Number(localPort), '127.0.0.1', () => {
        const address = server.address();
        resolve(typeof address === 'object' && address ? address.port : Number(localPort));
      });
    });
    if (typeof port === 'string') return fail(`cannot bind listener: ${port === 'EADDRINUSE' ? 'Address already in use' : port}`);
    const key = `tcp:${port}`;
    this.forwards.set(key, { serial: device.serial, local: key, remote, server, sockets });
    return Buffer.concat([okay, okay, ...(localPort === '0' ? [lengthPrefixed(String(port))] : [])]);
  }

  /** `adb forward --list`: "serial local remote" lines, for every device or one. */
  list(serial?: string): string {
    return [...this.forwards.values()]
      .filter((f) => serial === undefined || f.serial === serial)
      .map((f) => `${f.serial} ${f.local} ${f.remote}\n`)
      .join('');
  }

  async removeAll(): Promise<void> {
    for (const forward of [...this.forwards.values()]) await this.stop(forward);
  }

  removeDevice(serial: string): void {
    for (const forward of [...this.forwards.values()]) if (forward.serial === serial) void this.stop(forward);
  }

  /**
   * A `reverse:` service on a device, after its OKAY: forward:[norebind:]tcp:R;tcp:L, killforward:tcp:R,
   * killforward-all, list-forward. The device keeps the mapping; its own network resolves 127.0.0.1:R through it.
   */
  reverse(device: AdbDevice, command: string): Buffer {
    if (command === 'list-forward') return lengthPrefixed([...device.reverse].map(([r, l]) => `(reverse) tcp:${r} tcp:${l}\n`).join(''));
    if (command === 'killforward-all') {
      device.reverse.clear();
      return okay;
    }
    const kill = /^killforward:tcp:(\d+)$/.exec(command);
    if (kill) return device.reverse.delete(Number(kill[1])) ? okay : fail(`listener 'tcp:${kill[1]}' not found`);
    const parsed = /^forward:(norebind:)?tcp:(\d+);tcp:(\d+)$/.exec(command);
    if (!parsed) return fail(`only tcp:<port> reverse forwards are simulated, not '${command}'`);
    const devicePort = Number(parsed[2]);
    if (parsed[1] && device.reverse.has(devicePort)) return fail('cannot rebind existing socket');
    if (devicePort === 0) return fail('tcp:0 reverse forwards are not simulated');
    device.reverse.set(devicePort, Number(parsed[3]));
    return okay;
  }

  private async stop(forward: Forward): Promise<void> {
    this.forwards.delete(forward.local);
    for (const socket of forward.sockets) socket.destroy();
    await new Promise<void>((resolve) => forward.server.close(() => resolve()));
  }
}
