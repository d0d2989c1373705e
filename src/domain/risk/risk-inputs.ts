import type { RequestReader } from '../calculation/fields.js';

// The shared vocabulary of the risk calculators' request fields (calculation-api.md §6.1): enumerated values,
// typed shapes for application code, and the JSON Schema fragments the OpenAPI document is built from.

export const SEXES = ['MALE', 'FEMALE'] as const;
export type Sex = (typeof SEXES)[number];

export const SUPERVISION_STATUSES = ['CUSTODY', 'COMMUNITY', 'REMAND'] as const;
export type SupervisionStatus = (typeof SUPERVISION_STATUSES)[number];

export const RELATIONSHIP_STATUSES = [
  'LIVING_WITH_PARTNER',
  'PARTNER_NOT_LIVING_TOGETHER',
  'NO_RELATIONSHIP',
] as const;
export type RelationshipStatus = (typeof RELATIONSHIP_STATUSES)[number];

export const DRUGS = [
  'HEROIN',
  'METHADONE',
  'OTHER_OPIATE',
  'CRACK_COCAINE',
  'POWDER_COCAINE',
  'MISUSED_PRESCRIBED',
  'BENZODIAZEPINES',
  'AMPHETAMINES',
  'ECSTASY',
  'CANNABIS',
  'STEROIDS',
  'KETAMINE',
  'SPICE',
  'HALLUCINOGENS',
  'SOLVENTS',
  'OTHER_DRUGS',
] as const;
export type Drug = (typeof DRUGS)[number];

export const SERIOUS_CONVICTION_KINDS = [
  'HOMICIDE',
  'WOUNDING_GBH',
  'KIDNAPPING',
  'FIREARMS',
  'ROBBERY',
  'AGGRAVATED_BURGLARY',
  'WEAPON',
  'CRIMINAL_DAMAGE',
  'ARSON',
] as const;
export type SeriousConvictionKind = (typeof SERIOUS_CONVICTION_KINDS)[number];

export const SCORE_TYPE_CHOICES = ['STATIC', 'DYNAMIC'] as const;
export type ScoreTypeChoice = (typeof SCORE_TYPE_CHOICES)[number];

/** An OASys-style 0–2 item (calculation-api.md §2.4). */
export type Item02 = 0 | 1 | 2;

/**
 * A list of enumerated values, where an empty list means none and duplicates count once. Each bad element is
 * reported at its own path, e.g. `drugsUsed[2]`.
 */
export function readEnumList<T extends string>(
  reader: RequestReader,
  name: string,
  values: readonly T[],
  opts: { required?: boolean } = {},
): T[] | undefined {
  const raw = reader.raw(name);
  if (raw === undefined) {
    if (opts.required !== false) reader.addMissing(name);
    return undefined;
  }
  if (!Array.isArray(raw)) return reader.invalid(name, 'must be an array');
  let valid = true;
  raw.forEach((v, i) => {
    if (typeof v !== 'string' || !(values as readonly string[]).includes(v)) {
      const p = `${reader.path(name)}[${i}]`;
      reader.addError('INVALID_VALUE', `${p} must be one of ${values.join(', ')}`, [p]);
      valid = false;
    }
  });
  return valid ? [...new Set(raw as T[])] : undefined;
}

const date = { type: 'string', format: 'date' };
const item02 = { type: 'integer', enum: [0, 1, 2] };
const bool = { type: 'boolean' };
const count = { type: 'integer', minimum: 0 };

/** JSON Schema of every risk input field, by name, for building each calculator's `requestSchema`. */
export const riskFieldSchemas = {
  sex: { type: 'string', enum: SEXES },
  dateOfBirth: date,
  convictionDate: date,
  followUpStartDate: date,
  assessmentDate: date,
  offenceCode: { type: 'string', pattern: '^[0-9]{5}$' },
  totalSanctions: { type: 'integer', minimum: 1 },
  violentSanctions: count,
  ageAtFirstSanction: { type: 'integer', minimum: 0 },
  firstSanctionDate: date,
  supervisionStatus: { type: 'string', enum: SUPERVISION_STATUSES },
  mostRecentOffenceDate: date,
  noFixedAbode: bool,
  accommodationSuitability: item02,
  unemployed: bool,
  partnerRelationship: item02,
  relationshipStatus: { type: 'string', enum: RELATIONSHIP_STATUSES },
  evidenceOfDomesticAbuse: bool,
  domesticAbuseAgainstPartner: bool,
  regularActivitiesEncourageOffending: item02,
  drugMisuse: item02,
  motivationToTackleDrugMisuse: item02,
  drugsUsed: { type: 'array', items: { type: 'string', enum: DRUGS } },
  alcoholCurrentUse: item02,
  alcoholBingeDrinking: item02,
  impulsivity: item02,
  temperControl: item02,
  problemSolving: item02,
  awarenessOfConsequences: item02,
  understandsOthersViews: item02,
  proCriminalAttitudes: item02,
  recognisesImpactOfOffending: bool,
  currentPsychiatricTreatment: bool,
  weaponInCurrentOffence: bool,
  previousSeriousConvictions: { type: 'array', items: { type: 'string', enum: SERIOUS_CONVICTION_KINDS } },
  ogrs3TwoYearPercent: { type: 'integer', minimum: 1, maximum: 99 },
  sexualOffenceHistory: bool,
  currentOffenceSexuallyMotivated: bool,
  contactAdultSexualSanctions: count,
  contactChildSexualSanctions: count,
  nonContactSexualOffences: count,
  indecentImageSanctions: count,
  mostRecentSexualSanctionDate: date,
  currentOffenceAgainstStranger: bool,
  forceScoreType: { type: 'string', enum: SCORE_TYPE_CHOICES },
} as const;
export type RiskField = keyof typeof riskFieldSchemas;

/** A request schema naming the fields a calculator reads; `required` lists those it always needs. */
export function riskRequestSchema(
  fields: readonly RiskField[],
  required: readonly RiskField[],
): Record<string, unknown> {
  const properties: Record<string, unknown> = { calculationDate: date };
  for (const f of fields) properties[f] = riskFieldSchemas[f];
  return { type: 'object', properties, required: [...required] };
}

/** Typed values of the risk request fields, for application code calling the predictors directly. */
export interface RiskFieldValues {
  sex: Sex;
  dateOfBirth: string;
  convictionDate: string;
  followUpStartDate: string;
  assessmentDate: string;
  offenceCode: string;
  totalSanctions: number;
  violentSanctions: number;
  ageAtFirstSanction: number;
  firstSanctionDate: string;
  supervisionStatus: SupervisionStatus;
  mostRecentOffenceDate: string;
  noFixedAbode: boolean;
  accommodationSuitability: Item02;
  unemployed: boolean;
  partnerRelationship: Item02;
  relationshipStatus: RelationshipStatus;
  evidenceOfDomesticAbuse: boolean;
  domesticAbuseAgainstPartner: boolean;
  regularActivitiesEncourageOffending: Item02;
  drugMisuse: Item02;
  motivationToTackleDrugMisuse: Item02;
  drugsUsed: Drug[];
  alcoholCurrentUse: Item02;
  alcoholBingeDrinking: Item02;
  impulsivity: Item02;
  temperControl: Item02;
  problemSolving: Item02;
  awarenessOfConsequences: Item02;
  understandsOthersViews: Item02;
  proCriminalAttitudes: Item02;
  recognisesImpactOfOffending: boolean;
  currentPsychiatricTreatment: boolean;
  weaponInCurrentOffence: boolean;
  previousSeriousConvictions: SeriousConvictionKind[];
  ogrs3TwoYearPercent: number;
  sexualOffenceHistory: boolean;
  currentOffenceSexuallyMotivated: boolean;
  contactAdultSexualSanctions: number;
  contactChildSexualSanctions: number;
  nonContactSexualOffences: number;
  indecentImageSanctions: number;
  mostRecentSexualSanctionDate: string;
  currentOffenceAgainstStranger: boolean;
  forceScoreType: ScoreTypeChoice;
}

/**
 * A calculator's typed input: `Required` fields it always needs, `Optional` ones it may read (null = absent,
 * as in the contract). Rules between fields (for example a date or an age) are still checked at run time.
 */
export type RiskInput<Required extends RiskField, Optional extends RiskField> = {
  [K in Required]: RiskFieldValues[K];
} & {
  [K in Optional]?: RiskFieldValues[K] | null;
};
