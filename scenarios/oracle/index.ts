import type { InvariantName } from '../schema.ts';
import type { Invariant, OracleContext, Violation } from './context.ts';
import { albumPrivacy } from './invariants/album-privacy.ts';
import { converges } from './invariants/converges.ts';
import { deletePropagates } from './invariants/delete-propagates.ts';
import { editPropagates } from './invariants/edit-propagates.ts';
import { integrity } from './invariants/integrity.ts';
import { metadata } from './invariants/metadata.ts';
import { noDuplicate } from './invariants/no-duplicate.ts';
import { noLoss } from './invariants/no-loss.ts';
import { noResurrection } from './invariants/no-resurrection.ts';
import { quotaPauses } from './invariants/quota-pauses.ts';
import { revokeStopsSync } from './invariants/revoke-stops-sync.ts';
import { trashRetention } from './invariants/trash-retention.ts';
import { wifiOnly } from './invariants/wifi-only.ts';

/** Every invariant, one file each; adding one touches its file and this list. */
export const invariants: readonly Invariant[] = [
  noLoss,
  noDuplicate,
  integrity,
  deletePropagates,
  noResurrection,
  trashRetention,
  editPropagates,
  albumPrivacy,
  wifiOnly,
  revokeStopsSync,
  quotaPauses,
  converges,
  metadata,
];

export function checkInvariants(context: OracleContext, only?: InvariantName): Violation[] {
  return invariants.filter((i) => !only || i.name === only).flatMap((i) => i.check(context));
}

/** A violation in plain sentences, Elle-style: Let … Then … However … */
export function explain(v: Violation): string {
  const who = [v.item ? `${v.item.name} (${v.item.sha256.slice(0, 8)})` : undefined, v.phone ? `on ${v.phone}` : undefined].filter(Boolean).join(' ');
  const promise = invariants.find((i) => i.name === v.invariant)?.promise ?? '';
  const lines = [`[${v.invariant}] ${who || 'the run'}: expected ${v.expected}; however ${v.actual}.`, `  The promise: ${promise}`];
  if (v.events.length) lines.push('  What led there:', ...v.events.map((e) => `    ${e}`));
  return lines.join('\n');
}

export type { OracleContext, Violation, Invariant } from './context.ts';
