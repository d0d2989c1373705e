import type { CalcRequest, Calculator, CalculatorOutcome } from '../calculation/contract.js';
import { RequestReader } from '../calculation/fields.js';
import {
  ANSWERS,
  ASSESSMENT_STATUSES,
  calculateProtectChangeTier,
  NEED_SECTIONS,
  NEED_SEVERITIES,
  PROBLEM_SCALE,
  protectChangeInputIssues,
  SEXES,
  V2_MODEL_VERSION,
  YES_NO_UNKNOWN,
  type AnswerValue,
  type NeedsAssessment,
  type NeedSection,
  type NeedSeverity,
  type ProtectChangeInput,
  type Requirement,
  type SentencedEvent,
} from './protect-change.js';
import type { Registration } from './registrations.js';
import {
  calculateSingleAxisTier,
  DC_SRP_BANDS,
  SCORE_TYPES,
  singleAxisInputIssues,
  V3_MODEL_VERSION,
  type ScoredPredictor,
  type SingleAxisInput,
  type V3Predictors,
} from './single-axis.js';

// The tier-v3 and tier-v2 calculators of the public contract (calculation-api.md §7): they read and check the
// JSON request, then call the same typed functions the application uses.

const optional = { required: false } as const;

function readRegistrations(r: RequestReader): Registration[] {
  return (r.objectArray('registrations', optional) ?? []).map((reg) => ({
    code: reg.string('code') ?? '',
    level: reg.string('level', optional) ?? null,
    category: reg.string('category', optional) ?? null,
    registrationDate: reg.date('registrationDate', optional) ?? null,
  }));
}

const registrationsSchema = {
  type: 'array',
  description: 'Active registrations, in any order. HREG registrations are ignored.',
  items: {
    type: 'object',
    required: ['code'],
    properties: {
      code: { type: 'string', description: 'Register type code, compared case-insensitively' },
      level: { type: ['string', 'null'], description: 'MAPPA level M1–M3' },
      category: { type: ['string', 'null'], description: 'MAPPA category M1–M4' },
      registrationDate: { type: ['string', 'null'], format: 'date' },
    },
  },
};

const nullable = (schema: Record<string, unknown>) => ({ anyOf: [schema, { type: 'null' }] });
const enumOf = (values: readonly string[]) => ({ type: 'string', enum: [...values] });

// ---- tier-v3 -----------------------------------------------------------------------------------------

// An unreadable predictor is already an error in the reader, so it is simply left out here.
function readScored(p: RequestReader, name: 'arp' | 'csrp'): ScoredPredictor | null {
  const o = p.object(name, optional);
  if (!o) return null;
  const score = o.decimal('score', { min: 0 });
  const staticOrDynamic = o.enumValue('staticOrDynamic', SCORE_TYPES, optional) ?? null;
  return score === undefined ? null : { score, staticOrDynamic };
}

export const tierV3Calculator: Calculator = {
  name: 'tier-v3',
  modelVersion: V3_MODEL_VERSION,
  knownFields: [
    'hasActiveEvent',
    'registrations',
    'latestReleaseDate',
    'oasysPredictors',
    'everCommittedSexualOffence',
  ],
  requestSchema: {
    type: 'object',
    required: ['hasActiveEvent'],
    properties: {
      calculationDate: { type: 'string', format: 'date' },
      hasActiveEvent: { type: 'boolean', description: 'The person is currently under supervision' },
      registrations: registrationsSchema,
      latestReleaseDate: { type: ['string', 'null'], format: 'date' },
      oasysPredictors: nullable({
        type: 'object',
        properties: {
          arp: nullable({
            type: 'object',
            required: ['score'],
            properties: {
              score: { type: 'number', minimum: 0 },
              staticOrDynamic: nullable(enumOf(SCORE_TYPES)),
            },
          }),
          csrp: nullable({
            type: 'object',
            required: ['score'],
            properties: {
              score: { type: 'number', minimum: 0 },
              staticOrDynamic: nullable(enumOf(SCORE_TYPES)),
            },
          }),
          dcSrp: nullable({
            type: 'object',
            required: ['score'],
            properties: { score: { type: 'number', minimum: 0 }, band: nullable(enumOf(DC_SRP_BANDS)) },
          }),
        },
      }),
      everCommittedSexualOffence: { type: ['boolean', 'null'] },
    },
  },
  calculate(request: CalcRequest, calculationDate: string): CalculatorOutcome {
    const r = new RequestReader(request);
    const hasActiveEvent = r.boolean('hasActiveEvent');
    const registrations = readRegistrations(r);
    const latestReleaseDate = r.date('latestReleaseDate', optional) ?? null;
    const p = r.object('oasysPredictors', optional);
    let oasysPredictors: V3Predictors | null = null;
    if (p) {
      const d = p.object('dcSrp', optional);
      const dcScore = d?.decimal('score', { min: 0 });
      const band = d?.enumValue('band', DC_SRP_BANDS, optional) ?? null;
      oasysPredictors = {
        arp: readScored(p, 'arp'),
        csrp: readScored(p, 'csrp'),
        dcSrp: dcScore === undefined ? null : { score: dcScore, band },
      };
    }
    const everCommittedSexualOffence = r.boolean('everCommittedSexualOffence', optional) ?? false;
    const input: Partial<SingleAxisInput> = {
      calculationDate,
      latestReleaseDate,
      oasysPredictors,
      everCommittedSexualOffence,
    };
    const errors = [...r.issues(), ...singleAxisInputIssues(input)];
    if (errors.length > 0 || hasActiveEvent === undefined) return { errors, warnings: [] };

    const outcome = calculateSingleAxisTier({ ...input, calculationDate, hasActiveEvent, registrations });
    if (!outcome.ok) return { errors: outcome.errors, warnings: [] };
    const { tier, provisional, ruleResults, derived } = outcome.result;
    return { result: { tier, provisional, ruleResults, derived }, warnings: [] };
  },
};

// ---- tier-v2 -----------------------------------------------------------------------------------------

function readEvents(r: RequestReader): SentencedEvent[] | undefined {
  return r.objectArray('events')?.map((e) => ({
    sentenceTypeCode: e.string('sentenceTypeCode') ?? '',
    terminationDate: e.date('terminationDate', optional) ?? null,
    requirements: (e.objectArray('requirements', optional) ?? []).map((q): Requirement => ({
      mainCategoryCode: q.string('mainCategoryCode') ?? '',
      restrictive: q.boolean('restrictive') ?? false,
    })),
  }));
}

/** Keys of a nested object, refusing any that is not a needs section. */
function sectionKeys(parent: RequestReader, name: string): NeedSection[] {
  const raw = parent.raw(name);
  if (raw === undefined || typeof raw !== 'object' || Array.isArray(raw)) return [];
  return Object.keys(raw as object).filter((key): key is NeedSection => {
    if ((NEED_SECTIONS as readonly string[]).includes(key)) return true;
    parent.invalid(`${name}.${key}`, `is not a needs section; sections are ${NEED_SECTIONS.join(', ')}`);
    return false;
  });
}

function readNeedsAssessment(r: RequestReader): NeedsAssessment | null {
  const a = r.object('needsAssessment', optional);
  if (!a) return null;
  const assessment: NeedsAssessment = {
    completedDate: a.date('completedDate', optional) ?? null,
    status: a.enumValue('status', ASSESSMENT_STATUSES, optional) ?? null,
    sanIndicator: a.boolean('sanIndicator', optional) ?? false,
  };
  const sectionsReader = a.object('sections', optional);
  if (sectionsReader) {
    const sections: Partial<Record<NeedSection, Record<string, AnswerValue>>> = {};
    for (const section of sectionKeys(a, 'sections')) {
      const answersReader = sectionsReader.object(section, optional);
      if (!answersReader) continue;
      const answers: Record<string, AnswerValue> = {};
      for (const question of Object.keys(sectionsReader.raw(section) as object)) {
        const answer = answersReader.enumValue(question, ANSWERS, optional);
        if (answer !== undefined) answers[question] = answer;
      }
      sections[section] = answers;
    }
    assessment.sections = sections;
  }
  const severitiesReader = a.object('sectionSeverities', optional);
  if (severitiesReader) {
    const severities: Partial<Record<NeedSection, NeedSeverity>> = {};
    for (const section of sectionKeys(a, 'sectionSeverities')) {
      const severity = severitiesReader.enumValue(section, NEED_SEVERITIES, optional);
      if (severity !== undefined) severities[section] = severity;
    }
    assessment.sectionSeverities = severities;
  }
  const w = a.object('womenFactors', optional);
  if (w) {
    assessment.womenFactors = {
      parentingResponsibilities: w.enumValue('parentingResponsibilities', YES_NO_UNKNOWN, optional) ?? null,
      impulsivity: w.enumValue('impulsivity', PROBLEM_SCALE, optional) ?? null,
      temperControl: w.enumValue('temperControl', PROBLEM_SCALE, optional) ?? null,
    };
  }
  return assessment;
}

export const tierV2Calculator: Calculator = {
  name: 'tier-v2',
  modelVersion: V2_MODEL_VERSION,
  knownFields: [
    'sex',
    'registrations',
    'events',
    'rsrScore',
    'ogrsScore',
    'previousEnforcementActivity',
    'needsAssessment',
  ],
  requestSchema: {
    type: 'object',
    required: ['sex', 'events'],
    properties: {
      calculationDate: { type: 'string', format: 'date' },
      sex: enumOf(SEXES),
      registrations: registrationsSchema,
      events: {
        type: 'array',
        items: {
          type: 'object',
          required: ['sentenceTypeCode'],
          properties: {
            sentenceTypeCode: {
              type: 'string',
              description: 'For example SP (community), SC or NC (custodial)',
            },
            terminationDate: { type: ['string', 'null'], format: 'date' },
            requirements: {
              type: 'array',
              items: {
                type: 'object',
                required: ['mainCategoryCode', 'restrictive'],
                properties: { mainCategoryCode: { type: 'string' }, restrictive: { type: 'boolean' } },
              },
            },
          },
        },
      },
      rsrScore: { type: ['number', 'null'], minimum: 0 },
      ogrsScore: { type: ['integer', 'null'], minimum: 0, maximum: 100 },
      previousEnforcementActivity: { type: ['boolean', 'null'] },
      needsAssessment: nullable({
        type: 'object',
        properties: {
          completedDate: { type: ['string', 'null'], format: 'date' },
          status: nullable(enumOf(ASSESSMENT_STATUSES)),
          sanIndicator: { type: ['boolean', 'null'] },
          sections: {
            type: 'object',
            propertyNames: enumOf(NEED_SECTIONS),
            additionalProperties: { type: 'object', additionalProperties: enumOf(ANSWERS) },
          },
          sectionSeverities: {
            type: 'object',
            propertyNames: enumOf(NEED_SECTIONS),
            additionalProperties: enumOf(NEED_SEVERITIES),
          },
          womenFactors: {
            type: 'object',
            properties: {
              parentingResponsibilities: nullable(enumOf(YES_NO_UNKNOWN)),
              impulsivity: nullable(enumOf(PROBLEM_SCALE)),
              temperControl: nullable(enumOf(PROBLEM_SCALE)),
            },
          },
        },
      }),
    },
  },
  calculate(request: CalcRequest, calculationDate: string): CalculatorOutcome {
    const r = new RequestReader(request);
    const sex = r.enumValue('sex', SEXES);
    const registrations = readRegistrations(r);
    const events = readEvents(r);
    const rsrScore = r.decimal('rsrScore', { required: false, min: 0 }) ?? null;
    const ogrsScore = r.integer('ogrsScore', { required: false, min: 0, max: 100 }) ?? null;
    const previousEnforcementActivity = r.boolean('previousEnforcementActivity', optional) ?? false;
    const needsAssessment = readNeedsAssessment(r);
    const input: Partial<ProtectChangeInput> = {
      calculationDate,
      rsrScore,
      ogrsScore,
      previousEnforcementActivity,
      needsAssessment,
    };
    const errors = [...r.issues(), ...protectChangeInputIssues(input)];
    if (errors.length > 0 || sex === undefined || events === undefined) return { errors, warnings: [] };

    const outcome = calculateProtectChangeTier({ ...input, calculationDate, sex, registrations, events });
    if (!outcome.ok) return { errors: outcome.errors, warnings: [] };
    const { tier, unsupervised, protect, change, warnings } = outcome.result;
    return { result: { tier, unsupervised, protect, change }, warnings };
  },
};
