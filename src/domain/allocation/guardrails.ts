import type { FieldProblem } from '../validation.js';
import type { CapacityBand, Grade } from '../workload/index.js';
import type { MappaLevel, RoshLevel } from '../tiering/registrations.js';

// Allocation guardrails (domain.md §10.4, workload.md §8, issue #5). Each is configuration: what triggers it,
// and whether it blocks the allocation or lets it through with a recorded reason. Every reason given is
// stored and reported, so the rules can be tightened where overrides turn out to be routine.

/**
 * OVERRIDE: allowed with a reason from a user holding an override role (an SPO or above).
 * JUSTIFICATION: allowed with a written justification, recorded with the allocating user as approver.
 * BLOCK: not allowed at all.
 */
export type GuardrailOutcome = 'OVERRIDE' | 'JUSTIFICATION' | 'BLOCK';
export type GuardrailRule = 'PO_GRADE' | 'NEW_OFFICER' | 'OVER_CAPACITY';

export interface GuardrailRules {
  /** Complex or high-harm cases are held by POs; these grades receiving one trigger the rule. */
  poGrade: {
    enabled: boolean;
    outcome: GuardrailOutcome;
    grades: readonly Grade[];
    roshLevels: readonly RoshLevel[];
    mappaLevels: readonly MappaLevel[];
    v3Tiers: readonly string[];
    /** Active registrations that make a case PO work: domestic abuse, child protection, stalking. */
    registerCodes: readonly string[];
  };
  /** Officers qualified under 12 months (NQO) and trainees (PQiP) do not take the highest-harm cases. */
  newOfficer: {
    enabled: boolean;
    outcome: GuardrailOutcome;
    grades: readonly Grade[];
    roshLevels: readonly RoshLevel[];
    mappaLevels: readonly MappaLevel[];
  };
  /** Taking a practitioner over the over-capacity threshold (or allocating to one with no available points). */
  overCapacity: { enabled: boolean; outcome: GuardrailOutcome };
  /** Roles whose users may give an OVERRIDE. */
  overrideRoles: readonly string[];
}

export const DEFAULT_GUARDRAIL_RULES: GuardrailRules = {
  poGrade: {
    enabled: true,
    outcome: 'OVERRIDE',
    grades: ['PSO', 'PQIP'],
    roshLevels: ['HIGH', 'VERY_HIGH'],
    mappaLevels: ['M2', 'M3'],
    v3Tiers: ['A', 'B'],
    registerCodes: ['ADVP', 'RCPR', 'SPO'],
  },
  newOfficer: {
    enabled: true,
    outcome: 'OVERRIDE',
    grades: ['NQO', 'PQIP'],
    roshLevels: ['VERY_HIGH'],
    mappaLevels: ['M2', 'M3'],
  },
  overCapacity: { enabled: true, outcome: 'JUSTIFICATION' },
  overrideRoles: ['SPO', 'PDU_HEAD'],
};

export interface GuardrailCase {
  rosh: RoshLevel | null;
  mappaLevel: MappaLevel | null;
  v3Tier: string | null;
  /** Codes of the person's active registrations. */
  registerCodes: readonly string[];
}

export interface GuardrailPractitioner {
  grade: Grade;
  /** The capacity band after this allocation (workload core). */
  bandAfter: CapacityBand;
  /** Shown to 1 dp; null when the practitioner has no available points. */
  displayPctAfter: number | null;
}

export interface GuardrailFinding {
  rule: GuardrailRule;
  outcome: GuardrailOutcome;
  /** What triggered it, in words the allocation page shows. */
  message: string;
}

const ROSH_WORDS: Record<RoshLevel, string> = {
  VERY_HIGH: 'very high',
  HIGH: 'high',
  MEDIUM: 'medium',
  LOW: 'low',
};
const GRADE_WORDS: Record<Grade, string> = {
  PO: 'a PO',
  NQO: 'a PO qualified less than 12 months ago',
  PQIP: 'a PQiP',
  PSO: 'a PSO',
  SPO: 'an SPO',
  UNGRADED: 'an ungraded member of staff',
};

function caseFeatures(
  c: GuardrailCase,
  rule: {
    roshLevels: readonly RoshLevel[];
    mappaLevels: readonly MappaLevel[];
    v3Tiers?: readonly string[];
    registerCodes?: readonly string[];
  },
): string[] {
  const out: string[] = [];
  if (c.rosh && rule.roshLevels.includes(c.rosh)) out.push(`${ROSH_WORDS[c.rosh]} RoSH`);
  if (c.mappaLevel && rule.mappaLevels.includes(c.mappaLevel))
    out.push(`MAPPA level ${c.mappaLevel.slice(1)}`);
  if (c.v3Tier && rule.v3Tiers?.includes(c.v3Tier)) out.push(`tier ${c.v3Tier}`);
  for (const code of rule.registerCodes ?? []) {
    if (c.registerCodes.includes(code)) out.push(`an active ${code} flag`);
  }
  return out;
}

/** What makes a case PO work under the PO-grade rule, whoever would take it; empty when nothing does. */
export function poWorkFeatures(c: GuardrailCase, rule: GuardrailRules['poGrade']): string[] {
  return caseFeatures(c, rule);
}

/** Every guardrail this allocation would trigger, in the order of the rules. */
export function evaluateGuardrails(
  c: GuardrailCase,
  p: GuardrailPractitioner,
  rules: GuardrailRules = DEFAULT_GUARDRAIL_RULES,
): GuardrailFinding[] {
  const findings: GuardrailFinding[] = [];
  if (rules.poGrade.enabled && rules.poGrade.grades.includes(p.grade)) {
    const features = poWorkFeatures(c, rules.poGrade);
    if (features.length > 0) {
      findings.push({
        rule: 'PO_GRADE',
        outcome: rules.poGrade.outcome,
        message: `A case with ${features.join(', ')} needs a PO; this practitioner is ${GRADE_WORDS[p.grade]}.`,
      });
    }
  }
  if (rules.newOfficer.enabled && rules.newOfficer.grades.includes(p.grade)) {
    const features = caseFeatures(c, rules.newOfficer);
    if (features.length > 0) {
      findings.push({
        rule: 'NEW_OFFICER',
        outcome: rules.newOfficer.outcome,
        message: `${GRADE_WORDS[p.grade].replace(/^a/, 'A')} cannot take a case with ${features.join(', ')} without an SPO override.`,
      });
    }
  }
  if (rules.overCapacity.enabled && (p.bandAfter === 'RED' || p.bandAfter === 'NO_AVAILABLE_POINTS')) {
    findings.push({
      rule: 'OVER_CAPACITY',
      outcome: rules.overCapacity.outcome,
      message:
        p.bandAfter === 'RED'
          ? `This takes the practitioner over capacity, to ${p.displayPctAfter?.toFixed(1)}%.`
          : 'This practitioner has no available points.',
    });
  }
  return findings;
}

export interface GuardrailDecision {
  /** The reason for overriding the grade guardrails. */
  overrideReason?: string | null;
  /** The written justification for going over capacity. */
  justification?: string | null;
  /** Roles of the user allocating. */
  actorRoles: readonly string[];
}

/** Which form field answers a finding with a given outcome. */
export function reasonFieldFor(outcome: GuardrailOutcome): 'overrideReason' | 'justification' | null {
  return outcome === 'OVERRIDE' ? 'overrideReason' : outcome === 'JUSTIFICATION' ? 'justification' : null;
}

const filled = (s: string | null | undefined) => (s ?? '').trim().length > 0;

/**
 * What stops the allocation going ahead: a blocking guardrail, a missing reason, or an override by a user
 * without an override role. Empty when it may proceed.
 */
export function guardrailProblems(
  findings: readonly GuardrailFinding[],
  decision: GuardrailDecision,
  rules: GuardrailRules = DEFAULT_GUARDRAIL_RULES,
): FieldProblem[] {
  const problems: FieldProblem[] = [];
  for (const f of findings) {
    if (f.outcome === 'BLOCK') {
      problems.push({ field: 'staff', problem: `${f.message} This allocation is not allowed.` });
    }
  }
  const overrides = findings.filter((f) => f.outcome === 'OVERRIDE');
  if (overrides.length > 0) {
    if (!decision.actorRoles.some((r) => rules.overrideRoles.includes(r))) {
      problems.push({
        field: 'overrideReason',
        problem: 'Only a senior probation officer or above can override a guardrail',
      });
    } else if (!filled(decision.overrideReason)) {
      problems.push({ field: 'overrideReason', problem: 'Enter the reason for overriding the guardrail' });
    }
  }
  if (findings.some((f) => f.outcome === 'JUSTIFICATION') && !filled(decision.justification)) {
    problems.push({
      field: 'justification',
      problem: 'Enter why this practitioner should take the case when over capacity',
    });
  }
  return problems;
}
