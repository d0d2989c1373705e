import { describe, expect, it } from 'vitest';
import type { Registration } from './registrations.js';
import {
  ARP_COLUMNS,
  calculateSingleAxisTier,
  compareV3Tiers,
  CSRP_ROWS,
  REOFFENDING_TABLE,
  V3_TIER_ORDER,
  type ScoreType,
  type SingleAxisInput,
  type SingleAxisResult,
  type V3Predictors,
} from './single-axis.js';

const TODAY = '2026-03-02';
// ARP 10 / CSRP 0.2 is the bottom-right cell of table 1: G, so other rules show through.
const LOW_PREDICTORS: V3Predictors = {
  arp: { score: 10, staticOrDynamic: 'DYNAMIC' },
  csrp: { score: 0.2, staticOrDynamic: 'DYNAMIC' },
};

function calculate(overrides: Partial<SingleAxisInput> = {}): SingleAxisResult {
  const outcome = calculateSingleAxisTier({
    calculationDate: TODAY,
    hasActiveEvent: true,
    oasysPredictors: LOW_PREDICTORS,
    ...overrides,
  });
  if (!outcome.ok) throw new Error(JSON.stringify(outcome.errors));
  return outcome.result;
}

const reg = (code: string, extra: Partial<Registration> = {}): Registration => ({ code, ...extra });
const predictors = (
  arp: number,
  csrp: number,
  arpType: ScoreType | null = 'DYNAMIC',
  csrpType: ScoreType | null = 'DYNAMIC',
) => ({
  arp: { score: arp, staticOrDynamic: arpType },
  csrp: { score: csrp, staticOrDynamic: csrpType },
});

describe('V3 worked examples (tiering.md §3.5)', () => {
  it('example 1: confirmed C', () => {
    const result = calculate({
      oasysPredictors: { ...predictors(62.0, 3.4), dcSrp: { score: 0, band: 'NOT_APPLICABLE' } },
      registrations: [reg('RHRH'), reg('ADVP')],
    });
    expect(result.tier).toBe('C');
    expect(result.provisional).toBe(false);
    expect(result.ruleResults).toEqual({
      reoffending: 'C',
      sexualReoffending: null,
      mappaRosh: 'D',
      liferIpp: null,
      domesticAbuse: 'E',
      stalking: null,
      childProtection: null,
      sexualOffences: null,
    });
    expect(result.explanation.decidedBy).toEqual(['reoffending']);
    expect(result.explanation.provisionalReasons).toEqual([]);
    expect(result.explanation.rules.map((r) => r.text)).toEqual([
      'ARP 62.00% (50% or more) with CSRP 3.40% (3.0% or more) → C',
      'DC-SRP not applicable → no tier',
      'High RoSH without MAPPA → D',
      'No lifer or IPP registration → no tier',
      'Domestic abuse registration (ADVP or REG30) → E',
      'No stalking registration → no tier',
      'No child protection registration → no tier',
      'No sexual or sexually motivated offence recorded → no tier',
    ]);
  });

  it('example 2: provisional C', () => {
    const result = calculate({ oasysPredictors: predictors(80.0, 1.5, 'STATIC', 'STATIC') });
    expect(result.tier).toBe('C');
    expect(result.provisional).toBe(true);
    expect(result.explanation.provisionalReasons).toEqual([
      expect.objectContaining({ test: 'STATIC_PREDICTORS', otherRulesReach: 'G', needed: 'A' }),
      // No RoSH and no MAPPA: R1 is left out because it is static, so test (b) also fails (G below C).
      expect.objectContaining({ test: 'MISSING_ROSH', otherRulesReach: 'G', needed: 'C' }),
    ]);
  });
});

describe('order of evaluation (§3.1)', () => {
  it('gives NOT_SUPERVISED without an active event, before anything else', () => {
    const result = calculate({
      hasActiveEvent: false,
      oasysPredictors: null,
      registrations: [reg('RVHR'), reg('MAPP', { category: 'M2' })],
    });
    expect(result).toMatchObject({ tier: 'NOT_SUPERVISED', provisional: false, ruleResults: null });
  });

  it('gives MISSING with no predictor record, even with MAPPA and Very High RoSH', () => {
    const result = calculate({
      oasysPredictors: null,
      registrations: [reg('RVHR'), reg('MAPP', { category: 'M2' })],
    });
    expect(result).toMatchObject({ tier: 'MISSING', provisional: false, ruleResults: null });
  });

  it('gives MISSING when either ARP or CSRP is absent', () => {
    expect(calculate({ oasysPredictors: { arp: LOW_PREDICTORS.arp } }).tier).toBe('MISSING');
    expect(
      calculate({ oasysPredictors: { csrp: LOW_PREDICTORS.csrp, dcSrp: { score: 5, band: 'VERY_HIGH' } } })
        .tier,
    ).toBe('MISSING');
  });

  it('gives G when no rule yields a tier', () => {
    const result = calculate();
    expect(result.tier).toBe('G');
    expect(result.explanation.decidedBy).toEqual(['reoffending']);
  });

  it('takes the highest tier any rule yields', () => {
    const result = calculate({
      registrations: [reg('SPO'), reg('RCPR'), reg('REG30')],
      everCommittedSexualOffence: true,
    });
    expect(result.tier).toBe('E');
    expect(result.explanation.decidedBy).toEqual(['domesticAbuse', 'sexualOffences']);
  });

  it('orders stored tiers NOT_SUPERVISED < MISSING < G … < A', () => {
    expect(V3_TIER_ORDER).toEqual(['NOT_SUPERVISED', 'MISSING', 'G', 'F', 'E', 'D', 'C', 'B', 'A']);
    expect(compareV3Tiers('MISSING', 'G')).toBeLessThan(0);
    expect(compareV3Tiers('A', 'B')).toBeGreaterThan(0);
  });
});

describe('R1 reoffending, table 1', () => {
  const expected = [
    ['A', 'A', 'B', 'B', 'B', 'B'],
    ['A', 'B', 'C', 'C', 'C', 'C'],
    ['B', 'C', 'D', 'E', 'E', 'E'],
    ['C', 'D', 'E', 'E', 'F', 'F'],
    ['D', 'D', 'E', 'F', 'F', 'G'],
  ];
  const csrp = [6.9, 3.0, 1.0, 0.5, 0.0];
  const arp = [90, 75, 50, 25, 15, 0];

  it('holds the spec table', () => {
    expect(REOFFENDING_TABLE).toEqual(expected);
    expect([...CSRP_ROWS]).toEqual(csrp);
    expect([...ARP_COLUMNS]).toEqual(arp);
  });

  it.each(csrp.flatMap((c, row) => arp.map((a, column) => [c, a, expected[row]![column]!] as const)))(
    'CSRP exactly %s and ARP exactly %s give %s (thresholds are inclusive)',
    (c, a, tier) => {
      expect(calculate({ oasysPredictors: predictors(a, c) }).ruleResults?.reoffending).toBe(tier);
    },
  );

  it.each([
    [6.89, 90, 'A'],
    [2.99, 90, 'B'],
    [0.99, 90, 'C'],
    [0.49, 90, 'D'],
    [6.9, 89.99, 'A'],
    [3.0, 74.99, 'C'],
    [1.0, 49.99, 'E'],
    [0.5, 14.99, 'F'],
    [0.0, 14.99, 'G'],
  ] as const)('just below a threshold, CSRP %s and ARP %s give %s', (c, a, tier) => {
    expect(calculate({ oasysPredictors: predictors(a, c) }).ruleResults?.reoffending).toBe(tier);
  });

  it('says which score would raise or lower the tier', () => {
    const rule = calculate({ oasysPredictors: predictors(62, 3.4) }).explanation.rules[0]!;
    expect(rule.alternatives).toEqual([
      {
        kind: 'SCORE',
        predictor: 'ARP',
        direction: 'AT_LEAST',
        threshold: 75,
        tier: 'B',
        text: 'ARP at or above 75% would give B',
      },
      {
        kind: 'SCORE',
        predictor: 'CSRP',
        direction: 'AT_LEAST',
        threshold: 6.9,
        tier: 'B',
        text: 'CSRP at or above 6.9% would give B',
      },
      {
        kind: 'SCORE',
        predictor: 'CSRP',
        direction: 'BELOW',
        threshold: 3,
        tier: 'D',
        text: 'CSRP below 3% would give D',
      },
    ]);
  });
});

describe('R2 sexual reoffending (DC-SRP)', () => {
  const withDcSrp = (
    score: number,
    band: 'LOW' | 'MEDIUM' | 'HIGH' | 'VERY_HIGH' | 'NOT_APPLICABLE' | null,
  ) =>
    calculateSingleAxisTier({
      calculationDate: TODAY,
      hasActiveEvent: true,
      oasysPredictors: { ...LOW_PREDICTORS, dcSrp: { score, band } },
    });
  const r2 = (score: number, band: Parameters<typeof withDcSrp>[1]) => {
    const outcome = withDcSrp(score, band);
    return outcome.ok ? outcome.result.ruleResults?.sexualReoffending : outcome.errors.map((e) => e.type);
  };

  it.each([
    [0.01, 'VERY_HIGH', 'A'],
    [50, 'HIGH', 'B'],
    [0.01, 'HIGH', 'B'],
    [0.2, 'LOW', 'E'],
    [9, 'LOW', 'E'],
  ] as const)('score %s band %s gives %s whatever the score', (score, band, tier) => {
    expect(r2(score, band)).toBe(tier);
  });

  it.each([
    [3.36, 'C'],
    [3.35, 'D'],
    [2.11, 'D'],
    [2.1, 'C'],
    [1.12, 'C'],
    [1.11, 'D'],
    [0.6, 'D'],
  ] as const)('MEDIUM with score %s gives %s', (score, tier) => {
    expect(r2(score, 'MEDIUM')).toBe(tier);
  });

  it('refuses MEDIUM below 0.60 with DC_SRP_SCORE_INCONSISTENT_WITH_BAND', () => {
    expect(r2(0.59, 'MEDIUM')).toEqual(['DC_SRP_SCORE_INCONSISTENT_WITH_BAND']);
    expect(r2(0.01, 'MEDIUM')).toEqual(['DC_SRP_SCORE_INCONSISTENT_WITH_BAND']);
  });

  it('ignores a score of 0, a null band and NOT_APPLICABLE without error', () => {
    expect(r2(0, 'VERY_HIGH')).toBeNull();
    expect(r2(0, 'MEDIUM')).toBeNull();
    expect(r2(5, null)).toBeNull();
    expect(r2(5, 'NOT_APPLICABLE')).toBeNull();
  });

  it('explains a MEDIUM band through its points', () => {
    const outcome = withDcSrp(2.5, 'MEDIUM');
    expect(outcome.ok && outcome.result.explanation.rules[1]!.text).toBe(
      'DC-SRP band Medium with score 2.50% (a High band reduced by one step, 30–32 points) → D',
    );
  });
});

describe('R3 MAPPA and RoSH', () => {
  const mappa = reg('MAPP', { category: 'M2', registrationDate: '2025-01-01' });
  it.each([
    ['RVHR', true, 'A'],
    ['RVHR', false, 'C'],
    ['RHRH', true, 'C'],
    ['RHRH', false, 'D'],
    ['RMRH', true, 'D'],
    ['RMRH', false, null],
    ['RLRH', true, 'E'],
    ['RLRH', false, null],
    [null, true, 'E'],
    [null, false, null],
  ] as const)('RoSH %s with MAPPA %s gives %s', (rosh, withMappa, tier) => {
    const registrations = [...(rosh ? [reg(rosh)] : []), ...(withMappa ? [mappa] : [])];
    expect(calculate({ registrations }).ruleResults?.mappaRosh).toBe(tier);
  });

  it('explains in plain English', () => {
    const result = calculate({ registrations: [reg('RHRH'), mappa] });
    expect(result.explanation.rules[2]!.text).toBe('MAPPA category 2 with High RoSH → C');
    expect(result.explanation.rules[2]!.alternatives).toContainEqual({
      kind: 'MAPPA',
      present: false,
      tier: 'D',
      text: 'Without MAPPA this would give D',
    });
  });

  it('uses only the newest MAPP registration, whose category must be exactly M1–M4', () => {
    const older = reg('MAPP', { category: 'M1', registrationDate: '2024-01-01' });
    expect(
      calculate({ registrations: [older, reg('MAPP', { registrationDate: '2025-01-01' })] }).derived
        .mappaCategory,
    ).toBeNull();
    expect(calculate({ registrations: [reg('MAPP', { category: 'm1' })] }).derived.mappaCategory).toBeNull();
    expect(calculate({ registrations: [reg('MAPP', { category: 'M0' })] }).derived.mappaCategory).toBeNull();
    expect(calculate({ registrations: [reg('MAPP', { category: 'M4' })] }).ruleResults?.mappaRosh).toBe('E');
  });

  it('counts a MAPPA category without a level (V3 ignores the level)', () => {
    expect(
      calculate({ registrations: [reg('MAPP', { category: 'M3', level: null })] }).derived.mappaCategory,
    ).toBe('M3');
  });

  it('takes RoSH from the newest RoSH registration', () => {
    const registrations = [
      reg('RVHR', { registrationDate: '2024-06-01' }),
      reg('rlrh', { registrationDate: '2025-06-01' }),
    ];
    expect(calculate({ registrations }).derived.rosh).toBe('LOW');
  });
});

describe('R4 lifer or IPP (calendar years, inclusive boundaries)', () => {
  const lifer = (latestReleaseDate: string | null, calculationDate = TODAY) =>
    calculate({ calculationDate, registrations: [reg('INLL')], latestReleaseDate }).ruleResults?.liferIpp;

  it.each([
    ['2026-06-01', 'B'],
    ['2026-03-02', 'B'],
    ['2025-03-02', 'B'],
    ['2025-03-01', 'D'],
    ['2021-03-02', 'D'],
    ['2021-03-01', 'E'],
    ['1999-01-01', 'E'],
  ] as const)('on 2026-03-02, a release on %s gives %s', (release, tier) => {
    expect(lifer(release)).toBe(tier);
  });

  it('gives nothing to a lifer still in custody, or to a release without INLL', () => {
    expect(lifer(null)).toBeNull();
    expect(calculate({ latestReleaseDate: '2026-01-01' }).ruleResults?.liferIpp).toBeNull();
  });

  it('treats today − 1 year from 29 February as 28 February', () => {
    expect(lifer('2023-02-28', '2024-02-29')).toBe('B');
    expect(lifer('2023-02-27', '2024-02-29')).toBe('D');
    expect(lifer('2023-02-28', '2028-02-29')).toBe('D');
    expect(lifer('2023-02-27', '2028-02-29')).toBe('E');
  });

  it('counts a 29 February release as within a year until 28 February', () => {
    expect(lifer('2024-02-29', '2025-02-28')).toBe('B');
    expect(lifer('2024-02-29', '2025-03-01')).toBe('D');
  });

  it('says from which dates the rule will give a lower tier', () => {
    const rule = calculate({
      calculationDate: '2024-02-29',
      registrations: [reg('INLL')],
      latestReleaseDate: '2023-02-28',
    }).explanation.rules[3]!;
    expect(rule.text).toBe('Lifer or IPP released on 2023-02-28, within the last year → B');
    expect(rule.alternatives.map((a) => a.kind === 'DATE' && [a.from, a.tier])).toEqual([
      ['2024-03-01', 'D'],
      ['2028-03-01', 'E'],
    ]);
  });
});

describe('R5–R8 flags', () => {
  it.each([
    ['ADVP', 'domesticAbuse', 'E'],
    ['REG30', 'domesticAbuse', 'E'],
    ['advp', 'domesticAbuse', 'E'],
    ['SPO', 'stalking', 'F'],
    ['RCPR', 'childProtection', 'F'],
  ] as const)('%s gives %s %s', (code, rule, tier) => {
    const result = calculate({ registrations: [reg(code)] });
    expect(result.ruleResults?.[rule]).toBe(tier);
    expect(result.tier).toBe(tier);
  });

  it('R8: ever committed a sexual offence gives E; absent counts as false', () => {
    expect(calculate({ everCommittedSexualOffence: true }).ruleResults?.sexualOffences).toBe('E');
    expect(calculate({ everCommittedSexualOffence: null }).ruleResults?.sexualOffences).toBeNull();
  });

  it('ignores HREG and deregistered registrations', () => {
    const result = calculate({
      registrations: [reg('HREG'), reg('ADVP', { deregistered: true }), reg('RVHR', { deregistered: true })],
    });
    expect(result.derived).toEqual({
      rosh: null,
      mappaCategory: null,
      liferIpp: false,
      domesticAbuse: false,
      stalking: false,
      childProtection: false,
    });
    expect(result.tier).toBe('G');
  });
});

describe('provisional (§3.4)', () => {
  const high = reg('RHRH');

  it('(a) both static: provisional unless the other rules reach A', () => {
    expect(
      calculate({ oasysPredictors: predictors(95, 7, 'STATIC', 'STATIC'), registrations: [high] })
        .provisional,
    ).toBe(true);
    const confirmed = calculate({
      oasysPredictors: { ...predictors(95, 7, 'STATIC', 'STATIC'), dcSrp: { score: 4, band: 'VERY_HIGH' } },
      registrations: [high],
    });
    expect(confirmed).toMatchObject({ tier: 'A', provisional: false });
  });

  it('(a) only ARP static: the other rules must reach the first column of the CSRP row', () => {
    // CSRP 1.5 is row 1.0, whose ARP-infinite value is B. R1 itself gives E.
    const base = { oasysPredictors: predictors(30, 1.5, 'STATIC', 'DYNAMIC') };
    const provisional = calculate({ ...base, registrations: [high] });
    expect(provisional).toMatchObject({ tier: 'D', provisional: true });
    expect(provisional.explanation.provisionalReasons).toEqual([
      expect.objectContaining({ test: 'STATIC_PREDICTORS', otherRulesReach: 'D', needed: 'B' }),
    ]);
    const confirmed = calculate({
      ...base,
      oasysPredictors: { ...base.oasysPredictors, dcSrp: { score: 3, band: 'HIGH' } },
      registrations: [high],
    });
    expect(confirmed).toMatchObject({ tier: 'B', provisional: false });
  });

  it('(a) only CSRP static: the other rules must reach the first row of the ARP column', () => {
    // ARP 30 is column 25, whose CSRP-infinite value is B.
    const oasysPredictors = predictors(30, 0.7, null, 'STATIC');
    expect(calculate({ oasysPredictors, registrations: [reg('RVHR')] })).toMatchObject({
      tier: 'C',
      provisional: true,
    });
    expect(
      calculate({ oasysPredictors, registrations: [high, reg('INLL')], latestReleaseDate: '2026-01-01' }),
    ).toMatchObject({
      tier: 'B',
      provisional: false,
    });
  });

  it('(a) a null type is neither static nor dynamic', () => {
    expect(
      calculate({ oasysPredictors: predictors(95, 7, null, null), registrations: [high] }),
    ).toMatchObject({ tier: 'A', provisional: false });
  });

  it('(b) no RoSH, MAPPA present: confirmed only when dynamic ARP/CSRP or DC-SRP reach A', () => {
    const mappa = reg('MAPP', { category: 'M1' });
    expect(calculate({ oasysPredictors: predictors(95, 7), registrations: [mappa] })).toMatchObject({
      tier: 'A',
      provisional: false,
    });
    expect(calculate({ oasysPredictors: predictors(80, 7), registrations: [mappa] })).toMatchObject({
      tier: 'A',
      provisional: false,
    });
    expect(calculate({ oasysPredictors: predictors(60, 7), registrations: [mappa] })).toMatchObject({
      tier: 'B',
      provisional: true,
    });
    expect(
      calculate({ oasysPredictors: predictors(95, 7, null, 'DYNAMIC'), registrations: [mappa] }),
    ).toMatchObject({
      tier: 'A',
      provisional: true,
    });
    expect(
      calculate({
        oasysPredictors: { ...predictors(10, 0.2), dcSrp: { score: 6, band: 'VERY_HIGH' } },
        registrations: [mappa],
      }),
    ).toMatchObject({ tier: 'A', provisional: false });
  });

  it('(b) no RoSH, no MAPPA: confirmed when dynamic ARP/CSRP, DC-SRP or a recent lifer release reach C', () => {
    expect(calculate({ oasysPredictors: predictors(50, 3) })).toMatchObject({
      tier: 'C',
      provisional: false,
    });
    expect(calculate({ oasysPredictors: predictors(75, 1) })).toMatchObject({
      tier: 'C',
      provisional: false,
    });
    expect(calculate({ oasysPredictors: predictors(50, 1) })).toMatchObject({ tier: 'D', provisional: true });
    expect(calculate({ registrations: [reg('INLL')], latestReleaseDate: '2025-06-01' })).toMatchObject({
      tier: 'B',
      provisional: false,
    });
    expect(calculate({ registrations: [reg('INLL')], latestReleaseDate: '2023-06-01' })).toMatchObject({
      tier: 'D',
      provisional: true,
    });
    expect(
      calculate({ oasysPredictors: { ...LOW_PREDICTORS, dcSrp: { score: 1.5, band: 'MEDIUM' } } }),
    ).toMatchObject({
      tier: 'C',
      provisional: false,
    });
  });

  it('(b) a case with RoSH recorded is never provisional under this test', () => {
    expect(calculate({ registrations: [reg('RLRH')] })).toMatchObject({ tier: 'G', provisional: false });
  });

  it('is always false for MISSING and NOT_SUPERVISED', () => {
    expect(
      calculate({ oasysPredictors: { arp: { score: 80, staticOrDynamic: 'STATIC' } } }).provisional,
    ).toBe(false);
    expect(
      calculate({ hasActiveEvent: false, oasysPredictors: predictors(80, 1.5, 'STATIC', 'STATIC') })
        .provisional,
    ).toBe(false);
  });
});

describe('typed-function validation', () => {
  it('refuses impossible dates and non-finite scores with the contract field paths', () => {
    const outcome = calculateSingleAxisTier({
      calculationDate: '2026-02-30',
      hasActiveEvent: true,
      registrations: [reg('RHRH', { registrationDate: '2026-1-1' })],
      latestReleaseDate: '2025-02-29',
      oasysPredictors: {
        arp: { score: Number.NaN },
        csrp: { score: -2 },
        dcSrp: { score: Number.POSITIVE_INFINITY },
      },
    });
    expect(outcome.ok).toBe(false);
    expect(!outcome.ok && outcome.errors.map((e) => [e.type, ...e.fields])).toEqual([
      ['INVALID_VALUE', 'calculationDate'],
      ['INVALID_VALUE', 'registrations[0].registrationDate'],
      ['INVALID_VALUE', 'latestReleaseDate'],
      ['INVALID_VALUE', 'oasysPredictors.arp.score'],
      ['INVALID_VALUE', 'oasysPredictors.csrp.score'],
      ['INVALID_VALUE', 'oasysPredictors.dcSrp.score'],
    ]);
  });
});
