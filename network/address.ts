import { ApiError } from './errors.ts';

export interface Address {
  host: string;
  port: number;
}

/**
 * Parses Toxiproxy's `host:port` (`[v6]:port` too). An empty host or `localhost` means 127.0.0.1: proxies stay on
 * loopback unless asked otherwise (Toxiproxy would listen on every interface for an empty host).
 */
export function parseAddress(field: string, value: string): Address {
  const match = /^(?:\[([^\]]*)\]|([^:]*)):(\d{1,5})$/.exec(value);
  const port = Number(match?.[3]);
  if (!match || port > 65_535) throw new ApiError('badRequestBody', `${field} must be host:port, got "${value}"`);
  const host = match[1] ?? match[2] ?? '';
  return { host: host === '' || host === 'localhost' ? '127.0.0.1' : host, port };
}

export function formatAddress({ host, port }: Address): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}
