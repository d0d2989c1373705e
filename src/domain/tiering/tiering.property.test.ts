import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { calculateProtectChangeTier, type ProtectChangeInput, type ProtectLevel } from './protect-change.js';
import { deriveRegistrationFlags, type Registration } from './registrations.js';
import {
  calculateSingleAxisTier,
  compareV3Tiers,
  type SingleAxisInput,
  type SingleAxisResult,
  type V3RuleId,
} from './single-axis.js';

const TODAY = '2026-03-02';

const isoDate = fc
  .record({
    y: fc.integer({ min: 2012, max: 2027 }),
    m: fc.integer({ min: 1, max: 12 }),
    d: fc.integer({ min: 1, max: 28 }),
  })
  .map(({ y, m, d }) => `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`);

const ALL_CODES = [
  'RVHR',
  'RHRH',
  'RMRH',
  'RLRH',
  'MAPP',
  'ADVP',
  'REG30',
  'SPO',
  'RCPR',
  'INLL',
  'IIOM',
  'PRC',
  'HREG',
  'RMDO',
  'ALSH',
  'RVLN',
  'RCCO',
  'RCHD',
  'RPIR',
  'RVAD',
  'STRG',
  'RTAO',
  'AV2S',
  'WEAP',
  'ARSO',
  'advp',
];
// Codes that only ever add to a tier: not RoSH or MAPPA, where a newer registration replaces an older one.
const ADDITIVE_CODES = ALL_CODES.filter((c) => !['RVHR', 'RHRH', 'RMRH', 'RLRH', 'MAPP'].includes(c));

const registration = (codes: readonly string[]): fc.Arbitrary<Registration> =>
  fc.record({
    code: fc.constantFrom(...codes),
    level: fc.option(fc.constantFrom('M1', 'M2', 'M3', 'm2', 'M0', ''), { nil: null }),
    category: fc.option(fc.constantFrom('M1', 'M2', 'M3', 'M4', 'm1', 'X'), { nil: null }),
    registrationDate: fc.option(isoDate, { nil: null }),
  });
const registrations = fc.array(registration(ALL_CODES), { maxLength: 8 });

const percent2dp = (max: number) => fc.integer({ min: 0, max: max * 100 }).map((n) => n / 100);
const scoreType = fc.constantFrom('STATIC' as const, 'DYNAMIC' as const, null);
const predictor = (max: number) => fc.record({ score: percent2dp(max), staticOrDynamic: scoreType });
const dcSrp = fc
  .record({
    score: percent2dp(30),
    band: fc.constantFrom(
      'LOW' as const,
      'MEDIUM' as const,
      'HIGH' as const,
      'VERY_HIGH' as const,
      'NOT_APPLICABLE' as const,
      null,
    ),
  })
  .filter((d) => !(d.band === 'MEDIUM' && d.score > 0 && d.score < 0.6));

const v3Input: fc.Arbitrary<SingleAxisInput> = fc.record({
  calculationDate: isoDate,
  hasActiveEvent: fc.boolean(),
  registrations,
  latestReleaseDate: fc.option(isoDate, { nil: null }),
  oasysPredictors: fc.option(
    fc.record({
      arp: fc.option(predictor(99.99), { nil: null }),
      csrp: fc.option(predictor(99.99), { nil: null }),
      dcSrp: fc.option(dcSrp, { nil: null }),
    }),
    { nil: null },
  ),
  everCommittedSexualOffence: fc.boolean(),
});

const assessment = fc.record({
  completedDate: fc.option(isoDate, { nil: null }),
  status: fc.constantFrom('COMPLETE' as const, 'LOCKED_INCOMPLETE' as const, 'OPEN' as const, null),
  sanIndicator: fc.boolean(),
  sectionSeverities: fc.record(
    {
      ACCOMMODATION: fc.constantFrom('NO_NEED' as const, 'STANDARD' as const, 'SEVERE' as const),
      THINKING_AND_BEHAVIOUR: fc.constantFrom('NO_NEED' as const, 'STANDARD' as const, 'SEVERE' as const),
      ATTITUDES: fc.constantFrom('NO_NEED' as const, 'STANDARD' as const, 'SEVERE' as const),
    },
    { requiredKeys: [] },
  ),
  womenFactors: fc.record({
    parentingResponsibilities: fc.constantFrom('YES' as const, 'NO' as const, 'UNKNOWN' as const),
    impulsivity: fc.constantFrom(
      'NONE' as const,
      'SOME' as const,
      'SIGNIFICANT' as const,
      'MISSING' as const,
    ),
  }),
});

const v2Input: fc.Arbitrary<ProtectChangeInput> = fc.record({
  calculationDate: fc.constant(TODAY),
  sex: fc.constantFrom('MALE' as const, 'FEMALE' as const, 'NOT_KNOWN' as const),
  registrations,
  events: fc.array(
    fc.record({
      sentenceTypeCode: fc.constantFrom('SP', 'SC', 'NC', 'ORA'),
      terminationDate: fc.option(isoDate, { nil: null }),
      requirements: fc.array(
        fc.record({ mainCategoryCode: fc.constantFrom('F', 'W', 'W1', 'X'), restrictive: fc.boolean() }),
        { maxLength: 3 },
      ),
    }),
    { maxLength: 3 },
  ),
  rsrScore: fc.option(percent2dp(100), { nil: null }),
  ogrsScore: fc.option(fc.integer({ min: 0, max: 100 }), { nil: null }),
  previousEnforcementActivity: fc.boolean(),
  needsAssessment: fc.option(assessment, { nil: null }),
});

function v3(input: SingleAxisInput): SingleAxisResult {
  const outcome = calculateSingleAxisTier(input);
  if (!outcome.ok) throw new Error(JSON.stringify(outcome.errors));
  return outcome.result;
}
function v2(input: ProtectChangeInput) {
  const outcome = calculateProtectChangeTier(input);
  if (!outcome.ok) throw new Error(JSON.stringify(outcome.errors));
  return outcome.result;
}
const PROTECT_ORDER: readonly ProtectLevel[] = ['D', 'C', 'B', 'A'];
const protectRank = (level: ProtectLevel) => PROTECT_ORDER.indexOf(level);

const withoutCodes = (regs: readonly Registration[] | undefined, codes: readonly string[]) =>
  (regs ?? []).filter((r) => !codes.includes(r.code.toUpperCase()));

describe('V3 properties', () => {
  it('removing domestic abuse flags never raises the tier', () => {
    fc.assert(
      fc.property(v3Input, (input) => {
        const without = v3({ ...input, registrations: withoutCodes(input.registrations, ['ADVP', 'REG30']) });
        expect(compareV3Tiers(without.tier, v3(input).tier)).toBeLessThanOrEqual(0);
      }),
    );
  });

  it('removing a child protection flag never raises the tier', () => {
    fc.assert(
      fc.property(v3Input, (input) => {
        const without = v3({ ...input, registrations: withoutCodes(input.registrations, ['RCPR']) });
        expect(compareV3Tiers(without.tier, v3(input).tier)).toBeLessThanOrEqual(0);
      }),
    );
  });

  it('adding registrations other than RoSH and MAPPA never lowers the tier', () => {
    fc.assert(
      fc.property(
        v3Input,
        fc.array(registration(ADDITIVE_CODES), { minLength: 1, maxLength: 4 }),
        (input, extra) => {
          const more = v3({ ...input, registrations: [...(input.registrations ?? []), ...extra] });
          expect(compareV3Tiers(more.tier, v3(input).tier)).toBeGreaterThanOrEqual(0);
        },
      ),
    );
  });

  it('a higher ARP or CSRP never lowers the tier', () => {
    fc.assert(
      fc.property(v3Input, percent2dp(50), percent2dp(20), (input, arpRise, csrpRise) => {
        const p = input.oasysPredictors;
        fc.pre(!!p?.arp && !!p.csrp);
        const raised = v3({
          ...input,
          oasysPredictors: {
            ...p,
            arp: { ...p!.arp!, score: p!.arp!.score + arpRise },
            csrp: { ...p!.csrp!, score: p!.csrp!.score + csrpRise },
          },
        });
        expect(compareV3Tiers(raised.tier, v3(input).tier)).toBeGreaterThanOrEqual(0);
      }),
    );
  });

  it('the tier is the highest rule result, or G; provisional only for a letter tier', () => {
    fc.assert(
      fc.property(v3Input, (input) => {
        const result = v3(input);
        if (result.ruleResults === null) {
          expect(['MISSING', 'NOT_SUPERVISED']).toContain(result.tier);
          expect(result.provisional).toBe(false);
          return;
        }
        const yielded = (Object.keys(result.ruleResults) as V3RuleId[])
          .map((k) => result.ruleResults![k])
          .filter((t) => t !== null);
        for (const t of yielded) expect(compareV3Tiers(result.tier, t)).toBeGreaterThanOrEqual(0);
        expect(yielded.length === 0 ? result.tier === 'G' : yielded.includes(result.tier as never)).toBe(
          true,
        );
        expect(result.provisional).toBe(result.explanation.provisionalReasons.length > 0);
      }),
    );
  });

  it('is deterministic, and independent of the order of dated registrations', () => {
    fc.assert(
      fc.property(v3Input, fc.integer(), (input, seed) => {
        expect(v3(input)).toEqual(v3(structuredClone(input)));
        const dated = (input.registrations ?? []).map((r, i) => ({
          ...r,
          registrationDate: `2020-01-${String(i + 1).padStart(2, '0')}`,
        }));
        const shuffled = [...dated].sort(
          (a, b) => ((a.code.charCodeAt(0) * seed) % 7) - ((b.code.charCodeAt(0) * seed) % 7),
        );
        expect(v3({ ...input, registrations: shuffled })).toEqual(v3({ ...input, registrations: dated }));
      }),
    );
  });
});

describe('V2 properties', () => {
  it('removing domestic abuse or child protection flags never raises the protect level or the tier', () => {
    fc.assert(
      fc.property(v2Input, fc.constantFrom(['ADVP', 'REG30'], ['RCPR']), (input, codes) => {
        const before = v2(input);
        const after = v2({ ...input, registrations: withoutCodes(input.registrations, codes) });
        expect(protectRank(after.protect.level)).toBeLessThanOrEqual(protectRank(before.protect.level));
        expect(after.protect.points).toBeLessThanOrEqual(before.protect.points);
        expect(after.change.level).toBe(before.change.level);
      }),
    );
  });

  it('adding registrations other than RoSH and MAPPA never lowers protect or change level', () => {
    fc.assert(
      fc.property(
        v2Input,
        fc.array(registration(ADDITIVE_CODES), { minLength: 1, maxLength: 4 }),
        (input, extra) => {
          const before = v2(input);
          const after = v2({ ...input, registrations: [...(input.registrations ?? []), ...extra] });
          expect(protectRank(after.protect.level)).toBeGreaterThanOrEqual(protectRank(before.protect.level));
          expect(after.change.level).toBeGreaterThanOrEqual(before.change.level);
        },
      ),
    );
  });

  it('a newer RoSH registration at the same or a higher level never lowers protect level', () => {
    const codes = ['RLRH', 'RMRH', 'RHRH', 'RVHR'];
    const levels = ['LOW', 'MEDIUM', 'HIGH', 'VERY_HIGH'];
    fc.assert(
      fc.property(v2Input, fc.integer({ min: 0, max: 3 }), (input, pick) => {
        const current = deriveRegistrationFlags(input.registrations ?? []).rosh;
        const code = codes[Math.max(pick, current === null ? 0 : levels.indexOf(current))]!;
        const before = v2(input);
        const after = v2({
          ...input,
          registrations: [{ code, registrationDate: '2027-12-31' }, ...(input.registrations ?? [])],
        });
        expect(protectRank(after.protect.level)).toBeGreaterThanOrEqual(protectRank(before.protect.level));
      }),
    );
  });

  it('protect points are the components less the smaller of RSR and RoSH', () => {
    fc.assert(
      fc.property(v2Input, (input) => {
        const { protect } = v2(input);
        const c = protect.components;
        expect(protect.points).toBe(
          c.rsr + c.rosh + c.mappa + c.complexity + c.additionalFactorsForWomen - Math.min(c.rsr, c.rosh),
        );
        const threshold = { A: 150, B: 20, C: 10, D: 0 }[protect.level];
        expect(protect.points).toBeGreaterThanOrEqual(threshold);
      }),
    );
  });

  it('the tier code is protect level, change level and S exactly when PRC is registered', () => {
    fc.assert(
      fc.property(v2Input, (input) => {
        const result = v2(input);
        const prc = (input.registrations ?? []).some((r) => r.code.toUpperCase() === 'PRC');
        expect(result.tier).toBe(`${result.protect.level}${result.change.level}${prc ? 'S' : ''}`);
        expect(result.tier).toMatch(/^[A-D][0-3]S?$/);
      }),
    );
  });

  it('is deterministic', () => {
    fc.assert(
      fc.property(v2Input, (input) => {
        expect(v2(input)).toEqual(v2(structuredClone(input)));
      }),
    );
  });
});
