import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Dec } from './decimal.js';
import { logisticOfFixed, logisticScore, logisticScoreByDec } from './logistic-score.js';

// The fixed-point score must give exactly the numbers of the Dec definition: every stored score was computed
// that way, and a recalculation that changed one digit would write a new row for it.

/** Log-odds terms as the predictors have them: coefficients of up to 16 digits times small counts, and logs. */
const terms = fc.oneof(
  fc
    .tuple(fc.integer({ min: -3e15, max: 3e15 }), fc.integer({ min: 15, max: 22 }))
    .map(([m, places]) => new Dec(`${m}e-${places}`)),
  fc
    .tuple(
      fc.integer({ min: 1, max: 200 }),
      fc.integer({ min: 1, max: 200 }),
      fc.integer({ min: -2e15, max: 2e15 }),
    )
    .map(([s, y, k]) =>
      new Dec(s)
        .div(y)
        .ln()
        .times(new Dec(`${k}e-15`)),
    ),
);

describe('logisticScore', () => {
  it('gives the same linear predictor, probability and percentage as Dec', () => {
    fc.assert(
      fc.property(fc.array(terms, { minLength: 1, maxLength: 25 }), (ts) => {
        expect(logisticScore(ts)).toEqual(logisticScoreByDec(ts));
      }),
      { numRuns: 3000 },
    );
  });

  it('agrees across the whole range of log-odds, where the percentage clamps and rounds to 0', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -2300, max: 2300 }),
        fc.stringMatching(/^[0-9]{1,30}$/),
        (whole, fraction) => {
          const ts = [new Dec(`${whole / 100}`), new Dec(`0.${fraction}`)];
          expect(logisticScore(ts)).toEqual(logisticScoreByDec(ts));
        },
      ),
      { numRuns: 3000 },
    );
  });

  it('agrees at the edges: zero, the percentage boundaries, and beyond the fixed-point range', () => {
    const cases = [
      ['0'],
      ['-9.21034037197618'],
      ['9.21024036697585'],
      ['-4.59511985013459'],
      ['99', '99'],
      ['-99', '-99', '-99'],
      ['1e-45'],
    ];
    for (const c of cases) {
      const ts = c.map((v) => new Dec(v));
      expect(logisticScore(ts)).toEqual(logisticScoreByDec(ts));
    }
    expect(logisticOfFixed(10n ** 45n * 201n)).toBeNull();
  });
});
