import { createRng } from '../../runtime/rng.ts';
import type { Action, Stage, StageContext, ToxicType } from './toxic.ts';

/** Builds a toxic's stage from raw attributes (through its schema) with a seeded context, for the toxic tests. */
export function stageOf(toxic: ToxicType, attributes: Record<string, unknown>, seed = 1): { stage: Stage; notes: Record<string, unknown> } {
  const notes: Record<string, unknown> = {};
  const context: StageContext = { rng: createRng(seed), note: (fields) => Object.assign(notes, fields) };
  return { stage: toxic.stage(toxic.attributes.parse(attributes), context), notes };
}

/** Readable form of actions: [time, byte count] for data, [time, end kind] for ends. */
export const show = (actions: Action[]) => actions.map((a) => ('data' in a ? [a.at, a.data.length] : [a.at, a.end]));
