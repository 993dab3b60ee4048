import type { HistoryEvent } from '../../../runtime/history.ts';
import type { LedgerEntry } from '../../runner/ledger.ts';
import type { Invariant, Violation } from '../context.ts';

const uploadOps = /^(upload\.|mediaItems\.batchCreate)/;

interface Change {
  time: number;
  network?: string;
  wifiOnly?: boolean;
}

function phoneChange(h: HistoryEvent): Change[] {
  if (h.op === 'network') return [{ time: h.time, network: String(h.value) }];
  const wifiOnly = h.op === 'settings' ? (h.value as { wifiOnly?: boolean } | undefined)?.wifiOnly : undefined;
  return wifiOnly === undefined ? [] : [{ time: h.time, wifiOnly }];
}

function ledgerChange(e: LedgerEntry): Change[] {
  if (e.what.kind === 'network') return [{ time: e.time, network: e.what.state }];
  if (e.what.kind === 'settings' && e.what.wifiOnly !== undefined) return [{ time: e.time, wifiOnly: e.what.wifiOnly }];
  return [];
}

export const wifiOnly: Invariant = {
  name: 'wifi-only',
  promise: 'With "Back up over Wi-Fi only" on, nothing is uploaded over mobile data.',
  check(c) {
    const out: Violation[] = [];
    for (const d of c.devices) {
      const own = c.history.filter((h) => h.process === d.name);
      // The phone's own record of its network and setting changes is on the same clock as its uploads; the
      // scenario's ledger is not (end to end it is the harness's clock, stamped after each command returns). A
      // phone that keeps no history (a real one) is judged on the ledger.
      const ownsChanges = own.some((h) => h.op === 'network' || (h.op === 'settings' && (h.value as { wifiOnly?: boolean } | undefined)?.wifiOnly !== undefined));
      const changes = ownsChanges ? own.flatMap(phoneChange) : c.ledger.entries.filter((e) => e.actor === d.name).flatMap(ledgerChange);
      let wifiOnly = false;
      let network = 'wifi';
      let next = 0;
      for (const event of own) {
        for (; next < changes.length && (changes[next]?.time ?? Infinity) <= event.time; next++) {
          const change = changes[next];
          if (change?.network) network = change.network;
          if (change?.wifiOnly !== undefined) wifiOnly = change.wifiOnly;
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
