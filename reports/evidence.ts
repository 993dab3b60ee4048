/** The evidence of a failed run, as the results carry it and the reports show it (scenarios/runner/evidence.ts collects it). */

/** One side's copy of an affected item, with a thumbnail of its actual bytes. */
export interface EvidenceCopy {
  where: string;
  name: string;
  sha256: string;
  /** Phone: "in gallery" / "in trash"; cloud: live / trashed / purged, and "version n of m" for older versions. */
  state: string;
  /** How its bytes relate to the item in question: the same, the same photo with bytes appended, cut short, other. */
  relation: 'same bytes' | 'bytes appended' | 'truncated' | 'other content';
  thumb?: string;
}

/** What a person looks at for one violated item: the phones' copies beside the cloud's. */
export interface Evidence {
  invariant: string;
  item: string;
  sha256: string;
  phone: EvidenceCopy[];
  cloud: EvidenceCopy[];
}
