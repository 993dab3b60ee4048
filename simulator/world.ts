import { createRng, type Rng } from '../runtime/rng.ts';
import { Sequence } from '../runtime/sequence.ts';
import { VirtualClock } from '../runtime/virtual-clock.ts';

/**
 * The deterministic world a simulated run lives in: one virtual clock, one seed, one sequence (the order of events
 * within an instant, shared by the history and the scenario's ledger), and a count of the async work in flight. Time only moves when everything started so far has settled, so the order of events depends on the seed
 * and the script alone — never on how fast the machine is.
 */
export class SimWorld {
  readonly clock: VirtualClock;
  readonly rng: Rng;
  readonly sequence = new Sequence();
  private inFlight = 0;

  constructor(seed: number, startMs = Date.UTC(2026, 10, 21, 9, 0, 0)) {
    this.clock = new VirtualClock(startMs);
    this.rng = createRng(seed);
  }

  /** Counts a piece of async work (an engine pass, a cloud call) until it settles. */
  track<T>(work: Promise<T>): Promise<T> {
    this.inFlight++;
    return work.finally(() => this.inFlight--);
  }

  /** Waits until no tracked work is running. Real async I/O (sharp's thread pool) may need event-loop turns. */
  async settle(): Promise<void> {
    for (let turns = 0; ; turns++) {
      await yieldToEventLoop();
      if (this.inFlight === 0) {
        // Let continuations scheduled by the last settled work start (they may track new work).
        await yieldToEventLoop();
        if (this.inFlight === 0) return;
      }
      if (turns > 1_000_000) throw new Error('simulated work never settled');
    }
  }

  /** Runs the world for `ms` of virtual time: settle, jump to the next timer, fire it, settle, … */
  async run(ms: number): Promise<void> {
    const target = this.clock.now() + ms;
    await this.settle();
    for (let due = this.clock.nextDue(); due !== undefined && due <= target; due = this.clock.nextDue()) {
      this.clock.advance(due - this.clock.now());
      await this.settle();
    }
    this.clock.advance(target - this.clock.now());
    await this.settle();
  }

  /** Runs until `done()` holds (checked after each settled step) or `maxMs` of virtual time passed; returns whether it held. */
  async runUntil(done: () => boolean, maxMs: number): Promise<boolean> {
    const deadline = this.clock.now() + maxMs;
    await this.settle();
    while (!done()) {
      const due = this.clock.nextDue();
      if (due === undefined || due > deadline) {
        this.clock.advance(Math.max(0, deadline - this.clock.now()));
        return done();
      }
      this.clock.advance(due - this.clock.now());
      await this.settle();
    }
    return true;
  }
}


const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));
