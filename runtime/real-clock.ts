import type { AdjustableClock, Clock, TimerHandle } from './clock.ts';

/** The wall clock: the one place that reads real time. */
export class RealClock implements Clock {
  private readonly timers = new Map<number, NodeJS.Timeout>();
  private nextId = 1;

  now(): number {
    return Date.now();
  }

  setTimer(delayMs: number, callback: () => void): TimerHandle {
    const id = this.nextId++;
    const timer = setTimeout(() => {
      this.timers.delete(id);
      callback();
    }, delayMs);
    this.timers.set(id, timer);
    return { id };
  }

  clearTimer(handle: TimerHandle): void {
    clearTimeout(this.timers.get(handle.id));
    this.timers.delete(handle.id);
  }
}

/**
 * Real time plus an offset that only grows: how a long-running cloud server lets a scenario jump 61 days
 * ahead. Timers keep running on real time; only `now()` jumps.
 */
export class OffsetClock implements AdjustableClock {
  constructor(
    private readonly base: Clock,
    private offsetMs = 0,
  ) {}

  get offset(): number {
    return this.offsetMs;
  }

  now(): number {
    return this.base.now() + this.offsetMs;
  }

  advance(ms: number): void {
    if (!(ms >= 0)) throw new RangeError(`clock can only move forward, got ${ms} ms`);
    this.offsetMs += ms;
  }

  setTimer(delayMs: number, callback: () => void): TimerHandle {
    return this.base.setTimer(delayMs, callback);
  }

  clearTimer(handle: TimerHandle): void {
    this.base.clearTimer(handle);
  }
}
