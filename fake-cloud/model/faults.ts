import { z } from 'zod';
import type { Cloud } from '../cloud.ts';
import { rpcStatusByHttpCode } from '../errors.ts';

/**
 * Server-side fault points for the harness: for requests matching `match` ("METHOD /path", `*` as a wildcard),
 * add latency, answer an error status, or commit the write and then answer 503 (the case that makes naive
 * clients duplicate). Kept in memory: they are part of a test's setup, not of the library.
 */
export const faultSpec = z
  .object({
    match: z.string().min(1).max(500).regex(/^(\*|GET|POST|PATCH|PUT|DELETE) \/\S*$/, 'expected "METHOD /path" with * wildcards, e.g. "POST /v1/mediaItems:batchCreate"'),
    status: z
      .number()
      .int()
      .refine((s) => s in rpcStatusByHttpCode, 'status must be one Google uses (400, 401, 403, 404, 409, 429, 500, 503, …)')
      .optional(),
    probability: z.number().min(0).max(1).default(1),
    latencyMs: z.number().int().min(0).max(600_000).default(0),
    commitThenFail: z.boolean().default(false),
    /** Fires this many times, then removes itself. */
    times: z.number().int().min(1).optional(),
    account: z.string().optional(),
    /** Only requests made by this app (OAuth client): one phone of an account, not all of them. */
    clientId: z.string().optional(),
  })
  .strict()
  .refine((f) => f.status !== undefined || f.latencyMs > 0 || f.commitThenFail, 'a fault needs a status, latencyMs or commitThenFail');

export type FaultSpec = z.infer<typeof faultSpec>;
export interface Fault extends FaultSpec {
  id: string;
  fired: number;
}

export class FaultTable {
  private faults: Fault[] = [];
  private nextId = 1;

  add(spec: FaultSpec): Fault {
    const fault = { ...spec, id: `fault-${this.nextId++}`, fired: 0 };
    this.faults.push(fault);
    return fault;
  }

  list(): Fault[] {
    return [...this.faults];
  }

  remove(id: string): boolean {
    const before = this.faults.length;
    this.faults = this.faults.filter((f) => f.id !== id);
    return this.faults.length < before;
  }

  clear(): void {
    this.faults = [];
  }

  /** The first fault matching this request that fires (probability drawn from the cloud's seeded RNG). */
  draw(cloud: Cloud, method: string, path: string, caller: { email: string; clientId: string } | undefined): Fault | undefined {
    for (const fault of this.faults) {
      if (!matches(fault.match, method, path) || (fault.account && fault.account !== caller?.email) || (fault.clientId && fault.clientId !== caller?.clientId)) continue;
      if (!cloud.rng.chance(fault.probability)) continue;
      fault.fired++;
      if (fault.times !== undefined && fault.fired >= fault.times) this.remove(fault.id);
      return fault;
    }
    return undefined;
  }
}

function matches(pattern: string, method: string, path: string): boolean {
  const [patternMethod, patternPath = ''] = pattern.split(' ');
  if (patternMethod !== '*' && patternMethod !== method) return false;
  const regex = new RegExp(`^${patternPath.split('*').map(escapeRegex).join('.*')}$`);
  return regex.test(path);
}

const escapeRegex = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
