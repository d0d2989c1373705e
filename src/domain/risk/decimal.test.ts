import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Dec, exp34, logistic } from './decimal.js';

// exp34 must give exactly the decimal decimal.js's exp gives at 34 digits (P1), because every stored score was
// calculated that way and a recalculation must reproduce it.

/** A decimal of up to 34 significant digits between about −200 and 200, as linear predictors are. */
const decimals = fc
  .tuple(fc.boolean(), fc.stringMatching(/^[1-9][0-9]{0,33}$/), fc.integer({ min: -40, max: 2 }))
  .map(([negative, digits, exponent]) => new Dec(`${negative ? '-' : ''}0.${digits}e${exponent}`));

describe('exp34', () => {
  it('is the same decimal as decimal.js exp at 34 significant digits', () => {
    fc.assert(
      fc.property(decimals, (x) => {
        expect(exp34(x).toString()).toBe(new Dec(x).exp().toString());
      }),
      { numRuns: 20000 },
    );
  });

  it('agrees at zero, whole numbers and outside the range it computes itself', () => {
    for (const x of [
      '0',
      '-0',
      '1',
      '-1',
      '2',
      '-17',
      '199',
      '200',
      '-200',
      '250.5',
      '-700',
      '1e-60',
      '-1e-70',
    ])
      expect(exp34(x).toString()).toBe(new Dec(x).exp().toString());
  });

  it('gives the logistic curve its half at 0 and its symmetry', () => {
    expect(logistic(0).toString()).toBe('0.5');
    const x = new Dec('1.2345678901234567890123456789012345');
    expect(logistic(x).plus(logistic(x.neg())).toDecimalPlaces(30).toString()).toBe('1');
  });
});
