import { describe, expect, it } from 'vitest';
import { dropSteps } from './drop-steps.ts';
import type { Template, TemplateStep } from './generate.ts';

const settle = (value: string): TemplateStep => ({ verb: 'settle', value });

describe('dropSteps', () => {
  it('keeps exactly the steps the failure needs, in order', async () => {
    const template: Template = { brand: 'oppo', phones: ['a'], steps: ['1m', '2m', '3m', '4m', '5m', '6m'].map(settle) };
    const values = (t: Template) => t.steps.map((s) => ('value' in s ? s.value : ''));
    // Fails while 2m comes before 5m.
    const fails = async (t: Template) => {
      const v = values(t);
      return v.includes('2m') && v.indexOf('2m') < v.indexOf('5m');
    };
    expect(values(await dropSteps(template, fails))).toEqual(['2m', '5m']);
  });

  it('gives the history back whole when every step is needed', async () => {
    const template: Template = { brand: 'xiaomi', phones: ['a'], steps: ['1m', '2m'].map(settle) };
    const result = await dropSteps(template, async (t) => t.steps.length === 2);
    expect(result.steps).toEqual(template.steps);
  });
});
