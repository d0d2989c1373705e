import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

// Offence reference data (risk-predictors.md §2.5) is loaded once, when this module is first imported, from
// the shared reference folder beside the repository (or CASEWORK_REFERENCE_DIR). Its values are never retyped
// into code: a change of reference data must change results without a code change.

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));

export const referenceDir =
  process.env.CASEWORK_REFERENCE_DIR ?? path.resolve(repoRoot, '../shared/reference');

export interface ReferenceFile {
  text: string;
  /**
   * The files carry no version of their own, so the version recorded with each score (P3) is a fingerprint
   * of the exact bytes used: the same data always gives the same version, and any change gives a new one.
   */
  version: string;
}

export function readReferenceFile(fileName: string): ReferenceFile {
  const bytes = readFileSync(path.join(referenceDir, fileName));
  return {
    text: bytes.toString('utf8'),
    version: `sha256:${createHash('sha256').update(bytes).digest('hex').slice(0, 16)}`,
  };
}

/** A Home Office offence code: 3-digit group + 2-digit sub-code, as a string so that leading zeros survive. */
export function isWellFormedOffenceCode(value: unknown): value is string {
  return typeof value === 'string' && /^\d{5}$/.test(value);
}

/** The 24 actuarial categories of the 2026 family (risk-predictors.md §11.3). */
export const ACTUARIAL_CATEGORIES = [
  'VIOLENCE_AGAINST_THE_PERSON_ABH_PLUS',
  'VIOLENCE_AGAINST_THE_PERSON_SUB_ABH',
  'WEAPONS_NON_FIREARM',
  'FIREARMS_MOST_SERIOUS',
  'FIREARMS_OTHER',
  'ACQUISITIVE_VIOLENCE',
  'BURGLARY_DOMESTIC',
  'BURGLARY_OTHER',
  'THEFT_NON_MOTOR',
  'VEHICLE_RELATED_THEFT',
  'HANDLING_STOLEN_GOODS',
  'FRAUD_AND_FORGERY',
  'WELFARE_FRAUD',
  'CRIMINAL_DAMAGE',
  'PUBLIC_ORDER_AND_HARRASSMENT',
  'DRUNKENNESS',
  'DRINK_DRIVING',
  'MOTORING_OFFENCES',
  'DRUG_IMPORT_EXPORT_OR_PRODUCTION',
  'DRUG_POSSESSION_OR_SUPPLY',
  'SEXUAL_AGAINST_CHILD',
  'SEXUAL_NOT_AGAINST_CHILD',
  'ABSCONDING_OR_BAIL',
  'OTHER_OFFENCES',
] as const;
export type ActuarialCategory = (typeof ACTUARIAL_CATEGORIES)[number];

export interface OffenceCategoryEntry {
  parentGroupDescription: string;
  categoryDescription: string;
  subCategoryDescription: string;
  /** `UNKNOWN` marks codes (00000, 00001) that the 2026 models cannot score. */
  actuarialCategory: ActuarialCategory | 'UNKNOWN';
  flags: { opdViolenceSex: boolean; isViolentSanction: boolean };
}

function loadOffenceCategories(): { entries: ReadonlyMap<string, OffenceCategoryEntry>; version: string } {
  const file = readReferenceFile('offence-actuarial-categories.json');
  const raw = JSON.parse(file.text) as Record<string, OffenceCategoryEntry>;
  const known: readonly string[] = [...ACTUARIAL_CATEGORIES, 'UNKNOWN'];
  for (const [code, entry] of Object.entries(raw)) {
    // Fail at start-up rather than score with a category that has no coefficients.
    if (!isWellFormedOffenceCode(code) || !known.includes(entry.actuarialCategory)) {
      throw new Error(
        `offence-actuarial-categories.json: unusable entry ${code} (${String(entry.actuarialCategory)})`,
      );
    }
  }
  return { entries: new Map(Object.entries(raw)), version: file.version };
}

const offenceCategories = loadOffenceCategories();

/** The version of offence-actuarial-categories.json, reported as `offenceDataVersion` by the 2026 family. */
export const offenceCategoriesVersion = offenceCategories.version;

export type ActuarialCategoryLookup =
  | { category: ActuarialCategory; entry: OffenceCategoryEntry }
  | { error: 'OFFENCE_CODE_INCORRECT_FORMAT' | 'OFFENCE_CODE_MAPPING_NOT_FOUND' };

/** The 2026-family lookup rules of risk-predictors.md §2.5: absent codes and category UNKNOWN are not found. */
export function lookupActuarialCategory(offenceCode: unknown): ActuarialCategoryLookup {
  if (!isWellFormedOffenceCode(offenceCode)) return { error: 'OFFENCE_CODE_INCORRECT_FORMAT' };
  const entry = offenceCategories.entries.get(offenceCode);
  if (entry === undefined || entry.actuarialCategory === 'UNKNOWN')
    return { error: 'OFFENCE_CODE_MAPPING_NOT_FOUND' };
  return { category: entry.actuarialCategory, entry };
}
