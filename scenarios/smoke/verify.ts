/** What the cloud holds for one account, as `/__admin/state` reports it. */
export interface CloudItem {
  id: string;
  filename: string;
  sha256: string;
  state: 'live' | 'trashed' | 'purged';
}

export interface Finding {
  invariant: 'no-duplicate' | 'integrity' | 'no-loss';
  message: string;
}

/**
 * The smoke oracle. `expected` is the set of contents a clean link ends with; `local` every content on the phone.
 * After faults heal, the cloud must hold each expected content exactly once and nothing that is not on the phone.
 */
export function verifyBackup(items: readonly CloudItem[], expected: ReadonlySet<string>, local: ReadonlyMap<string, string>): Finding[] {
  const findings: Finding[] = [];
  const live = items.filter((i) => i.state === 'live');
  const byHash = new Map<string, CloudItem[]>();
  for (const item of live) byHash.set(item.sha256, [...(byHash.get(item.sha256) ?? []), item]);
  for (const [hash, copies] of byHash) {
    if (copies.length > 1) findings.push({ invariant: 'no-duplicate', message: `${copies.length} cloud items hold the bytes of ${local.get(hash) ?? hash.slice(0, 12)}: ${copies.map((c) => c.id).join(', ')}` });
    if (!local.has(hash)) findings.push({ invariant: 'integrity', message: `cloud item ${copies[0]?.filename} (${hash.slice(0, 12)}) matches no file on the phone: bytes were damaged on the way` });
  }
  for (const hash of expected) {
    if (!byHash.has(hash)) findings.push({ invariant: 'no-loss', message: `${local.get(hash) ?? hash.slice(0, 12)} is on the phone and was backed up on a clean link, but is not in the cloud` });
  }
  return findings;
}
