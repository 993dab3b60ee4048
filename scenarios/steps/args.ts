import { z } from 'zod';

/** The argument types steps share: durations, item references, the phone a step goes to, album names. */

export function parseDuration(text: string): number {
  const m = /^(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)$/.exec(text.trim());
  if (!m) throw new Error(`not a duration: ${text}`);
  const unit = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }[m[2] as 'ms'];
  return Number(m[1]) * unit;
}

export const duration = z
  .union([z.number().nonnegative(), z.string().regex(/^\d+(\.\d+)?\s*(ms|s|m|h|d)$/, 'a duration like 500ms, 30s, 5m, 2h or 61d')])
  .transform((v) => (typeof v === 'number' ? v : parseDuration(v)));

/**
 * An item: `3` (the 3rd photo captured on the step's phone, 1-based), `last`, `a:3` or `a:last` (on phone a), or
 * `web:2` (the 2nd cloud-side add). Any step that takes an item takes any of these.
 */
export const itemRef = z.union([
  z.number().int().min(1),
  z.string().regex(/^(?:[a-z][a-z0-9-]*:)?(?:[1-9]\d*|last)$/, 'an item is a number (the Nth capture), last, <phone>:N, <phone>:last or web:N'),
]);

export interface ItemRef {
  /** A phone's name, or `web` for the cloud-side adds. */
  source: string;
  n: number | 'last';
}

/** The name `web` stands for the cloud side in item references, so no phone may take it. */
export const webSource = 'web';

/** `3`, `last`, `b:2`, `web:1` → where the item comes from and which one; unprefixed refs are the step's phone's. */
export function parseItemRef(ref: unknown, stepPhone: string): ItemRef {
  if (typeof ref === 'number') return { source: stepPhone, n: ref };
  const text = String(ref);
  const colon = text.indexOf(':');
  const source = colon < 0 ? stepPhone : text.slice(0, colon);
  const which = colon < 0 ? text : text.slice(colon + 1);
  return { source, n: which === 'last' ? 'last' : Number(which) };
}

/** `on: <phone>`: which phone a step goes to (default: the scenario's first). */
export const on = { on: z.string().optional() };

export const album = z.string().min(1).max(200);
