import { inOrder, type HistoryEvent } from '../../runtime/history.ts';

/**
 * A run's history as an SVG timeline: one lane per actor (each phone's gallery, the user on each phone, the web
 * user), a mark per event (red: refused, orange: outcome unknown), and bands for what the network was doing
 * (a toxic, the link down, the phone offline or on mobile data). Moments are spread by order, not by clock time,
 * so a second's burst stays readable beside a 61-day jump; pauses of a minute or more are labelled.
 */
export function timelineSvg(history: readonly HistoryEvent[], options: { width?: number; compact?: boolean } = {}): string {
  const events = [...history].sort(inOrder).filter((e) => e.op !== 'status' && e.type !== 'invoke' && !e.process.startsWith('net@'));
  if (events.length === 0) return '<p class="muted">No history recorded.</p>';
  const width = options.width ?? 960;
  const x = orderAxis(events.map((e) => e.time), width - 130);
  const lanes = [...new Set(events.map((e) => laneOf(e)))].sort(laneOrder);
  if (options.compact) return compact(events, x, width);
  const laneHeight = 22;
  const top = 18;
  const height = top + lanes.length * laneHeight + 14;
  const parts: string[] = [];
  for (const band of bands(history)) {
    const lane = lanes.indexOf(band.lane);
    const y = lane === -1 ? top : top + lane * laneHeight;
    const h = lane === -1 ? lanes.length * laneHeight : laneHeight;
    const x1 = 120 + x.time(band.from);
    const x2 = 120 + (band.to === undefined ? x.event(events.length - 1) : x.time(band.to)) + 4;
    parts.push(`<rect class="band ${band.kind}" x="${x1.toFixed(1)}" y="${y}" width="${Math.max(3, x2 - x1).toFixed(1)}" height="${h}"><title>${esc(band.label)}</title></rect>`);
  }
  lanes.forEach((lane, i) => {
    const y = top + i * laneHeight;
    parts.push(`<text class="lane" x="0" y="${y + 15}">${esc(lane)}</text><line class="rule" x1="120" x2="${width}" y1="${y + laneHeight}" y2="${y + laneHeight}"/>`);
  });
  const last = events.at(-1) as HistoryEvent;
  parts.push(`<text class="gap" x="120" y="${height - 2}">+0s</text><text class="gap" x="${width - 4}" y="${height - 2}" text-anchor="end">+${esc(duration(last.time - (events[0] as HistoryEvent).time, true))}</text>`);
  for (const gap of x.gaps) parts.push(`<text class="gap" x="${(120 + gap.at).toFixed(1)}" y="12" text-anchor="middle">${esc(duration(gap.ms))}</text>`);
  for (const [i, e] of events.entries()) {
    const y = top + lanes.indexOf(laneOf(e)) * laneHeight + 4;
    // A phone's call recorded as `info` is one whose answer never came: it may or may not have happened.
    const cls = e.type === 'fail' ? 'fail' : e.type === 'info' && /^(upload|mediaItems|sync)/.test(e.op) ? 'unknown' : e.process.startsWith('user@') ? 'user' : 'ok';
    parts.push(`<rect class="ev ${cls}" x="${(120 + x.event(i)).toFixed(1)}" y="${y}" width="${Math.max(2, Math.min(6, x.event(1) - 1)).toFixed(1)}" height="14"><title>${esc(`+${seconds(e.time - events[0]!.time)} ${e.process}: ${e.op} ${summary(e.value)}`)}</title></rect>`);
  }
  return `<svg class="timeline" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-label="timeline">${parts.join('')}</svg>`;
}

function compact(events: readonly HistoryEvent[], x: Axis, width: number): string {
  const marks = new Map<number, string>();
  for (const [i, e] of events.entries()) {
    const at = Math.round(x.event(i) / 3) * 3;
    const cls = e.type === 'fail' ? 'fail' : e.process.startsWith('user@') ? 'user' : 'ok';
    if (marks.get(at) !== 'fail') marks.set(at, cls);
  }
  const rects = [...marks].map(([at, cls]) => `<rect class="ev ${cls}" x="${at}" y="2" width="3" height="10"/>`).join('');
  return `<svg class="timeline compact" viewBox="0 0 ${width - 130} 14" width="${width - 130}" height="14" aria-hidden="true">${rects}</svg>`;
}

interface Band {
  lane: string;
  kind: 'fault' | 'offline' | 'cellular';
  from: number;
  to?: number;
  label: string;
}

/** Network trouble as stretches of time: a fault from its step until "heal", a network state until the next. */
function bands(history: readonly HistoryEvent[]): Band[] {
  const out: Band[] = [];
  const open = new Map<string, Band[]>();
  for (const e of history) {
    if (!e.process.startsWith('user@')) continue;
    const value = e.value as { kind?: string; description?: string; state?: string } | undefined;
    const phone = e.process.slice(5);
    if (e.op === 'fault' && value?.description === 'healed') {
      for (const band of open.get(phone) ?? []) if (band.kind === 'fault') band.to = e.time;
      open.set(phone, (open.get(phone) ?? []).filter((b) => b.kind !== 'fault'));
    } else if (e.op === 'fault') {
      const band: Band = { lane: phone, kind: 'fault', from: e.time, label: `network: ${value?.description ?? 'fault'}` };
      out.push(band);
      open.set(phone, [...(open.get(phone) ?? []), band]);
    } else if (e.op === 'network') {
      for (const band of open.get(phone) ?? []) if (band.kind !== 'fault') band.to = e.time;
      open.set(phone, (open.get(phone) ?? []).filter((b) => b.kind === 'fault'));
      if (value?.state === 'offline' || value?.state === 'cellular') {
        const band: Band = { lane: phone, kind: value.state, from: e.time, label: value.state === 'offline' ? 'phone offline' : 'phone on mobile data' };
        out.push(band);
        open.set(phone, [...(open.get(phone) ?? []), band]);
      }
    }
  }
  return out;
}

interface Axis {
  /** x of the i-th event (events in time order). */
  event(i: number): number;
  /** x of a moment: where it falls among the events. */
  time(t: number): number;
  gaps: Array<{ at: number; ms: number }>;
}

/**
 * Events spread by order, not by clock time: a burst of calls within one second is as readable as a day's quiet.
 * A pause of a minute or more between two events is labelled with its length.
 */
function orderAxis(times: readonly number[], span: number): Axis {
  const step = times.length > 1 ? span / (times.length - 1) : 0;
  const gaps: Axis['gaps'] = [];
  for (let i = 1; i < times.length; i++) {
    const ms = (times[i] as number) - (times[i - 1] as number);
    if (ms >= 60_000) gaps.push({ at: (i - 0.5) * step, ms });
  }
  return {
    event: (i) => i * step,
    time: (t) => {
      const i = times.findIndex((x) => x >= t);
      return (i === -1 ? times.length - 1 : i) * step;
    },
    gaps,
  };
}

const laneOf = (e: HistoryEvent) => (e.process.startsWith('user@') ? `you on ${e.process.slice(5)}` : e.process);
const laneOrder = (a: string, b: string) => (a.startsWith('you') === b.startsWith('you') ? a.localeCompare(b) : a.startsWith('you') ? -1 : 1);

function summary(value: unknown): string {
  if (value === undefined) return '';
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return text.length > 160 ? `${text.slice(0, 157)}…` : text;
}

export const seconds = (ms: number) => `${(ms / 1000).toFixed(1)}s`;

export function duration(ms: number, short = false): string {
  if (short && ms < 60_000) return seconds(ms);
  const days = ms / 86_400_000;
  if (days >= 1) return `${days.toFixed(days < 10 ? 1 : 0)} d`;
  const hours = ms / 3_600_000;
  return hours >= 1 ? `${hours.toFixed(1)} h` : `${Math.round(ms / 60_000)} min`;
}

export function esc(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
