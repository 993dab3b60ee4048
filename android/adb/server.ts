import { createServer, type Server, type Socket } from 'node:net';
import type { AdbDevice } from './device.ts';
import { Forwards } from './forward.ts';
import { runShellService } from './shell-service.ts';
import { runSyncService } from './sync-service.ts';
import { fail, okay, okayWith, SocketReader } from './wire.ts';

/** The protocol version adb 1.0.41 clients (platform-tools 29 to 36) expect; another makes them restart the server. */
export const ADB_SERVER_VERSION = 41;

/** Features a device advertises: shell v2 (exit codes, stderr), `cmd`, and push creating its folders. */
export const DEVICE_FEATURES = ['shell_v2', 'cmd', 'fixed_push_mkdir'];

/**
 * An adb server (the host side of the Android Debug Bridge) whose devices are whatever AdbDevice objects it is
 * given. It speaks the host protocol of AOSP's adb (SERVICES.TXT) on a real TCP port, so the `adb` command-line
 * client, appium-adb and everything built on them use it as they would the server `adb start-server` runs.
 */
export class AdbServer {
  private readonly devices = new Map<string, AdbDevice>();
  private readonly forwards = new Forwards();
  private readonly sockets = new Set<Socket>();
  /** Open device streams (shell, sync, tcp) by serial, closed when the device goes. */
  private readonly streams = new Map<string, Set<Socket>>();
  private server: Server | undefined;
  private transportIds = new Map<string, number>();
  /**
   * Called when a client sends `host:kill` (`adb kill-server`). The server answers and stays: appium-adb restarts
   * a server it thinks is stuck with kill-server then start-server, and a server that left would let the `adb`
   * client start Google's in its place, with none of our phones.
   */
  onKill: (() => void) | undefined;

  add(device: AdbDevice): void {
    this.devices.set(device.serial, device);
    this.transportIds.set(device.serial, this.transportIds.size + 1);
  }

  /**
   * The device drops off (a cable pulled, an emulator hung): `offline`, and as adb does when a transport goes, its
   * forwards, its reverse tunnels and every open stream to it (shells, sync, tcp) are closed.
   */
  disconnect(serial: string): void {
    const device = this.devices.get(serial);
    if (!device) return;
    device.state = 'offline';
    device.reverse.clear();
    this.forwards.removeDevice(serial);
    for (const socket of this.streams.get(serial) ?? []) socket.destroy();
    this.streams.delete(serial);
  }

  list(): AdbDevice[] {
    return [...this.devices.values()];
  }

  async listen(port: number, host = '127.0.0.1'): Promise<number> {
    const server = createServer((socket) => this.accept(socket));
    this.server = server;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => resolve());
    });
    server.on('error', () => undefined);
    const address = server.address();
    return typeof address === 'object' && address ? address.port : port;
  }

  async close(): Promise<void> {
    await this.forwards.removeAll();
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
    this.server = undefined;
  }

  private accept(socket: Socket): void {
    this.sockets.add(socket);
    socket.on('close', () => this.sockets.delete(socket));
    socket.on('error', () => undefined);
    const reader = new SocketReader(socket);
    void this.converse(socket, reader).catch(() => socket.destroy());
  }

  /** One client connection: host requests until one switches the socket to a device or a stream. */
  private async converse(socket: Socket, reader: SocketReader): Promise<void> {
    let device: AdbDevice | undefined;
    for (;;) {
      const request = await reader.request();
      // After a transport switch, `host:<command>` is a host service about that device (newer clients send
      // `host:tport:serial:X` then `host:forward:…` instead of `host-serial:X:forward:…`).
      if (device && request.startsWith('host:')) return this.hostService(socket, `host-serial:${device.serial}:${request.slice(5)}`);
      if (device) {
        const open = this.streams.get(device.serial) ?? new Set<Socket>();
        this.streams.set(device.serial, open.add(socket));
        socket.once('close', () => open.delete(socket));
        return this.deviceService(socket, reader, device, request);
      }
      const transport = this.transport(request);
      if (transport) {
        if ('error' in transport) return end(socket, fail(transport.error));
        device = transport.device;
        socket.write(okay);
        if (transport.withId) {
          const id = Buffer.alloc(8);
          id.writeBigUInt64LE(BigInt(this.transportIds.get(device.serial) ?? 0));
          socket.write(id);
        }
        continue;
      }
      return this.hostService(socket, request);
    }
  }

  /** `host:transport:<serial>`, `host:tport:serial:<serial>`, `host:transport-id:<n>` (`adb -t n`), -any / -usb / -local. */
  private transport(request: string): { device: AdbDevice; withId: boolean } | { error: string } | undefined {
    const byId = /^host:transport-id:(\d+)$/.exec(request);
    if (byId) {
      const serial = [...this.transportIds].find(([, id]) => id === Number(byId[1]))?.[0];
      const found = serial === undefined ? { error: `no device with transport id '${byId[1]}'` } : this.find(serial);
      return 'error' in found ? found : { device: found.device, withId: false };
    }
    const tport = /^host:tport:(serial:(.+)|any|usb|local)$/.exec(request);
    const plain = /^host:transport(?::(.+)|-(any|usb|local))$/.exec(request);
    if (!tport && !plain) return undefined;
    const serial = tport ? tport[2] : plain?.[1];
    const found = serial === undefined ? this.single(tport?.[1] === 'usb' || plain?.[2] === 'usb' ? [] : this.list()) : this.find(serial);
    return 'error' in found ? found : { device: found.device, withId: Boolean(tport) };
  }

  private find(serial: string): { device: AdbDevice } | { error: string } {
    const device = this.devices.get(serial);
    if (!device) return { error: `device '${serial}' not found` };
    if (device.state === 'offline') return { error: 'device offline' };
    return { device };
  }

  private single(candidates: AdbDevice[]): { device: AdbDevice } | { error: string } {
    if (candidates.length === 0) return { error: 'no devices/emulators found' };
    if (candidates.length > 1) return { error: 'more than one device/emulator' };
    return this.find((candidates[0] as AdbDevice).serial);
  }

  private async hostService(socket: Socket, request: string): Promise<void> {
    // host-serial:<serial>:<command>; a serial may itself hold colons (host:port of a network device).
    const serialForm = /^host-serial:(.+?):(features|get-state|get-serialno|get-devpath|forward:.*|killforward:.*|killforward-all|list-forward|wait-for-.*)$/.exec(request);
    const command = serialForm ? (serialForm[2] as string) : request.replace(/^host(-usb|-local)?:/, '');
    const target = (): { device: AdbDevice } | { error: string } => (serialForm ? this.find(serialForm[1] as string) : this.single(this.list()));

    if (command === 'version') return end(socket, okayWith(ADB_SERVER_VERSION.toString(16).padStart(4, '0')));
    if (command === 'kill') {
      socket.end(okay);
      this.onKill?.();
      return;
    }
    if (command === 'devices' || command === 'devices-l') return end(socket, okayWith(this.deviceList(command === 'devices-l')));
    if (command === 'host-features') return end(socket, okayWith(DEVICE_FEATURES.join(',')));
    if (command.startsWith('wait-for-')) return this.waitFor(socket, command, serialForm?.[1]);
    if (command === 'list-forward' && !serialForm) return end(socket, okayWith(this.forwards.list()));
    if (command === 'killforward-all') {
      await this.forwards.removeAll();
      return end(socket, Buffer.concat([okay, okay]));
    }
    if (['features', 'get-state', 'get-serialno', 'get-devpath', 'list-forward'].includes(command) || command.startsWith('forward:') || command.startsWith('killforward:')) {
      const found = target();
      if ('error' in found) return end(socket, fail(found.error));
      const { device } = found;
      if (command === 'features') return end(socket, okayWith(DEVICE_FEATURES.join(',')));
      if (command === 'get-state') return end(socket, okayWith(device.state));
      if (command === 'get-serialno') return end(socket, okayWith(device.serial));
      if (command === 'get-devpath') return end(socket, okayWith('unknown'));
      if (command === 'list-forward') return end(socket, okayWith(this.forwards.list(device.serial)));
      return end(socket, await this.forwards.request(device, command));
    }
    return end(socket, fail(`unknown host service '${request}'`));
  }

  private deviceList(long: boolean): string {
    return this.list()
      .map((d) => (long ? `${d.serial.padEnd(22)} ${d.state} product:${d.description.product} model:${d.description.model} device:${d.description.device} transport_id:${this.transportIds.get(d.serial)}` : `${d.serial}\t${d.state}`))
      .map((line) => `${line}\n`)
      .join('');
  }

  /** `wait-for-<transport>-<state>`: OKAY once the device is in that state (ours are there or not at all). */
  private async waitFor(socket: Socket, command: string, serial: string | undefined): Promise<void> {
    const state = /^wait-for-(?:usb|local|any)-(device|recovery|rescue|sideload|bootloader|disconnect|any)$/.exec(command)?.[1];
    if (!state) return end(socket, fail(`unsupported wait-for request '${command}'`));
    const present = serial === undefined ? this.list().some((d) => d.state === 'device') : this.devices.get(serial)?.state === 'device';
    if ((state === 'device' || state === 'any') && present) return end(socket, Buffer.concat([okay, okay]));
    if (state === 'disconnect' && !present) return end(socket, Buffer.concat([okay, okay]));
    // The device will not come: a simulated phone is connected or it does not exist. adb's own timeout applies.
    socket.write(okay);
  }

  /** A service opened on a device after a transport request: shell, exec, sync, reverse, reboot, tcp:<port>. */
  private async deviceService(socket: Socket, reader: SocketReader, device: AdbDevice, request: string): Promise<void> {
    const shell = /^shell(?:,([^:]*))?:(.*)$/s.exec(request);
    if (shell) {
      const options = (shell[1] ?? '').split(',').filter(Boolean);
      if (!shell[2]) return end(socket, fail('interactive shells are not simulated: give a command'));
      socket.write(okay);
      return runShellService(socket, device, shell[2], options.includes('v2'));
    }
    if (request.startsWith('exec:')) {
      socket.write(okay);
      return runShellService(socket, device, request.slice(5), false);
    }
    if (request === 'sync:') {
      socket.write(okay);
      return runSyncService(socket, reader, device);
    }
    if (request.startsWith('reverse:')) return end(socket, Buffer.concat([okay, this.forwards.reverse(device, request.slice('reverse:'.length))]));
    if (/^reboot:/.test(request)) {
      socket.end(okay);
      device.reboot();
      return;
    }
    const tcp = /^tcp:(\d+)$/.exec(request);
    if (tcp) {
      const upstream = await device.connect(Number(tcp[1])).catch(() => undefined);
      if (!upstream) return end(socket, fail(`connect failed: tcp:${tcp[1]} on ${device.serial}: Connection refused`));
      socket.write(okay);
      return pipeBoth(socket, reader, upstream);
    }
    return end(socket, fail(`unknown service '${request}' on ${device.serial}`));
  }
}

function end(socket: Socket, reply: Buffer): void {
  socket.end(reply);
}

/** Joins a client socket (whose reader may hold bytes already) to an upstream socket, both ways. */
export async function pipeBoth(client: Socket, reader: SocketReader, upstream: Socket): Promise<void> {
  upstream.on('error', () => client.destroy());
  client.on('error', () => upstream.destroy());
  upstream.pipe(client);
  client.on('close', () => upstream.destroy());
  upstream.on('close', () => client.destroy());
  for (;;) {
    const chunk = await reader.chunk();
    if (!chunk) {
      upstream.end();
      return;
    }
    upstream.write(chunk);
  }
}
