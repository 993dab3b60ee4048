import { Toxiproxy } from 'toxiproxy-node-client';
import type { Clock } from '../runtime/clock.ts';
import { startFaultServer } from './api/server.ts';
import type { EventLog } from './events.ts';

export interface FaultProxyOptions {
  clock: Clock;
  seed: number;
  /** Where TOXIPROXY_URL is read from; process.env unless given. */
  env?: Record<string, string | undefined>;
}

export interface FaultProxy {
  readonly toxiproxy: Toxiproxy;
  readonly url: string;
  /** True when TOXIPROXY_URL named a server we do not own (a real Toxiproxy, say). */
  readonly external: boolean;
  /** Our event log; undefined for an external server (a real Toxiproxy keeps none). */
  readonly events: EventLog | undefined;
  /** Stops our server; leaves an external one running. */
  close(): Promise<void>;
}

/** The harness's way to a fault proxy: the server at TOXIPROXY_URL if set, else ours, in-process, on an ephemeral port. */
export async function getFaultProxy({ clock, seed, env = process.env }: FaultProxyOptions): Promise<FaultProxy> {
  const external = env.TOXIPROXY_URL?.trim();
  if (external) {
    const url = external.replace(/\/+$/, '');
    return { toxiproxy: new Toxiproxy(url), url, external: true, events: undefined, close: async () => undefined };
  }
  const server = await startFaultServer({ clock, seed, port: 0 });
  return { toxiproxy: new Toxiproxy(server.url), url: server.url, external: false, events: server.events, close: () => server.close() };
}
