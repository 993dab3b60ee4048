import type { HistoryEvent } from '../../runtime/history.ts';
import type { Evidence, EvidenceCopy, Filmstrip } from '../evidence.ts';
import { describeFlake, type Flake } from '../flake.ts';
import { filmstripHtml, frameViewer, type EvidenceFiles } from './filmstrip.ts';
import { css, script } from './page.ts';
import { duration, esc, seconds, timelineSvg } from './timeline.ts';

/** results.json as the report reads it (see the README for every field). */
export interface ResultsFile {
  tool: string;
  commit: string;
  seeds: number[];
  bugs: string[];
  passed: number;
  failed: number;
  /** Runs that could not start, crashed or never finished (absent in results written before errors existed). */
  errors?: number;
  results: RunEntry[];
}

export interface RunEntry {
  scenario: string;
  file: string;
  brand: string;
  seed: number;
  verdict: 'pass' | 'fail' | 'error';
  /** For `error`: what went wrong, in one line. */
  error?: string;
  violations: Array<{ invariant: string; step: number; phone?: string; item?: { name: string; sha256: string }; expected: string; actual: string; events: string[] }>;
  failedStep?: number;
  steps: string[];
  explanations: string[];
  replay: string;
  historyFile: string;
  wallMs: number;
  virtualMs: number;
  evidence?: Evidence[];
  /** A failure's screens, page source and Appium log: files relative to results.json. */
  filmstrip?: Filmstrip;
  flake?: Flake;
}

/** Evidence files as they are named in results.json, with no text to inline. */
const asNamed: EvidenceFiles = { href: (file) => file, text: () => undefined };

const brandOrder = ['xiaomi', 'oppo', 'oneplus', 'realme'];

/**
 * The whole report as one HTML page: self-contained but for the failures' screens, linked from `files` (relative
 * paths). `history` reads a run's history file (undefined if gone).
 */
export function renderReport(results: ResultsFile, history: (file: string) => HistoryEvent[] | undefined, generatedAt: Date, files: EvidenceFiles = asNamed): string {
  const runs = results.results;
  const brands = [...new Set(runs.map((r) => r.brand))].sort((a, b) => brandOrder.indexOf(a) - brandOrder.indexOf(b));
  const failures = runs.filter((r) => r.verdict === 'fail');
  const errors = runs.filter((r) => r.verdict === 'error');
  const passes = runs.filter((r) => r.verdict === 'pass');
  const bad = failures.length + errors.length;
  const summary = [failures.length ? `${failures.length} failed` : '', errors.length ? `${errors.length} error${errors.length > 1 ? 's' : ''} (did not start, crashed or did not finish)` : ''].filter(Boolean).join(', ');
  const title = `${results.tool}: ${bad ? summary : 'all passed'}`;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)}</title><style>${css}</style></head>
<body>
<h1>${esc(results.tool)}</h1>
<p class="verdict"><b class="${bad ? 'fail' : 'pass'}">${bad ? `${summary} of ${runs.length} runs` : runs.length ? `all ${runs.length} runs passed` : 'no runs'}</b>
 <span class="muted">· commit ${esc(results.commit)} · seed${results.seeds.length > 1 ? 's' : ''} ${esc(seedList(results.seeds))}${results.bugs.length ? ` · known-bug profile ${esc(results.bugs.join(', '))}` : ''} · ${esc(generatedAt.toISOString().slice(0, 16).replace('T', ' '))} UTC</span></p>
${matrix(runs, brands)}
<div class="filters"><label><input type="checkbox" id="only-failures"${bad ? ' checked' : ''}> failures only</label>
<label>brand <select id="brand"><option value="">all</option>${brands.map((b) => `<option>${esc(b)}</option>`).join('')}</select></label>
<input type="search" id="search" placeholder="scenario name contains…">
<span class="legend muted"><span><i style="background:#2563eb"></i>your step</span><span><i style="background:#4b5563"></i>phone ↔ cloud</span><span><i style="background:#c62828"></i>refused</span><span><i style="background:#e08a00"></i>answer lost</span><span><i style="background:rgba(224,138,0,.35)"></i>network fault</span></span></div>
${errors.length ? `<h2 id="errors">Errors (${errors.length}): runs that could not start, crashed or did not finish — not judged, never a pass</h2>
${errors.map((r) => errorRun(r, history(r.historyFile))).join('\n')}
` : ''}<h2 id="failures">${failures.length ? `Failures (${failures.length})` : 'No failures'}</h2>
${failures.map((r) => failure(r, history(r.historyFile), files)).join('\n')}
<section id="passes"${bad ? ' hidden' : ''}><h2>Passes (${passes.length})</h2>
${passes.map((r) => pass(r, history(r.historyFile))).join('\n')}
</section>
${failures.some((r) => r.filmstrip) ? frameViewer : ''}<script>${script}</script>
</body></html>
`;
}

function matrix(runs: readonly RunEntry[], brands: readonly string[]): string {
  // Scenarios with a failure first: that is what the reader came for.
  const failing = new Set(runs.filter((r) => r.verdict !== 'pass').map((r) => r.scenario));
  const scenarios = [...new Set(runs.map((r) => r.scenario))].sort((a, b) => Number(failing.has(b)) - Number(failing.has(a)));
  const rows = scenarios.map((scenario) => {
    const cells = brands.map((brand) => {
      const here = runs.filter((r) => r.scenario === scenario && r.brand === brand);
      if (here.length === 0) return '<td class="cell none">–</td>';
      const failed = here.filter((r) => r.verdict === 'fail').length;
      const errored = here.filter((r) => r.verdict === 'error').length;
      if (errored && !failed) return `<td class="cell error" data-scenario="${esc(scenario)}" data-brand="${esc(brand)}" title="${esc(`${scenario} on ${brand}: ${errored} of ${here.length} did not start, crashed or did not finish`)}">! ${errored}/${here.length}</td>`;
      const label = failed ? `✗ ${failed}/${here.length}${errored ? ` ! ${errored}` : ''}` : here.length > 1 ? `✓ ${here.length}` : '✓';
      return `<td class="cell ${failed ? 'fail' : 'pass'}" data-scenario="${esc(scenario)}" data-brand="${esc(brand)}" title="${esc(`${scenario} on ${brand}: ${failed ? `${failed} of ${here.length} failed` : 'passed'}${errored ? `, ${errored} error` : ''}`)}">${label}</td>`;
    });
    return `<tr><th scope="row">${esc(scenario)}</th>${cells.join('')}</tr>`;
  });
  return `<table class="matrix"><thead><tr><th>scenario</th>${brands.map((b) => `<th>${esc(b)}</th>`).join('')}</tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

const shown = 6;

/** A run that was not judged: why, in the harness's one line, its steps and what history there is. */
function errorRun(r: RunEntry, history: HistoryEvent[] | undefined): string {
  return `<article class="run error" data-run data-verdict="error" data-brand="${esc(r.brand)}" data-scenario="${esc(r.scenario)}">
<header><h3>${esc(r.scenario)}</h3><span><span class="tag">${esc(r.brand)}</span><span class="tag">seed ${r.seed}</span><span class="tag error">error</span></span></header>
<p class="why"><b>Not judged:</b> ${esc(r.error ?? 'the run could not start or did not finish')}</p>
<details><summary>The scenario's steps</summary>${steps(r)}</details>
${history?.length ? `<details><summary>Timeline up to the error</summary>${timelineSvg(history)}</details>` : ''}
<div class="replay"><span>Replay:</span><code>${esc(r.replay)}</code><button class="copy" type="button">copy</button></div>
</article>`;
}

function failure(r: RunEntry, history: HistoryEvent[] | undefined, files: EvidenceFiles): string {
  const invariants = [...new Set(r.violations.map((v) => v.invariant))];
  const promises = invariants.map((i) => `<p class="promise"><b>${esc(i)}</b> promises: ${esc(promiseOf(r, i))}</p>`);
  const items = r.violations.slice(0, shown).map((v) => violation(v, r.evidence ?? []));
  const more = r.violations.length > shown ? `<p class="muted">… and ${r.violations.length - shown} more like these in results.json.</p>` : '';
  return `<article class="run fail" data-run data-verdict="fail" data-brand="${esc(r.brand)}" data-scenario="${esc(r.scenario)}">
<header><h3>${esc(r.scenario)}</h3><span><span class="tag">${esc(r.brand)}</span><span class="tag">seed ${r.seed}</span>${invariants.map((i) => `<span class="tag invariant">${esc(i)}</span>`).join('')}</span></header>
${promises.join('')}
<ol class="violations">${items.join('')}</ol>${more}
${r.filmstrip ? `<div class="steps-film"><div><h4>The scenario's steps (the failed check marked)</h4>${steps(r)}</div>${filmstripHtml(r.filmstrip, r.steps, r.failedStep, files)}</div>` : `<details><summary>The scenario's steps (the failed check marked)</summary>${steps(r)}</details>`}
<details open><summary>Timeline</summary>${history ? timelineSvg(history) : '<p class="muted">History file not found.</p>'}</details>
${r.flake ? `<p class="flake ${r.flake.classification}"><b>Replayed:</b> ${esc(describeFlake(r.flake))}</p>` : ''}
<div class="replay"><span>Replay:</span><code>${esc(r.replay)}</code><button class="copy" type="button">copy</button></div>
</article>`;
}

/** One broken promise: the sentence, the pictures of the item on both sides, and (folded) what led there. */
function violation(v: RunEntry['violations'][number], evidence: readonly Evidence[]): string {
  const who = v.item ? `${v.item.name}${v.phone ? ` on ${v.phone}` : ''}` : (v.phone ?? 'the run');
  const pictures = v.item ? evidence.find((e) => e.sha256 === v.item?.sha256 && e.invariant === v.invariant) : undefined;
  const led = v.events.length ? `<details class="led"><summary>what led there</summary><pre>${esc(v.events.join('\n'))}</pre></details>` : '';
  return `<li><p class="what"><b>${esc(who)}</b>: expected ${esc(v.expected)}; <span class="however">however ${esc(v.actual)}</span>.</p>${pictures ? evidenceBlock(pictures) : ''}${led}</li>`;
}

function promiseOf(r: RunEntry, invariant: string): string {
  for (const text of r.explanations) {
    if (!text.startsWith(`[${invariant}]`)) continue;
    const line = text.split('\n').find((l) => l.trim().startsWith('The promise:'));
    if (line) return line.trim().replace(/^The promise: /, '');
  }
  return '';
}

function steps(r: RunEntry): string {
  const failed = r.failedStep;
  const items = r.steps.map((text, i) => `<li class="${i === failed ? 'failed' : failed !== undefined && i > failed ? 'after' : ''}">${esc(text)}</li>`);
  if (failed !== undefined && failed >= r.steps.length) items.push('<li class="failed">(the final consistency check)</li>');
  return `<ol class="steps">${items.join('')}</ol>`;
}

function evidenceBlock(e: Evidence): string {
  const side = (title: string, copies: readonly EvidenceCopy[], empty: string, cloud: boolean) =>
    `<div class="side"><h4>${esc(title)}</h4><div class="copies">${copies.length ? copies.map((c, i) => copy(c, cloud ? `cloud item ${i + 1}` : c.where)).join('') : `<span class="muted">${esc(empty)}</span>`}</div></div>`;
  return `<div class="evidence">${side('On the phone', e.phone, 'no copy on any phone', false)}${side('In the cloud', e.cloud, 'no copy in the cloud', true)}</div>`;
}

function copy(c: EvidenceCopy, label: string): string {
  const trashed = /trash/.test(c.state);
  const odd = c.relation !== 'same bytes';
  const picture = c.thumb ? `<img src="${c.thumb}" alt="${esc(`${c.name} (${c.state})`)}">` : '<div class="noimg">not a decodable image</div>';
  const id = label.startsWith('cloud') ? ` title="${esc(c.where)}"` : '';
  return `<figure class="copy${trashed ? ' trash' : ''}${odd ? ' odd' : ''}"${id}>${picture}<figcaption><b>${esc(label)}</b> · ${esc(c.state)}<br><span class="rel">${esc(c.relation)}</span><br>${esc(c.name)}<br><span class="muted">${esc(c.sha256.slice(0, 8))}</span></figcaption></figure>`;
}

function pass(r: RunEntry, history: HistoryEvent[] | undefined): string {
  return `<details class="run" data-run data-verdict="pass" data-brand="${esc(r.brand)}" data-scenario="${esc(r.scenario)}"><summary><span class="ok">✓</span> ${esc(r.scenario)} <span class="muted">· ${esc(r.brand)} · seed ${r.seed} · ${seconds(r.wallMs)} wall, ${esc(duration(r.virtualMs))} scenario time</span></summary>${history ? timelineSvg(history, { compact: true }) : ''}</details>`;
}

function seedList(seeds: readonly number[]): string {
  if (seeds.length <= 3) return seeds.join(', ');
  return `${seeds[0]}–${seeds.at(-1)}`;
}
