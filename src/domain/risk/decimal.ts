import { Decimal } from 'decimal.js';

// risk-predictors.md P1: all predictor arithmetic, ln and exp included, is decimal at 34 significant digits
// (decimal128), with intermediate results rounded half-even. Only the published rounding steps round half-up
// (rounding.ts). A separate clone keeps these settings from leaking into any other use of decimal.js.
export const Dec = Decimal.clone({ precision: 34, rounding: Decimal.ROUND_HALF_EVEN });
export type Dec = Decimal;

/** logistic(x) = eˣ ÷ (1 + eˣ) (risk-predictors.md §2.4), in the form the specification writes it. */
export function logistic(x: Decimal.Value): Dec {
  const ex = new Dec(x).exp();
  return ex.div(ex.plus(1));
}

/** A decimal as a JSON number, never −0 (which decimal.js produces for 0 × a negative). */
export function toJsonNumber(value: Decimal): number {
  const n = value.toNumber();
  return n === 0 ? 0 : n;
}
