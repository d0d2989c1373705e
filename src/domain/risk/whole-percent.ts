import { Decimal } from 'decimal.js';
import { Dec } from './decimal.js';
import { roundHalfUp } from './rounding.js';

/**
 * The whole-percent output of OGRS3, OGP and OVP (risk-predictors.md §2.4): probability × 100 rounded half-up
 * to a whole number, then clamped to [1, 99], so ≤ 0 reports 1 and anything above 99 reports 99.
 */
export function wholePercent(probability: Decimal.Value): number {
  const rounded = roundHalfUp(new Dec(probability).times(100), 0);
  if (rounded.lt(1)) return 1;
  if (rounded.gt(99)) return 99;
  return rounded.toNumber();
}
