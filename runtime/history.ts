import type { Clock } from './clock.ts';
import { Sequence } from './sequence.ts';

/**
 * One recorded action, Jepsen-style: `invoke` when it starts, then `ok`, `fail`, or `info` when its outcome is
 * unknown (it may have happened). The process is the actor: a phone's name, "cloud", "net", "user".
 */
export interface HistoryEvent {
  time: number;
  process: string;
  type: 'invoke' | 'ok' | 'fail' | 'info';
  op: string;
  value?: unknown;
  /** Its place in the world's sequence (runtime/sequence.ts): the order within one instant. */
  seq?: number;
}

/**
 * Oldest first: by time, then within one instant by sequence; an event with no place in the sequence (the
 * network's decisions, a user step on a stage whose phones keep their own) comes first in its instant. Stable
 * sorts keep the given order where neither tells.
 */
export const inOrder = (a: { time: number; seq?: number | undefined }, b: { time: number; seq?: number | undefined }): number => a.time - b.time || (a.seq ?? -1) - (b.seq ?? -1);

export class History {
  readonly events: HistoryEvent[] = [];

  constructor(
    private readonly clock: Clock,
    private readonly sequence = new Sequence(),
  ) {}

  record(process: string, type: HistoryEvent['type'], op: string, value?: unknown): void {
    this.events.push({ time: this.clock.now(), process, type, op, ...(value === undefined ? {} : { value }), seq: this.sequence.next() });
  }

  /** As JSON lines, the format written per run. */
  toJsonl(): string {
    return this.events.map((e) => JSON.stringify(e)).join('\n') + (this.events.length ? '\n' : '');
  }
}
