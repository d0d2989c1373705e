export const RISK_BANDS = ['LOW', 'MEDIUM', 'HIGH', 'VERY_HIGH'] as const;
export type RiskBand = (typeof RISK_BANDS)[number];
/** A predictor that does not apply to the person (for example a sexual predictor for a woman) has this band. */
export type BandOrNotApplicable = RiskBand | 'NOT_APPLICABLE';

/**
 * Bands on half-open intervals: a value exactly at a cut-off belongs to the higher band
 * (risk-predictors.md §11.5), so `[50, 75, 90]` gives LOW below 50, MEDIUM [50, 75), HIGH [75, 90), VERY_HIGH from 90.
 */
export function bandFromCutOffs(
  value: number,
  cutOffs: readonly [medium: number, high: number, veryHigh: number],
): RiskBand {
  if (value >= cutOffs[2]) return 'VERY_HIGH';
  if (value >= cutOffs[1]) return 'HIGH';
  if (value >= cutOffs[0]) return 'MEDIUM';
  return 'LOW';
}
