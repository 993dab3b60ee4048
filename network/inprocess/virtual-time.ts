import type { VirtualClock } from '../../runtime/virtual-clock.ts';

/** Lets pending promise chains run: enough microtask turns for a few nested awaits each. */
export async function flushMicrotasks(turns = 50): Promise<void> {
  for (let i = 0; i < turns; i++) await Promise.resolve();
}

/** Advances virtual time by `ms`, one due timer at a time, letting promises settle after each. */
export async function advanceBy(clock: VirtualClock, ms: number): Promise<void> {
  const target = clock.now() + ms;
  await flushMicrotasks();
  for (let due = clock.nextDue(); due !== undefined && due <= target; due = clock.nextDue()) {
    clock.advance(due - clock.now());
    await flushMicrotasks();
  }
  clock.advance(target - clock.now());
  await flushMicrotasks();
}
