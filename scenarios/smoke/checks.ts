import type { Proxy } from 'toxiproxy-node-client';

/** What a check can touch to break things: the fault proxy in front of the cloud, and the cloud's own fault points. */
export interface FaultControls {
  proxy: Proxy;
  cloudFault(spec: Record<string, unknown>): Promise<void>;
  clearCloudFaults(): Promise<void>;
}

/** One smoke check: a fault armed while the phone backs up, healed before it finishes. */
export interface SmokeCheck {
  name: string;
  covers: string;
  /** Arms the fault; returns what heals it. */
  arm(controls: FaultControls): Promise<() => Promise<void>>;
}

const toxic = async (controls: FaultControls, body: { type: string; stream?: 'upstream' | 'downstream'; toxicity?: number; attributes: Record<string, number> }) => {
  const added = await controls.proxy.addToxic(body as never);
  return () => added.remove();
};

export const smokeChecks: readonly SmokeCheck[] = [
  { name: 'clean link', covers: 'first backup: everything arrives once, bytes intact', arm: async () => async () => undefined },
  {
    name: 'connection cut mid-upload',
    covers: 'limit_data 64 KB upstream on half the connections: a retried upload must not duplicate or corrupt',
    arm: (c) => toxic(c, { type: 'limit_data', stream: 'upstream', toxicity: 0.5, attributes: { bytes: 65_536 } }),
  },
  {
    name: 'response lost after commit',
    covers: 'the cloud stores batchCreate and answers 503 half the time: the naive-client duplicate bug',
    arm: async (c) => {
      await c.cloudFault({ match: 'POST /v1/mediaItems:batchCreate', commitThenFail: true, probability: 0.5 });
      return () => c.clearCloudFaults();
    },
  },
  {
    name: 'slow, jittery link',
    covers: 'latency 80 ms ± 40 ms and 4 MB/s downstream: slow is not broken',
    arm: async (c) => {
      const healLatency = await toxic(c, { type: 'latency', attributes: { latency: 80, jitter: 40 } });
      const healBandwidth = await toxic(c, { type: 'bandwidth', attributes: { rate: 4096 } });
      return async () => {
        await healLatency();
        await healBandwidth();
      };
    },
  },
  {
    name: 'link down, then back',
    covers: 'proxy disabled during the backup (offline), enabled again: the backup completes',
    arm: async (c) => {
      await c.proxy.update({ enabled: false, listen: c.proxy.listen, upstream: c.proxy.upstream } as never);
      return async () => {
        await c.proxy.update({ enabled: true, listen: c.proxy.listen, upstream: c.proxy.upstream } as never);
      };
    },
  },
];
