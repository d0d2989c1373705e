// The weighting configuration (workload.md §3): tier weights, keep-percentages, report points, targets, default
// hours and CMS points, as a typed, versioned value. Every calculation takes it as a parameter, so the defaults
// below are only the seed: application code passes the version effective on the calculation date, which will
// later come from the database.

import { isEffectiveOn } from './versions.js';

export type CaseLocation = 'COMMUNITY' | 'LICENCE' | 'CUSTODY';
export const CASE_LOCATIONS: readonly CaseLocation[] = ['COMMUNITY', 'LICENCE', 'CUSTODY'];

/** The grades that hold a target and default hours. NQO borrows PO's; UNGRADED has none (grades.ts). */
export type TargetGrade = 'PO' | 'PQIP' | 'PSO' | 'SPO';
export const TARGET_GRADES: readonly TargetGrade[] = ['PO', 'PQIP', 'PSO', 'SPO'];

export type Cohort = 'STANDARD' | 'T2A';

/** Inactive-case keep-percentages, keyed as the public API names them (calculation-api.md §8.2). */
export interface KeepPercentages {
  warrants: number;
  unpaidWork: number;
  overdueTermination: number;
}
export const KEEP_PCT_KEYS: readonly (keyof KeepPercentages)[] = [
  'warrants',
  'unpaidWork',
  'overdueTermination',
];

/**
 * Location → tier code → points. Tier codes are data, not schema (workload.md §2.3): a version may add V3
 * letters without a code change. `UNTIERED` is never a key, because untiered cases earn 0 by rule, not by weight.
 */
export type TierPoints = Record<CaseLocation, Readonly<Record<string, number>>>;

export interface ReportPoints {
  /** PSR, "standard delivery report". */
  standardReport: number;
  /** FDR, "fast delivery report"; the legacy column was called "SDR conversion". */
  fastReport: number;
}
export const REPORT_POINT_KEYS: readonly (keyof ReportPoints)[] = ['standardReport', 'fastReport'];

interface VersionMeta {
  /** Increments per cohort; `weightsVersion` shows it as STANDARD-n / T2A-n. */
  version: number;
  /** First day this version applies. */
  effectiveFrom: string;
  /**
   * First day it no longer applies (half-open), or null while current. Half-open so that closing one version
   * and opening the next can use the same date without a day on which both, or neither, apply.
   */
  effectiveTo: string | null;
  createdBy: string;
}

/**
 * Weights that were removed from the calculation in January 2023 but are kept, disabled, so that the
 * configuration screens can show them (workload.md §3.4, §3.7). No calculation reads this block.
 */
export interface RetiredWeights {
  paroleReport: number;
  armsCommunity: number;
  armsLicence: number;
  /** Group supervision contact codes NGS001–NGS010. */
  groupSupervisionContactPoints: Readonly<Record<string, number>>;
}

export interface StandardWeights extends VersionMeta {
  cohort: 'STANDARD';
  tierPoints: TierPoints;
  keepPct: KeepPercentages;
  reportPoints: ReportPoints;
  // Known inconsistency §13 #1: the legacy single "target" column meant the PSO target in one calculator and
  // the SPO target in another. Here every grade has its own key, and there is no fallback between grades.
  weeklyTargetPoints: Record<TargetGrade, number>;
  /** Decimal hours (§13 #7): 37.5 is as valid as 37. */
  defaultContractedHours: Record<TargetGrade, number>;
  /** CMS contact type code → points; a code absent here scores 0 (workload.md §4.4). */
  cmsContactPoints: Readonly<Record<string, number>>;
  retired: RetiredWeights;
}

/**
 * The T2A cohort holds only what a calculation reads for T2A cases: tier weights and keep-percentages. The
 * legacy T2A row also carried report points, targets and hours, all 0 and read by nothing; leaving them out
 * means a report, a target or a default-hours figure has exactly one meaning (the standard version's).
 */
export interface T2aWeights extends VersionMeta {
  cohort: 'T2A';
  tierPoints: TierPoints;
  keepPct: KeepPercentages;
  /** workload.md §3.3: the seed looks like a placeholder, so it is flagged until an administrator confirms it. */
  needsReview: boolean;
}

export interface WeightingConfig {
  standard: StandardWeights;
  t2a: T2aWeights;
  /** Set by applyWeightOverrides, so results can say they did not use a stored version (calc-api §8.1). */
  overridden?: boolean;
}

// ---- tier codes ---------------------------------------------------------------------------------------

export const UNTIERED = 'UNTIERED';

/** The 16 V2 codes in the legacy numbering order: tier number n (1–16) is V2_TIER_CODES[n − 1]. */
export const V2_TIER_CODES = [
  'A3',
  'A2',
  'A1',
  'A0',
  'B3',
  'B2',
  'B1',
  'B0',
  'C3',
  'C2',
  'C1',
  'C0',
  'D3',
  'D2',
  'D1',
  'D0',
] as const;
export type V2WeightTier = (typeof V2_TIER_CODES)[number];
export const V2_S_TIER_CODES = V2_TIER_CODES.map((t) => `${t}S` as const);

/**
 * Tier code for a legacy tier number (workload.md §2.3): 0 is untiered, 1–16 are A3 … D0, 17–32 the S variants.
 * Returns null for any other number, so historic imports can report the record instead of guessing.
 */
export function tierCodeFromLegacyNumber(tierNumber: number): string | null {
  if (!Number.isInteger(tierNumber) || tierNumber < 0 || tierNumber > 32) return null;
  if (tierNumber === 0) return UNTIERED;
  const base = V2_TIER_CODES[(tierNumber - 1) % 16]!;
  return tierNumber > 16 ? `${base}S` : base;
}

// ---- default seed values ------------------------------------------------------------------------------

function column(values: readonly number[]): Record<string, number> {
  const out: Record<string, number> = {};
  V2_TIER_CODES.forEach((tier, i) => {
    out[tier] = values[i]!;
    // workload.md §3.2: Casework seeds each S weight equal to its non-S weight (the legacy seed was 0).
    out[`${tier}S`] = values[i]!;
  });
  return out;
}

const SEED_DATE = '2024-04-01';

// CMS activities in legacy code order: CMS01–CMS36 are these twelve × (Low, Medium, High); the unbanded codes
// CMS40–CMS51 follow the alphabetical order of the activity names, as the legacy contact mapping does.
export interface CmsContactType {
  code: string;
  activity: string;
  band: 'LOW' | 'MEDIUM' | 'HIGH' | 'UNBANDED';
}
const CMS_ACTIVITIES: readonly [activity: string, low: number, medium: number, high: number][] = [
  ['Sentence plan intervention delivery', 9, 13, 18],
  ['Completing and assisting with referrals', 9, 18, 26],
  ['Attending partnership meetings', 9, 18, 26],
  ['Assistance with case conferencing', 9, 18, 26],
  ['Information and intelligence gathering', 9, 13, 18],
  ['Home and prison visits', 9, 13, 18],
  ['HDC assessments and support', 9, 13, 18],
  ['Victims services liaison', 5, 9, 13],
  ['Court liaison and applications to court', 9, 13, 18],
  ['Case-related communication', 5, 9, 18],
  ['Assistance with assessments', 9, 13, 18],
  ['ROTL assessments and support', 9, 13, 18],
];
const code = (n: number) => `CMS${String(n).padStart(2, '0')}`;
const BANDS = ['LOW', 'MEDIUM', 'HIGH'] as const;

export const CMS_CONTACT_TYPES: readonly CmsContactType[] = [
  ...CMS_ACTIVITIES.flatMap(([activity], i) =>
    BANDS.map((band, b) => ({ code: code(i * 3 + b + 1), activity, band })),
  ),
  ...[...CMS_ACTIVITIES.map(([activity]) => activity)]
    .sort((a, b) => a.localeCompare(b, 'en'))
    .map((activity, i) => ({ code: code(40 + i), activity, band: 'UNBANDED' as const })),
];

function defaultCmsPoints(): Record<string, number> {
  const points: Record<string, number> = {};
  CMS_ACTIVITIES.forEach(([, low, medium, high], i) => {
    [low, medium, high].forEach((p, b) => (points[code(i * 3 + b + 1)] = p));
  });
  for (let n = 40; n <= 51; n++) points[code(n)] = 0;
  return points;
}

const groupSupervisionCodes = Array.from({ length: 10 }, (_, i) => `NGS${String(i + 1).padStart(3, '0')}`);

export const DEFAULT_STANDARD_WEIGHTS: StandardWeights = {
  cohort: 'STANDARD',
  version: 1,
  effectiveFrom: SEED_DATE,
  effectiveTo: null,
  createdBy: 'seed',
  tierPoints: {
    COMMUNITY: column([206, 158, 146, 110, 146, 115, 102, 72, 79, 63, 50, 35, 51, 41, 29, 29]),
    LICENCE: column([219, 175, 163, 0, 161, 132, 119, 0, 77, 65, 52, 0, 51, 43, 31, 0]),
    CUSTODY: column([75, 60, 59, 0, 59, 48, 47, 0, 30, 24, 23, 0, 17, 14, 13, 0]),
  },
  keepPct: { warrants: 0, unpaidWork: 100, overdueTermination: 0 },
  reportPoints: { standardReport: 138, fastReport: 65 },
  weeklyTargetPoints: { PO: 2176, PQIP: 2176, PSO: 2176, SPO: 2176 },
  defaultContractedHours: { PO: 37, PQIP: 37, PSO: 37, SPO: 0 },
  cmsContactPoints: defaultCmsPoints(),
  retired: {
    paroleReport: 0,
    armsCommunity: 0,
    armsLicence: 0,
    groupSupervisionContactPoints: Object.fromEntries(groupSupervisionCodes.map((c) => [c, 0])),
  },
};

const T2A_COLUMN = column([75, 60, 59, 0, 59, 48, 47, 0, 30, 24, 23, 0, 17, 14, 13, 0]);

export const DEFAULT_T2A_WEIGHTS: T2aWeights = {
  cohort: 'T2A',
  version: 1,
  effectiveFrom: SEED_DATE,
  effectiveTo: null,
  createdBy: 'seed',
  tierPoints: { COMMUNITY: T2A_COLUMN, LICENCE: T2A_COLUMN, CUSTODY: T2A_COLUMN },
  keepPct: { warrants: 0, unpaidWork: 0, overdueTermination: 0 },
  needsReview: true,
};

export const DEFAULT_WEIGHTING_CONFIG: WeightingConfig = {
  standard: DEFAULT_STANDARD_WEIGHTS,
  t2a: DEFAULT_T2A_WEIGHTS,
};

// ---- versions -----------------------------------------------------------------------------------------

/** "STANDARD-1/T2A-1", with "+overrides" when a request replaced any value (calculation-api.md §8.1). */
export function weightsVersionId(config: WeightingConfig): string {
  const id = `STANDARD-${config.standard.version}/T2A-${config.t2a.version}`;
  return config.overridden ? `${id}+overrides` : id;
}

/**
 * The configuration in force on `date`, from each cohort's version history. Throws when a cohort has no
 * version for that date: calculating with a guessed version would be recorded as if it were real.
 */
export function weightingConfigOn(
  standardVersions: readonly StandardWeights[],
  t2aVersions: readonly T2aWeights[],
  date: string,
): WeightingConfig {
  const standard = standardVersions.filter((v) => isEffectiveOn(v, date));
  const t2a = t2aVersions.filter((v) => isEffectiveOn(v, date));
  if (standard.length !== 1 || t2a.length !== 1) {
    throw new Error(
      `Expected exactly one STANDARD and one T2A weighting version on ${date}; found ${standard.length} and ${t2a.length}`,
    );
  }
  return { standard: standard[0]!, t2a: t2a[0]! };
}

// ---- overrides ----------------------------------------------------------------------------------------

/** Partial replacement values, keyed as calculation-api.md §8.1–8.3 name them. */
export interface WeightOverrides {
  tierPoints?: Partial<Record<CaseLocation, Record<string, number>>>;
  t2aTierPoints?: Partial<Record<CaseLocation, Record<string, number>>>;
  keepPct?: Partial<KeepPercentages>;
  t2aKeepPct?: Partial<KeepPercentages>;
  reportPoints?: Partial<ReportPoints>;
  cmsContactPoints?: Record<string, number>;
  weeklyTargetPoints?: Partial<Record<TargetGrade, number>>;
  defaultContractedHours?: Partial<Record<TargetGrade, number>>;
}

function mergeTiers(base: TierPoints, over: WeightOverrides['tierPoints']): TierPoints {
  if (!over) return base;
  return {
    COMMUNITY: { ...base.COMMUNITY, ...over.COMMUNITY },
    LICENCE: { ...base.LICENCE, ...over.LICENCE },
    CUSTODY: { ...base.CUSTODY, ...over.CUSTODY },
  };
}

/**
 * A copy of `config` in which each given value replaces the configured one for that key only; the stored
 * configuration is never changed (calculation-api.md §8.1). An empty override leaves the version id unmarked.
 */
export function applyWeightOverrides(config: WeightingConfig, overrides: WeightOverrides): WeightingConfig {
  const given = Object.values(overrides).some((v) => v !== undefined && Object.keys(v as object).length > 0);
  if (!given) return config;
  const { standard, t2a } = config;
  return {
    overridden: true,
    standard: {
      ...standard,
      tierPoints: mergeTiers(standard.tierPoints, overrides.tierPoints),
      keepPct: { ...standard.keepPct, ...overrides.keepPct },
      reportPoints: { ...standard.reportPoints, ...overrides.reportPoints },
      cmsContactPoints: { ...standard.cmsContactPoints, ...overrides.cmsContactPoints },
      weeklyTargetPoints: { ...standard.weeklyTargetPoints, ...overrides.weeklyTargetPoints },
      defaultContractedHours: { ...standard.defaultContractedHours, ...overrides.defaultContractedHours },
    },
    t2a: {
      ...t2a,
      tierPoints: mergeTiers(t2a.tierPoints, overrides.t2aTierPoints),
      keepPct: { ...t2a.keepPct, ...overrides.t2aKeepPct },
    },
  };
}

// ---- validation of a configuration edit ---------------------------------------------------------------

export interface ConfigProblem {
  field: string;
  problem: string;
}

/**
 * Problems with a configuration version, for the administration screens: weights, targets and hours ≥ 0,
 * keep-percentages 0–100 and CMS points whole numbers 0–999 (workload.md §3).
 */
export function weightingConfigProblems(config: WeightingConfig): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  const check = (field: string, value: number, min: number, max: number, integer = false) => {
    if (!Number.isFinite(value) || value < min || value > max || (integer && !Number.isInteger(value))) {
      problems.push({
        field,
        problem: `must be ${integer ? 'a whole number' : 'a number'} from ${min} to ${max}`,
      });
    }
  };
  for (const [prefix, set] of [
    ['standard', config.standard],
    ['t2a', config.t2a],
  ] as const) {
    for (const location of CASE_LOCATIONS) {
      for (const [tier, points] of Object.entries(set.tierPoints[location])) {
        if (tier === UNTIERED)
          problems.push({
            field: `${prefix}.tierPoints.${location}.${tier}`,
            problem: 'untiered cases always earn 0 points',
          });
        else check(`${prefix}.tierPoints.${location}.${tier}`, points, 0, Number.MAX_SAFE_INTEGER);
      }
    }
    for (const key of KEEP_PCT_KEYS) check(`${prefix}.keepPct.${key}`, set.keepPct[key], 0, 100);
  }
  const s = config.standard;
  for (const key of REPORT_POINT_KEYS)
    check(`standard.reportPoints.${key}`, s.reportPoints[key], 0, Number.MAX_SAFE_INTEGER);
  for (const grade of TARGET_GRADES) {
    check(`standard.weeklyTargetPoints.${grade}`, s.weeklyTargetPoints[grade], 0, Number.MAX_SAFE_INTEGER);
    check(
      `standard.defaultContractedHours.${grade}`,
      s.defaultContractedHours[grade],
      0,
      Number.MAX_SAFE_INTEGER,
    );
  }
  for (const [c, points] of Object.entries(s.cmsContactPoints))
    check(`standard.cmsContactPoints.${c}`, points, 0, 999, true);
  return problems;
}
