import { Decimal } from 'decimal.js';
import { Dec } from './decimal.js';

/**
 * Σ kᵢ·xⁱ for i = 1…n: the age and offence-free-month polynomials of SNSV and the 2026 family, which the
 * specifications also write as x·(k1 + k2·x + …). There is no constant term.
 */
export function polynomial(coefficients: readonly Decimal.Value[], x: Decimal.Value): Dec {
  const base = new Dec(x);
  return coefficients.reduce<Dec>((sum, k, i) => sum.plus(new Dec(k).times(base.pow(i + 1))), new Dec(0));
}
