// Flags derived from a person's registrations, shared by both tiering models (tiering.md §2.2,
// calculation-api.md §7.1).

export interface Registration {
  /** Register type code, e.g. `MAPP`, `RHRH`, `ADVP`. Compared case-insensitively. */
  code: string;
  /** MAPPA level `M1`–`M3` on a `MAPP` registration. */
  level?: string | null;
  /** MAPPA category `M1`–`M4` on a `MAPP` registration. */
  category?: string | null;
  registrationDate?: string | null;
  /** When the record was created, as an ISO 8601 UTC timestamp: orders registrations with the same date. */
  createdAt?: string | null;
  /** Deregistered (or soft-deleted) flags are inactive; tiering ignores them. */
  deregistered?: boolean;
}

export type RoshLevel = 'VERY_HIGH' | 'HIGH' | 'MEDIUM' | 'LOW';
export type MappaLevel = 'M1' | 'M2' | 'M3';
export type MappaCategory = 'M1' | 'M2' | 'M3' | 'M4';

export const ROSH_CODES: Readonly<Record<string, RoshLevel>> = {
  RVHR: 'VERY_HIGH',
  RHRH: 'HIGH',
  RMRH: 'MEDIUM',
  RLRH: 'LOW',
};

export const COMPLEXITY_FACTOR_CODES = [
  'RMDO',
  'ALSH',
  'RVLN',
  'RCCO',
  'RCPR',
  'RCHD',
  'RPIR',
  'RVAD',
  'STRG',
  'RTAO',
] as const;
export type ComplexityFactorCode = (typeof COMPLEXITY_FACTOR_CODES)[number];

export const REGISTER_CODES = {
  historic: 'HREG',
  mappa: 'MAPP',
  iomNominal: 'IIOM',
  liferIpp: 'INLL',
  domesticAbuse: ['ADVP', 'REG30'],
  stalking: 'SPO',
  childProtection: 'RCPR',
  unsupervised: 'PRC',
} as const;

const MAPPA_LEVELS: readonly MappaLevel[] = ['M1', 'M2', 'M3'];
const MAPPA_CATEGORIES: readonly MappaCategory[] = ['M1', 'M2', 'M3', 'M4'];

export interface RegistrationFlags {
  rosh: RoshLevel | null;
  /** V2: the newest `MAPP` registration with a valid level; invalid levels are skipped. */
  mappaLevel: MappaLevel | null;
  /** V3: the category of the newest `MAPP` registration only; older ones are never searched. */
  mappaCategory: MappaCategory | null;
  /** V2: distinct complexity factors, in the order of `COMPLEXITY_FACTOR_CODES`. */
  complexityFactors: ComplexityFactorCode[];
  iomNominal: boolean;
  liferIpp: boolean;
  domesticAbuse: boolean;
  stalking: boolean;
  childProtection: boolean;
  unsupervised: boolean;
}

const codeOf = (r: Registration): string => r.code.toUpperCase();

/**
 * Active, non-historic registrations, newest first. Undated registrations come after dated ones. Equal dates
 * are ordered by `createdAt`, newest first (a Casework rule); without it they keep the order given, as the
 * calculation contract requires.
 */
export function activeRegistrationsNewestFirst(registrations: readonly Registration[]): Registration[] {
  return registrations
    .filter((r) => r.deregistered !== true && codeOf(r) !== REGISTER_CODES.historic)
    .map((r, index) => ({ r, index }))
    .sort((a, b) => {
      const da = a.r.registrationDate ?? null;
      const db = b.r.registrationDate ?? null;
      if (da !== db) {
        if (da === null) return 1;
        if (db === null) return -1;
        return da < db ? 1 : -1;
      }
      const ca = a.r.createdAt ?? null;
      const cb = b.r.createdAt ?? null;
      if (ca !== null && cb !== null && ca !== cb) return ca < cb ? 1 : -1;
      return a.index - b.index;
    })
    .map(({ r }) => r);
}

function levelOf(r: Registration): MappaLevel | undefined {
  const level = r.level?.toUpperCase();
  return MAPPA_LEVELS.find((l) => l === level);
}

export function deriveRegistrationFlags(registrations: readonly Registration[]): RegistrationFlags {
  const active = activeRegistrationsNewestFirst(registrations);
  const codes = new Set(active.map(codeOf));
  const roshRegistration = active.find((r) => codeOf(r) in ROSH_CODES);
  const mappa = active.filter((r) => codeOf(r) === REGISTER_CODES.mappa);
  const newestCategory = mappa[0]?.category;
  return {
    rosh: roshRegistration ? ROSH_CODES[codeOf(roshRegistration)]! : null,
    mappaLevel: mappa.map(levelOf).find((l) => l !== undefined) ?? null,
    // Exact match, unlike the level: the reference service compares categories case-sensitively.
    mappaCategory: MAPPA_CATEGORIES.find((c) => c === newestCategory) ?? null,
    complexityFactors: COMPLEXITY_FACTOR_CODES.filter((c) => codes.has(c)),
    iomNominal: codes.has(REGISTER_CODES.iomNominal),
    liferIpp: codes.has(REGISTER_CODES.liferIpp),
    domesticAbuse: REGISTER_CODES.domesticAbuse.some((c) => codes.has(c)),
    stalking: codes.has(REGISTER_CODES.stalking),
    childProtection: codes.has(REGISTER_CODES.childProtection),
    unsupervised: codes.has(REGISTER_CODES.unsupervised),
  };
}
