import type { GalleryDevice } from '../../drivers/gallery-device.ts';
import { thumbnail } from '../../reports/thumbnail.ts';
import type { OracleContext, Violation } from '../oracle/context.ts';
import type { Evidence, EvidenceCopy } from '../../reports/evidence.ts';

const perRun = 6;

/**
 * For a failed run, the affected items as both sides hold them now: every phone copy and every cloud item or
 * version with the same content, a content derived from it (an appended or truncated copy) or the same file
 * name. Bytes come from the phones (MediaStore + pull) and the cloud's store.
 */
export async function collectEvidence(context: OracleContext, violations: readonly Violation[], devices: ReadonlyMap<string, GalleryDevice>): Promise<Evidence[]> {
  const evidence: Evidence[] = [];
  const seen = new Set<string>();
  for (const v of violations) {
    if (!v.item || evidence.length >= perRun) continue;
    const key = `${v.invariant}/${v.item.sha256}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const { sha256, name } = v.item;
    const baseName = name.replace(/^cloud item .*/, '');
    const related = (sha: string, otherName: string) => sha === sha256 || (baseName !== '' && sameFile(otherName, baseName)) || derived(context, sha, sha256);
    const phone: EvidenceCopy[] = [];
    for (const d of context.devices) {
      for (const item of d.snapshot.items) {
        if (!related(item.sha256, item.name)) continue;
        const bytes = await devices.get(d.name)?.readBytes(item).catch(() => undefined);
        phone.push({ where: d.name, name: item.name, sha256: item.sha256, state: item.trashed ? 'in trash' : `in ${item.album}`, relation: relation(context, item.sha256, sha256), ...(await thumb(bytes)) });
      }
    }
    const cloud: EvidenceCopy[] = [];
    for (const item of context.cloud.items) {
      const versions = item.versions.length ? item.versions : [{ version: 1, sha256: item.sha256 }];
      for (const version of versions) {
        if (!related(version.sha256, item.filename) && !related(item.sha256, item.filename)) continue;
        const latest = version.sha256 === item.sha256;
        cloud.push({ where: item.id, name: item.filename, sha256: version.sha256, state: latest ? item.state : `${item.state}, older version ${version.version}`, relation: relation(context, version.sha256, sha256), ...(await thumb(context.cloudBytes(version.sha256))) });
      }
    }
    if (phone.length === 0 && cloud.length === 0) {
      const expected = context.localBytes(sha256);
      phone.push({ where: 'expected', name, sha256, state: 'what was made', relation: 'same bytes', ...(await thumb(expected)) });
    }
    evidence.push({ invariant: v.invariant, item: name, sha256, phone, cloud });
  }
  return evidence;
}

async function thumb(bytes: Uint8Array | undefined): Promise<{ thumb?: string }> {
  const made = bytes && (await thumbnail(bytes));
  return made ? { thumb: made } : {};
}

const stem = (name: string) => name.replace(/ \(\d+\)(?=\.[^.]+$)/, '').replace(/^web_\d+_/, '');
const sameFile = (a: string, b: string) => stem(a) === stem(b);

/** `sha` is an appended or truncated copy of `original` (the bytes a duplicate or damaged upload holds). */
function derived(context: OracleContext, sha: string, original: string): boolean {
  const r = relation(context, sha, original);
  return r === 'bytes appended' || r === 'truncated';
}

function relation(context: OracleContext, sha: string, original: string): EvidenceCopy['relation'] {
  if (sha === original) return 'same bytes';
  const a = context.cloudBytes(sha) ?? context.localBytes(sha);
  const b = context.localBytes(original) ?? context.cloudBytes(original);
  if (!a || !b || a.length === b.length) return 'other content';
  const [short, long] = a.length < b.length ? [a, b] : [b, a];
  if (!Buffer.from(long.subarray(0, short.length)).equals(Buffer.from(short))) return 'other content';
  return a.length > b.length ? 'bytes appended' : 'truncated';
}
