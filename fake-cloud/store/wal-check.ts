import { existsSync, readFileSync } from 'node:fs';

/**
 * Committed transactions SQLite would drop without a word when it next opens a database: its WAL recovery keeps
 * frames up to the first one whose salt or running checksum does not match, and ignores everything after it.
 * A torn last frame (a process killed mid-write) or junk appended after the log is that rule working as meant; a
 * damaged frame *followed by frames of the same log* is not: those later frames are complete transactions that were
 * acknowledged. Format: https://www.sqlite.org/fileformat2.html#walformat
 */
export interface WalDamage {
  problem: string;
  /** The length of the log SQLite would keep (header and intact frames), for a user who accepts the loss. */
  intactBytes: number;
}

const headerBytes = 32;
const frameHeaderBytes = 24;
const magicLittleEndian = 0x377f0682;
const magicBigEndian = 0x377f0683;
const formatVersion = 3007000;

export function walDamage(walFile: string): WalDamage | undefined {
  if (!existsSync(walFile)) return undefined;
  const wal = readFileSync(walFile);
  if (wal.length <= headerBytes) return undefined; // no frame to lose
  const magic = wal.readUInt32BE(0);
  const pageSize = wal.readUInt32BE(8);
  const bigEndian = magic === magicBigEndian;
  const headerSum = checksum(wal, 0, 24, [0, 0], bigEndian);
  const headerIntact =
    (magic === magicLittleEndian || bigEndian) && wal.readUInt32BE(4) === formatVersion && isPageSize(pageSize) && headerSum[0] === wal.readUInt32BE(24) && headerSum[1] === wal.readUInt32BE(28);
  if (!headerIntact) return { problem: `its header is damaged: SQLite would ignore the whole log (${wal.length} bytes of the latest committed changes)`, intactBytes: 0 };
  const frameBytes = frameHeaderBytes + pageSize;
  const salt = wal.subarray(16, 24);
  const frames = Math.floor((wal.length - headerBytes) / frameBytes);
  let sum = headerSum;
  let lastCommit = -1;
  let first = 0;
  for (; first < frames; first++) {
    const at = headerBytes + first * frameBytes;
    if (!wal.subarray(at + 8, at + 16).equals(salt)) break;
    sum = checksum(wal, at + frameHeaderBytes, pageSize, checksum(wal, at, 8, sum, bigEndian), bigEndian);
    if (sum[0] !== wal.readUInt32BE(at + 16) || sum[1] !== wal.readUInt32BE(at + 20)) break;
    if (wal.readUInt32BE(at + 4) !== 0) lastCommit = first;
  }
  let later = 0;
  let laterCommits = 0;
  for (let i = first + 1; i < frames; i++) {
    const at = headerBytes + i * frameBytes;
    if (!wal.subarray(at + 8, at + 16).equals(salt)) continue;
    later++;
    if (wal.readUInt32BE(at + 4) !== 0) laterCommits++;
  }
  if (later === 0) return undefined;
  return {
    problem: `frame ${first + 1} of ${frames} is damaged: SQLite would silently drop it and the ${later} frames of the log after it (${laterCommits} committed transactions)`,
    intactBytes: headerBytes + (lastCommit + 1) * frameBytes,
  };
}

const isPageSize = (n: number) => n >= 512 && n <= 65536 && (n & (n - 1)) === 0;

/** SQLite's WAL checksum: two running 32-bit sums over pairs of 32-bit words, continuing from `start`. */
function checksum(data: Buffer, from: number, length: number, start: readonly [number, number], bigEndian: boolean): [number, number] {
  let [s0, s1] = start;
  for (let i = from; i < from + length; i += 8) {
    const x0 = bigEndian ? data.readUInt32BE(i) : data.readUInt32LE(i);
    const x1 = bigEndian ? data.readUInt32BE(i + 4) : data.readUInt32LE(i + 4);
    s0 = (s0 + x0 + s1) >>> 0;
    s1 = (s1 + x1 + s0) >>> 0;
  }
  return [s0, s1];
}
