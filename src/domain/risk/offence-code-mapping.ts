import { parse } from 'csv-parse/sync';
import { isWellFormedOffenceCode, readReferenceFile } from './offence-data.js';

// The legacy models' offence table, offence-code-mapping.csv (risk-predictors.md §2.5), loaded once when this
// module is first imported. Weights stay decimal strings so that decimal arithmetic sees every digit the file has.

/** The weights of one offence code, as the file gives them. */
export interface LegacyOffenceWeights {
  /** OGRS3 offence parameter; null when the file leaves it blank (court-martial and migrated codes). */
  ogrs3: string | null;
  snsvStatic: string;
  snsvDynamic: string;
  vatpStatic: string;
  vatpDynamic: string;
  opdViolenceSex: boolean;
}

/** The file's marker for a generic code whose OGRS3 parameter depends on the exact sub-offence. */
const NEEDS_EXACT_OFFENCE = '999';
const DECIMAL = /^-?\d+(\.\d+)?(e-?\d+)?$/i;

interface CsvRow {
  OFFENCE_GROUP_CODE: string;
  SUB_CODE: string;
  OGRS3_WEIGHTING: string;
  SNSV_STATIC_WEIGHTING: string;
  SNSV_DYNAMIC_WEIGHTING: string;
  SNSV_VATP_STATIC_WEIGHTING: string;
  SNSV_VATP_DYNAMIC_WEIGHTING: string;
  OPD_VIOL_SEX: string;
}

function loadOffenceCodeMapping(): { entries: ReadonlyMap<string, LegacyOffenceWeights>; version: string } {
  const file = readReferenceFile('offence-code-mapping.csv');
  const rows = parse(file.text, { columns: true, skip_empty_lines: true, trim: true }) as CsvRow[];
  const entries = new Map<string, LegacyOffenceWeights>();
  for (const row of rows) {
    const code = `${row.OFFENCE_GROUP_CODE}${row.SUB_CODE}`;
    const weights = [
      row.SNSV_STATIC_WEIGHTING,
      row.SNSV_DYNAMIC_WEIGHTING,
      row.SNSV_VATP_STATIC_WEIGHTING,
      row.SNSV_VATP_DYNAMIC_WEIGHTING,
    ];
    // Fail at start-up rather than score with a weight that is not a number or a key that cannot be looked up.
    const usable =
      isWellFormedOffenceCode(code) &&
      !entries.has(code) &&
      weights.every((w) => DECIMAL.test(w)) &&
      (row.OGRS3_WEIGHTING === '' || DECIMAL.test(row.OGRS3_WEIGHTING)) &&
      (row.OPD_VIOL_SEX === 'Y' || row.OPD_VIOL_SEX === 'N');
    if (!usable) throw new Error(`offence-code-mapping.csv: unusable row for code ${code}`);
    entries.set(code, {
      ogrs3: row.OGRS3_WEIGHTING === '' ? null : row.OGRS3_WEIGHTING,
      snsvStatic: row.SNSV_STATIC_WEIGHTING,
      snsvDynamic: row.SNSV_DYNAMIC_WEIGHTING,
      vatpStatic: row.SNSV_VATP_STATIC_WEIGHTING,
      vatpDynamic: row.SNSV_VATP_DYNAMIC_WEIGHTING,
      opdViolenceSex: row.OPD_VIOL_SEX === 'Y',
    });
  }
  return { entries, version: file.version };
}

const offenceCodeMapping = loadOffenceCodeMapping();

/** The version of offence-code-mapping.csv, reported as `offenceDataVersion` by the legacy predictors. */
export const offenceCodeMappingVersion = offenceCodeMapping.version;

/** How many codes the loaded table holds. */
export const offenceCodeMappingSize = offenceCodeMapping.entries.size;

/** A code the legacy models can score: its OGRS3 parameter is present (it may still be the 999 marker). */
export type ScorableOffenceWeights = LegacyOffenceWeights & { ogrs3: string };

export type LegacyOffenceError =
  'OFFENCE_CODE_INCORRECT_FORMAT' | 'OFFENCE_CODE_MAPPING_NOT_FOUND' | 'NEED_DETAILS_OF_EXACT_OFFENCE';

/**
 * The legacy lookup rules of §2.5, shared by every legacy model: a code that is absent, or whose OGRS3
 * parameter is blank, is not found.
 */
export function lookupLegacyOffence(
  offenceCode: unknown,
): { weights: ScorableOffenceWeights } | { error: LegacyOffenceError } {
  if (!isWellFormedOffenceCode(offenceCode)) return { error: 'OFFENCE_CODE_INCORRECT_FORMAT' };
  const weights = offenceCodeMapping.entries.get(offenceCode);
  if (weights === undefined || weights.ogrs3 === null) return { error: 'OFFENCE_CODE_MAPPING_NOT_FOUND' };
  return { weights: { ...weights, ogrs3: weights.ogrs3 } };
}

/** OGRS3's lookup: the legacy rules, plus the generic codes (OGRS3 weighting 999) that need the exact sub-offence. */
export function lookupOgrs3OffenceParameter(
  offenceCode: unknown,
): { parameter: string } | { error: LegacyOffenceError } {
  const found = lookupLegacyOffence(offenceCode);
  if ('error' in found) return found;
  const parameter = found.weights.ogrs3;
  if (parameter === NEEDS_EXACT_OFFENCE) return { error: 'NEED_DETAILS_OF_EXACT_OFFENCE' };
  return { parameter };
}

/** The plain-English problem for each lookup failure, naming the field. */
export function legacyOffenceProblem(error: LegacyOffenceError, offenceCode: unknown): string {
  switch (error) {
    case 'OFFENCE_CODE_INCORRECT_FORMAT':
      return 'offenceCode must be a string of exactly five digits';
    case 'OFFENCE_CODE_MAPPING_NOT_FOUND':
      return `offenceCode ${String(offenceCode)} has no legacy weighting in the offence reference data`;
    case 'NEED_DETAILS_OF_EXACT_OFFENCE':
      return `It is not possible to calculate an OGRS3 score without details of the exact offence (offenceCode ${String(offenceCode)} is a generic code)`;
  }
}
