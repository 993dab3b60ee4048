import { z } from 'zod';
import { BRAND_NAMES } from '../fixtures/index.ts';
import { schemasOf } from './steps/action.ts';
import { webSource } from './steps/args.ts';
import { cloudSteps, netSteps, phoneSteps } from './steps/index.ts';

/**
 * The scenario language. A scenario is data: a name, the story it covers, which brands and phones, and steps.
 * Each step is one line of YAML with one verb: `phone:`, `cloud:`, `net:`, `advance:`, `settle:` or `expect:`;
 * arguments follow inline, e.g. `- phone: capture { count: 3, album: Camera }`.
 */
export const invariantNames = [
  'no-loss',
  'no-duplicate',
  'integrity',
  'delete-propagates',
  'no-resurrection',
  'trash-retention',
  'edit-propagates',
  'album-privacy',
  'wifi-only',
  'revoke-stops-sync',
  'quota-pauses',
  'converges',
  'metadata',
] as const;
export type InvariantName = (typeof invariantNames)[number];

export { duration, parseDuration, parseItemRef, webSource, type ItemRef } from './steps/args.ts';

/** The arguments' schemas of every action, by verb (the actions themselves are in `steps/`). */
export const phoneActions = schemasOf(phoneSteps);
export const cloudActions = schemasOf(cloudSteps);
export const netActions = schemasOf(netSteps);

/** The net actions that are Toxiproxy toxics, and the toxic each one adds (the same body in both layers). */
export const toxicOf = Object.fromEntries(Object.entries(netSteps).flatMap(([name, a]) => ('toxic' in a ? [[name, a.toxic]] : []))) as Record<string, string>;

export type PhoneAction = keyof typeof phoneActions;
export type CloudAction = keyof typeof cloudActions;
export type NetAction = keyof typeof netActions;

export type Step =
  | { verb: 'phone'; action: PhoneAction; args: Record<string, unknown>; text: string }
  | { verb: 'cloud'; action: CloudAction; args: Record<string, unknown>; text: string }
  | { verb: 'net'; action: NetAction; args: Record<string, unknown>; text: string }
  | { verb: 'advance'; ms: number; text: string }
  | { verb: 'settle'; ms: number; text: string }
  | { verb: 'expect'; invariant: InvariantName | 'consistent'; text: string };

export const brandSelector = z.union([z.enum(['all', 'two-way', 'backup-only']), z.array(z.enum(BRAND_NAMES)).min(1)]);

export const scenarioHeader = z
  .object({
    name: z.string().min(1).max(200),
    covers: z.string().min(1, 'say which user story or bug report this covers'),
    tags: z.array(z.string()).default([]),
    brands: brandSelector.default('all'),
    phones: z
      .array(z.string().regex(/^[a-z][a-z0-9-]*$/, 'a phone name is lower-case letters, digits and dashes').refine((n) => n !== webSource, '"web" names the cloud side in item references; call the phone something else'))
      .min(1)
      .max(8)
      .refine((names) => new Set(names).size === names.length, 'each phone needs its own name')
      .default(['phone']),
    steps: z.array(z.unknown()).min(1, 'a scenario needs at least one step'),
  })
  .strict();

export interface Scenario {
  name: string;
  covers: string;
  tags: string[];
  brands: z.infer<typeof brandSelector>;
  phones: string[];
  steps: Step[];
  file: string;
}


