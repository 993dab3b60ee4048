/**
 * Time as the simulated world sees it. Code under fake-cloud/, network/ and simulator/ takes a Clock
 * instead of reading Date.now() or calling setTimeout, so the same code runs on real time (end to end)
 * and on virtual time (simulate), where a 60-day trash purge costs no wall time.
 */
export interface TimerHandle {
  readonly id: number;
}

export interface Clock {
  /** Milliseconds since the Unix epoch. */
  now(): number;
  setTimer(delayMs: number, callback: () => void): TimerHandle;
  clearTimer(handle: TimerHandle): void;
}

/** A clock whose time can be moved forward by a control API (the cloud's `/__admin/clock`). */
export interface AdjustableClock extends Clock {
  advance(ms: number): void;
}

export function sleep(clock: Clock, ms: number): Promise<void> {
  return new Promise((resolve) => clock.setTimer(ms, resolve));
}

export const DAY_MS = 24 * 60 * 60 * 1000;
export const HOUR_MS = 60 * 60 * 1000;
export const MINUTE_MS = 60 * 1000;
