import type { Clock } from '../runtime/clock.ts';

/** One recorded fact: a proxy or toxic change, or a per-connection toxic decision. */
export interface NetworkEvent {
  /** Monotonic, from 1, never reused (also across trimming). */
  readonly seq: number;
  /** Milliseconds since the epoch, on the injected clock. */
  readonly time: number;
  readonly type: string;
  readonly [field: string]: unknown;
}

export type EventListener = (event: NetworkEvent) => void;

/** Keeps the newest events only, so a proxy running for days does not grow without bound. */
export const EVENT_LOG_CAPACITY = 50_000;

/** The append-only log behind `GET /events` and in-process subscriptions. */
export class EventLog {
  private readonly events: NetworkEvent[] = [];
  private readonly listeners = new Set<EventListener>();
  private lastSeq = 0;

  constructor(
    private readonly clock: Clock,
    private readonly capacity = EVENT_LOG_CAPACITY,
  ) {}

  append(type: string, fields: Record<string, unknown> = {}): NetworkEvent {
    const own = { seq: ++this.lastSeq, time: this.clock.now(), type };
    const event: NetworkEvent = Object.assign({ ...own }, fields, own); // fields cannot overwrite seq, time or type
    this.events.push(event);
    // Trimmed a quarter at a time: trimming one event per append moved the whole log on every append (quadratic).
    if (this.events.length > this.capacity + Math.ceil(this.capacity / 4)) this.events.splice(0, this.events.length - this.capacity);
    for (const listener of this.listeners) listener(event);
    return event;
  }

  /** Events with a seq greater than `afterSeq`, oldest first. */
  since(afterSeq = 0): NetworkEvent[] {
    return this.events.filter((e) => e.seq > afterSeq);
  }

  /** Calls `listener` for every event appended from now on; returns the unsubscribe function. */
  subscribe(listener: EventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
