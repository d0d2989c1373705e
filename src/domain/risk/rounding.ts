import { Decimal } from 'decimal.js';
import { Dec } from './decimal.js';

/** A published rounding step: half-up on the decimal value (risk-predictors.md P1), so 0.495 → 0.50. */
export function roundHalfUp(value: Decimal.Value, decimalPlaces: number): Dec {
  return new Dec(value).toDecimalPlaces(decimalPlaces, Decimal.ROUND_HALF_UP);
}

const MAX_PERCENT_2DP = new Dec('99.99');

/**
 * Probability × 100, rounded half-up to 2 dp and clamped to [0.00, 99.99] (calculation-api.md §2.3). Rounding
 * comes first, so a probability that rounds to 100.00 % is reported as 99.99.
 */
export function percent2dp(probability: Decimal.Value): number {
  const rounded = roundHalfUp(new Dec(probability).times(100), 2);
  if (rounded.lte(0)) return 0;
  if (rounded.gte(100)) return MAX_PERCENT_2DP.toNumber();
  return rounded.toNumber();
}

/**
 * percent2dp of the sum of 2-dp percentages, as RSR and CSRP add their components: Σ in Dec, ÷ 100, then
 * percent2dp. Each addend is the double of a 2-dp decimal, so the sum is a whole number of hundredths and is
 * added as one; an addend that is not such a double is added in Dec, as the definition does.
 */
export function percent2dpOfSum(percents: readonly number[]): number {
  let hundredths = 0;
  for (const p of percents) {
    const h = Math.round(p * 100);
    // The double of h ÷ 100 is p only when p's decimal value, as Dec reads it, is h hundredths.
    if (h / 100 !== p || !Number.isSafeInteger(h)) return percent2dpOfSumByDec(percents);
    hundredths += h;
  }
  if (hundredths <= 0) return 0;
  if (hundredths >= 10_000) return MAX_PERCENT_2DP.toNumber();
  return hundredths / 100;
}

/** The definition of percent2dpOfSum. */
export function percent2dpOfSumByDec(percents: readonly number[]): number {
  return percent2dp(percents.reduce((total, p) => total.plus(p), new Dec(0)).div(100));
}
