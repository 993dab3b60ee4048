import type { Clock } from '../../runtime/clock.ts';

/**
 * "Something changed in this account": the push a phone gets from Google (FCM's role), for phones that live in
 * another process (a simulated Android device) and so cannot be told in memory. A waiter is answered at the next
 * change or after its wait, on the cloud's clock.
 */
export class ChangeSignal {
  private readonly waiters = new Set<{ email: string; wake: () => void }>();
  private isClosed = false;

  /** The cloud is shutting down: every waiter is answered now, and new ones at once. */
  close(): void {
    this.isClosed = true;
    for (const waiter of this.waiters) waiter.wake();
  }

  get closed(): boolean {
    return this.isClosed;
  }

  notify(email: string): void {
    for (const waiter of this.waiters) if (waiter.email === email) waiter.wake();
  }

  /** Resolves at the account's next change, or after `waitMs`, whichever comes first. */
  next(email: string, clock: Clock, waitMs: number): Promise<void> {
    return new Promise((resolve) => {
      if (this.isClosed) return resolve();
      const waiter = {
        email,
        wake: () => {
          this.waiters.delete(waiter);
          clock.clearTimer(timer);
          resolve();
        },
      };
      const timer = clock.setTimer(waitMs, waiter.wake);
      this.waiters.add(waiter);
    });
  }
}
