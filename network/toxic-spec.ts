import { z } from 'zod';
import { ApiError } from './errors.ts';
import type { Stream } from './connection.ts';
import { count } from './toxics/toxic.ts';
import { toxicType } from './toxics/index.ts';

/** A toxic as the API shows it: Toxiproxy's `{name, type, stream, toxicity, attributes}`. */
export interface ToxicSpec {
  name: string;
  type: string;
  stream: Stream;
  toxicity: number;
  attributes: Record<string, number>;
}

/**
 * Ours, valid on every toxic type and kept in `attributes` (so typed clients can send them): the toxic is active
 * from `start_ms` after it is created, for `duration_ms` (0 = for good). A real Toxiproxy ignores both.
 */
const windowAttributes = z.object({ start_ms: count(), duration_ms: count() });
export type ToxicWindow = z.infer<typeof windowAttributes>;

const toxicity = z.number().min(0).max(1);
const createBody = z.object({
  name: z.string().optional(),
  type: z.string().default(''),
  stream: z.string().default('downstream'),
  toxicity: toxicity.default(1),
  attributes: z.record(z.string(), z.unknown()).default({}),
});
const updateBody = z.object({ toxicity: toxicity.optional(), attributes: z.record(z.string(), z.unknown()).default({}) });

export function parseNewToxic(raw: unknown): { spec: ToxicSpec; window: ToxicWindow } {
  const body = parse(createBody, raw);
  const stream = body.stream.toLowerCase();
  if (stream !== 'upstream' && stream !== 'downstream') throw new ApiError('invalidStream');
  const name = body.name || `${body.type}_${stream}`;
  const type = toxicType(body.type);
  if (!type) throw new ApiError('invalidToxicType');
  const attributes = parse(type.attributes, body.attributes, 'attributes');
  const window = parse(windowAttributes, body.attributes, 'attributes');
  return { spec: { name, type: body.type, stream, toxicity: body.toxicity, attributes: withWindow(attributes, window) }, window };
}

/** Toxiproxy's update: attributes merge over the current ones, toxicity replaces; name, type and stream stay. */
export function parseToxicUpdate(current: ToxicSpec, raw: unknown): { spec: ToxicSpec; window: ToxicWindow } {
  const body = parse(updateBody, raw);
  const merged = { ...current.attributes, ...body.attributes };
  const type = toxicType(current.type);
  if (!type) throw new ApiError('invalidToxicType');
  const attributes = parse(type.attributes, merged, 'attributes');
  const window = parse(windowAttributes, merged, 'attributes');
  return { spec: { ...current, toxicity: body.toxicity ?? current.toxicity, attributes: withWindow(attributes, window) }, window };
}

function withWindow(attributes: Record<string, number>, window: ToxicWindow): Record<string, number> {
  const shown = { ...attributes };
  if (window.start_ms > 0) shown.start_ms = window.start_ms;
  if (window.duration_ms > 0) shown.duration_ms = window.duration_ms;
  return shown;
}

export function parse<T>(schema: z.ZodType<T>, raw: unknown, field?: string): T {
  const result = schema.safeParse(raw);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const where = [field, ...(issue?.path ?? []).map(String)].filter(Boolean).join('.');
  throw new ApiError('badRequestBody', `${where || 'body'}: ${issue?.message ?? 'invalid'}`);
}
