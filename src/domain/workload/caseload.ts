import {
  inactiveFlag,
  calculateWorkloadPoints,
  isWeightedAtAnyLocation,
  type CaseloadLocation,
  type CaseloadRow,
} from './points.js';
import { UNTIERED, type WeightingConfig } from './weights.js';

// From the case record to caseload rows (workload.md §2): each case's location, tier, T2A status and inactive
// flag. The database collects the facts; the rules that turn facts into a row live here only.

export type SentenceType = 'SP' | 'SC' | 'NC';
export type CustodialStatus = 'IN_CUSTODY' | 'RELEASED_ON_LICENCE' | 'POST_SENTENCE_SUPERVISION' | 'RECALLED';

/** The facts about one case (or `count` cases sharing them) that decide its points. */
export interface CaseFacts {
  /** Sentence type of the active sentence with the latest end date; null when there is none. */
  sentenceType: SentenceType | null;
  custodialStatus: CustodialStatus | null;
  /** Current V2 tier code, or null when the person has no V2 tier. */
  tier: string | null;
  /** An active T2A intervention is on the case (§2.5). */
  t2a: boolean;
  /** An active warrant / summons registration (flag W). */
  activeWarrant: boolean;
  /** The sentence's expected end date has passed and it has not been terminated (flag O). */
  overdueTermination: boolean;
  /** Every outstanding requirement is unpaid work (flag U). */
  unpaidWorkOnly: boolean;
  count: number;
}

/**
 * Case type (domain.md §4.3): SP is community; a custodial sentence in custody (or recalled) is custody; SC
 * on licence or post-sentence supervision is licence. Anything else is UNKNOWN: counted, 0 points, and listed
 * for correction rather than dropped as the legacy system did (§2.2).
 */
export function caseLocationFor(
  sentenceType: SentenceType | null,
  custodialStatus: CustodialStatus | null,
): CaseloadLocation {
  if (sentenceType === 'SP') return 'COMMUNITY';
  if (
    (sentenceType === 'SC' || sentenceType === 'NC') &&
    (custodialStatus === 'IN_CUSTODY' || custodialStatus === 'RECALLED')
  )
    return 'CUSTODY';
  if (
    sentenceType === 'SC' &&
    (custodialStatus === 'RELEASED_ON_LICENCE' || custodialStatus === 'POST_SENTENCE_SUPERVISION')
  )
    return 'LICENCE';
  return 'UNKNOWN';
}

/**
 * Caseload rows for a set of case facts, merged by location, tier code as recorded and cohort. Tier codes are
 * kept as recorded (null is UNTIERED) so the rows can be weighed again under a later configuration.
 */
export function caseloadRowsFromFacts(facts: readonly CaseFacts[]): CaseloadRow[] {
  const rows = new Map<string, CaseloadRow>();
  for (const f of facts) {
    const location = caseLocationFor(f.sentenceType, f.custodialStatus);
    const tier = f.tier ?? UNTIERED;
    const key = `${location}|${tier}|${f.t2a}`;
    const row =
      rows.get(key) ??
      ({
        location,
        tier,
        t2a: f.t2a,
        count: 0,
        warrants: 0,
        unpaidWork: 0,
        overdueTermination: 0,
        suspended: 0,
        suspendedLifers: 0,
      } satisfies CaseloadRow);
    row.count += f.count;
    const flag = inactiveFlag({
      activeWarrant: f.activeWarrant,
      overdueTermination: f.overdueTermination,
      unpaidWorkOnly: f.unpaidWorkOnly,
    });
    if (flag === 'W') row.warrants += f.count;
    else if (flag === 'O') row.overdueTermination += f.count;
    else if (flag === 'U') row.unpaidWork += f.count;
    rows.set(key, row);
  }
  return [...rows.values()];
}

export interface Caseload {
  rows: CaseloadRow[];
  /**
   * Cases whose tier code has no weight in the configuration (for example a V3 letter before V3 weights
   * exist). They are counted as untiered so the calculation can run, and reported so the gap is visible.
   */
  unweightedTierCases: number;
}

/** Whether two rows share a location, tier and cohort (compared pairwise: caseloads are a few dozen rows). */
function hasRepeatedKey(rows: readonly CaseloadRow[]): boolean {
  for (let i = 1; i < rows.length; i++) {
    const a = rows[i]!;
    for (let j = 0; j < i; j++) {
      const b = rows[j]!;
      if (a.location === b.location && a.tier === b.tier && a.t2a === b.t2a) return true;
    }
  }
  return false;
}

/** Caseload rows ready to weigh under `config`: codes it has no weight for become UNTIERED, and are counted. */
export function weighableCaseload(rows: readonly CaseloadRow[], config: WeightingConfig): Caseload {
  // Rows as stored are already one per location, tier and cohort, and their codes are weighted: then there is
  // nothing to merge, and the rows are used as they are (a national recalculation weighs 8,000 caseloads).
  if (rows.length <= 32 && rows.every((r) => isWeightedAtAnyLocation(config, r)) && !hasRepeatedKey(rows))
    return { rows: [...rows], unweightedTierCases: 0 };
  const merged = new Map<string, CaseloadRow>();
  let unweightedTierCases = 0;
  for (const r of rows) {
    const weighted = isWeightedAtAnyLocation(config, r);
    if (!weighted) unweightedTierCases += r.count;
    const tier = weighted ? r.tier : UNTIERED;
    const key = `${r.location}|${tier}|${r.t2a}`;
    const into = merged.get(key);
    if (!into) merged.set(key, { ...r, tier });
    else
      merged.set(key, {
        ...into,
        count: into.count + r.count,
        warrants: into.warrants + r.warrants,
        unpaidWork: into.unpaidWork + r.unpaidWork,
        overdueTermination: into.overdueTermination + r.overdueTermination,
        suspended: into.suspended + r.suspended,
        suspendedLifers: into.suspendedLifers + r.suspendedLifers,
      });
  }
  return { rows: [...merged.values()], unweightedTierCases };
}

/** Caseload rows for a set of case facts, weighable under `config`. */
export function caseloadFromFacts(facts: readonly CaseFacts[], config: WeightingConfig): Caseload {
  return weighableCaseload(caseloadRowsFromFacts(facts), config);
}

export interface CaseloadBreakdownRow extends CaseloadRow {
  /** Case points this row earns, from the same calculation as the practitioner's total. */
  points: number;
}

/** Each caseload row with the points it earns, for "points by tier and location" views. */
export function caseloadBreakdown(
  rows: readonly CaseloadRow[],
  config: WeightingConfig,
): CaseloadBreakdownRow[] {
  return rows.map((row) => ({
    ...row,
    points: calculateWorkloadPoints(
      {
        cases: [row],
        standardReports: 0,
        fastReports: 0,
        contactsOutsideOwnCaseload: {},
        contactsByOthersOnMyCases: {},
      },
      config,
    ).casePoints,
  }));
}
