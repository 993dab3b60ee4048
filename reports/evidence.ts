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

/**
 * What the phone showed during a failed run, as files beside results.json (paths relative to it): the screen after
 * each step up to the failing check, the page source at that check, and (end to end) the Appium log of the run's
 * sessions. Passing runs have none.
 */
export interface Filmstrip {
  /** `step` is 0-based, as `failedStep`; a step equal to the number of steps is the final consistency check. */
  frames: Array<{ step: number; file: string }>;
  /** Which phones each frame shows, left to right. */
  phones: string[];
  pageSource?: { phone: string; file: string };
  appiumLog?: string;
}
