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
      // The phone's own record of its network and setting changes is in the same sequence as its uploads: read in
      // that order, since on virtual time a later switch can share an upload's millisecond. The scenario's ledger is
      // on another clock (end to end, the harness's, stamped after each command returns); a phone that keeps no
      // history of its own changes (a real one) is judged on the ledger, by time.
      const ownsChanges = own.some((h) => phoneChange(h).length > 0);
      const ledger = ownsChanges ? [] : c.ledger.entries.filter((e) => e.actor === d.name).flatMap(ledgerChange);
      let wifiOnly = false;
      let network = 'wifi';
      const apply = (change: Change) => {
        if (change.network) network = change.network;
        if (change.wifiOnly !== undefined) wifiOnly = change.wifiOnly;
      };
      let next = 0;
      for (const event of own) {
        for (; next < ledger.length && (ledger[next]?.time ?? Infinity) <= event.time; next++) apply(ledger[next] as Change);
        phoneChange(event).forEach(apply);
        if (wifiOnly && network === 'cellular' && event.type === 'invoke' && uploadOps.test(event.op)) {
          out.push({ invariant: 'wifi-only', phone: d.name, expected: 'no upload while on mobile data with Wi-Fi only on', actual: `the phone sent ${event.op} on mobile data`, events: [`${event.process}: ${event.type} ${event.op} ${JSON.stringify(event.value ?? '')}`] });
          break;
        }
      }
    }
    return out;
  },
};
