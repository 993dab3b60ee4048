import type { Stream } from './connection.ts';

/**
 * The network steps a scenario can take, as Toxiproxy toxic bodies: the same body goes to the TCP proxy
 * (`POST /proxies/{p}/toxics`) and to the in-process model (`InProcessFaults.addToxic`), so a step means the same
 * in `simulate` and `run`. "Down" is not a toxic, in Toxiproxy as here: it is `enabled: false` on the proxy.
 */
export interface ToxicBody {
  name?: string;
  type: string;
  stream?: Stream;
  toxicity?: number;
  attributes?: Record<string, number>;
}

export const faults = {
  latency: (ms: number, jitterMs = 0, stream: Stream = 'downstream'): ToxicBody => ({ type: 'latency', stream, attributes: { latency: ms, jitter: jitterMs } }),
  bandwidth: (kilobytesPerSecond: number, stream: Stream = 'downstream'): ToxicBody => ({ type: 'bandwidth', stream, attributes: { rate: kilobytesPerSecond } }),
  /** Data stops; the connection closes after `ms` (0 = it hangs until healed). */
  timeout: (ms: number, stream: Stream = 'upstream'): ToxicBody => ({ type: 'timeout', stream, attributes: { timeout: ms } }),
  /** RST after `afterBytes` of the body went through, e.g. mid-upload. */
  resetMidBody: (afterBytes: number, stream: Stream = 'upstream'): ToxicBody => ({ type: 'reset_peer', stream, attributes: { timeout: 0, after_bytes: afterBytes } }),
  /** The server handles the request (and commits) but the response never arrives: the client sees a reset. */
  responseLostAfterCommit: (): ToxicBody => ({ type: 'reset_peer', stream: 'downstream', attributes: { timeout: 0 } }),
} as const;
