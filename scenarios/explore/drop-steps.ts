import type { Template } from './generate.ts';

/**
 * fast-check's shrinking removes whole parts of a history, and a motif is one part: a repro can keep a motif's steps
 * that play no role. This drops single steps, one at a time, while the history still fails the same way (the simplest
 * delta debugging), until no single step can go.
 */
export async function dropSteps(template: Template, stillFails: (candidate: Template) => Promise<boolean>): Promise<Template> {
  let current = template;
  for (let dropped = true; dropped; ) {
    dropped = false;
    for (let i = current.steps.length - 1; i >= 0; i--) {
      const candidate = { ...current, steps: current.steps.filter((_, j) => j !== i) };
      if (await stillFails(candidate)) {
        current = candidate;
        dropped = true;
      }
    }
  }
  return current;
}
