import { z } from 'zod';
import type { Rng } from '../../runtime/rng.ts';

/**
 * A toxic works on a timeline instead of sleeping: given bytes that reach it at time `at`, it says which bytes
 * leave and when. The link keeps what leaves in order and writes it to the socket when due, so every toxic is a
 * pure function of (settings, arrivals, seeded draws) and can be tested without sockets or real time.
 */
export type EndKind =
  /** The source sent FIN: half-close the destination once everything before it is written. */
  | 'eof'
  /** A toxic closes the connection (Toxiproxy's stub.Close): flush, FIN, and tear down both sides. */
  | 'close'
  /** A toxic resets the connection: RST on both sides, unsent data discarded. */
  | 'reset';

export type Action = { at: number; data: Buffer } | { at: number; end: EndKind };

/** One toxic acting on one direction of one connection. Times are milliseconds on the proxy's clock. */
export interface Stage {
  data(chunk: Buffer, at: number): Action[];
  /** The stream ends. When absent the end passes on unchanged. */
  end?(kind: EndKind, at: number): Action[];
}

/** Optional: actions owed from the moment the toxic attaches to a connection (timeout's deadline). */
export interface StartingStage extends Stage {
  start(at: number): Action[];
}

/** Optional: actions owed when the toxic is removed from a live connection (Toxiproxy's CleanupToxic). */
export interface DetachingStage extends Stage {
  detach(at: number): Action[];
}

export interface StageContext {
  /** This connection's own stream of draws for this toxic (forked from the server seed). */
  readonly rng: Rng;
  /** Adds fields to this connection's `toxic.decision` event (e.g. the jitter drawn). */
  note(fields: Record<string, unknown>): void;
}

export interface ToxicType<Attributes extends Record<string, number> = Record<string, number>> {
  readonly type: string;
  /** Validates and fills defaults; every attribute is a whole number with its unit in the docs. */
  readonly attributes: z.ZodType<Attributes>;
  stage(attributes: Attributes, context: StageContext): Stage;
}

/**
 * A whole number, 0 when absent: Toxiproxy's int64 fields. Negatives are accepted, as Toxiproxy accepts them; each
 * toxic says what one means (mostly what Go's timers do with a negative duration: no wait at all).
 */
export const integer = () => z.number().int().default(0);

export const passThrough: Stage = { data: (chunk, at) => [{ at, data: chunk }] };

const registry = new Map<string, ToxicType>();

export function register<A extends Record<string, number>>(toxic: ToxicType<A>): void {
  registry.set(toxic.type, toxic as unknown as ToxicType);
}

export function toxicType(type: string): ToxicType | undefined {
  return registry.get(type);
}

export function toxicTypes(): string[] {
  return [...registry.keys()];
}
