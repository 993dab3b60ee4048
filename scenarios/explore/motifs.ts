import fc from 'fast-check';
import type { GenerateContext } from '../steps/index.ts';
import type { TemplateStep } from './generate.ts';

/**
 * Short step sequences that reach situations single random steps almost never line up for (counted as never, or
 * rarely, reached in 20,000 histories before): both sides editing one photo while the phone is offline; a photo
 * deleted everywhere then restored from the phone's trash once the delete went up; the app killed while uploads are
 * under way on a slow link; a backed-up photo trashed on the web; a phone away for a month while the web changes; a
 * month in the trash; a backed-up photo moved to another album; backup turned off and on again after a web trash; a
 * delete made offline, then a restart; photos waiting for Wi-Fi through a restart; access revoked after a backup, met
 * by the next photo; a cloud that fills up and is then freed. Each is drawn like a step, and its picks shrink like any other.
 */
export function motifs(g: GenerateContext): Array<{ weight: number; arbitrary: fc.Arbitrary<TemplateStep[]> }> {
  const phoneAndPick = fc.record({ on: g.phone, k: fc.nat(9) });
  return [
    {
      weight: 3,
      arbitrary: phoneAndPick.map(({ on, k }): TemplateStep[] => [
        { verb: 'net', action: 'offline', args: { on } },
        { verb: 'phone', action: 'edit', args: { on, item: { from: on, k } } },
        { verb: 'cloud', action: 'edit', args: { item: { from: on, k } } },
        { verb: 'net', action: 'wifi', args: { on } },
      ]),
    },
    {
      weight: 2,
      arbitrary: phoneAndPick.map(({ on, k }): TemplateStep[] => [
        { verb: 'phone', action: 'delete-everywhere', args: { on, item: { from: on, k } } },
        { verb: 'settle', value: '10m' },
        { verb: 'phone', action: 'restore', args: { on, item: { from: on, k } } },
      ]),
    },
    {
      weight: 2,
      arbitrary: fc.record({ on: g.phone, count: fc.integer({ min: 2, max: 4 }), ms: fc.constantFrom(500, 2000) }).map(({ on, count, ms }): TemplateStep[] => [
        { verb: 'net', action: 'latency', args: { on, ms, for: '1m' } },
        { verb: 'phone', action: 'capture', args: { on, count } },
        { verb: 'advance', value: '2s' },
        { verb: 'phone', action: 'kill-app', args: { on } },
      ]),
    },
    {
      weight: 2,
      arbitrary: phoneAndPick.map(({ on, k }): TemplateStep[] => [
        { verb: 'phone', action: 'capture', args: { on } },
        { verb: 'settle', value: '10m' },
        { verb: 'cloud', action: 'trash', args: { item: { from: on, k } } },
        { verb: 'settle', value: '10m' },
      ]),
    },
    {
      weight: 2,
      arbitrary: phoneAndPick.map(({ on }): TemplateStep[] => [
        { verb: 'net', action: 'offline', args: { on } },
        { verb: 'cloud', action: 'add', args: { count: 1 } },
        { verb: 'advance', value: '31d' },
        { verb: 'net', action: 'wifi', args: { on } },
        { verb: 'settle', value: '10m' },
      ]),
    },
    {
      weight: 2,
      arbitrary: phoneAndPick.map(({ on, k }): TemplateStep[] => [
        { verb: 'phone', action: 'delete-everywhere', args: { on, item: { from: on, k } } },
        { verb: 'settle', value: '10m' },
        { verb: 'advance', value: '31d' },
        { verb: 'settle', value: '10m' },
      ]),
    },
    {
      weight: 2,
      arbitrary: phoneAndPick.map(({ on, k }): TemplateStep[] => [
        { verb: 'phone', action: 'capture', args: { on } },
        { verb: 'settle', value: '10m' },
        { verb: 'phone', action: 'move', args: { on, item: { from: on, k }, album: 'Trip' } },
        { verb: 'settle', value: '10m' },
      ]),
    },
    {
      weight: 2,
      arbitrary: phoneAndPick.map(({ on, k }): TemplateStep[] => [
        { verb: 'phone', action: 'capture', args: { on } },
        { verb: 'settle', value: '10m' },
        { verb: 'cloud', action: 'trash', args: { item: { from: on, k } } },
        { verb: 'phone', action: 'disable-backup', args: { on } },
        { verb: 'phone', action: 'enable-backup', args: { on } },
        { verb: 'settle', value: '10m' },
      ]),
    },
    {
      weight: 2,
      arbitrary: phoneAndPick.map(({ on, k }): TemplateStep[] => [
        { verb: 'net', action: 'offline', args: { on } },
        { verb: 'phone', action: 'delete-everywhere', args: { on, item: { from: on, k } } },
        { verb: 'phone', action: 'restart', args: { on } },
        { verb: 'net', action: 'wifi', args: { on } },
        { verb: 'settle', value: '10m' },
      ]),
    },
    {
      weight: 2,
      arbitrary: fc.record({ on: g.phone, count: fc.integer({ min: 1, max: 3 }) }).map(({ on, count }): TemplateStep[] => [
        { verb: 'phone', action: 'wifi-only', args: { on, enabled: true } },
        { verb: 'net', action: 'cellular', args: { on } },
        { verb: 'phone', action: 'capture', args: { on, count } },
        { verb: 'phone', action: 'restart', args: { on } },
        { verb: 'net', action: 'wifi', args: { on } },
        { verb: 'settle', value: '10m' },
      ]),
    },
    {
      weight: 2,
      arbitrary: phoneAndPick.map(({ on }): TemplateStep[] => [
        { verb: 'phone', action: 'capture', args: { on } },
        { verb: 'settle', value: '10m' },
        { verb: 'phone', action: 'revoke', args: { on } },
        { verb: 'phone', action: 'capture', args: { on } },
        { verb: 'settle', value: '10m' },
      ]),
    },
    {
      weight: 2,
      arbitrary: fc.record({ on: g.phone, count: fc.integer({ min: 2, max: 4 }) }).map(({ on, count }): TemplateStep[] => [
        { verb: 'cloud', action: 'quota', args: { bytes: 8_000 } },
        { verb: 'phone', action: 'capture', args: { on, count } },
        { verb: 'settle', value: '10m' },
        { verb: 'cloud', action: 'quota', args: { bytes: 100_000_000 } },
        { verb: 'advance', value: '20m' },
        { verb: 'settle', value: '20m' },
      ]),
    },
  ];
}
