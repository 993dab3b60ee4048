import type { AdjustableClock, TimerHandle } from './clock.ts';

interface PendingTimer {
  id: number;
  due: number;
  callback: () => void;
}

/**
 * Real time, sped up `scale` times, that can also jump ahead: the clock of an end-to-end run on simulated phones.
 * At scale 30 a scenario's "settle 10m" is 20 wall seconds and a 2 s retry backoff is 67 ms, while a 60-day
 * `advance` jumps (firing every timer due on the way, as a phone would after the date moved). At scale 1 it is
 * the wall clock. Real phones and real servers keep scale 1.
 */
export class PacedClock implements AdjustableClock {
  private readonly origin = performance.now();
  private jumpedMs = 0;
  private pending: PendingTimer[] = [];
  private nextId = 1;
  private wake: NodeJS.Timeout | undefined;

  constructor(
    readonly scale = 1,
    private readonly startMs = Date.now(),
  ) {
    if (!(scale > 0)) throw new RangeError(`time scale must be positive, got ${scale}`);
  }

  now(): number {
    return Math.floor(this.startMs + this.jumpedMs + (performance.now() - this.origin) * this.scale);
  }

  setTimer(delayMs: number, callback: () => void): TimerHandle {
    const timer = { id: this.nextId++, due: this.now() + Math.max(0, delayMs), callback };
    const at = this.pending.findIndex((t) => t.due > timer.due);
    if (at === -1) this.pending.push(timer);
    else this.pending.splice(at, 0, timer);
    this.arm();
    return { id: timer.id };
  }

  clearTimer(handle: TimerHandle): void {
    this.pending = this.pending.filter((t) => t.id !== handle.id);
    this.arm();
  }

  advance(ms: number): void {
    if (!(ms >= 0)) throw new RangeError(`clock can only move forward, got ${ms} ms`);
    this.jumpedMs += ms;
    this.fireDue();
  }

  /** Stops the wall-clock wake-up; pending timers stay pending (a closed session). */
  stop(): void {
    clearTimeout(this.wake);
    this.pending = [];
  }

  private fireDue(): void {
    for (let next = this.pending[0]; next && next.due <= this.now(); next = this.pending[0]) {
      this.pending.shift();
      next.callback();
    }
    this.arm();
  }

  private arm(): void {
    clearTimeout(this.wake);
    const next = this.pending[0];
    if (!next) return;
    this.wake = setTimeout(() => this.fireDue(), Math.max(0, Math.ceil((next.due - this.now()) / this.scale)));
    // A pending periodic check must not keep a finished process alive.
    this.wake.unref();
  }
}
