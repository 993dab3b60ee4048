import { createHash } from 'node:crypto';
import { z } from 'zod';
import fc from 'fast-check';
import { action, StepImpossible, type StepContext } from './action.ts';
import { gen, oneOf } from './gen.ts';
import { itemRef } from './args.ts';

/** `cloud:` — what the user does on photos.google.com or another device, through the Library API and its sync extension. */

const sha = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');
const item = z.object({ item: itemRef }).strict();

/** Trash, restore or delete forever one cloud item, as the web user. */
const onCloudItem = gen(2, (g) => fc.record({ item: g.item }));

function stateChange(kind: 'trash' | 'restore' | 'purge') {
  return action(item, async (run: StepContext, args) => {
    const web = await run.web();
    const { trashed, ...target } = await run.cloudItem(args.item);
    // photos.google.com offers "move to trash" on a photo in the library and "restore" on one in the trash.
    if (kind === 'trash' && trashed) throw new StepImpossible(`${run.file}: ${target.cloudId} is already in the cloud's trash`);
    if (kind === 'restore' && !trashed) throw new StepImpossible(`${run.file}: ${target.cloudId} is not in the cloud's trash`);
    if (kind === 'trash') await web.trash(target.cloudId);
    else if (kind === 'restore') await web.restore(target.cloudId);
    else await web.call('POST', `/v1/sync/mediaItems/${target.cloudId}:delete`);
    run.log('web', { kind: `cloud-${kind}`, ...target });
  }, onCloudItem);
}

export const cloudSteps = {
  add: action(z.object({ count: z.number().int().min(1).max(200).default(1) }).strict(), async (run, args) => {
    const web = await run.web();
    for (let i = 0; i < args.count; i++) {
      const made = await run.newMedia();
      const pending = { cloudId: '', sha256: sha(made.bytes), name: '' };
      const n = run.webAdded(pending);
      pending.name = `web_${n}_${made.name}`;
      const token = await web.rawUpload(made.bytes, pending.name, 'image/jpeg');
      const created = token.kind === 'ok' ? await web.batchCreate([{ uploadToken: token.value, fileName: pending.name }]) : undefined;
      const cloudId = created?.kind === 'ok' ? created.value.newMediaItemResults[0]?.mediaItem?.id : undefined;
      if (!cloudId) throw new StepImpossible(`${run.file}: the cloud refused a web upload (storage full?)`);
      pending.cloudId = cloudId;
      run.log('web', { kind: 'cloud-add', cloudId, sha256: pending.sha256, name: pending.name });
    }
  }, gen(2, () => fc.record({ count: fc.integer({ min: 1, max: 2 }) }))),
  edit: action(item, async (run, args) => {
    const web = await run.web();
    const target = await run.cloudItem(args.item);
    const made = await run.newMedia();
    const token = await web.rawUpload(made.bytes, 'edit.jpg', 'image/jpeg');
    if (token.kind !== 'ok') throw new StepImpossible(`${run.file}: web edit failed: the cloud refused the upload`);
    // The web user edits what they see: if a phone's edit lands in between (412), they look again and edit that.
    for (let attempt = 0; attempt < 3; attempt++) {
      const current = await web.getItem(target.cloudId);
      if (current.kind !== 'ok') break;
      const saved = await web.addVersion(target.cloudId, token.value, current.value.etag);
      if (saved.kind === 'ok') return run.log('web', { kind: 'cloud-edit', cloudId: target.cloudId, sha256: sha(made.bytes), before: current.value.sha256 });
      if (saved.kind !== 'refused' || saved.status !== 412) break;
    }
    throw new StepImpossible(`${run.file}: web edit of ${target.cloudId} failed (it is in the trash or gone)`);
  }, onCloudItem),
  trash: stateChange('trash'),
  restore: stateChange('restore'),
  /** "Delete forever". */
  purge: stateChange('purge'),
  /** The account's storage limit, in bytes. */
  quota: action(z.object({ bytes: z.number().int().min(0) }).strict(), async (run, args) => {
    await run.stage.admin('PATCH', `/__admin/accounts/${run.email}`, { quotaBytes: args.bytes });
    run.log('web', { kind: 'quota', bytes: args.bytes });
  }, gen(1, () => fc.record({ bytes: oneOf(100_000_000, 8_000, 20_000) }))),
};
