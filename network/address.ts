import { ApiError } from './errors.ts';

export interface Address {
  host: string;
  port: number;
}

/**
 * Parses Toxiproxy's `host:port` (`[v6]:port` too), or says why not in the words of Go's net.SplitHostPort, which
 * Toxiproxy's errors carry. An empty host or `localhost` means 127.0.0.1: proxies stay on loopback unless asked
 * otherwise (Toxiproxy would listen on every interface for an empty host).
 */
export function parseAddress(value: string): Address | { problem: string } {
  const match = /^(?:\[([^\]]*)\]|([^:[\]]*)):([^:]*)$/.exec(value);
  if (!match) {
    const why = !value.includes(':') ? 'missing port in address' : value.startsWith('[') && !value.includes(']') ? "missing ']' in address" : 'too many colons in address';
    return { problem: `address ${value}: ${why}` };
  }
  const port = match[3] === '' ? 0 : /^\d{1,5}$/.test(match[3]!) ? Number(match[3]) : Number.NaN; // Go listens on any port for ''
  if (!(port <= 65_535)) return { problem: `address ${value}: invalid port` };
  const host = match[1] ?? match[2] ?? '';
  return { host: host === '' || host === 'localhost' ? '127.0.0.1' : host, port };
}

/** A listen address, or the 500 Toxiproxy answers for one Go cannot resolve (`prefix` as its net.Listen words it). */
export function listenAddress(value: string, prefix = ''): Address {
  const parsed = parseAddress(value);
  if ('problem' in parsed) throw new ApiError('unclassified', prefix + parsed.problem);
  return parsed;
}

export function formatAddress({ host, port }: Address): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}
