import type { HistoryEvent } from '../../runtime/history.ts';

/**
 * "Sometimes" assertions: the situations a search should reach, each read from a run's history. Counted over the
 * runs of an `explore`, so that a generator that never gets somewhere is visible.
 */
const phoneEvent = (e: HistoryEvent) => !e.process.includes('@');

export const situations: Record<string, (history: readonly HistoryEvent[]) => boolean> = {
  'an upload cut mid-way (outcome unknown)': (h) => h.some((e) => phoneEvent(e) && e.type === 'info' && e.op.startsWith('upload.')),
  'a lost answer after commit': (h) => h.some((e) => phoneEvent(e) && e.type === 'info' && e.op === 'mediaItems.batchCreate'),
  'an edit conflict (both kept)': (h) => h.some((e) => e.op === 'conflict.kept-both'),
  'a sync token expired': (h) => h.some((e) => phoneEvent(e) && e.type === 'fail' && e.op === 'sync.changes'),
  'storage full': (h) => h.some((e) => phoneEvent(e) && e.op === 'status' && e.value === 'Storage full'),
  'a revoke met by the phone': (h) => h.some((e) => phoneEvent(e) && e.op === 'revoked'),
  'two phones backing up the same bytes': (h) => {
    const by = new Map<string, Set<string>>();
    for (const e of h) if (e.op === 'backed-up' && phoneEvent(e)) by.set((e.value as { sha256: string }).sha256, (by.get((e.value as { sha256: string }).sha256) ?? new Set()).add(e.process));
    return [...by.values()].some((phones) => phones.size > 1);
  },
  'the app killed mid-pass': (h) => {
    const inFlight = new Map<string, number>();
    for (const e of h) {
      if (!phoneEvent(e)) continue;
      if (e.type === 'invoke') inFlight.set(e.process, (inFlight.get(e.process) ?? 0) + 1);
      else if (e.type === 'ok' || e.type === 'fail' || (e.type === 'info' && e.op !== 'app.killed' && e.op.includes('.'))) inFlight.set(e.process, Math.max(0, (inFlight.get(e.process) ?? 0) - 1));
      if ((e.op === 'app.killed' || e.op === 'phone.restart') && (inFlight.get(e.process) ?? 0) > 0) return true;
    }
    return false;
  },
  'an unreadable file skipped': (h) => h.some((e) => phoneEvent(e) && e.op === 'skipped'),
  'a cloud trash pulled to a phone': (h) => h.some((e) => e.op === 'pulled.trash'),
  'a restore pushed to the cloud': (h) => h.some((e) => phoneEvent(e) && e.type === 'ok' && e.op === 'sync.restore'),
  'a photo deleted forever on the web': (h) => h.some((e) => e.op === 'cloud-purge'),
  'more than 60 days of scenario time': (h) => h.length > 1 && (h.at(-1)?.time ?? 0) - (h[0]?.time ?? 0) > 60 * 86_400_000,
};

export type Coverage = Record<string, number>;

export const emptyCoverage = (): Coverage => Object.fromEntries(Object.keys(situations).map((s) => [s, 0]));

export function countSituations(coverage: Coverage, history: readonly HistoryEvent[]): void {
  for (const [name, happened] of Object.entries(situations)) if (happened(history)) coverage[name] = (coverage[name] ?? 0) + 1;
}
