import { describe, expect, it } from 'vitest';
import {
  allocationNeedsJustification,
  bandForPct,
  capacityBand,
  DEFAULT_CAPACITY_THRESHOLDS,
  excessiveWorkload,
  thresholdsOn,
  thresholdValueProblems,
  type WeeklySnapshot,
} from './thresholds.js';

describe('capacity bands (workload.md §8)', () => {
  it('is amber above 100 % and red above 110 %, both exclusive', () => {
    expect(capacityBand(1000, 1000)).toBe('WITHIN');
    expect(capacityBand(1001, 1000)).toBe('AMBER');
    expect(capacityBand(1100, 1000)).toBe('AMBER');
    expect(capacityBand(1101, 1000)).toBe('RED');
    expect(capacityBand(10, 0)).toBe('NO_AVAILABLE_POINTS');
  });

  it('puts the worked example (103.4 %) in amber and the A3 allocation (113.7 %) in red, needing justification', () => {
    expect(capacityBand(2066, 1999)).toBe('AMBER');
    expect(allocationNeedsJustification(capacityBand(2066, 1999))).toBe(false);
    expect(capacityBand(2272, 1999)).toBe('RED');
    expect(allocationNeedsJustification(capacityBand(2272, 1999))).toBe(true);
  });

  it('compares the exact value, not the 1 dp display', () => {
    // 11002 ÷ 10000 = 110.02 %, shown as 110.0 %.
    expect(capacityBand(11002, 10000)).toBe('RED');
    expect(bandForPct(110)).toBe('AMBER');
    // A number is compared as its decimal is.
    for (const pct of [99.99, 100, 100.00000000000001, 110, 110.04, 110.00000000000001, 250])
      expect(bandForPct(pct)).toBe(bandForPct(String(pct)));
    expect(bandForPct(null)).toBe('NO_AVAILABLE_POINTS');
  });
});

describe('excessive workload: over 110 % for 4 consecutive weeks', () => {
  const weeks = (...pcts: (number | null)[]): WeeklySnapshot[] =>
    pcts.map((workloadPct, i) => ({
      weekEnding: ['2026-02-06', '2026-02-13', '2026-02-20', '2026-02-27', '2026-03-06'][i]!,
      workloadPct,
    }));

  it('flags four consecutive weeks over 110 %', () => {
    expect(excessiveWorkload(weeks(111, 112, 115, 110.5))).toEqual({
      excessive: true,
      consecutiveWeeksOver: 4,
      overSince: '2026-02-06',
    });
  });

  it('does not flag three weeks, or a run broken by a week at exactly 110 %', () => {
    expect(excessiveWorkload(weeks(100, 112, 115, 110.5)).excessive).toBe(false);
    expect(excessiveWorkload(weeks(111, 112, 110, 110.5, 120))).toMatchObject({
      excessive: false,
      consecutiveWeeksOver: 2,
    });
  });

  it('counts back from the latest week, whatever order the snapshots come in', () => {
    expect(excessiveWorkload([...weeks(111, 112, 115, 111, 90)].reverse())).toMatchObject({
      excessive: false,
      consecutiveWeeksOver: 0,
      overSince: null,
    });
    expect(excessiveWorkload([...weeks(90, 111, 112, 115, 111)].reverse())).toMatchObject({
      excessive: true,
      overSince: '2026-02-13',
    });
  });

  it('treats a missing week or a week with no available points as breaking the run', () => {
    const gap = weeks(111, 112, 115, 111, 111).filter((w) => w.weekEnding !== '2026-02-20');
    expect(excessiveWorkload(gap)).toMatchObject({ excessive: false, consecutiveWeeksOver: 2 });
    expect(excessiveWorkload(weeks(111, null, 115, 111, 111))).toMatchObject({
      excessive: false,
      consecutiveWeeksOver: 3,
    });
  });
});

describe('threshold versions (workload.md §8)', () => {
  const values = {
    highlightAbovePct: 100,
    overCapacityAbovePct: 110,
    excessiveAbovePct: 110,
    excessiveConsecutiveWeeks: 4,
  };

  it('accepts the published defaults and names each bad value', () => {
    expect(thresholdValueProblems(values)).toEqual([]);
    expect(thresholdValueProblems({ ...values, highlightAbovePct: 110 })).toEqual([]);
    expect(thresholdValueProblems({ ...values, highlightAbovePct: 110.5 }).map((p) => p.field)).toEqual([
      'highlightAbovePct',
    ]);
    expect(
      thresholdValueProblems({
        highlightAbovePct: Number.NaN,
        overCapacityAbovePct: -1,
        excessiveAbovePct: 1001,
        excessiveConsecutiveWeeks: 0,
      }).map((p) => p.field),
    ).toEqual([
      'highlightAbovePct',
      'overCapacityAbovePct',
      'excessiveAbovePct',
      'excessiveConsecutiveWeeks',
    ]);
    expect(thresholdValueProblems({ ...values, excessiveConsecutiveWeeks: 2.5 })).toHaveLength(1);
  });

  it('picks the version in force on a date, half-open, and refuses a date no version covers', () => {
    const v1 = { ...DEFAULT_CAPACITY_THRESHOLDS, effectiveTo: '2026-12-01' };
    const v2 = {
      ...v1,
      version: 2,
      effectiveFrom: '2026-12-01',
      effectiveTo: null,
      overCapacityAbovePct: 120,
    };
    expect(thresholdsOn([v1, v2], '2026-11-30').version).toBe(1);
    expect(thresholdsOn([v1, v2], '2026-12-01').version).toBe(2);
    expect(() => thresholdsOn([v1, v2], '2020-01-01')).toThrow(/found 0/);
  });
});
