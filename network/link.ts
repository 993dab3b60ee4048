import type { Clock, TimerHandle } from '../runtime/clock.ts';
import type { Action, EndKind, Stage } from './toxics/toxic.ts';

/** Pausing more input once this many bytes wait in a link keeps a slow toxic from buffering a whole upload. */
const HIGH_WATER_BYTES = 1 << 20;
const LOW_WATER_BYTES = 1 << 18;

/** A toxic as one link sees it: `key` changes when the toxic is updated, so the link builds a fresh stage. */
export interface ChainSpec {
  readonly key: string;
  create(): Stage;
}

/** What a link needs from the destination socket and from its source. */
export interface LinkEnds {
  write(chunk: Buffer): boolean;
  onDrain(callback: () => void): void;
  finish(kind: EndKind): void;
  pauseSource(): void;
  resumeSource(): void;
}

interface Entry {
  readonly key: string;
  readonly stage: Stage;
  lastOut: number;
  ended: boolean;
}

/**
 * One direction of one connection: bytes from the source pass the toxic chain, which decides when (and whether)
 * they leave; the link writes them to the destination in order when due, with backpressure both ways.
 */
export class Link {
  private entries: Entry[] = [];
  private readonly queue: Action[] = [];
  private head = 0;
  private queuedBytes = 0;
  private lastQueuedAt = -Infinity;
  private endQueued = false;
  private timer: TimerHandle | undefined;
  private readonly startTimers = new Set<TimerHandle>();
  private waitingDrain = false;
  private sourcePaused = false;
  private disposed = false;
  private endReceived = false;
  /** Set once the end reached the destination. */
  finished: EndKind | undefined;

  constructor(
    private readonly clock: Clock,
    private readonly ends: LinkEnds,
  ) {}

  receive(chunk: Buffer): void {
    if (this.disposed) return;
    this.pass(0, { at: this.clock.now(), data: chunk });
    this.pump();
  }

  receiveEnd(): void {
    if (this.disposed || this.endReceived) return;
    this.endReceived = true;
    this.pass(0, { at: this.clock.now(), end: 'eof' });
    this.pump();
  }

  /** Sets the chain to `specs` (in order), keeping the stages of toxics that did not change. */
  attach(specs: readonly ChainSpec[]): void {
    if (this.disposed) return;
    const now = this.clock.now();
    const keep = new Map(this.entries.map((e) => [e.key, e]));
    const wanted = new Set(specs.map((s) => s.key));
    const detached = this.entries.filter((e) => !wanted.has(e.key));
    this.entries = specs.map((spec) => keep.get(spec.key) ?? { key: spec.key, stage: spec.create(), lastOut: now, ended: false });
    for (const entry of this.entries) if (!keep.has(entry.key)) this.scheduleStart(entry);
    for (const entry of detached) {
      if (!entry.ended && 'detach' in entry.stage) for (const action of (entry.stage as { detach(at: number): Action[] }).detach(now)) this.enqueue(action);
    }
    this.pump();
  }

  /** Drops everything pending: the destination is gone. */
  dispose(): void {
    this.disposed = true;
    if (this.timer) this.clock.clearTimer(this.timer);
    for (const timer of this.startTimers) this.clock.clearTimer(timer);
    this.startTimers.clear();
    this.queue.length = 0;
    this.head = 0;
    this.queuedBytes = 0;
  }

  /** A starting stage's actions (timeout's deadline) enter the chain when due, unless the stream ended first. */
  private scheduleStart(entry: Entry): void {
    if (!('start' in entry.stage)) return;
    const actions = (entry.stage as { start(at: number): Action[] }).start(this.clock.now());
    for (const action of actions) {
      const timer = this.clock.setTimer(action.at - this.clock.now(), () => {
        this.startTimers.delete(timer);
        const index = this.entries.indexOf(entry);
        if (index >= 0 && !entry.ended) this.emit(index, entry, [action]);
        this.pump();
      });
      this.startTimers.add(timer);
    }
  }

  private pass(index: number, action: Action): void {
    const entry = this.entries[index];
    if (!entry) return this.enqueue(action);
    if (entry.ended) return;
    const { stage } = entry;
    const out = 'data' in action ? stage.data(action.data, action.at) : stage.end ? stage.end(action.end, action.at) : [action];
    this.emit(index, entry, out);
  }

  /** Passes a stage's output on, in order: nothing leaves a stage earlier than what it let out before. */
  private emit(index: number, entry: Entry, out: readonly Action[]): void {
    for (const action of out) {
      if (entry.ended) return;
      const at = Math.max(action.at, entry.lastOut);
      entry.lastOut = at;
      if ('end' in action) entry.ended = true;
      this.pass(index + 1, at === action.at ? action : { ...action, at });
    }
  }

  private enqueue(action: Action): void {
    if (this.endQueued || this.disposed) return;
    const at = Math.max(action.at, this.lastQueuedAt);
    this.lastQueuedAt = at;
    if ('end' in action) this.endQueued = true;
    else this.queuedBytes += action.data.length;
    this.queue.push(at === action.at ? action : { ...action, at });
  }

  private readonly pump = (): void => {
    if (this.timer) this.clock.clearTimer(this.timer);
    this.timer = undefined;
    const now = this.clock.now();
    while (!this.waitingDrain && !this.disposed && this.head < this.queue.length) {
      const next = this.queue[this.head] as Action;
      if (next.at > now) {
        this.timer = this.clock.setTimer(next.at - now, this.pump);
        break;
      }
      this.head++;
      if ('end' in next) {
        this.finished = next.end;
        this.ends.finish(next.end);
        break;
      }
      this.queuedBytes -= next.data.length;
      if (!this.ends.write(next.data)) {
        this.waitingDrain = true;
        this.ends.onDrain(() => {
          this.waitingDrain = false;
          this.pump();
        });
      }
    }
    this.compact();
    this.flowControl();
  };

  private compact(): void {
    if (this.head === this.queue.length) {
      this.queue.length = 0;
      this.head = 0;
    } else if (this.head > 1024 && this.head * 2 > this.queue.length) {
      this.queue.splice(0, this.head);
      this.head = 0;
    }
  }

  private flowControl(): void {
    if (this.disposed) return;
    const full = this.waitingDrain || this.queuedBytes > HIGH_WATER_BYTES;
    if (full && !this.sourcePaused) {
      this.sourcePaused = true;
      this.ends.pauseSource();
    } else if (!full && this.sourcePaused && this.queuedBytes <= LOW_WATER_BYTES) {
      this.sourcePaused = false;
      this.ends.resumeSource();
    }
  }
}
