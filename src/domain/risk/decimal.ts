import { Decimal } from 'decimal.js';
import { remembered } from '../remembered.js';

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

/** A coefficient as a decimal, parsed once however many people it is applied to. */
export const decimalOf = remembered((value: string): Dec => new Dec(value));

const lnOfRatioByKey = remembered((key: string): Dec => {
  const [numerator, denominator] = key.split('/');
  return new Dec(numerator!).div(denominator!).ln();
});

/** ln(numerator ÷ denominator) for whole-number counts and years, such as the Copas rate ln(S ÷ (years + 26)). */
export function lnOfRatio(numerator: number, denominator: number): Dec {
  return lnOfRatioByKey(`${numerator}/${denominator}`);
}
