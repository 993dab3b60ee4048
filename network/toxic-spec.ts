import { z } from 'zod';
import { ApiError } from './errors.ts';
import type { Stream } from './connection.ts';
import { toxicType } from './toxics/index.ts';

/** A toxic as the proxy and the in-process model use it. */
export interface ToxicSpec {
  name: string;
  type: string;
  /** The direction it acts on. */
  stream: Stream;
  /** The stream as the client wrote it ("UPSTREAM"): Toxiproxy shows it, and names the toxic after it, unchanged. */
  streamAsWritten: string;
  /**
   * The chance a connection gets the toxic: a draw from [0, 1) below it applies it (Toxiproxy's
   * `rand.Float32() < toxicity`, toxics/toxic.go), so 1 or more always applies and 0 or less never does.
   */
  toxicity: number;
  attributes: Record<string, number>;
}

/** A toxic as the API shows it, in Toxiproxy's key order (its ToxicWrapper puts the attributes first). */
export function toxicJSON({ attributes, name, type, streamAsWritten, toxicity }: ToxicSpec) {
  return { attributes, name, type, stream: streamAsWritten, toxicity };
}

/**
 * Ours, valid on every toxic type and kept in `attributes` (so typed clients can send them): the toxic is active
 * from `start_ms` after it is created, for `duration_ms` (0 = for good). A real Toxiproxy ignores both.
 */
const windowMs = () => z.number().int().nonnegative().default(0);
const windowAttributes = z.object({ start_ms: windowMs(), duration_ms: windowMs() });
export type ToxicWindow = z.infer<typeof windowAttributes>;

/** Any number, as Toxiproxy's float32 takes it; JSON null leaves the default (or the current value), as Go's decoder does. */
const toxicity = z.number().nullish();
const createBody = z.object({
  name: z.string().optional(),
  type: z.string().default(''),
  stream: z.string().default('downstream'),
  toxicity,
  attributes: z.record(z.string(), z.unknown()).default({}),
});
const updateBody = z.object({ toxicity, attributes: z.record(z.string(), z.unknown()).default({}) });

/**
 * Toxiproxy's AddToxicJson (toxic_collection.go), check for check and in its order: body, stream (any case),
 * default name `<type>_<stream as written>`, type, name already taken (`exists`), then the attributes.
 */
export function parseNewToxic(raw: unknown, exists: (name: string) => boolean = () => false): { spec: ToxicSpec; window: ToxicWindow } {
  const body = parse(createBody, raw);
  const stream = body.stream.toLowerCase();
  if (stream !== 'upstream' && stream !== 'downstream') throw new ApiError('invalidStream');
  const name = body.name || `${body.type}_${body.stream}`;
  const type = toxicType(body.type);
  if (!type) throw new ApiError('invalidToxicType');
  if (exists(name)) throw new ApiError('toxicAlreadyExists');
  const attributes = parse(type.attributes, body.attributes, 'attributes');
  const window = parse(windowAttributes, body.attributes, 'attributes');
  const spec: ToxicSpec = { name, type: body.type, stream, streamAsWritten: body.stream, toxicity: body.toxicity ?? 1, attributes: withWindow(attributes, window) };
  return { spec, window };
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
