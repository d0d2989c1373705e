import type { CalcIssue, CalcRequest, Calculator, CalculatorOutcome } from '../calculation/contract.js';
import { RequestReader } from '../calculation/fields.js';
import { calculateAvailablePoints, type AvailablePoints } from './capacity.js';
import { GRADES } from './grades.js';
import {
  CASELOAD_LOCATIONS,
  caseloadRowIssues,
  calculateWorkloadPoints,
  type CaseloadRow,
} from './points.js';
import { REDUCTION_STATUSES, reductionHoursOn, type Reduction } from './reductions.js';
import {
  applyWeightOverrides,
  CASE_LOCATIONS,
  DEFAULT_WEIGHTING_CONFIG,
  KEEP_PCT_KEYS,
  REPORT_POINT_KEYS,
  TARGET_GRADES,
  UNTIERED,
  type WeightingConfig,
  type WeightOverrides,
} from './weights.js';

// The workload-points and available-points calculators of the public contract (calculation-api.md §8). They
// read and check the JSON request, then call the same typed functions application code uses.

export const WORKLOAD_POINTS_MODEL_VERSION = 'WORKLOAD-POINTS-1';
export const AVAILABLE_POINTS_MODEL_VERSION = 'AVAILABLE-POINTS-1';

const optional = { required: false } as const;

type Group =
  | 'tierPoints'
  | 't2aTierPoints'
  | 'keepPct'
  | 't2aKeepPct'
  | 'reportPoints'
  | 'cmsContactPoints'
  | 'weeklyTargetPoints'
  | 'defaultContractedHours';
const WORKLOAD_POINTS_GROUPS: readonly Group[] = [
  'tierPoints',
  't2aTierPoints',
  'keepPct',
  't2aKeepPct',
  'reportPoints',
  'cmsContactPoints',
];
const AVAILABLE_POINTS_GROUPS: readonly Group[] = ['weeklyTargetPoints', 'defaultContractedHours'];

function keysOf(reader: RequestReader, name: string): string[] {
  const raw = reader.raw(name);
  return raw !== null && typeof raw === 'object' && !Array.isArray(raw) ? Object.keys(raw) : [];
}

/** name → number map with an open key set (tier codes, CMS contact codes). */
function readOpenMap(
  parent: RequestReader,
  name: string,
  range: { min: number; max?: number },
  reject?: (key: string) => string | null,
): Record<string, number> | undefined {
  const map = parent.object(name, optional);
  if (!map) return undefined;
  const out: Record<string, number> = {};
  for (const key of keysOf(parent, name)) {
    const refusal = reject?.(key);
    if (refusal) {
      map.invalid(key, refusal);
      continue;
    }
    const value = map.decimal(key, range);
    if (value !== undefined) out[key] = value;
  }
  return out;
}

/** name → number map with a fixed key set; other keys are ignored and reported back as unknown. */
function readClosedMap<K extends string>(
  parent: RequestReader,
  name: string,
  keys: readonly K[],
  range: { min: number; max?: number },
  unknown: string[],
): Partial<Record<K, number>> | undefined {
  const map = parent.object(name, optional);
  if (!map) return undefined;
  const out: Partial<Record<K, number>> = {};
  for (const key of keysOf(parent, name)) {
    if (!(keys as readonly string[]).includes(key)) {
      unknown.push(map.path(key));
      continue;
    }
    const value = map.decimal(key, { ...range, required: false });
    if (value !== undefined) out[key as K] = value;
  }
  return out;
}

function readTierPoints(
  w: RequestReader,
  name: 'tierPoints' | 't2aTierPoints',
  unknown: string[],
): WeightOverrides['tierPoints'] {
  const byLocation = w.object(name, optional);
  if (!byLocation) return undefined;
  const out: NonNullable<WeightOverrides['tierPoints']> = {};
  for (const location of keysOf(w, name)) {
    if (!(CASE_LOCATIONS as readonly string[]).includes(location)) {
      unknown.push(byLocation.path(location));
      continue;
    }
    const tiers = readOpenMap(byLocation, location, { min: 0 }, (tier) =>
      tier === UNTIERED ? 'is not a weight: untiered cases always earn 0 points' : null,
    );
    if (tiers) out[location as keyof typeof out] = tiers;
  }
  return out;
}

/**
 * The `weights` overrides (§8.1). Groups that belong to the other workload calculator are ignored quietly, so
 * one weights object can be sent to both; anything else unknown is ignored and listed in a warning, because
 * a misspelt override that silently did nothing would mislead a "what if".
 */
function readWeights(
  r: RequestReader,
  groups: readonly Group[],
): { overrides: WeightOverrides; unknown: string[] } {
  const unknown: string[] = [];
  const overrides: WeightOverrides = {};
  const w = r.object('weights', optional);
  if (!w) return { overrides, unknown };
  const allGroups = [...WORKLOAD_POINTS_GROUPS, ...AVAILABLE_POINTS_GROUPS] as readonly string[];
  for (const key of keysOf(r, 'weights')) if (!allGroups.includes(key)) unknown.push(w.path(key));
  const wanted = (g: Group) => groups.includes(g);
  if (wanted('tierPoints')) overrides.tierPoints = readTierPoints(w, 'tierPoints', unknown);
  if (wanted('t2aTierPoints')) overrides.t2aTierPoints = readTierPoints(w, 't2aTierPoints', unknown);
  if (wanted('keepPct'))
    overrides.keepPct = readClosedMap(w, 'keepPct', KEEP_PCT_KEYS, { min: 0, max: 100 }, unknown);
  if (wanted('t2aKeepPct'))
    overrides.t2aKeepPct = readClosedMap(w, 't2aKeepPct', KEEP_PCT_KEYS, { min: 0, max: 100 }, unknown);
  if (wanted('reportPoints'))
    overrides.reportPoints = readClosedMap(w, 'reportPoints', REPORT_POINT_KEYS, { min: 0 }, unknown);
  if (wanted('cmsContactPoints')) overrides.cmsContactPoints = readOpenMap(w, 'cmsContactPoints', { min: 0 });
  if (wanted('weeklyTargetPoints'))
    overrides.weeklyTargetPoints = readClosedMap(w, 'weeklyTargetPoints', TARGET_GRADES, { min: 0 }, unknown);
  if (wanted('defaultContractedHours')) {
    overrides.defaultContractedHours = readClosedMap(
      w,
      'defaultContractedHours',
      TARGET_GRADES,
      { min: 0 },
      unknown,
    );
  }
  return { overrides, unknown };
}

function unknownWeightsWarning(unknown: string[]): CalcIssue[] {
  return unknown.length === 0
    ? []
    : [
        {
          type: 'UNKNOWN_FIELD',
          message: `Ignored unknown weight(s): ${unknown.join(', ')}`,
          fields: unknown,
        },
      ];
}

function readContacts(r: RequestReader, name: string): Record<string, number> {
  const map = r.object(name, optional);
  const out: Record<string, number> = {};
  if (!map) return out;
  for (const code of keysOf(r, name)) {
    const n = map.integer(code, { min: 0 });
    if (n !== undefined) out[code] = n;
  }
  return out;
}

const numberMap = (description: string, extra: Record<string, unknown> = {}) => ({
  type: 'object',
  description,
  additionalProperties: { type: 'number', minimum: 0, ...extra },
});
const locationMap = (description: string) => ({
  type: 'object',
  description,
  properties: Object.fromEntries(CASE_LOCATIONS.map((l) => [l, numberMap(`${l} tier code → points`)])),
});
const keepMap = (description: string) => ({
  type: 'object',
  description,
  properties: Object.fromEntries(KEEP_PCT_KEYS.map((k) => [k, { type: 'number', minimum: 0, maximum: 100 }])),
});
const gradeMap = (description: string) => ({
  type: 'object',
  description,
  properties: Object.fromEntries(TARGET_GRADES.map((g) => [g, { type: 'number', minimum: 0 }])),
});
const count = (description: string, defaultValue = 0) => ({
  type: ['integer', 'null'],
  minimum: 0,
  default: defaultValue,
  description,
});

// ---- workload-points ----------------------------------------------------------------------------------

/**
 * The configuration is a parameter, so a database-backed registry can pass the version in force; the exported
 * calculator objects below use the seed configuration until then.
 */
export function createWorkloadPointsCalculator(config: WeightingConfig): Calculator {
  return {
    name: 'workload-points',
    modelVersion: WORKLOAD_POINTS_MODEL_VERSION,
    knownFields: [
      'cases',
      'standardReports',
      'fastReports',
      'contactsOutsideOwnCaseload',
      'contactsByOthersOnMyCases',
      'weights',
    ],
    requestSchema: {
      type: 'object',
      required: ['cases'],
      properties: {
        calculationDate: { type: 'string', format: 'date' },
        cases: {
          type: 'array',
          description:
            'Caseload rows; each stands for `count` cases with the same location, tier and T2A status',
          items: {
            type: 'object',
            required: ['location', 'tier'],
            properties: {
              location: { type: 'string', enum: [...CASELOAD_LOCATIONS] },
              tier: {
                type: 'string',
                description: 'V2 tier code A3 … D0, an S variant A3S … D0S, or UNTIERED',
              },
              t2a: { type: ['boolean', 'null'], default: false },
              count: count('Number of cases in this row', 1),
              warrants: count('How many have an active warrant (W)'),
              unpaidWork: count('How many are unpaid-work-only (U)'),
              overdueTermination: count('How many are overdue for termination (O)'),
              suspended: count('Counted only'),
              suspendedLifers: count('Counted only'),
            },
          },
        },
        standardReports: count('PSRs completed in the 30 days ending on calculationDate'),
        fastReports: count('FDRs completed in the same 30 days'),
        contactsOutsideOwnCaseload: numberMap(
          'CMS contact type code → contacts on cases held by others, last 7 days',
          { type: 'integer' },
        ),
        contactsByOthersOnMyCases: numberMap(
          'CMS contact type code → contacts by others on own cases, last 7 days',
          { type: 'integer' },
        ),
        weights: {
          type: 'object',
          description: 'Overrides of the current weighting configuration (calculation-api.md §8.1)',
          properties: {
            tierPoints: locationMap('Standard tier weights: location → tier code → points'),
            t2aTierPoints: locationMap('T2A tier weights: location → tier code → points'),
            keepPct: keepMap('Standard inactive-case keep-percentages'),
            t2aKeepPct: keepMap('T2A inactive-case keep-percentages'),
            reportPoints: {
              type: 'object',
              properties: Object.fromEntries(
                REPORT_POINT_KEYS.map((k) => [k, { type: 'number', minimum: 0 }]),
              ),
            },
            cmsContactPoints: numberMap('CMS contact type code → points'),
          },
        },
      },
    },
    calculate(request: CalcRequest): CalculatorOutcome {
      const r = new RequestReader(request);
      const { overrides, unknown } = readWeights(r, WORKLOAD_POINTS_GROUPS);
      const effective = applyWeightOverrides(config, overrides);
      const rows: CaseloadRow[] = [];
      const semantic: CalcIssue[] = [];
      (r.objectArray('cases') ?? []).forEach((c, i) => {
        const before = r.errors.length + r.missing.length;
        const row: CaseloadRow = {
          location: c.enumValue('location', CASELOAD_LOCATIONS) ?? 'UNKNOWN',
          tier: c.string('tier') ?? UNTIERED,
          t2a: c.boolean('t2a', optional) ?? false,
          count: c.integer('count', { min: 0, required: false }) ?? 1,
          warrants: c.integer('warrants', { min: 0, required: false }) ?? 0,
          unpaidWork: c.integer('unpaidWork', { min: 0, required: false }) ?? 0,
          overdueTermination: c.integer('overdueTermination', { min: 0, required: false }) ?? 0,
          suspended: c.integer('suspended', { min: 0, required: false }) ?? 0,
          suspendedLifers: c.integer('suspendedLifers', { min: 0, required: false }) ?? 0,
        };
        // A row whose fields could not be read is already refused; checking its stand-in values would only
        // add errors about numbers the caller never sent.
        if (r.errors.length + r.missing.length === before)
          semantic.push(...caseloadRowIssues(row, effective, i));
        rows.push(row);
      });
      const standardReports = r.integer('standardReports', { min: 0, required: false }) ?? 0;
      const fastReports = r.integer('fastReports', { min: 0, required: false }) ?? 0;
      const contactsOutsideOwnCaseload = readContacts(r, 'contactsOutsideOwnCaseload');
      const contactsByOthersOnMyCases = readContacts(r, 'contactsByOthersOnMyCases');

      const warnings = unknownWeightsWarning(unknown);
      const errors = [...r.issues(), ...semantic];
      if (errors.length > 0) return { errors, warnings };

      const unknownLocations = rows.flatMap((row, i) =>
        row.location === 'UNKNOWN' && row.count > 0 ? [`cases[${i}].location`] : [],
      );
      if (unknownLocations.length > 0) {
        warnings.push({
          type: 'UNKNOWN_LOCATION',
          message:
            'Some cases have location UNKNOWN: they are counted and earn no points until the case record is corrected',
          fields: unknownLocations,
        });
      }
      const { unknownLocationCases: _notInContract, ...result } = calculateWorkloadPoints(
        { cases: rows, standardReports, fastReports, contactsOutsideOwnCaseload, contactsByOthersOnMyCases },
        effective,
      );
      return { result, warnings };
    },
  };
}

// ---- available-points ---------------------------------------------------------------------------------

function availablePointsWarnings(outcome: AvailablePoints, reductionField: string): CalcIssue[] {
  return outcome.flags.map((flag) =>
    flag === 'NO_AVAILABLE_HOURS'
      ? {
          type: flag,
          message:
            outcome.weeklyTargetPoints === null
              ? `Grade ${outcome.grade} is not supported for workload: available points are 0`
              : `${outcome.defaultContractedHours === 0 ? `The default hours for grade ${outcome.grade} are` : 'contractedHours is'} 0: available points are 0`,
          fields:
            outcome.weeklyTargetPoints === null || outcome.defaultContractedHours === 0
              ? ['grade']
              : ['contractedHours'],
        }
      : {
          type: flag,
          message: `${reductionField} (${outcome.reductionHours} hours) exceed the ${outcome.contractedHours} contracted hours: available points were clamped to 0`,
          fields: [reductionField],
        },
  );
}

export function createAvailablePointsCalculator(config: WeightingConfig): Calculator {
  return {
    name: 'available-points',
    modelVersion: AVAILABLE_POINTS_MODEL_VERSION,
    knownFields: ['grade', 'contractedHours', 'reductionHours', 'reductions', 'weights'],
    requestSchema: {
      type: 'object',
      required: ['grade'],
      properties: {
        calculationDate: { type: 'string', format: 'date' },
        grade: {
          type: 'string',
          enum: [...GRADES],
          description: 'NQO uses the PO target and hours; UNGRADED has 0 available points',
        },
        contractedHours: {
          type: ['number', 'null'],
          minimum: 0,
          description: 'Weekly contracted hours; absent means the grade default',
        },
        reductionHours: {
          type: ['number', 'null'],
          minimum: 0,
          description: 'Hours of the reductions in force; not with reductions',
        },
        reductions: {
          type: ['array', 'null'],
          description:
            'The reductions; one counts when startDate ≤ calculationDate ≤ endDate and it is not DELETED',
          items: {
            type: 'object',
            required: ['hours', 'startDate', 'endDate'],
            properties: {
              hours: { type: 'number', minimum: 0 },
              startDate: { type: 'string', format: 'date' },
              endDate: { type: 'string', format: 'date' },
              status: { type: ['string', 'null'], enum: [...REDUCTION_STATUSES, null] },
            },
          },
        },
        weights: {
          type: 'object',
          description: 'Overrides of the current weighting configuration (calculation-api.md §8.1)',
          properties: {
            weeklyTargetPoints: gradeMap('Grade → nominal weekly target points'),
            defaultContractedHours: gradeMap('Grade → default weekly hours'),
          },
        },
      },
    },
    calculate(request: CalcRequest, calculationDate: string): CalculatorOutcome {
      const r = new RequestReader(request);
      const { overrides, unknown } = readWeights(r, AVAILABLE_POINTS_GROUPS);
      const grade = r.enumValue('grade', GRADES);
      const contractedHours = r.decimal('contractedHours', { min: 0, required: false }) ?? null;
      const reductionHoursGiven = r.decimal('reductionHours', { min: 0, required: false });
      const reductions: Reduction[] | undefined = r.objectArray('reductions', optional)?.map((q) => ({
        hours: q.decimal('hours', { min: 0 }) ?? 0,
        startDate: q.date('startDate') ?? '',
        endDate: q.date('endDate') ?? '',
        status: q.enumValue('status', REDUCTION_STATUSES, optional) ?? null,
      }));
      const errors = r.issues();
      if (r.has('reductionHours') && r.has('reductions')) {
        errors.push({
          type: 'CONFLICTING_INPUT',
          message: 'Give reductionHours or reductions, not both',
          fields: ['reductionHours', 'reductions'],
        });
      }
      const warnings = unknownWeightsWarning(unknown);
      if (errors.length > 0 || grade === undefined) return { errors, warnings };

      const reductionHours = reductions
        ? reductionHoursOn(reductions, calculationDate)
        : (reductionHoursGiven ?? 0);
      const outcome = calculateAvailablePoints(
        { grade, contractedHours, reductionHours },
        applyWeightOverrides(config, overrides),
      );
      const { flags: _flags, ...result } = outcome;
      return {
        result,
        warnings: [
          ...warnings,
          ...availablePointsWarnings(outcome, reductions ? 'reductions' : 'reductionHours'),
        ],
      };
    },
  };
}

export const workloadPointsCalculator: Calculator = createWorkloadPointsCalculator(DEFAULT_WEIGHTING_CONFIG);
export const availablePointsCalculator: Calculator =
  createAvailablePointsCalculator(DEFAULT_WEIGHTING_CONFIG);
