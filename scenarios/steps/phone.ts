import { z } from 'zod';
import { KIND_NAMES, KINDS } from '../../fixtures/index.ts';
import { phoneProfiles } from '../../simulator/profiles.ts';
import fc from 'fast-check';
import { action, type StepContext } from './action.ts';
import { gen, onItem, oneOf } from './gen.ts';
import { album, itemRef, on, parseItemRef } from './args.ts';

/** `phone:` — what the user does on a phone: the gallery's settings and its actions on a photo. */

const item = z.object({ ...on, item: itemRef }).strict();

async function remove(run: StepContext, args: z.output<typeof item>, everywhere: boolean | undefined): Promise<void> {
  const phone = run.phoneOf(args);
  const target = await run.item(args.item, phone, 'gallery');
  const alsoFromCloud = everywhere ?? phoneProfiles[run.brand].alsoDeleteFromCloudByDefault;
  await run.device(phone).delete(target, alsoFromCloud);
  run.log(phone, { kind: 'delete', item: target, everywhere: alsoFromCloud });
}

export const phoneSteps = {
  'enable-backup': action(z.object({ ...on }).strict(), async (run, args) => {
    const phone = run.phoneOf(args);
    await run.device(phone).enableBackup(run.account(phone));
    run.log(phone, { kind: 'settings', backupEnabled: true });
  }, gen(1)),
  'disable-backup': action(z.object({ ...on }).strict(), async (run, args) => {
    const phone = run.phoneOf(args);
    await run.device(phone).disableBackup();
    run.log(phone, { kind: 'settings', backupEnabled: false });
  }, gen(1)),
  capture: action(
    z
      .object({ ...on, count: z.number().int().min(1).max(500).default(1), kind: z.enum(KIND_NAMES).default('camera-photo'), variant: z.string().optional(), album: album.default('Camera'), 'same-as': itemRef.optional(), name: z.string().min(1).max(255).optional() })
      .strict()
      .superRefine((a, ctx) => {
        const variants = KINDS[a.kind].variants;
        if (a.variant !== undefined && !variants?.includes(a.variant)) ctx.addIssue({ code: 'custom', path: ['variant'], message: variants ? `${a.kind} has variants ${variants.join(', ')}` : `${a.kind} has no variants` });
      }),
    async (run, args) => {
      const phone = run.phoneOf(args);
      for (let i = 0; i < args.count; i++) {
        const source = args['same-as'] !== undefined ? await run.contentOf(parseItemRef(args['same-as'], phone)) : undefined;
        const made = source ? { bytes: run.bytes(source.sha256) as Uint8Array, name: source.name.replace(/(\.[^.]+)$/, ' (1)$1'), decodable: true } : await run.newMedia(args.kind, args.variant);
        const item = await run.device(phone).importMedia(args.name ?? made.name, made.bytes, args.album);
        run.captured(phone, item);
        run.log(phone, { kind: 'capture', item, ...(made.decodable ? {} : { unreadable: true }) });
      }
    },
    gen(10, (g) =>
      fc.oneof(
        { weight: 12, arbitrary: fc.record({ on: g.phone, count: fc.integer({ min: 1, max: 3 }), album: g.album }) },
        { weight: 2, arbitrary: fc.record({ on: g.phone, 'same-as': g.item }) },
        { weight: 1, arbitrary: fc.record({ on: g.phone, kind: oneOf('motion-photo', 'video', 'screenshot') }) },
        { weight: 1, arbitrary: fc.record({ on: g.phone, kind: fc.constant('corrupt'), variant: oneOf('zero-bytes', 'truncated', 'bit-flipped') }) },
        { weight: 1, arbitrary: fc.record({ on: g.phone, count: fc.integer({ min: 51, max: 60 }) }) },
      ),
    ),
  ),
  edit: action(item, async (run, args) => {
    const phone = run.phoneOf(args);
    const before = await run.item(args.item, phone, 'gallery');
    const made = await run.newMedia();
    const device = run.device(phone);
    const edited = await device.edit(before, made.bytes);
    // A phone driven through its UI makes its own edit: keep whatever bytes it produced.
    if (!run.bytes(edited.sha256)) run.remember(edited.sha256, await device.readBytes(edited));
    run.log(phone, { kind: 'edit', item: edited, before: before.sha256 });
  }, gen(4, onItem)),
  /** The gallery's delete dialog; without `everywhere`, as the brand's dialog is by default. */
  delete: action(z.object({ ...on, item: itemRef, everywhere: z.boolean().optional() }).strict(), (run, args) => remove(run, args, args.everywhere), gen(1, onItem)),
  'delete-everywhere': action(item, (run, args) => remove(run, args, true), gen(3, onItem)),
  'delete-device-only': action(item, (run, args) => remove(run, args, false), gen(2, onItem)),
  restore: action(item, async (run, args) => {
    const phone = run.phoneOf(args);
    const target = await run.item(args.item, phone, 'trash');
    await run.device(phone).restore(target);
    run.log(phone, { kind: 'restore', item: target });
  }, gen(3, onItem)),
  move: action(z.object({ ...on, item: itemRef, album }).strict(), async (run, args) => {
    const phone = run.phoneOf(args);
    const target = await run.item(args.item, phone, 'gallery');
    const moved = await run.device(phone).moveToAlbum(target, args.album);
    run.log(phone, { kind: 'move', item: moved, from: target.album });
  }, gen(2, (g) => fc.record({ on: g.phone, item: g.item, album: g.album }))),
  'hide-album': action(z.object({ ...on, album }).strict(), async (run, args) => {
    const phone = run.phoneOf(args);
    const device = run.device(phone);
    await device.hideAlbum(args.album);
    run.log(phone, { kind: 'settings', hiddenAlbums: (await device.snapshot()).settings.hiddenAlbums });
  }, gen(1, (g) => fc.record({ on: g.phone, album: g.album }))),
  'choose-albums': action(z.object({ ...on, albums: z.array(album).min(1) }).strict(), async (run, args) => {
    const phone = run.phoneOf(args);
    await run.device(phone).chooseAlbums(args.albums);
    run.log(phone, { kind: 'settings', backupAlbums: args.albums });
  }, gen(1, (g) => fc.record({ on: g.phone, albums: fc.uniqueArray(g.album, { minLength: 1, maxLength: 3 }) }))),
  'wifi-only': action(z.object({ ...on, enabled: z.boolean().default(true) }).strict(), async (run, args) => {
    const phone = run.phoneOf(args);
    await run.device(phone).setWifiOnly(args.enabled);
    run.log(phone, { kind: 'settings', wifiOnly: args.enabled });
  }, gen(2, (g) => fc.record({ on: g.phone, enabled: fc.boolean() }))),
  /** Google Photos → Apps & devices → remove the gallery's access (this phone's app only). */
  revoke: action(z.object({ ...on }).strict(), async (run, args) => {
    const phone = run.phoneOf(args);
    await run.stage.admin('POST', '/__admin/revoke', { clientId: run.account(phone).clientId });
    run.log(phone, { kind: 'revoke' });
  }, gen(0.5)),
  'kill-app': action(z.object({ ...on }).strict(), async (run, args) => {
    const phone = run.phoneOf(args);
    await run.device(phone).killApp();
    run.log(phone, { kind: 'kill' });
  }, gen(1)),
  'start-app': action(z.object({ ...on }).strict(), async (run, args) => {
    const phone = run.phoneOf(args);
    await run.device(phone).startApp();
    run.log(phone, { kind: 'start' });
  }, gen(1)),
  restart: action(z.object({ ...on }).strict(), async (run, args) => {
    const phone = run.phoneOf(args);
    await run.device(phone).restartPhone();
    run.log(phone, { kind: 'restart' });
  }, gen(2)),
};
