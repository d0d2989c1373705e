import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export interface OffenceCodeRow {
  code: string;
  description: string;
  group_description: string;
  actuarial_category: string;
  opd_violence_sex: boolean;
  is_violent_sanction: boolean;
}

interface JsonEntry {
  parentGroupDescription: string;
  categoryDescription: string;
  subCategoryDescription: string;
  actuarialCategory: string;
  flags: { opdViolenceSex: boolean; isViolentSanction: boolean };
}

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

/** The shared reference folder: CASEWORK_REFERENCE_DIR, or ../shared/reference beside the checkout. */
export function referenceDir(env: NodeJS.ProcessEnv = process.env): string {
  return env.CASEWORK_REFERENCE_DIR
    ? path.resolve(env.CASEWORK_REFERENCE_DIR)
    : path.resolve(repoRoot, '../shared/reference');
}

export const OFFENCE_CATEGORIES_FILE = 'offence-actuarial-categories.json';

/**
 * Reads the Home Office offence codes from the shared reference file (never retyped: README in that folder).
 * The description is the sub-category, with the bracketed guidance notes some entries carry left off.
 */
export function readOffenceCodes(dir = referenceDir()): OffenceCodeRow[] {
  const file = path.join(dir, OFFENCE_CATEGORIES_FILE);
  let parsed: Record<string, JsonEntry>;
  try {
    parsed = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, JsonEntry>;
  } catch (err) {
    throw new Error(`Cannot read the offence reference file ${file}: ${(err as Error).message}`, {
      cause: err,
    });
  }
  return Object.entries(parsed).map(([code, e]) => {
    if (!/^[0-9]{5}$/.test(code)) throw new Error(`${file}: offence code "${code}" is not 5 digits`);
    const sub = e.subCategoryDescription
      .replace(/\s*\[[^\]]*\]\s*$/, '')
      .replace(/\s+/g, ' ')
      .trim();
    return {
      code,
      description: sub || e.categoryDescription.trim(),
      group_description: e.parentGroupDescription.trim(),
      actuarial_category: e.actuarialCategory,
      opd_violence_sex: e.flags.opdViolenceSex,
      is_violent_sanction: e.flags.isViolentSanction,
    };
  });
}
