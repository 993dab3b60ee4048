import type { AdjustableClock, TimerHandle } from './clock.ts';

interface PendingTimer {
  id: number;
  due: number;
  callback: () => void;
}

/**
 * Deterministic virtual time. Timers fire only when `advance` passes their due time, in due-time order and,
 * for equal due times, in the order they were set, so the same script gives the same history.
 */
export class VirtualClock implements AdjustableClock {
  private current: number;
  private pending: PendingTimer[] = [];
  private nextId = 1;

  constructor(startMs = Date.UTC(2026, 0, 1)) {
    this.current = startMs;
  }

  now(): number {
    return this.current;
  }

  setTimer(delayMs: number, callback: () => void): TimerHandle {
    const timer = { id: this.nextId++, due: this.current + Math.max(0, delayMs), callback };
    const at = this.pending.findIndex((t) => t.due > timer.due);
    if (at === -1) this.pending.push(timer);
    else this.pending.splice(at, 0, timer);
    return { id: timer.id };
  }

  clearTimer(handle: TimerHandle): void {
    this.pending = this.pending.filter((t) => t.id !== handle.id);
  }

  /** Moves time forward by `ms`, firing every timer that falls due on the way (including ones set meanwhile). */
  advance(ms: number): void {
    if (!(ms >= 0)) throw new RangeError(`clock can only move forward, got ${ms} ms`);
    const target = this.current + ms;
    for (let next = this.pending[0]; next && next.due <= target; next = this.pending[0]) {
      this.pending.shift();
      this.current = next.due;
      next.callback();
    }
    this.current = target;
  }

  /** When the next timer is due, or undefined when nothing is pending. */
  nextDue(): number | undefined {
    return this.pending[0]?.due;
  }

  get pendingCount(): number {
    return this.pending.length;
  }
}
