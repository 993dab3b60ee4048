import { describe, expect, it } from 'vitest';
import { verifyBackup, type CloudItem } from './verify.ts';

const local = new Map([
  ['aaa', 'IMG_1.jpg'],
  ['bbb', 'IMG_2.jpg'],
]);
const item = (id: string, sha256: string, state: CloudItem['state'] = 'live'): CloudItem => ({ id, filename: `${id}.jpg`, sha256, state });

describe('verifyBackup', () => {
  it('passes when every expected content is there once', () => {
    expect(verifyBackup([item('1', 'aaa'), item('2', 'bbb')], new Set(['aaa', 'bbb']), local)).toEqual([]);
  });

  it('names a duplicate, a damaged upload and a lost file', () => {
    const findings = verifyBackup([item('1', 'aaa'), item('2', 'aaa'), item('3', 'zzz'), item('4', 'bbb', 'trashed')], new Set(['aaa', 'bbb']), local);
    expect(findings.map((f) => f.invariant).sort()).toEqual(['integrity', 'no-duplicate', 'no-loss']);
    expect(findings.find((f) => f.invariant === 'no-duplicate')?.message).toContain('IMG_1.jpg');
    expect(findings.find((f) => f.invariant === 'no-loss')?.message).toContain('IMG_2.jpg');
  });
});
