import { describe, expect, it } from 'vitest';
import {
  calculateProtectChangeTier,
  NEED_SECTION_RULES,
  type AnswerValue,
  type NeedsAssessment,
  type ProtectChangeInput,
  type ProtectChangeResult,
  type ScoredNeedSection,
  type SentencedEvent,
} from './protect-change.js';
import type { Registration } from './registrations.js';

const TODAY = '2026-03-02';
const RAR: SentencedEvent = {
  sentenceTypeCode: 'SP',
  requirements: [{ mainCategoryCode: 'F', restrictive: false }],
};
const reg = (code: string, extra: Partial<Registration> = {}): Registration => ({ code, ...extra });

function calculate(overrides: Partial<ProtectChangeInput> = {}): ProtectChangeResult {
  const outcome = calculateProtectChangeTier({
    calculationDate: TODAY,
    sex: 'MALE',
    events: [],
    ...overrides,
  });
  if (!outcome.ok) throw new Error(JSON.stringify(outcome.errors));
  return outcome.result;
}

/** Answers that add up to `score`. */
function answersScoring(score: number): Record<string, AnswerValue> {
  const answers: Record<string, AnswerValue> = { first: score % 2 === 1 ? 'SOME' : 'NONE' };
  for (let i = 0; i < Math.floor(score / 2); i++) answers[`q${i}`] = 'SIGNIFICANT';
  return answers;
}

describe('V2 worked example (tiering.md §4.4)', () => {
  const example: ProtectChangeInput = {
    calculationDate: TODAY,
    sex: 'FEMALE',
    events: [RAR],
    rsrScore: 4.2,
    registrations: [reg('RMRH'), reg('RMDO'), reg('ALSH')],
    previousEnforcementActivity: true,
    ogrsScore: 56,
    needsAssessment: {
      completedDate: '2025-10-14',
      sectionSeverities: {
        ACCOMMODATION: 'SEVERE',
        EDUCATION_TRAINING_AND_EMPLOYABILITY: 'STANDARD',
        DRUG_MISUSE: 'STANDARD',
        THINKING_AND_BEHAVIOUR: 'SEVERE',
        ATTITUDES: 'STANDARD',
        RELATIONSHIPS: 'NO_NEED',
        LIFESTYLE_AND_ASSOCIATES: 'NO_NEED',
        ALCOHOL_MISUSE: 'NO_NEED',
      },
      womenFactors: { parentingResponsibilities: 'YES', impulsivity: 'SOME' },
    },
  };

  it('gives B2 from 20 protect points and 15 change points', () => {
    const result = calculate(example);
    expect(result.tier).toBe('B2');
    expect(result.protect).toEqual({
      level: 'B',
      points: 20,
      components: { rsr: 10, rosh: 10, mappa: 0, complexity: 4, additionalFactorsForWomen: 6 },
    });
    expect(result.change).toMatchObject({
      level: 2,
      points: 15,
      reason: null,
      components: { needs: 10, ogrs: 5, iom: 0 },
    });
  });

  it('lists the points behind each axis in plain English, adding up to the totals', () => {
    const { explanation } = calculate(example);
    expect(explanation.protect.map((l) => l.text)).toEqual([
      'RSR 4.20% (3.00% to below 7.00%): 10 points',
      'RoSH Medium: 10 points',
      'Only the larger of RSR (10) and RoSH (10) counts: −10 points',
      'No MAPPA level: 0 points',
      '2 complexity factors (RMDO, ALSH): 4 points',
      'Additional factors for women: parental responsibilities (2), impulsivity or temper control (2), breach or recall in the last year (2): 6 points',
    ]);
    expect(explanation.protect.reduce((s, l) => s + l.points, 0)).toBe(20);
    expect(explanation.change.map((l) => l.text)).toEqual([
      'Needs: accommodation severe (2), education, training and employability standard (1), drug misuse standard (1), thinking and behaviour severe (4), attitudes standard (2): 10 points',
      'OGRS 56%: 5 points',
      'Not an IOM nominal: 0 points',
    ]);
    expect(explanation.protectPointsToNextLevel).toBe(130);
    expect(explanation.changePointsToNextLevel).toBe(5);
    expect(explanation.summary).toBe('Tier B2: protect B from 20 points, change 2 from 15 points');
  });

  it('gives B2S with a PRC registration', () => {
    expect(calculate({ ...example, registrations: [...example.registrations!, reg('PRC')] })).toMatchObject({
      tier: 'B2S',
      unsupervised: true,
    });
  });
});

describe('protect points (§4.1)', () => {
  const protect = (overrides: Partial<ProtectChangeInput>) => calculate(overrides).protect;

  it.each([
    [2.99, 0],
    [3.0, 10],
    [6.99, 10],
    [6.995, 10],
    [6.999999, 10],
    [7.0, 20],
    [99.99, 20],
    [0, 0],
  ])('RSR %s scores %s (exact decimals, Casework rule)', (rsrScore, points) => {
    expect(protect({ rsrScore }).components.rsr).toBe(points);
  });

  it('scores RSR above 99.99 as 0 with a warning', () => {
    const result = calculate({ rsrScore: 99.991 });
    expect(result.protect.components.rsr).toBe(0);
    expect(result.warnings.map((w) => w.type)).toEqual(['RSR_SCORE_OUT_OF_RANGE']);
  });

  it('counts an absent RSR as 0', () => {
    expect(protect({ rsrScore: null }).components.rsr).toBe(0);
  });

  it.each([
    ['RVHR', 150, 'A'],
    ['RHRH', 20, 'B'],
    ['RMRH', 10, 'C'],
    ['RLRH', 0, 'D'],
  ] as const)('RoSH %s scores %s, giving %s on its own', (code, points, level) => {
    expect(protect({ registrations: [reg(code)] })).toMatchObject({
      level,
      points,
      components: { rosh: points },
    });
  });

  it.each([
    ['M3', 150],
    ['M2', 150],
    ['m2', 150],
    ['M1', 5],
  ])('MAPPA level %s scores %s', (level, points) => {
    expect(protect({ registrations: [reg('MAPP', { level })] }).components.mappa).toBe(points);
  });

  it('skips MAPPA registrations with an invalid level and uses the next older valid one', () => {
    const registrations = [
      reg('MAPP', { level: 'M0', registrationDate: '2025-06-01' }),
      reg('MAPP', { level: '', registrationDate: '2025-05-01' }),
      reg('MAPP', { level: 'M2', registrationDate: '2024-01-01' }),
      reg('MAPP', { level: 'M1', registrationDate: '2023-01-01' }),
    ];
    expect(protect({ registrations }).components.mappa).toBe(150);
  });

  it('scores a MAPPA registration with a category but no level as 0', () => {
    expect(protect({ registrations: [reg('MAPP', { category: 'M2' })] }).components.mappa).toBe(0);
  });

  it('counts only the larger of RSR and RoSH, and a tie once', () => {
    expect(protect({ rsrScore: 8, registrations: [reg('RHRH')] }).points).toBe(20);
    expect(protect({ rsrScore: 8, registrations: [reg('RMRH')] }).points).toBe(20);
    expect(protect({ rsrScore: 4, registrations: [reg('RVHR')] }).points).toBe(150);
  });

  it('scores 2 per distinct complexity factor, case-insensitively, up to 20', () => {
    const all = ['RMDO', 'ALSH', 'RVLN', 'RCCO', 'RCPR', 'RCHD', 'RPIR', 'RVAD', 'STRG', 'RTAO'];
    expect(protect({ registrations: all.map((c) => reg(c)) }).components.complexity).toBe(20);
    expect(protect({ registrations: [reg('RMDO'), reg('rmdo'), reg('ADVP')] }).components.complexity).toBe(2);
  });

  it.each([
    [[reg('MAPP', { level: 'M1' }), reg('RMDO'), reg('ALSH')], 9, 'D'],
    [[reg('RMRH')], 10, 'C'],
    [
      [
        reg('MAPP', { level: 'M1' }),
        ...['RMDO', 'ALSH', 'RVLN', 'RCCO', 'RCPR', 'RCHD', 'RPIR'].map((c) => reg(c)),
      ],
      19,
      'C',
    ],
    [[reg('RHRH')], 20, 'B'],
    [[reg('MAPP', { level: 'M2' })], 150, 'A'],
  ] as const)('level boundaries: %# gives %s points, level %s', (registrations, points, level) => {
    expect(protect({ registrations })).toMatchObject({ points, level });
  });

  it('reaches at most 51 points without Very High RoSH or MAPPA M2/M3, so level A needs one of them', () => {
    const all = ['RMDO', 'ALSH', 'RVLN', 'RCCO', 'RCPR', 'RCHD', 'RPIR', 'RVAD', 'STRG', 'RTAO'].map((c) =>
      reg(c),
    );
    const result = protect({
      sex: 'FEMALE',
      rsrScore: 50,
      previousEnforcementActivity: true,
      registrations: [reg('RHRH'), reg('MAPP', { level: 'M1' }), ...all],
      needsAssessment: { womenFactors: { parentingResponsibilities: 'YES', temperControl: 'SIGNIFICANT' } },
    });
    expect(result).toMatchObject({ points: 51, level: 'B' });
  });
});

describe('additional factors for women', () => {
  const women = (overrides: Partial<ProtectChangeInput>) =>
    calculate({ sex: 'FEMALE', ...overrides }).protect.components.additionalFactorsForWomen;
  const assessment = (
    womenFactors: NeedsAssessment['womenFactors'],
    extra: Partial<NeedsAssessment> = {},
  ) => ({
    needsAssessment: { womenFactors, ...extra },
  });

  it('scores parental responsibilities 2 and impulsivity or temper control 2, counted once together', () => {
    expect(women(assessment({ parentingResponsibilities: 'YES' }))).toBe(2);
    expect(women(assessment({ parentingResponsibilities: 'UNKNOWN', impulsivity: 'SOME' }))).toBe(2);
    expect(women(assessment({ impulsivity: 'SIGNIFICANT', temperControl: 'SOME' }))).toBe(2);
    expect(women(assessment({ parentingResponsibilities: 'YES', temperControl: 'SOME' }))).toBe(4);
    expect(
      women(assessment({ parentingResponsibilities: 'NO', impulsivity: 'NONE', temperControl: 'MISSING' })),
    ).toBe(0);
  });

  it('needs a valid assessment for the assessment factors but not for breach or recall', () => {
    const expired = assessment(
      { parentingResponsibilities: 'YES', impulsivity: 'SOME' },
      { completedDate: '2025-02-09' },
    );
    expect(women(expired)).toBe(0);
    expect(women({ ...expired, previousEnforcementActivity: true })).toBe(2);
    expect(women(assessment({ parentingResponsibilities: 'YES' }, { status: 'OPEN' }))).toBe(0);
  });

  it('applies only to women', () => {
    const input = {
      previousEnforcementActivity: true,
      ...assessment({ parentingResponsibilities: 'YES' as const, impulsivity: 'SOME' as const }),
    };
    expect(calculate({ sex: 'MALE', ...input }).protect.components.additionalFactorsForWomen).toBe(0);
    expect(calculate({ sex: 'NOT_KNOWN', ...input }).protect.components.additionalFactorsForWomen).toBe(0);
    expect(calculate({ sex: 'FEMALE', ...input }).protect.components.additionalFactorsForWomen).toBe(6);
  });
});

describe('mandate for change (§4.2 step 1)', () => {
  const validAssessment = { needsAssessment: { completedDate: '2026-01-01' } };
  const change = (events: SentencedEvent[]) =>
    calculate({ events, ...validAssessment, ogrsScore: 99 }).change;

  it.each<[string, SentencedEvent[]]>([
    ['no events', []],
    ['only a terminated event', [{ ...RAR, terminationDate: '2025-01-01' }]],
    ['a future termination date', [{ ...RAR, terminationDate: '2027-01-01' }]],
    [
      'only restrictive requirements',
      [{ sentenceTypeCode: 'SP', requirements: [{ mainCategoryCode: 'F', restrictive: true }] }],
    ],
    [
      'only unpaid work',
      [{ sentenceTypeCode: 'SP', requirements: [{ mainCategoryCode: 'W', restrictive: false }] }],
    ],
    [
      'only order extended',
      [{ sentenceTypeCode: 'SP', requirements: [{ mainCategoryCode: 'W1', restrictive: false }] }],
    ],
    ['no requirements', [{ sentenceTypeCode: 'SP' }]],
    ['a terminated custodial sentence', [{ sentenceTypeCode: 'SC', terminationDate: '2026-01-01' }]],
  ])('%s gives level 0 with 0 points and no needs', (_, events) => {
    expect(change(events)).toEqual({
      level: 0,
      points: 0,
      reason: 'NO_MANDATE_FOR_CHANGE',
      components: { needs: 0, ogrs: 0, iom: 0 },
      needs: {},
    });
  });

  it.each<[string, SentencedEvent[]]>([
    ['a custodial NC sentence', [{ sentenceTypeCode: 'NC' }]],
    ['a custodial SC sentence', [{ sentenceTypeCode: 'SC' }]],
    [
      'a non-restrictive requirement among others',
      [
        {
          sentenceTypeCode: 'SP',
          requirements: [
            { mainCategoryCode: 'W', restrictive: false },
            { mainCategoryCode: 'F', restrictive: false },
          ],
        },
      ],
    ],
    [
      'one live event among terminated ones',
      [{ ...RAR, terminationDate: '2025-01-01' }, { sentenceTypeCode: 'SC' }],
    ],
  ])('%s is a mandate', (_, events) => {
    expect(change(events).reason).toBeNull();
  });
});

describe('valid needs assessment (§2.4, 55-week window)', () => {
  const reason = (needsAssessment: NeedsAssessment | null) =>
    calculate({ events: [RAR], needsAssessment }).change.reason;

  it('counts an assessment exactly 55 weeks old as valid, and one a day older as not', () => {
    expect(reason({ completedDate: '2025-02-10' })).toBeNull();
    expect(reason({ completedDate: '2025-02-09' })).toBe('NO_VALID_ASSESSMENT');
  });

  it('counts complete, locked-incomplete and absent status as valid, open as not', () => {
    expect(reason({ status: 'COMPLETE' })).toBeNull();
    expect(reason({ status: 'LOCKED_INCOMPLETE' })).toBeNull();
    expect(reason({ status: null })).toBeNull();
    expect(reason({ status: 'OPEN' })).toBe('NO_VALID_ASSESSMENT');
  });

  it('gives change level 2 with 0 points when there is no valid assessment', () => {
    expect(calculate({ events: [RAR], ogrsScore: 99, registrations: [reg('IIOM')] }).change).toEqual({
      level: 2,
      points: 0,
      reason: 'NO_VALID_ASSESSMENT',
      components: { needs: 0, ogrs: 0, iom: 0 },
      needs: {},
    });
  });

  it('uses the calculation date for the window, across 29 February', () => {
    expect(
      calculate({
        calculationDate: '2025-03-10',
        events: [RAR],
        needsAssessment: { completedDate: '2024-02-19' },
      }).change.reason,
    ).toBeNull();
    expect(
      calculate({
        calculationDate: '2025-03-10',
        events: [RAR],
        needsAssessment: { completedDate: '2024-02-18' },
      }).change.reason,
    ).toBe('NO_VALID_ASSESSMENT');
  });
});

describe('change points (§4.2 step 3)', () => {
  const change = (overrides: Partial<ProtectChangeInput>) =>
    calculate({ events: [RAR], needsAssessment: {}, ...overrides }).change;

  it.each([
    [0, 0],
    [9, 0],
    [10, 1],
    [56, 5],
    [99, 9],
    [100, 10],
  ])('OGRS %s scores %s', (ogrsScore, points) => {
    expect(change({ ogrsScore }).components.ogrs).toBe(points);
  });

  it('adds 2 for an IOM nominal', () => {
    expect(change({ registrations: [reg('IIOM')] }).components.iom).toBe(2);
  });

  it.each([
    [[reg('IIOM')], 0, 2, 1],
    [[], 90, 9, 1],
    [[], 100, 10, 2],
    [[reg('IIOM')], 90, 11, 2],
  ] as const)('level boundaries without needs: %#', (registrations, ogrsScore, points, level) => {
    expect(change({ registrations: [...registrations], ogrsScore })).toMatchObject({ points, level });
  });

  it('reaches level 2 at 19 points and level 3 at 20', () => {
    const sectionSeverities = { THINKING_AND_BEHAVIOUR: 'SEVERE', ATTITUDES: 'SEVERE' } as const;
    expect(
      change({ needsAssessment: { sectionSeverities }, ogrsScore: 99, registrations: [reg('IIOM')] }),
    ).toMatchObject({ points: 19, level: 2 });
    expect(
      change({ needsAssessment: { sectionSeverities }, ogrsScore: 100, registrations: [reg('IIOM')] }),
    ).toMatchObject({ points: 20, level: 3 });
  });

  it('scores at most 20 needs points, and ignores the weight-0 sections', () => {
    const sectionSeverities = Object.fromEntries(
      [...Object.keys(NEED_SECTION_RULES), 'FINANCIAL_MANAGEMENT_AND_INCOME', 'EMOTIONAL_WELL_BEING'].map(
        (s) => [s, 'SEVERE'],
      ),
    );
    const result = change({ needsAssessment: { sectionSeverities } });
    expect(result.components.needs).toBe(20);
    expect(Object.keys(result.needs)).toHaveLength(8);
  });
});

describe('needs section thresholds (§2.4)', () => {
  const cases = (
    Object.entries(NEED_SECTION_RULES) as [
      ScoredNeedSection,
      (typeof NEED_SECTION_RULES)[ScoredNeedSection],
    ][]
  ).flatMap(([section, rule]) =>
    ([false, true] as const).flatMap((san) => {
      const t = san ? rule.san : rule.standard;
      return [
        [section, san, t.standard - 1, 'NO_NEED'],
        [section, san, t.standard, 'STANDARD'],
        [section, san, t.severe - 1, 'STANDARD'],
        [section, san, t.severe, 'SEVERE'],
      ] as const;
    }),
  );

  it('holds the spec thresholds and weights', () => {
    expect(NEED_SECTION_RULES).toEqual({
      ACCOMMODATION: { weight: 1, standard: { standard: 2, severe: 7 }, san: { standard: 3, severe: 5 } },
      EDUCATION_TRAINING_AND_EMPLOYABILITY: {
        weight: 1,
        standard: { standard: 3, severe: 7 },
        san: { standard: 3, severe: 7 },
      },
      RELATIONSHIPS: { weight: 1, standard: { standard: 2, severe: 5 }, san: { standard: 2, severe: 5 } },
      LIFESTYLE_AND_ASSOCIATES: {
        weight: 1,
        standard: { standard: 2, severe: 5 },
        san: { standard: 2, severe: 5 },
      },
      DRUG_MISUSE: { weight: 1, standard: { standard: 2, severe: 8 }, san: { standard: 2, severe: 6 } },
      ALCOHOL_MISUSE: { weight: 1, standard: { standard: 4, severe: 7 }, san: { standard: 2, severe: 4 } },
      THINKING_AND_BEHAVIOUR: {
        weight: 2,
        standard: { standard: 4, severe: 7 },
        san: { standard: 3, severe: 5 },
      },
      ATTITUDES: { weight: 2, standard: { standard: 2, severe: 7 }, san: { standard: 1, severe: 5 } },
    });
  });

  it.each(cases)('%s (SAN %s) scoring %s is %s', (section, sanIndicator, score, severity) => {
    const result = calculate({
      events: [RAR],
      needsAssessment: { sanIndicator, sections: { [section]: answersScoring(score) } },
    });
    const weight = NEED_SECTION_RULES[section].weight;
    const points = weight * { NO_NEED: 0, STANDARD: 1, SEVERE: 2 }[severity];
    expect(result.change.needs[section]).toEqual({ score, severity, weight, points });
  });

  it('values answers as the spec lists them', () => {
    const sections = {
      ACCOMMODATION: { a: 'YES', b: 'NO', c: 'UNKNOWN' },
      RELATIONSHIPS: { a: 'NONE', b: 'SOME', c: 'SIGNIFICANT', d: 'MISSING' },
      DRUG_MISUSE: { a: 'NEVER', b: 'PREVIOUS', c: 'CURRENTLY' },
    } as const;
    const { needs } = calculate({ events: [RAR], needsAssessment: { sections } }).change;
    expect([needs.ACCOMMODATION?.score, needs.RELATIONSHIPS?.score, needs.DRUG_MISUSE?.score]).toEqual([
      2, 3, 3,
    ]);
  });

  it('gives a section whose answers are all Missing or Unknown no score and no points', () => {
    const sections = {
      ATTITUDES: { a: 'MISSING', b: 'UNKNOWN' },
      THINKING_AND_BEHAVIOUR: { a: 'MISSING', b: 'NONE' },
    } as const;
    const { needs } = calculate({ events: [RAR], needsAssessment: { sections } }).change;
    expect(needs.ATTITUDES).toEqual({ score: null, severity: null, weight: 2, points: 0 });
    expect(needs.THINKING_AND_BEHAVIOUR).toEqual({ score: 0, severity: 'NO_NEED', weight: 2, points: 0 });
  });
});

describe('typed-function validation', () => {
  it('refuses a section given both ways, impossible dates and out-of-range scores', () => {
    const outcome = calculateProtectChangeTier({
      calculationDate: TODAY,
      sex: 'MALE',
      events: [{ sentenceTypeCode: 'SP', terminationDate: '2025-13-01' }],
      rsrScore: -0.5,
      ogrsScore: 101,
      needsAssessment: {
        completedDate: 'yesterday',
        sections: { DRUG_MISUSE: {} },
        sectionSeverities: { DRUG_MISUSE: 'SEVERE' },
      },
    });
    expect(!outcome.ok && outcome.errors.map((e) => [e.type, e.fields[0]])).toEqual([
      ['INVALID_VALUE', 'events[0].terminationDate'],
      ['INVALID_VALUE', 'rsrScore'],
      ['INVALID_VALUE', 'ogrsScore'],
      ['INVALID_VALUE', 'needsAssessment.completedDate'],
      ['CONFLICTING_INPUT', 'needsAssessment.sections.DRUG_MISUSE'],
    ]);
  });
});
