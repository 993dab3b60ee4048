import { readFileSync, readdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { parse as parseYaml, YAMLParseError } from 'yaml';
import type { z } from 'zod';
import { cloudActions, duration, invariantNames, netActions, parseItemRef, phoneActions, scenarioHeader, webSource, type InvariantName, type Scenario, type Step } from './schema.ts';

/** A scenario that cannot run: names the file, the step and the problem, in one line. Exit code 2. */
export class ScenarioError extends Error {
  override readonly name = 'ScenarioError';
}

export const catalogDir = new URL('./catalog/', import.meta.url).pathname;

export function loadCatalog(dir = catalogDir): Scenario[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.yaml') || f.endsWith('.yml'))
    .sort()
    .map((f) => loadScenario(join(dir, f)));
}

export function loadScenario(file: string): Scenario {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new ScenarioError(`${file}: cannot read it (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
  return parseScenario(text, file);
}

export function parseScenario(text: string, file = 'scenario.yaml'): Scenario {
  let raw: unknown;
  try {
    raw = parseYaml(text);
  } catch (error) {
    const where = error instanceof YAMLParseError && error.linePos ? ` (line ${error.linePos[0].line})` : '';
    throw new ScenarioError(`${basename(file)}${where}: not valid YAML: ${(error as Error).message.split('\n')[0]}`);
  }
  const header = scenarioHeader.safeParse(raw);
  if (!header.success) {
    const issue = header.error.issues[0];
    throw new ScenarioError(`${basename(file)}: ${issue?.path.join('.') || 'scenario'}: ${issue?.message ?? 'invalid'}`);
  }
  const steps = header.data.steps.map((step, i) => parseStep(step, `${basename(file)}: step ${i + 1}`));
  checkReferences(steps, header.data.phones, basename(file));
  return { ...header.data, steps, file };
}

/** Every phone a step names is in the scenario, and every item it takes exists by that step. */
function checkReferences(steps: readonly Step[], phones: readonly string[], file: string): void {
  const captured = new Map(phones.map((p) => [p, 0]));
  let webAdds = 0;
  for (const [i, step] of steps.entries()) {
    if (!('args' in step)) continue;
    const where = `${file}: step ${i + 1} (${step.text})`;
    const on = step.args.on as string | undefined;
    if (on !== undefined && !phones.includes(on)) throw new ScenarioError(`${where}: no phone "${on}"; this scenario has ${phones.join(', ')}`);
    const stepPhone = on ?? (phones[0] as string);
    for (const key of ['item', 'same-as'] as const) {
      const raw = step.args[key];
      if (raw === undefined) continue;
      const ref = parseItemRef(raw, stepPhone);
      const count = ref.source === webSource ? webAdds : captured.get(ref.source);
      if (count === undefined) throw new ScenarioError(`${where}: ${key} ${String(raw)}: no phone "${ref.source}"; this scenario has ${phones.join(', ')} (and web:N for the cloud-side adds)`);
      const made = ref.source === webSource ? `the web has added ${count} item${count === 1 ? '' : 's'}` : `${ref.source} has captured ${count} item${count === 1 ? '' : 's'}`;
      if (ref.n === 'last' ? count === 0 : ref.n > count) throw new ScenarioError(`${where}: ${key} ${String(raw)} does not exist yet: by this step ${made}`);
    }
    if (step.verb === 'phone' && step.action === 'capture') captured.set(stepPhone, (captured.get(stepPhone) ?? 0) + (step.args.count as number));
    if (step.verb === 'cloud' && step.action === 'add') webAdds += step.args.count as number;
  }
}

const verbs = ['phone', 'cloud', 'net', 'advance', 'settle', 'expect'] as const;

function parseStep(raw: unknown, where: string): Step {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new ScenarioError(`${where}: a step is one "verb: action" line, e.g. "phone: enable-backup"`);
  const keys = Object.keys(raw);
  const found = keys.filter((k): k is (typeof verbs)[number] => (verbs as readonly string[]).includes(k));
  if (found.length !== 1) throw new ScenarioError(`${where}: a step has exactly one of ${verbs.join(', ')}; got ${keys.join(', ') || 'nothing'}`);
  const verb = found[0] as (typeof verbs)[number];
  // The other keys of the step are the action's arguments: "- phone: capture" then "  count: 3" on the next line.
  const extra = Object.fromEntries(Object.entries(raw).filter(([k]) => k !== verb));
  const value = (raw as Record<string, unknown>)[verb];
  const text = `${verb}: ${typeof value === 'string' ? value : JSON.stringify(value)}${Object.keys(extra).length ? ` ${JSON.stringify(extra)}` : ''}`;
  if (verb === 'advance' || verb === 'settle') {
    const ms = duration.safeParse(value);
    if (!ms.success) throw new ScenarioError(`${where} (${text}): ${ms.error.issues[0]?.message}`);
    return { verb, ms: ms.data, text };
  }
  if (verb === 'expect') {
    if (value !== 'consistent' && !(invariantNames as readonly string[]).includes(String(value))) {
      throw new ScenarioError(`${where} (${text}): unknown invariant "${String(value)}"; use consistent or one of ${invariantNames.join(', ')}`);
    }
    return { verb, invariant: value as InvariantName | 'consistent', text };
  }
  const table: Record<string, z.ZodType> = verb === 'phone' ? phoneActions : verb === 'cloud' ? cloudActions : netActions;
  const split = splitAction(value, where, text);
  const action = split.action;
  const args = { ...(split.args as object), ...extra };
  const schema = table[action];
  if (!schema) throw new ScenarioError(`${where} (${text}): unknown ${verb} action "${action}"; known: ${Object.keys(table).join(', ')}`);
  const parsed = schema.safeParse(args);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ScenarioError(`${where} (${text}): ${issue?.path.join('.') ? `${issue.path.join('.')}: ` : ''}${issue?.message}`);
  }
  return { verb, action, args: parsed.data as Record<string, unknown>, text } as Step;
}

/** `capture`, `capture { count: 3 }` (quoted or in flow style) or `{ capture: { count: 3 } }` → action + arguments. */
function splitAction(value: unknown, where: string, text: string): { action: string; args: unknown } {
  if (typeof value === 'string') {
    const m = /^\s*([a-z][a-z-]*)\s*(\{.*\})?\s*$/s.exec(value);
    if (!m) throw new ScenarioError(`${where} (${text}): expected "action" or "action { key: value, … }"`);
    let args: unknown = {};
    if (m[2]) {
      try {
        args = parseYaml(m[2]);
      } catch (error) {
        throw new ScenarioError(`${where} (${text}): the arguments are not a valid { key: value } list: ${(error as Error).message.split('\n')[0]}`);
      }
    }
    return { action: m[1] as string, args: args ?? {} };
  }
  if (typeof value === 'object' && value !== null && !Array.isArray(value) && Object.keys(value).length === 1) {
    const [action, args] = Object.entries(value)[0] as [string, unknown];
    return { action, args: args ?? {} };
  }
  throw new ScenarioError(`${where} (${text}): expected "action" or "action { key: value, … }"`);
}
