import fc from 'fast-check';
import { stringify } from 'yaml';
import type { BrandName } from '../../fixtures/index.ts';
import { parseScenario } from '../load.ts';
import type { Scenario } from '../schema.ts';
import { motifs } from './motifs.ts';
import { stepTables, type Action, type GenerateContext, type ItemPick } from '../steps/index.ts';

/**
 * Random two-way sync histories, drawn from the step tables: each action's own generator says how often it comes and
 * with which arguments. Items are drawn as picks (`from`, `k`) and resolved once it is known which items exist, so
 * fast-check can shrink the step list freely and every shrunk list is still a valid scenario.
 */

export interface HistoryShape {
  brands: readonly BrandName[];
  /** How many phones share the account. */
  phones: { min: number; max: number };
  maxSteps: number;
}

export type ActionStep = { verb: 'phone' | 'cloud' | 'net'; action: string; args: Record<string, unknown> };
export type TemplateStep = ActionStep | { verb: 'settle' | 'advance'; value: string };

export interface Template {
  brand: BrandName;
  phones: string[];
  steps: TemplateStep[];
}

const phoneNames = ['a', 'b', 'c'];
const albums = ['Camera', 'Trip', 'Private'];
/** Settles that let sync finish; jumps across the horizons that matter (a poll, an hour's token, the 30 and 60-day trash). */
const settles = ['10m', '1m', '30m'];
const jumps = ['6m', '30s', '1h', '6h', '2d', '31d', '61d'];

export function templates(shape: HistoryShape): fc.Arbitrary<Template> {
  return fc
    .record({ brand: fc.constantFrom(...shape.brands), count: fc.integer({ min: shape.phones.min, max: shape.phones.max }) })
    .chain(({ brand, count }) => {
      const phones = phoneNames.slice(0, count);
      const g: GenerateContext = {
        phone: fc.constantFrom(...phones),
        item: fc.record({ from: fc.constantFrom(...phones, 'web'), k: fc.nat(9) }),
        album: fc.oneof({ weight: 4, arbitrary: fc.constant(albums[0] as string) }, { weight: 1, arbitrary: fc.constantFrom(...albums.slice(1)) }),
      };
      const actions = Object.entries(stepTables).flatMap(([verb, table]) =>
        Object.entries(table as Record<string, Action>).flatMap(([action, a]) =>
          a.generate ? [{ weight: Math.max(1, Math.round(a.generate.weight * 10)), arbitrary: a.generate.args(g).map((args: Record<string, unknown>): TemplateStep => ({ verb: verb as ActionStep['verb'], action, args })) }] : [],
        ),
      );
      const step: fc.Arbitrary<TemplateStep> = fc.oneof(
        ...actions,
        { weight: 80, arbitrary: fc.constantFrom(...settles).map((value): TemplateStep => ({ verb: 'settle', value })) },
        { weight: 30, arbitrary: fc.constantFrom(...jumps).map((value): TemplateStep => ({ verb: 'advance', value })) },
      );
      const part = fc.oneof({ weight: 100, arbitrary: step.map((s) => [s]) }, ...motifs(g));
      return fc.array(part, { minLength: 1, maxLength: shape.maxSteps }).map((parts) => ({ brand, phones, steps: parts.flat() }));
    });
}

const isPick = (v: unknown): v is ItemPick => typeof v === 'object' && v !== null && 'from' in v && 'k' in v;

/** The step list as YAML-shaped steps, every item pick resolved to an item that exists by then (or the step dropped). */
export function realize(template: Template): Array<Record<string, unknown>> {
  const [first] = template.phones as [string];
  const captured = new Map(template.phones.map((p) => [p, 0]));
  let settled = new Map(captured);
  let webAdds = 0;
  const out: Array<Record<string, unknown>> = template.phones.map((on) => ({ phone: 'enable-backup', ...(template.phones.length > 1 ? { on } : {}) }));
  const ref = (source: string, n: number, stepPhone: string) => (source === stepPhone ? n : `${source}:${n}`);
  for (const step of template.steps) {
    if ('value' in step) {
      out.push({ [step.verb]: step.value });
      if (step.verb === 'settle') settled = new Map(captured);
      continue;
    }
    const args = { ...step.args };
    const stepPhone = typeof args.on === 'string' ? args.on : first;
    let keep = true;
    for (const key of ['item', 'same-as']) {
      const pick = args[key];
      if (!isPick(pick)) continue;
      if (step.verb === 'phone' && key === 'item') {
        // A phone acts on its own photos.
        const count = captured.get(stepPhone) ?? 0;
        if (count === 0) keep = false;
        else args[key] = (pick.k % count) + 1;
      } else if (step.verb === 'cloud') {
        // The web user sees what the phones backed up (captured before the last settle) and its own adds.
        const count = pick.from === 'web' ? webAdds : (settled.get(pick.from) ?? 0);
        const fallback = pick.from === 'web' ? 0 : webAdds;
        if (count > 0) args[key] = pick.from === 'web' ? `web:${(pick.k % count) + 1}` : ref(pick.from, (pick.k % count) + 1, first);
        else if (fallback > 0) args[key] = `web:${(pick.k % fallback) + 1}`;
        else keep = false;
      } else {
        const count = pick.from === 'web' ? webAdds : (captured.get(pick.from) ?? 0);
        if (count === 0) delete args[key];
        else args[key] = pick.from === 'web' ? `web:${(pick.k % count) + 1}` : ref(pick.from, (pick.k % count) + 1, stepPhone);
      }
    }
    if (!keep) continue;
    if (template.phones.length === 1) delete args.on;
    if (step.verb === 'phone' && step.action === 'capture') captured.set(stepPhone, (captured.get(stepPhone) ?? 0) + (typeof args.count === 'number' ? args.count : 1));
    if (step.verb === 'cloud' && step.action === 'add') webAdds += typeof args.count === 'number' ? args.count : 1;
    out.push({ [step.verb]: step.action, ...args });
  }
  return out;
}

/** A generated history as a scenario file a QA engineer can read, run and keep. */
export function scenarioYaml(template: Template, header: { name: string; covers: string }): string {
  const steps = realize(template).map((s) => `  - ${stringify(s, { collectionStyle: 'flow', lineWidth: 0 }).trim()}`);
  return [`name: ${JSON.stringify(header.name)}`, `covers: ${JSON.stringify(header.covers)}`, `brands: [${template.brand}]`, `phones: [${template.phones.join(', ')}]`, 'steps:', ...steps, ''].join('\n');
}

export function templateScenario(template: Template, header: { name: string; covers: string }, file: string): { yaml: string; scenario: Scenario } {
  const yaml = scenarioYaml(template, header);
  return { yaml, scenario: parseScenario(yaml, file) };
}
