import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { timelineSvg } from '../../reports/html/timeline.ts';
import { catalogDir, loadScenario } from '../load.ts';
import { simulateScenario } from './simulate.ts';

/**
 * A user's step and the calls it causes happen in one virtual millisecond: the clock cannot order them, the
 * world's sequence (shared by the ledger and the phones' history) does.
 */
describe('order within an instant', () => {
  it('puts each capture before what the phone did with it, in the history, the timeline and the oracle’s story', async () => {
    const result = await simulateScenario(loadScenario(join(catalogDir, 'edit-on-phone.yaml')), { brand: 'xiaomi', seed: 1, bugs: ['edits-never-uploaded'] });
    const h = result.history;
    const userCapture = h.findIndex((e) => e.process === 'user@phone' && e.op === 'capture');
    const phoneCapture = h.findIndex((e) => e.process === 'phone' && e.op === 'capture');
    const upload = h.findIndex((e) => e.process === 'phone' && e.op === 'upload.start');
    expect(h[userCapture]?.time).toBe(h[phoneCapture]?.time);
    expect(h[userCapture]?.time).toBe(h[upload]?.time);
    expect(userCapture).toBeLessThan(phoneCapture);
    expect(phoneCapture).toBeLessThan(upload);
    // Within every instant, the sequence only goes up.
    for (let i = 1; i < h.length; i++) if (h[i]!.time === h[i - 1]!.time && h[i]!.seq !== undefined && h[i - 1]!.seq !== undefined) expect(h[i]!.seq).toBeGreaterThan(h[i - 1]!.seq!);

    // The timeline, even given the events shuffled, marks them in that order.
    const titles = [...timelineSvg([...h].reverse()).matchAll(/<title>\+[\d.]+s ([^<]+)<\/title>/g)].map((m) => m[1] as string);
    const at = (prefix: string) => titles.findIndex((t) => t.startsWith(prefix));
    expect(at('user@phone: capture')).toBeGreaterThanOrEqual(0);
    expect(at('user@phone: capture')).toBeLessThan(at('phone: capture'));
    expect(at('phone: capture')).toBeLessThan(at('phone: upload.start'));

    // What led there: the photo captured, backed up, then edited (the edit came after, though in the same second's story).
    const story = result.violations.find((v) => v.invariant === 'edit-propagates')?.events.map((line) => line.replace(/^\+[\d.]+s /, '').split(' ').slice(0, 2).join(' '));
    expect(story?.slice(0, 2)).toEqual(['phone: capture', 'phone: upload.start']);
    expect(story?.indexOf('phone: edit')).toBeGreaterThan(story?.indexOf('phone: backed-up') ?? Infinity);
  });

  it('numbers the same seed the same way', async () => {
    const scenario = loadScenario(join(catalogDir, 'first-backup.yaml'));
    const seqs = async () => (await simulateScenario(scenario, { brand: 'oppo', seed: 7 })).history.map((e) => `${e.time}/${e.seq ?? '-'} ${e.process} ${e.op}`);
    expect(await seqs()).toEqual(await seqs());
  });
});
