import { z } from 'zod';
import { BRAND_NAMES, KIND_NAMES, KINDS } from '../fixtures/index.ts';

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

const duration = z
  .union([z.number().nonnegative(), z.string().regex(/^\d+(\.\d+)?\s*(ms|s|m|h|d)$/, 'a duration like 500ms, 30s, 5m, 2h or 61d')])
  .transform((v) => (typeof v === 'number' ? v : parseDuration(v)));

export function parseDuration(text: string): number {
  const m = /^(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)$/.exec(text.trim());
  if (!m) throw new Error(`not a duration: ${text}`);
  const unit = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }[m[2] as 'ms'];
  return Number(m[1]) * unit;
}

/**
 * An item: `3` (the 3rd photo captured on the step's phone, 1-based), `last`, `a:3` or `a:last` (on phone a), or
 * `web:2` (the 2nd cloud-side add). Any step that takes an item takes any of these.
 */
const itemRef = z.union([
  z.number().int().min(1),
  z.string().regex(/^(?:[a-z][a-z0-9-]*:)?(?:[1-9]\d*|last)$/, 'an item is a number (the Nth capture), last, <phone>:N, <phone>:last or web:N'),
]);

export interface ItemRef {
  /** A phone's name, or `web` for the cloud-side adds. */
  source: string;
  n: number | 'last';
}

/** `3`, `last`, `b:2`, `web:1` → where the item comes from and which one; unprefixed refs are the step's phone's. */
export function parseItemRef(ref: unknown, stepPhone: string): ItemRef {
  if (typeof ref === 'number') return { source: stepPhone, n: ref };
  const text = String(ref);
  const colon = text.indexOf(':');
  const source = colon < 0 ? stepPhone : text.slice(0, colon);
  const which = colon < 0 ? text : text.slice(colon + 1);
  return { source, n: which === 'last' ? 'last' : Number(which) };
}

/** The name `web` stands for the cloud side in item references, so no phone may take it. */
export const webSource = 'web';
const on = { on: z.string().optional() };
const album = z.string().min(1).max(200);

export const phoneActions = {
  'enable-backup': z.object({ ...on }).strict(),
  'disable-backup': z.object({ ...on }).strict(),
  capture: z
    .object({ ...on, count: z.number().int().min(1).max(500).default(1), kind: z.enum(KIND_NAMES).default('camera-photo'), variant: z.string().optional(), album: album.default('Camera'), 'same-as': itemRef.optional(), name: z.string().min(1).max(255).optional() })
    .strict()
    .superRefine((a, ctx) => {
      const variants = KINDS[a.kind].variants;
      if (a.variant !== undefined && !variants?.includes(a.variant)) ctx.addIssue({ code: 'custom', path: ['variant'], message: variants ? `${a.kind} has variants ${variants.join(', ')}` : `${a.kind} has no variants` });
    }),
  edit: z.object({ ...on, item: itemRef }).strict(),
  delete: z.object({ ...on, item: itemRef, everywhere: z.boolean().optional() }).strict(),
  'delete-everywhere': z.object({ ...on, item: itemRef }).strict(),
  'delete-device-only': z.object({ ...on, item: itemRef }).strict(),
  restore: z.object({ ...on, item: itemRef }).strict(),
  move: z.object({ ...on, item: itemRef, album }).strict(),
  'hide-album': z.object({ ...on, album }).strict(),
  'choose-albums': z.object({ ...on, albums: z.array(album).min(1) }).strict(),
  'wifi-only': z.object({ ...on, enabled: z.boolean().default(true) }).strict(),
  revoke: z.object({ ...on }).strict(),
  'kill-app': z.object({ ...on }).strict(),
  'start-app': z.object({ ...on }).strict(),
  restart: z.object({ ...on }).strict(),
} as const;

export const cloudActions = {
  add: z.object({ count: z.number().int().min(1).max(200).default(1) }).strict(),
  edit: z.object({ item: itemRef }).strict(),
  trash: z.object({ item: itemRef }).strict(),
  restore: z.object({ item: itemRef }).strict(),
  purge: z.object({ item: itemRef }).strict(),
  quota: z.object({ bytes: z.number().int().min(0) }).strict(),
} as const;

const toxicity = { toxicity: z.number().min(0).max(1).default(1), stream: z.enum(['upstream', 'downstream']).optional(), for: duration.optional() };
export const netActions = {
  wifi: z.object({ ...on }).strict(),
  cellular: z.object({ ...on }).strict(),
  offline: z.object({ ...on }).strict(),
  latency: z.object({ ...on, ...toxicity, ms: z.number().int().min(0), jitter: z.number().int().min(0).default(0) }).strict(),
  bandwidth: z.object({ ...on, ...toxicity, rate: z.number().int().min(0) }).strict(),
  slicer: z.object({ ...on, ...toxicity, 'average-size': z.number().int().min(1), 'size-variation': z.number().int().min(0).default(0), delay: z.number().int().min(0).default(0) }).strict(),
  timeout: z.object({ ...on, ...toxicity, ms: z.number().int().min(0) }).strict(),
  'reset-peer': z.object({ ...on, ...toxicity, 'after-bytes': z.number().int().min(0).default(0) }).strict(),
  'limit-data': z.object({ ...on, ...toxicity, bytes: z.number().int().min(0) }).strict(),
  down: z.object({ ...on }).strict(),
  'response-lost-after-commit': z.object({ ...on, times: z.number().int().min(1).optional(), probability: z.number().min(0).max(1).default(1) }).strict(),
  heal: z.object({ ...on }).strict(),
} as const;

/** The net actions that are Toxiproxy toxics, and the toxic each one adds (the same body in both layers). */
export const toxicOf = {
  latency: 'latency',
  bandwidth: 'bandwidth',
  slicer: 'slicer',
  timeout: 'timeout',
  'reset-peer': 'reset_peer',
  'limit-data': 'limit_data',
} as const satisfies Partial<Record<keyof typeof netActions, string>>;

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

export { duration };
