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
