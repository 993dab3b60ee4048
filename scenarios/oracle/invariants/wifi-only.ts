import type { Invariant, Violation } from '../context.ts';

const uploadOps = /^(upload\.|mediaItems\.batchCreate)/;

export const wifiOnly: Invariant = {
  name: 'wifi-only',
  promise: 'With "Back up over Wi-Fi only" on, nothing is uploaded over mobile data.',
  check(c) {
    const out: Violation[] = [];
    for (const d of c.devices) {
      let wifiOnly = false;
      let network = 'wifi';
      const changes = c.ledger.entries.filter((e) => e.actor === d.name && (e.what.kind === 'network' || (e.what.kind === 'settings' && e.what.wifiOnly !== undefined)));
      let next = 0;
      for (const event of c.history.filter((h) => h.process === d.name)) {
        for (; next < changes.length && (changes[next]?.time ?? Infinity) <= event.time; next++) {
          const w = changes[next]?.what;
          if (w?.kind === 'network') network = w.state;
          if (w?.kind === 'settings' && w.wifiOnly !== undefined) wifiOnly = w.wifiOnly;
        }
        if (wifiOnly && network === 'cellular' && event.type === 'invoke' && uploadOps.test(event.op)) {
          out.push({ invariant: 'wifi-only', phone: d.name, expected: 'no upload while on mobile data with Wi-Fi only on', actual: `the phone sent ${event.op} on mobile data`, events: [`${event.process}: ${event.type} ${event.op} ${JSON.stringify(event.value ?? '')}`] });
          break;
        }
      }
    }
    return out;
  },
};
