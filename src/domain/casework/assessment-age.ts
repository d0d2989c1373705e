import { addWeeks, formatISO, parseISO } from 'date-fns';

/**
 * domain.md §8.3: risk values are shown with the date of the assessment behind them, and a staleness warning
 * once that assessment is older than the configured number of weeks (setting assessment.staleAfterWeeks).
 */
export function isAssessmentStale(completedDate: string, today: string, staleAfterWeeks: number): boolean {
  const staleFrom = formatISO(addWeeks(parseISO(completedDate), staleAfterWeeks), { representation: 'date' });
  return today > staleFrom;
}
