import type { FieldProblem } from '../validation.js';
import { GRADES } from '../workload/index.js';
import { DEFAULT_GUARDRAIL_RULES, type GuardrailOutcome, type GuardrailRules } from './guardrails.js';
import { DEFAULT_TIMELINESS_RULES, type TimelinessRules } from './queue.js';
import { DEFAULT_RANKING_RULES, type RankingRules } from './recommendation.js';

// The allocation configuration: timeliness, guardrails and ranking in one versioned value. A region may have
// its own (domain.md §10.4: guardrails are configurable per region); otherwise the national one applies.

export interface AllocationConfig {
  timeliness: TimelinessRules;
  guardrails: GuardrailRules;
  ranking: RankingRules;
}

export const DEFAULT_ALLOCATION_CONFIG: AllocationConfig = {
  timeliness: DEFAULT_TIMELINESS_RULES,
  guardrails: DEFAULT_GUARDRAIL_RULES,
  ranking: DEFAULT_RANKING_RULES,
};

/** Reasons for reallocating within a PDU (domain.md §10.5). */
export const REALLOCATION_REASONS = [
  'Allocate to responsible officer',
  'Caseload adjustment',
  'Change in tier or risk',
  'Change of address',
  'Officer left',
  'Risk to staff',
  'Transfer in',
  'Probation Reset',
  'Other',
] as const;
export type ReallocationReason = (typeof REALLOCATION_REASONS)[number];

export function isReallocationReason(value: string): value is ReallocationReason {
  return (REALLOCATION_REASONS as readonly string[]).includes(value);
}

const OUTCOMES: readonly GuardrailOutcome[] = ['OVERRIDE', 'JUSTIFICATION', 'BLOCK'];
const ROSH = ['LOW', 'MEDIUM', 'HIGH', 'VERY_HIGH'];
const MAPPA = ['M1', 'M2', 'M3'];
const V3 = ['A', 'B', 'C', 'D', 'E', 'F', 'G'];

/**
 * Problems with a configuration an administrator saves; empty when it is usable. Checked before it is
 * stored, so allocation never runs on a configuration that would throw or rank nonsensically.
 */
export function allocationConfigProblems(config: AllocationConfig): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const wholeDays = (field: string, v: number, min: number) => {
    if (!Number.isInteger(v) || v < min || v > 60)
      problems.push({ field, problem: `must be a whole number from ${min} to 60` });
  };
  const points = (field: string, v: number) => {
    if (!Number.isFinite(v) || v < 0 || v > 1000)
      problems.push({ field, problem: 'must be a number from 0 to 1000' });
  };
  const within = (field: string, values: readonly string[], allowed: readonly string[]) => {
    const bad = values.filter((v) => !allowed.includes(v));
    if (bad.length > 0) problems.push({ field, problem: `unknown value(s): ${bad.join(', ')}` });
  };
  const outcome = (field: string, v: string) => {
    if (!OUTCOMES.includes(v as GuardrailOutcome))
      problems.push({ field, problem: `must be one of ${OUTCOMES.join(', ')}` });
  };
  const { timeliness: t, guardrails: g, ranking: r } = config;
  wholeDays('timeliness.targetWorkingDays', t.targetWorkingDays, 1);
  wholeDays('timeliness.custodyWorkingDaysBeforeRelease', t.custodyWorkingDaysBeforeRelease, 0);
  outcome('guardrails.poGrade.outcome', g.poGrade.outcome);
  within('guardrails.poGrade.grades', g.poGrade.grades, GRADES);
  within('guardrails.poGrade.roshLevels', g.poGrade.roshLevels, ROSH);
  within('guardrails.poGrade.mappaLevels', g.poGrade.mappaLevels, MAPPA);
  within('guardrails.poGrade.v3Tiers', g.poGrade.v3Tiers, V3);
  outcome('guardrails.newOfficer.outcome', g.newOfficer.outcome);
  within('guardrails.newOfficer.grades', g.newOfficer.grades, GRADES);
  within('guardrails.newOfficer.roshLevels', g.newOfficer.roshLevels, ROSH);
  within('guardrails.newOfficer.mappaLevels', g.newOfficer.mappaLevels, MAPPA);
  outcome('guardrails.overCapacity.outcome', g.overCapacity.outcome);
  if (g.overrideRoles.length === 0)
    problems.push({ field: 'guardrails.overrideRoles', problem: 'name at least one role' });
  within('ranking.eligibleGrades', r.eligibleGrades, GRADES);
  within('ranking.gradeOrder', r.gradeOrder, GRADES);
  within('ranking.gradeFit.preferredForOtherCases.grades', r.gradeFit.preferredForOtherCases.grades, GRADES);
  points('ranking.gradeFit.points', r.gradeFit.points);
  points('ranking.gradeFit.preferredForOtherCases.points', r.gradeFit.preferredForOtherCases.points);
  points('ranking.guardrailPenalty', r.guardrailPenalty);
  points('ranking.capacity.pointsPerPct', r.capacity.pointsPerPct);
  points('ranking.capacity.maxPoints', r.capacity.maxPoints);
  points('ranking.continuity.points', r.continuity.points);
  points('ranking.recentAllocations.pointsPerAllocation', r.recentAllocations.pointsPerAllocation);
  wholeDays('ranking.recentAllocations.windowDays', r.recentAllocations.windowDays, 1);
  return problems;
}
