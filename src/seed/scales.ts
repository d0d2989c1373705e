/** How much data to generate (context.md §2.1). `tiny` exists so tests can seed in a few seconds. */
export type SeedScale = 'tiny' | 'demo' | 'pdu' | 'region' | 'national';

export interface ScalePlan {
  /** Region codes to build, each with how many of its PDUs (all when undefined). */
  regions: readonly { code: string; pdus?: number }[];
  people: number;
  /** Share of active cases left unallocated in a team queue. */
  unallocatedShare: number;
  /** Share of people with limited access (exclusion or restriction lists), beyond the fixed demo cases. */
  limitedAccessShare: number;
}

export const SCALES: Readonly<Record<SeedScale, ScalePlan>> = {
  tiny: {
    regions: [{ code: 'N07', pdus: 1 }],
    people: 600,
    unallocatedShare: 0.01,
    limitedAccessShare: 0.005,
  },
  demo: {
    regions: [{ code: 'N07', pdus: 3 }],
    people: 7_000,
    unallocatedShare: 0.005,
    limitedAccessShare: 0.002,
  },
  pdu: {
    regions: [{ code: 'N07', pdus: 1 }],
    people: 2_330,
    unallocatedShare: 0.004,
    limitedAccessShare: 0.002,
  },
  region: { regions: [{ code: 'N56' }], people: 20_300, unallocatedShare: 0.002, limitedAccessShare: 0.001 },
  national: {
    regions: [
      { code: 'N07' },
      { code: 'N54' },
      { code: 'N51' },
      { code: 'N50' },
      { code: 'N53' },
      { code: 'N56' },
      { code: 'N52' },
      { code: 'N57' },
      { code: 'N59' },
      { code: 'N58' },
      { code: 'N55' },
      { code: 'N03' },
    ],
    people: 250_000,
    unallocatedShare: 0.002,
    limitedAccessShare: 0.001,
  },
};

export function isSeedScale(value: string): value is SeedScale {
  return Object.hasOwn(SCALES, value);
}
