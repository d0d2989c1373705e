import {
  DEFAULT_CAPACITY_THRESHOLDS,
  allocationImpact,
  bandForPct,
  type AllocationImpact,
  type CapacityBand,
  type CapacityThresholds,
  type CaseToAllocate,
  type Grade,
  type WeightingConfig,
} from '../workload/index.js';
import { roundHalfUp } from '../workload/exact.js';
import {
  DEFAULT_GUARDRAIL_RULES,
  evaluateGuardrails,
  poWorkFeatures,
  type GuardrailCase,
  type GuardrailFinding,
  type GuardrailRules,
} from './guardrails.js';

/**
 * The recommendation (issue #5): every practitioner of the chosen teams gets a score, the sum of the rules
 * below, each of which gives its reason on the allocation page. The rules are configuration.
 *
 * - Grade fit: `gradeFit.points` when the practitioner's grade triggers no grade guardrail for this case;
 *   `gradeFit.preferredForOtherCases.points` more for the grades preferred for cases no grade guardrail
 *   applies to (PSOs by default, so PO time is kept for the cases only POs may hold).
 * - Guardrails: minus `guardrailPenalty` for every guardrail the allocation would trigger that needs an
 *   override or a justification. A blocking guardrail (or an exclusion from a limited-access case) makes the
 *   practitioner unchoosable: they are listed, marked, and not ranked.
 * - Capacity after this case (the workload core's impact statement): `capacity.pointsPerPct` for each
 *   percentage point of headroom below the over-capacity threshold (negative above it), capped at
 *   ± `capacity.maxPoints`. No available points counts as the cap below.
 * - Continuity: `continuity.points` when the practitioner managed this person before.
 * - Recent allocations: minus `recentAllocations.pointsPerAllocation` for each case allocated to them in the
 *   last `recentAllocations.windowDays` days, which the workload figures do not yet show in outcomes.
 *
 * Ties go to the grade order (`gradeOrder`, the legacy default sort), then the lower workload after, then
 * the name.
 */
export interface RankingRules {
  /** Only these grades are offered (domain.md §10.3: PO, PQiP and PSO; an NQO is a PO). */
  eligibleGrades: readonly Grade[];
  gradeFit: { points: number; preferredForOtherCases: { grades: readonly Grade[]; points: number } };
  guardrailPenalty: number;
  capacity: { pointsPerPct: number; maxPoints: number };
  continuity: { points: number };
  recentAllocations: { windowDays: number; pointsPerAllocation: number };
  gradeOrder: readonly Grade[];
}

export const DEFAULT_RANKING_RULES: RankingRules = {
  eligibleGrades: ['PO', 'NQO', 'PSO', 'PQIP'],
  gradeFit: { points: 30, preferredForOtherCases: { grades: ['PSO'], points: 10 } },
  guardrailPenalty: 40,
  capacity: { pointsPerPct: 1, maxPoints: 40 },
  continuity: { points: 20 },
  recentAllocations: { windowDays: 7, pointsPerAllocation: 5 },
  gradeOrder: ['PO', 'NQO', 'PSO', 'PQIP'],
};

export interface Candidate {
  staffId: number;
  teamCode: string;
  name: string;
  grade: Grade;
  /** The assignment's stored workload; null when it has never been calculated. */
  current: { totalPoints: number; availablePoints: number } | null;
  /** Managed this person before (any earlier responsibility record). */
  previouslyManaged: boolean;
  /** Cases allocated to them in the recent-allocations window. */
  recentAllocations: number;
  /** Excluded from, or not on the restriction list of, a limited-access case. */
  blocked: boolean;
}

export interface RecommendationCase extends GuardrailCase {
  /** Location, tier of record and cohort: what the case adds to a caseload. */
  workload: CaseToAllocate;
}

export interface Reason {
  text: string;
  points: number;
}

export interface Recommendation {
  candidate: Candidate;
  impact: AllocationImpact;
  /** Shown to 1 dp, half-up; null when there are no available points. */
  displayPctBefore: number | null;
  displayPctAfter: number | null;
  bandAfter: CapacityBand;
  guardrails: GuardrailFinding[];
  choosable: boolean;
  /** 1 for the best; null for a practitioner who cannot be chosen. */
  rank: number | null;
  score: number;
  reasons: Reason[];
}

export interface RecommendationSettings {
  weights: WeightingConfig;
  thresholds?: CapacityThresholds;
  guardrails?: GuardrailRules;
  ranking?: RankingRules;
}

const display = (pct: number | null) => (pct === null ? null : roundHalfUp(pct, 1));
const round2 = (n: number) => Math.round(n * 100) / 100;

function score(
  casePoWork: boolean,
  candidate: Candidate,
  pctAfter: number | null,
  findings: readonly GuardrailFinding[],
  rules: RankingRules,
  thresholds: CapacityThresholds,
): Reason[] {
  const reasons: Reason[] = [];
  const gradeFlagged = findings.some((f) => f.rule === 'PO_GRADE' || f.rule === 'NEW_OFFICER');
  if (!gradeFlagged) {
    reasons.push({ text: `Grade fits this case (${candidate.grade})`, points: rules.gradeFit.points });
    if (!casePoWork && rules.gradeFit.preferredForOtherCases.grades.includes(candidate.grade)) {
      reasons.push({
        text: `${candidate.grade} preferred for a case without high-harm features`,
        points: rules.gradeFit.preferredForOtherCases.points,
      });
    }
  }
  for (const f of findings) {
    if (f.outcome !== 'BLOCK') reasons.push({ text: f.message, points: -rules.guardrailPenalty });
  }
  const headroom = pctAfter === null ? -Infinity : thresholds.overCapacityAbovePct - pctAfter;
  const capacityPoints = Math.max(
    -rules.capacity.maxPoints,
    Math.min(rules.capacity.maxPoints, headroom * rules.capacity.pointsPerPct),
  );
  reasons.push({
    text:
      pctAfter === null
        ? 'No available points'
        : `Workload after this case ${display(pctAfter)!.toFixed(1)}% (${headroom >= 0 ? 'within' : 'over'} capacity)`,
    points: round2(capacityPoints),
  });
  if (candidate.previouslyManaged) {
    reasons.push({ text: 'Managed this person before', points: rules.continuity.points });
  }
  if (candidate.recentAllocations > 0) {
    const n = candidate.recentAllocations;
    reasons.push({
      text: `${n} ${n === 1 ? 'case' : 'cases'} allocated in the last ${rules.recentAllocations.windowDays} days`,
      points: -n * rules.recentAllocations.pointsPerAllocation,
    });
  }
  return reasons;
}

/**
 * Ranks the practitioners for a case: the impact on each one's workload, the guardrails the allocation would
 * trigger, and a score with its reasons. Practitioners of grades not offered are left out; blocked ones are
 * kept, marked and unranked, so the manager can see why they are not offered.
 */
export function recommend(
  c: RecommendationCase,
  candidates: readonly Candidate[],
  settings: RecommendationSettings,
): Recommendation[] {
  const thresholds = settings.thresholds ?? DEFAULT_CAPACITY_THRESHOLDS;
  const guardrails = settings.guardrails ?? DEFAULT_GUARDRAIL_RULES;
  const rules = settings.ranking ?? DEFAULT_RANKING_RULES;
  const casePoWork = poWorkFeatures(c, guardrails.poGrade).length > 0;
  const out: Recommendation[] = candidates
    .filter((p) => rules.eligibleGrades.includes(p.grade))
    .map((candidate) => {
      const impact = allocationImpact(
        { grade: candidate.grade, current: candidate.current, case: c.workload, alreadyHeld: null },
        settings.weights,
      );
      const bandAfter = bandForPct(impact.toPct, thresholds);
      const displayPctAfter = display(impact.toPct);
      const findings = evaluateGuardrails(
        c,
        { grade: candidate.grade, bandAfter, displayPctAfter },
        guardrails,
      );
      const choosable = !candidate.blocked && findings.every((f) => f.outcome !== 'BLOCK');
      const reasons: Reason[] = candidate.blocked
        ? [{ text: 'Excluded from this case (limited access)', points: 0 }]
        : choosable
          ? score(casePoWork, candidate, impact.toPct, findings, rules, thresholds)
          : findings.filter((f) => f.outcome === 'BLOCK').map((f) => ({ text: f.message, points: 0 }));
      return {
        candidate,
        impact,
        displayPctBefore: display(impact.fromPct),
        displayPctAfter,
        bandAfter,
        guardrails: findings,
        choosable,
        rank: null,
        score: round2(reasons.reduce((sum, r) => sum + r.points, 0)),
        reasons,
      };
    });
  const gradeIndex = (g: Grade) => {
    const i = rules.gradeOrder.indexOf(g);
    return i < 0 ? rules.gradeOrder.length : i;
  };
  out.sort((a, b) => {
    if (a.choosable !== b.choosable) return a.choosable ? -1 : 1;
    if (a.score !== b.score) return b.score - a.score;
    const g = gradeIndex(a.candidate.grade) - gradeIndex(b.candidate.grade);
    if (g !== 0) return g;
    const pa = a.impact.toPct ?? Infinity;
    const pb = b.impact.toPct ?? Infinity;
    if (pa !== pb) return pa - pb;
    return a.candidate.name.localeCompare(b.candidate.name) || a.candidate.staffId - b.candidate.staffId;
  });
  let rank = 0;
  for (const r of out) if (r.choosable) r.rank = ++rank;
  return out;
}
