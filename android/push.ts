import type { FetchLike } from '../network/index.ts';
import type { Phone } from '../simulator/device/phone.ts';

/**
 * The phone's push channel (FCM's role): long-polls the fake cloud's `/__admin/changes` for the signed-in account
 * and tells the gallery "something changed", as the simulator's in-process rig does. Real phones get this from
 * Google; without a push URL a simulated phone only learns of cloud changes by its periodic check.
 */
export class PushChannel {
  private stopped = false;
  private readonly abort = new AbortController();

  constructor(
    private readonly phone: Phone,
    /** The phone's own network (a simulated phone reaches the host through `adb reverse`). */
    private readonly fetch: FetchLike,
    private readonly pushUrl: string,
    private readonly email: string,
    /** Cloud-time ms a poll may wait: about two wall seconds at the session's time scale. */
    private readonly waitMs: number,
  ) {
    void this.loop();
  }

  stop(): void {
    this.stopped = true;
    this.abort.abort();
  }

  private async loop(): Promise<void> {
    let after = -1;
    while (!this.stopped) {
      try {
        const url = `${this.pushUrl}/__admin/changes?account=${encodeURIComponent(this.email)}&after=${Math.max(after, 0)}&waitMs=${after < 0 ? 0 : this.waitMs}`;
        const response = await this.fetch(new Request(url, { signal: this.abort.signal }));
        const { seq } = (await response.json()) as { seq?: unknown };
        // No account yet, a reset cloud, a cloud shutting down: wait, then ask again.
        if (!response.ok || typeof seq !== 'number') throw new Error(`push: ${response.status}`);
        if (after >= 0 && seq > after) this.phone.cloudChanged();
        after = seq;
      } catch {
        if (this.stopped) return;
        await new Promise((resolve) => setTimeout(resolve, 500));
      }
    }
  }
}
