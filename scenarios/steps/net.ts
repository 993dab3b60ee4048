import { z } from 'zod';
import fc from 'fast-check';
import { action, type Generator, type StepContext } from './action.ts';
import { gen, oneOf } from './gen.ts';
import { duration, on } from './args.ts';

/**
 * `net:` — the phone's network: its state (Wi-Fi, mobile data, offline), Toxiproxy toxics on its link (the same
 * toxic body goes to the in-process model in `simulate` and to the fault proxy in `run`), and cloud-side faults.
 */

const common = { ...on, toxicity: z.number().min(0).max(1).default(1), stream: z.enum(['upstream', 'downstream']).optional(), for: duration.optional() };
type Common = { on?: string | undefined; toxicity: number; stream?: 'upstream' | 'downstream' | undefined; for?: number | undefined };

/** A net action that adds one Toxiproxy toxic of `type`; `attributes` maps the step's arguments to the toxic's. */
function toxic(type: string, shape: z.ZodRawShape, attributes: (args: Readonly<Record<string, number>>) => Record<string, number | undefined>, generate: Generator) {
  return Object.assign(
    action(z.object({ ...common, ...shape }).strict(), async (run: StepContext, parsed) => {
      const args = parsed as Common & Record<string, number>;
      const phone = run.phoneOf(args);
      const attrs: Record<string, number> = Object.fromEntries(Object.entries(attributes(args)).filter((e): e is [string, number] => e[1] !== undefined));
      if (args.for !== undefined) attrs.duration_ms = args.for;
      await run.device(phone).link.addToxic({ name: run.toxicName(type), type, toxicity: args.toxicity, ...(args.stream ? { stream: args.stream } : {}), attributes: attrs });
      run.log(phone, { kind: 'fault', description: `${type} ${JSON.stringify(attributes(args))}`, lasting: args.for === undefined });
    }, generate),
    { toxic: type },
  );
}

function networkState(state: 'wifi' | 'cellular' | 'offline') {
  return action(z.object({ ...on }).strict(), async (run, args) => {
    const phone = run.phoneOf(args);
    await run.device(phone).setNetwork(state);
    run.log(phone, { kind: 'network', state });
  }, gen(2));
}

export const netSteps = {
  wifi: networkState('wifi'),
  cellular: networkState('cellular'),
  offline: networkState('offline'),
  latency: toxic('latency', { ms: z.number().int().min(0), jitter: z.number().int().min(0).default(0) }, (a) => ({ latency: a.ms, jitter: a.jitter }), gen(1, (g) => fc.record({ on: g.phone, ms: oneOf(300, 2000, 70_000), for: oneOf('1m', '10m') }))),
  /** `rate` in KB/s. */
  bandwidth: toxic('bandwidth', { rate: z.number().int().min(0) }, (a) => ({ rate: a.rate }), gen(0.5, (g) => fc.record({ on: g.phone, rate: oneOf(1, 10, 100), for: oneOf('1m', '10m') }))),
  slicer: toxic('slicer', { 'average-size': z.number().int().min(1), 'size-variation': z.number().int().min(0).default(0), delay: z.number().int().min(0).default(0) }, (a) => ({ average_size: a['average-size'], size_variation: a['size-variation'], delay: a.delay }), gen(0.3, (g) => fc.record({ on: g.phone, 'average-size': oneOf(100, 1000), delay: oneOf(10, 100), for: oneOf('1m') }))),
  timeout: toxic('timeout', { ms: z.number().int().min(0) }, (a) => ({ timeout: a.ms }), gen(1, (g) => fc.record({ on: g.phone, ms: oneOf(0, 5000), stream: oneOf('upstream', 'downstream'), for: oneOf('1m', '10m') }))),
  'reset-peer': toxic('reset_peer', { 'after-bytes': z.number().int().min(0).default(0) }, (a) => ({ after_bytes: a['after-bytes'] }), gen(2, (g) => fc.record({ on: g.phone, stream: oneOf('upstream', 'downstream'), 'after-bytes': oneOf(0, 1000, 2000), for: oneOf('1m', '10m'), toxicity: oneOf(1, 0.5) }))),
  'limit-data': toxic('limit_data', { bytes: z.number().int().min(0) }, (a) => ({ bytes: a.bytes }), gen(0.5, (g) => fc.record({ on: g.phone, bytes: oneOf(1500, 3000), for: oneOf('1m') }))),
  /** The link refuses every connection (Toxiproxy: the proxy disabled). */
  down: action(z.object({ ...on }).strict(), async (run, args) => {
    const phone = run.phoneOf(args);
    await run.device(phone).link.setEnabled(false);
    run.log(phone, { kind: 'fault', description: 'link down', lasting: true });
  }, gen(1)),
  /** The cloud commits this phone's `batchCreate` and its answer is lost: the unknown outcome that duplicates. */
  'response-lost-after-commit': action(z.object({ ...on, times: z.number().int().min(1).optional(), probability: z.number().min(0).max(1).default(1) }).strict(), async (run, args) => {
    const phone = run.phoneOf(args);
    const fault = await run.stage.admin<{ id: string }>('POST', '/__admin/faults', { match: 'POST /v1/mediaItems:batchCreate', commitThenFail: true, clientId: run.account(phone).clientId, probability: args.probability, ...(args.times ? { times: args.times } : {}) });
    run.cloudFaults(phone).push(fault.id);
    run.log(phone, { kind: 'fault', description: 'batchCreate answers lost after commit', lasting: args.times === undefined });
  }, gen(2, (g) => fc.record({ on: g.phone, times: fc.integer({ min: 1, max: 2 }) }))),
  /** This phone's link back to normal, and its cloud-side faults removed; the other phones' stay. */
  heal: action(z.object({ ...on }).strict(), async (run, args) => {
    const phone = run.phoneOf(args);
    await run.device(phone).link.reset();
    const faults = run.cloudFaults(phone);
    for (const id of faults.splice(0)) await run.stage.admin('DELETE', `/__admin/faults/${id}`).catch(() => undefined);
    run.log(phone, { kind: 'fault', description: 'healed', healed: true });
  }, gen(3)),
};
