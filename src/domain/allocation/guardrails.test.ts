import { describe, expect, it } from 'vitest';
import {
  DEFAULT_GUARDRAIL_RULES,
  evaluateGuardrails,
  guardrailProblems,
  type GuardrailCase,
  type GuardrailPractitioner,
  type GuardrailRules,
} from './guardrails.js';

const plainCase: GuardrailCase = { rosh: 'MEDIUM', mappaLevel: null, v3Tier: 'D', registerCodes: [] };
const within = (grade: GuardrailPractitioner['grade']): GuardrailPractitioner => ({
  grade,
  bandAfter: 'WITHIN',
  displayPctAfter: 80,
});
const rules = (patch: (r: GuardrailRules) => GuardrailRules) =>
  patch(structuredClone(DEFAULT_GUARDRAIL_RULES) as GuardrailRules);

describe('PO-grade guardrail', () => {
  it.each([
    ['high RoSH', { rosh: 'HIGH' }],
    ['very high RoSH', { rosh: 'VERY_HIGH' }],
    ['MAPPA level 2', { mappaLevel: 'M2' }],
    ['MAPPA level 3', { mappaLevel: 'M3' }],
    ['tier A', { v3Tier: 'A' }],
    ['tier B', { v3Tier: 'B' }],
    ['an active ADVP flag', { registerCodes: ['ADVP'] }],
    ['an active RCPR flag', { registerCodes: ['RCPR'] }],
    ['an active SPO flag', { registerCodes: ['SPO'] }],
  ] as const)('asks for an override when a PSO is given a case with %s', (words, patch) => {
    const findings = evaluateGuardrails({ ...plainCase, ...patch } as GuardrailCase, within('PSO'));
    expect(findings).toEqual([
      {
        rule: 'PO_GRADE',
        outcome: 'OVERRIDE',
        message: `A case with ${words} needs a PO; this practitioner is a PSO.`,
      },
    ]);
  });

  it('lets a PO, and an NQO below the new-officer limits, take the same cases with no finding', () => {
    const c: GuardrailCase = { rosh: 'HIGH', mappaLevel: 'M1', v3Tier: 'A', registerCodes: ['ADVP'] };
    expect(evaluateGuardrails(c, within('PO'))).toEqual([]);
    expect(evaluateGuardrails(c, within('NQO'))).toEqual([]);
  });

  it('ignores medium RoSH, MAPPA level 1, lower tiers and other flags', () => {
    const c: GuardrailCase = {
      rosh: 'MEDIUM',
      mappaLevel: 'M1',
      v3Tier: 'C',
      registerCodes: ['REG30', 'ALSH'],
    };
    expect(evaluateGuardrails(c, within('PSO'))).toEqual([]);
  });

  it('can be switched off or made to block', () => {
    const c = { ...plainCase, rosh: 'HIGH' as const };
    expect(
      evaluateGuardrails(
        c,
        within('PSO'),
        rules((r) => ({ ...r, poGrade: { ...r.poGrade, enabled: false } })),
      ),
    ).toEqual([]);
    const blocking = evaluateGuardrails(
      c,
      within('PSO'),
      rules((r) => ({ ...r, poGrade: { ...r.poGrade, outcome: 'BLOCK' } })),
    );
    expect(blocking.map((f) => f.outcome)).toEqual(['BLOCK']);
    expect(guardrailProblems(blocking, { overrideReason: 'I insist', actorRoles: ['SPO'] })).toEqual([
      {
        field: 'staff',
        problem:
          'A case with high RoSH needs a PO; this practitioner is a PSO. This allocation is not allowed.',
      },
    ]);
  });
});

describe('new-officer guardrail', () => {
  it('stops an NQO receiving very high RoSH or MAPPA 2/3 without an SPO override', () => {
    for (const patch of [
      { rosh: 'VERY_HIGH' as const },
      { mappaLevel: 'M2' as const },
      { mappaLevel: 'M3' as const },
    ]) {
      const findings = evaluateGuardrails({ ...plainCase, ...patch }, within('NQO'));
      expect(findings.map((f) => [f.rule, f.outcome])).toEqual([['NEW_OFFICER', 'OVERRIDE']]);
      expect(findings[0]!.message).toMatch(
        /^A PO qualified less than 12 months ago cannot take a case with .+ without an SPO override\.$/,
      );
    }
    expect(evaluateGuardrails({ ...plainCase, rosh: 'HIGH' }, within('NQO'))).toEqual([]);
  });

  it('adds to the PO-grade finding for a PQiP', () => {
    const findings = evaluateGuardrails({ ...plainCase, rosh: 'VERY_HIGH' }, within('PQIP'));
    expect(findings.map((f) => f.rule)).toEqual(['PO_GRADE', 'NEW_OFFICER']);
  });

  it('can be made to block', () => {
    const r = rules((x) => ({ ...x, newOfficer: { ...x.newOfficer, outcome: 'BLOCK' } }));
    expect(
      evaluateGuardrails({ ...plainCase, mappaLevel: 'M3' }, within('NQO'), r).map((f) => f.outcome),
    ).toEqual(['BLOCK']);
  });
});

describe('over-capacity guardrail', () => {
  it('asks for a written justification above the threshold or with no available points', () => {
    const red = evaluateGuardrails(plainCase, { grade: 'PO', bandAfter: 'RED', displayPctAfter: 113.7 });
    expect(red).toEqual([
      {
        rule: 'OVER_CAPACITY',
        outcome: 'JUSTIFICATION',
        message: 'This takes the practitioner over capacity, to 113.7%.',
      },
    ]);
    const none = evaluateGuardrails(plainCase, {
      grade: 'PO',
      bandAfter: 'NO_AVAILABLE_POINTS',
      displayPctAfter: null,
    });
    expect(none[0]?.message).toBe('This practitioner has no available points.');
    expect(evaluateGuardrails(plainCase, { grade: 'PO', bandAfter: 'AMBER', displayPctAfter: 105 })).toEqual(
      [],
    );
  });

  it('needs the justification written, but from any allocating role', () => {
    const red = evaluateGuardrails(plainCase, { grade: 'PO', bandAfter: 'RED', displayPctAfter: 120 });
    expect(guardrailProblems(red, { justification: '  ', actorRoles: ['PDU_HEAD'] })).toEqual([
      {
        field: 'justification',
        problem: 'Enter why this practitioner should take the case when over capacity',
      },
    ]);
    expect(
      guardrailProblems(red, { justification: 'Only officer with Welsh', actorRoles: ['PDU_HEAD'] }),
    ).toEqual([]);
  });
});

describe('override reasons', () => {
  const findings = evaluateGuardrails({ ...plainCase, rosh: 'VERY_HIGH' }, within('PQIP'));

  it('needs a reason', () => {
    expect(guardrailProblems(findings, { overrideReason: '', actorRoles: ['SPO'] })).toEqual([
      { field: 'overrideReason', problem: 'Enter the reason for overriding the guardrail' },
    ]);
    expect(
      guardrailProblems(findings, { overrideReason: 'Co-worked with the SPO', actorRoles: ['SPO'] }),
    ).toEqual([]);
  });

  it('needs an override role', () => {
    expect(guardrailProblems(findings, { overrideReason: 'Reason', actorRoles: ['PRACTITIONER'] })).toEqual([
      {
        field: 'overrideReason',
        problem: 'Only a senior probation officer or above can override a guardrail',
      },
    ]);
  });

  it('asks for nothing when no guardrail triggers', () => {
    expect(guardrailProblems([], { actorRoles: [] })).toEqual([]);
  });
});
