import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import nunjucks from 'nunjucks';

const require = createRequire(import.meta.url);
export const webDir = path.dirname(fileURLToPath(import.meta.url));
export const govukDir = path.dirname(require.resolve('govuk-frontend/package.json'));
export const mojDir = path.dirname(require.resolve('@ministryofjustice/frontend/package.json'));

const dateFormat = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  timeZone: 'UTC',
});
const dateTimeFormat = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  timeZone: 'Europe/London',
});

/** "2026-11-22" → "22 November 2026"; empty for null. Dates are shown the GOV.UK way everywhere. */
export function formatDate(value: string | Date | null | undefined): string {
  if (!value) return '';
  const d = typeof value === 'string' ? new Date(`${value.slice(0, 10)}T00:00:00Z`) : value;
  return Number.isNaN(d.getTime()) ? '' : dateFormat.format(d);
}

export function formatDateTime(value: string | Date | null | undefined): string {
  if (!value) return '';
  const d = typeof value === 'string' ? new Date(value) : value;
  return Number.isNaN(d.getTime()) ? '' : dateTimeFormat.format(d);
}

/**
 * One Nunjucks environment: page templates live beside their routes under src/web/<area>/, and the GOV.UK
 * and MoJ macros resolve from their packages. Autoescaping is on; nothing in a template computes a
 * business value.
 */
export function createViews(): nunjucks.Environment {
  const env = new nunjucks.Environment(
    new nunjucks.FileSystemLoader([webDir, path.join(govukDir, 'dist'), mojDir], { noCache: false }),
    { autoescape: true, throwOnUndefined: false },
  );
  env.addFilter('date', formatDate);
  env.addFilter('dateTime', formatDateTime);
  // Percentages are rounded by the domain (half-up on exact decimals); this only pads "103" to "103.0".
  env.addFilter('fixed1', (n: unknown) => (typeof n === 'number' ? n.toFixed(1) : ''));
  return env;
}
