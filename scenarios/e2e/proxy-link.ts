import type { Proxy, Toxic } from 'toxiproxy-node-client';
import type { NetworkControl } from '../../drivers/gallery-device.ts';

/** Toxic attributes that are durations (divided by the time scale) and rates (multiplied by it). */
const durations = new Set(['latency', 'jitter', 'timeout', 'delay', 'start_ms']);
const rates = new Set(['rate']);

/**
 * A phone's link as a Toxiproxy proxy in front of it. Scenario values are in scenario time: with phones whose
 * time runs `scale` times faster than the wall clock, a 300 ms latency is 300/scale wall ms and 2 KB/s is
 * 2·scale KB/s, so the phones see what the scenario says. A toxic that lasts `duration_ms` is removed by this
 * side after that long, which works on a real Toxiproxy too (it has no time windows).
 */
export class ProxyLink implements NetworkControl {
  private readonly toxics = new Map<string, Toxic<unknown>>();
  private readonly expiries = new Set<NodeJS.Timeout>();

  constructor(
    readonly proxy: Proxy,
    private readonly scale: number,
  ) {}

  async addToxic(body: unknown): Promise<void> {
    const { attributes = {}, ...rest } = body as { name: string; attributes?: Record<string, number> };
    const { duration_ms: lasting, ...scaled } = Object.fromEntries(Object.entries(attributes).map(([key, value]) => [key, this.toWall(key, value)]));
    const toxic = await this.proxy.addToxic({ ...rest, attributes: scaled } as never);
    this.toxics.set(rest.name, toxic);
    if (typeof lasting === 'number') {
      const expiry = setTimeout(() => {
        this.expiries.delete(expiry);
        void this.removeToxic(rest.name).catch(() => undefined);
      }, lasting);
      this.expiries.add(expiry);
    }
  }

  /**
   * A scenario-time attribute in wall terms. Toxiproxy takes whole milliseconds (slicer's delay is µs): a
   * duration keeps at least 1 so a toxic never vanishes by rounding, and 0 (timeout: never) stays 0.
   */
  private toWall(key: string, value: number): number {
    if (key === 'duration_ms') return value / this.scale;
    if (rates.has(key)) return Math.round(value * this.scale);
    if (durations.has(key)) return value > 0 ? Math.max(1, Math.round(value / this.scale)) : value;
    return value;
  }

  async removeToxic(name: string): Promise<void> {
    const toxic = this.toxics.get(name);
    this.toxics.delete(name);
    await toxic?.remove();
  }

  async setEnabled(enabled: boolean): Promise<void> {
    await this.proxy.update({ enabled, listen: this.proxy.listen, upstream: this.proxy.upstream } as never);
  }

  /** Heals the link: every toxic gone, the proxy up. */
  async reset(): Promise<void> {
    for (const expiry of this.expiries) clearTimeout(expiry);
    this.expiries.clear();
    for (const name of [...this.toxics.keys()]) await this.removeToxic(name);
    await this.setEnabled(true);
  }

  async close(): Promise<void> {
    for (const expiry of this.expiries) clearTimeout(expiry);
    await this.proxy.remove();
  }
}
