import { describeFlake, type Flake } from './flake.ts';

/**
 * JUnit XML in the shape Jenkins, GitLab, GitHub's test reporters and Azure read: one <testsuite> per brand,
 * one <testcase> per scenario × brand (× seed) with classname = brand, a <failure> whose message names the
 * invariant and whose body explains it, an <error> for a run that could not start, crashed or never finished
 * (counted in `errors`, never a pass), and the replay command in <system-out>, followed by a failure's files as
 * `[[ATTACHMENT|path]]` lines, each on its own (Jenkins' junit-attachments plugin, GitLab and Azure read them).
 */
export interface JunitCase {
  scenario: string;
  brand: string;
  seed: number;
  verdict: 'pass' | 'fail' | 'error';
  /** For `error`: what went wrong, in one line. */
  error?: string;
  wallMs: number;
  file: string;
  replay: string;
  explanations: string[];
  violations: Array<{ invariant: string }>;
  /** A failing run replayed: deterministic or flaky. */
  flake?: Flake;
  /** Files for the CI to keep with the testcase (screens, page source, Appium log), as it should read their paths. */
  attachments?: readonly string[];
}

export function toJunit(suiteName: string, cases: readonly JunitCase[], timestamp: Date): string {
  const byBrand = new Map<string, JunitCase[]>();
  for (const c of cases) byBrand.set(c.brand, [...(byBrand.get(c.brand) ?? []), c]);
  const seconds = (ms: number) => (ms / 1000).toFixed(3);
  const total = (list: readonly JunitCase[]) => list.reduce((ms, c) => ms + c.wallMs, 0);
  const failures = (list: readonly JunitCase[]) => list.filter((c) => c.verdict === 'fail').length;
  const errors = (list: readonly JunitCase[]) => list.filter((c) => c.verdict === 'error').length;
  const seedsInName = new Set(cases.map((c) => c.seed)).size > 1;
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="${xml(suiteName)}" tests="${cases.length}" failures="${failures(cases)}" errors="${errors(cases)}" time="${seconds(total(cases))}">`,
  ];
  for (const [brand, list] of byBrand) {
    lines.push(`  <testsuite name="${xml(`${suiteName} · ${brand}`)}" tests="${list.length}" failures="${failures(list)}" errors="${errors(list)}" skipped="0" time="${seconds(total(list))}" timestamp="${timestamp.toISOString().slice(0, 19)}">`);
    for (const c of list) {
      const name = seedsInName ? `${c.scenario} [seed ${c.seed}]` : c.scenario;
      lines.push(`    <testcase name="${xml(name)}" classname="${xml(brand)}" file="${xml(c.file)}" time="${seconds(c.wallMs)}">`);
      if (c.verdict === 'fail') {
        const invariants = [...new Set(c.violations.map((v) => v.invariant))].join(', ');
        lines.push(`      <failure message="${xml(`${invariants}: ${firstLine(c.explanations[0] ?? '')}`)}" type="${xml(invariants)}">${xml(c.explanations.join('\n\n'))}</failure>`);
      } else if (c.verdict === 'error') {
        const why = c.error ?? 'the run could not start or did not finish';
        lines.push(`      <error message="${xml(firstLine(why))}" type="error">${xml(why)}</error>`);
      }
      const attached = (c.attachments ?? []).map((path) => `\n[[ATTACHMENT|${path}]]`).join('');
      lines.push(`      <system-out>${xml(`replay: ${c.replay}${c.flake ? `\nreplayed: ${describeFlake(c.flake)}` : ''}${attached}`)}</system-out>`);
      lines.push('    </testcase>');
    }
    lines.push('  </testsuite>');
  }
  lines.push('</testsuites>');
  return lines.join('\n') + '\n';
}

const firstLine = (text: string): string => text.split('\n')[0] ?? '';

/** Escapes text for XML, dropping the control characters XML 1.0 cannot carry. */
function xml(text: string): string {
  return text
    // eslint-disable-next-line no-control-regex -- these are exactly the characters XML 1.0 forbids
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');
}
