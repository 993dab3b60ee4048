/** The report's own look and behaviour, inlined so index.html opens anywhere with no network. */
export const css = `
:root { --pass: #1f8a4c; --fail: #c62828; --warn: #e08a00; --muted: #6b7280; --line: #e5e7eb; font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
body { margin: 0 auto; max-width: 1180px; padding: 16px 24px 64px; color: #111827; }
h1 { font-size: 22px; margin: 8px 0 4px; } h2 { font-size: 18px; margin: 28px 0 8px; } h3 { font-size: 16px; margin: 0 0 6px; }
.verdict { font-size: 15px; margin: 0 0 16px; } .verdict b.pass { color: var(--pass); } .verdict b.fail { color: var(--fail); }
.muted { color: var(--muted); } code, pre { font-family: ui-monospace, SFMono-Regular, Menlo, monospace; font-size: 12.5px; }
table.matrix { border-collapse: collapse; font-size: 13px; } .matrix th, .matrix td { border: 1px solid var(--line); padding: 4px 8px; text-align: left; }
.matrix td.cell { text-align: center; min-width: 70px; cursor: pointer; } .cell.pass { background: #e3f4ea; color: var(--pass); } .cell.fail { background: #fde8e8; color: var(--fail); font-weight: 600; } .cell.none { color: #c0c4cc; cursor: default; } .cell.error { background: #fff4e0; color: #9a5b00; font-weight: 600; }
.filters { position: sticky; top: 0; background: #fff; padding: 8px 0; border-bottom: 1px solid var(--line); display: flex; gap: 16px; align-items: center; z-index: 2; font-size: 14px; }
.filters input[type=search] { width: 260px; padding: 4px 8px; }
article.run { border: 1px solid var(--line); border-left: 5px solid var(--fail); border-radius: 6px; padding: 12px 16px; margin: 14px 0; }
article.run header { display: flex; justify-content: space-between; gap: 12px; flex-wrap: wrap; }
.tag { display: inline-block; padding: 1px 8px; border-radius: 10px; background: #f3f4f6; font-size: 12px; margin-right: 4px; }
.tag.invariant { background: #fde8e8; color: var(--fail); font-weight: 600; }
article.run.error { border-left-color: var(--warn); } .tag.error { background: #fff4e0; color: #9a5b00; font-weight: 600; } p.why { font-size: 14px; margin: 6px 0; }
p.flake { font-size: 14px; margin: 6px 0; } p.flake.flaky b { color: #9a5b00; }
.promise { margin: 6px 0; font-size: 14px; } ol.violations { padding-left: 22px; margin: 8px 0; } ol.violations > li { margin: 0 0 14px; }
p.what { margin: 4px 0 6px; font-size: 14px; } .however { color: var(--fail); }
details.led summary { font-size: 12px; color: var(--muted); cursor: pointer; } details.led pre { background: #fafafa; border: 1px solid var(--line); padding: 6px 8px; margin: 4px 0; white-space: pre-wrap; }
figure.copy .rel { font-weight: 600; } figure.copy.odd .rel { color: var(--fail); } figure.copy.odd img { outline: 2px solid var(--fail); }
ol.steps { font-family: ui-monospace, monospace; font-size: 12.5px; margin: 6px 0; padding-left: 28px; }
ol.steps li.failed { color: var(--fail); font-weight: 700; } ol.steps li.failed::after { content: "  ← the check that failed"; font-weight: 400; }
ol.steps li.after { color: var(--muted); }
.evidence { display: grid; grid-template-columns: 1fr 1fr; gap: 12px; margin: 8px 0 4px; }
.evidence h4 { margin: 0 0 4px; font-size: 13px; } .side { border: 1px solid var(--line); border-radius: 4px; padding: 6px 8px; min-height: 60px; }
.copies { display: flex; flex-wrap: wrap; gap: 8px; } figure.copy { margin: 0; width: 120px; font-size: 11px; }
figure.copy img, figure.copy .noimg { width: 96px; height: 96px; object-fit: contain; background: #f3f4f6; border: 1px solid var(--line); display: flex; align-items: center; justify-content: center; text-align: center; color: var(--muted); }
figure.copy.trash img { opacity: .55; outline: 2px dashed var(--warn); } figcaption { word-break: break-all; }
.replay { display: flex; gap: 8px; align-items: center; margin-top: 8px; } .replay code { background: #f3f4f6; padding: 4px 8px; border-radius: 4px; flex: 1; overflow-x: auto; white-space: nowrap; }
svg.timeline { display: block; max-width: 100%; height: auto; margin: 6px 0; }
svg.timeline text.lane { font-size: 11px; fill: #374151; } svg.timeline text.gap { font-size: 10px; fill: var(--muted); }
svg.timeline .rule { stroke: var(--line); } svg.timeline .ev.ok { fill: #4b5563; } svg.timeline .ev.user { fill: #2563eb; } svg.timeline .ev.fail { fill: var(--fail); } svg.timeline .ev.unknown { fill: var(--warn); }
svg.timeline .band.fault { fill: rgba(224,138,0,.18); } svg.timeline .band.offline { fill: rgba(198,40,40,.14); } svg.timeline .band.cellular { fill: rgba(37,99,235,.10); }
.legend span { margin-right: 12px; font-size: 12px; } .legend i { display: inline-block; width: 10px; height: 10px; margin-right: 4px; vertical-align: -1px; }
details.run { border-bottom: 1px solid var(--line); padding: 3px 0; font-size: 13px; } details.run summary { cursor: pointer; } details.run summary .ok { color: var(--pass); font-weight: 600; }
.steps-film { display: grid; grid-template-columns: minmax(0, 1fr) minmax(0, 1.2fr); gap: 16px; align-items: start; margin: 8px 0; } .steps-film h4 { margin: 0 0 4px; font-size: 13px; }
.frames { display: flex; flex-wrap: wrap; gap: 6px; } a.frame { display: flex; flex-direction: column; align-items: center; width: 84px; font-size: 11px; color: var(--muted); text-decoration: none; }
a.frame img { width: 84px; height: auto; border: 1px solid var(--line); border-radius: 4px; background: #fff; } a.frame.failed img { outline: 2px solid var(--fail); } a.frame.failed span { color: var(--fail); font-weight: 700; }
details.page-source { margin-top: 8px; font-size: 13px; } details.page-source pre { max-height: 320px; overflow: auto; background: #fafafa; border: 1px solid var(--line); padding: 6px 8px; font-size: 11px; } p.log { font-size: 13px; margin: 6px 0; }
dialog#frame-view { border: none; border-radius: 8px; padding: 12px; max-width: 92vw; } dialog#frame-view::backdrop { background: rgba(0, 0, 0, .6); } dialog#frame-view img { display: block; max-height: 80vh; max-width: 88vw; } dialog#frame-view figure { margin: 0; } dialog#frame-view figcaption { font-size: 13px; margin-top: 6px; }
@media (max-width: 800px) { .steps-film { grid-template-columns: 1fr; } }
[hidden] { display: none !important; }
`;

export const script = `
const q = (s) => [...document.querySelectorAll(s)];
function applyFilters() {
  const onlyFailures = document.getElementById('only-failures').checked;
  const brand = document.getElementById('brand').value;
  const text = document.getElementById('search').value.toLowerCase();
  for (const el of q('[data-run]')) {
    const show = (!onlyFailures || el.dataset.verdict !== 'pass') && (!brand || el.dataset.brand === brand) && (!text || el.dataset.scenario.toLowerCase().includes(text));
    el.hidden = !show;
  }
  document.getElementById('passes').hidden = onlyFailures;
}
for (const id of ['only-failures', 'brand', 'search']) document.getElementById(id).addEventListener('input', applyFilters);
for (const cell of q('td.cell[data-scenario]')) cell.addEventListener('click', () => {
  document.getElementById('search').value = cell.dataset.scenario;
  document.getElementById('brand').value = cell.dataset.brand;
  document.getElementById('only-failures').checked = !cell.classList.contains('pass');
  applyFilters();
  (document.querySelector('[data-run]:not([hidden])') || document.body).scrollIntoView({ behavior: 'smooth' });
});
const viewer = document.getElementById('frame-view');
if (viewer) {
  for (const frame of q('a[data-frame]')) frame.addEventListener('click', (event) => {
    event.preventDefault();
    const large = viewer.querySelector('img');
    large.src = frame.getAttribute('href');
    large.alt = frame.querySelector('img').alt;
    viewer.querySelector('figcaption').textContent = frame.title;
    viewer.showModal();
  });
  viewer.addEventListener('click', (event) => { if (event.target === viewer || event.target.classList.contains('close')) viewer.close(); });
}
for (const button of q('button.copy')) button.addEventListener('click', () => navigator.clipboard?.writeText(button.previousElementSibling.textContent).then(() => { button.textContent = 'copied'; }));
`;
