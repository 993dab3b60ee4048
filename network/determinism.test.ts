import { describe, expect, it } from 'vitest';
import { RealClock } from '../runtime/real-clock.ts';
import { startFaultServer } from './api/server.ts';
import type { NetworkEvent } from './events.ts';
import { echo, exchange, pattern, startServer } from './testing.ts';

const clock = new RealClock();

/** The same script against a fresh server: returns the toxic decisions it logged, without times. */
async function decisionsFor(seed: number): Promise<Array<Omit<NetworkEvent, 'time'>>> {
  const server = await startFaultServer({ clock, port: 0, seed });
  const upstream = await startServer(echo);
  try {
    const proxy = await server.collection.add({ name: 'replay', upstream: upstream.address });
    proxy.addToxic({ type: 'latency', toxicity: 0.5, attributes: { latency: 5, jitter: 5 } });
    proxy.addToxic({ type: 'slicer', stream: 'upstream', toxicity: 0.7, attributes: { average_size: 64, size_variation: 32 } });
    const port = Number(proxy.listen.split(':').at(-1));
    for (let i = 0; i < 12; i++) {
      const result = await exchange(clock, port, { send: pattern(500), endAfterReading: 500, deadlineMs: 5_000 });
      expect(result.data.equals(pattern(500))).toBe(true);
    }
    return server.events
      .since()
      .filter((e) => e.type === 'toxic.decision')
      .map(({ time: _time, ...rest }) => rest);
  } finally {
    await server.close();
    await upstream.close();
  }
}

describe('replay from a seed', () => {
  it('logs the same toxic decisions (toxicity draws, jitter) for the same seed, and others for another seed', async () => {
    const first = await decisionsFor(2024);
    const second = await decisionsFor(2024);
    const other = await decisionsFor(2025);
    expect(first).toHaveLength(24);
    expect(second).toEqual(first);
    expect(first.some((d) => d.applied) && first.some((d) => !d.applied)).toBe(true);
    expect(first.filter((d) => d.applied && d.toxic_type === 'latency').every((d) => typeof d.jitter_ms === 'number')).toBe(true);
    expect(other.map((d) => d.draw)).not.toEqual(first.map((d) => d.draw));
  });
});
