import { Decimal } from 'decimal.js';
import { Dec } from './decimal.js';

/** Each coefficient list's values by x: x is a whole age or a month count, so the same few recur. */
const valuesByCoefficients = new WeakMap<readonly Decimal.Value[], Map<string, Dec>>();

/**
 * Σ kᵢ·xⁱ for i = 1…n: the age and offence-free-month polynomials of SNSV and the 2026 family, which the
 * specifications also write as x·(k1 + k2·x + …). There is no constant term.
 */
export function polynomial(coefficients: readonly Decimal.Value[], x: Decimal.Value): Dec {
  let values = valuesByCoefficients.get(coefficients);
  if (!values) valuesByCoefficients.set(coefficients, (values = new Map()));
  const key = String(x);
  let value = values.get(key);
  if (value === undefined) {
    const base = new Dec(x);
    value = coefficients.reduce<Dec>((sum, k, i) => sum.plus(new Dec(k).times(base.pow(i + 1))), new Dec(0));
    values.set(key, value);
  }
  return value;
}
