import type { IntakeInput } from '../../db/intake.js';
import type { NewRequirement, SentenceLengthUnit } from '../../db/risk-changes.js';
import type { FieldProblem } from '../../domain/validation.js';

// The intake page's form: reading the posted fields into the service's input, and pointing each problem the
// service names back at the element that holds it, so the error summary links land on the right field.

export type Body = Record<string, string | string[] | undefined>;

/** Requirement rows on the page; the service takes however many are filled in. */
export const REQUIREMENT_ROWS = 3;

const one = (v: string | string[] | undefined) => ((Array.isArray(v) ? v[0] : v) ?? '').trim();

/** Day, month and year boxes as an ISO date; left as typed when not a date, so the service names the field. */
export function dateFrom(body: Body, field: string): string | null {
  const [d, m, y] = ['day', 'month', 'year'].map((p) => one(body[`${field}-${p}`]));
  if (!d && !m && !y) return null;
  return `${y}-${m!.padStart(2, '0')}-${d!.padStart(2, '0')}`;
}

const wholeNumber = (v: string): number | null => (v === '' ? null : /^\d+$/.test(v) ? Number(v) : NaN);

export interface ParsedIntakeForm {
  input: IntakeInput;
  /** The page element a problem with `field` belongs to. */
  elementFor(field: string): string;
}

const DATE_FIELDS = new Set(['dateOfBirth', 'sentenceDate', 'convictionDate', 'expectedReleaseDate']);

export function parseIntakeForm(body: Body): ParsedIntakeForm {
  const existing = one(body.personKind) === 'existing';
  const additional = one(body.additionalOffences)
    .split(/[\s,]+/)
    .filter(Boolean);
  const rows: number[] = [];
  const requirements: NewRequirement[] = [];
  for (let i = 0; i < REQUIREMENT_ROWS; i++) {
    const code = one(body[`requirements.${i}.requirementTypeCode`]);
    if (!code) continue;
    rows.push(i);
    requirements.push({
      requirementTypeCode: code,
      length: wholeNumber(one(body[`requirements.${i}.length`])),
    });
  }
  const input: IntakeInput = {
    person: existing
      ? { crn: one(body.crn) }
      : {
          forename: one(body.forename),
          surname: one(body.surname),
          dateOfBirth: dateFrom(body, 'dateOfBirth') ?? '',
          sex: one(body.sex),
          pncNumber: one(body.pncNumber) || null,
        },
    teamCode: one(body.teamCode),
    courtCode: one(body.courtCode),
    convictionDate: dateFrom(body, 'convictionDate'),
    sentenceDate: dateFrom(body, 'sentenceDate') ?? '',
    offences: [
      { offenceCode: one(body.mainOffence), offenceDate: dateFrom(body, 'offenceDate') },
      ...additional.map((offenceCode) => ({ offenceCode })),
    ],
    disposalTypeCode: one(body.disposalTypeCode),
    length: wholeNumber(one(body.length)),
    lengthUnit: (one(body.lengthUnit) || null) as SentenceLengthUnit | null,
    expectedReleaseDate: dateFrom(body, 'expectedReleaseDate'),
    requirements,
  };
  return {
    input,
    elementFor(field) {
      if (DATE_FIELDS.has(field)) return `${field}-day`;
      const offence = /^offences\.(\d+)\.(\w+)$/.exec(field);
      if (offence) {
        if (offence[1] !== '0') return 'additionalOffences';
        return offence[2] === 'offenceDate' ? 'offenceDate-day' : 'mainOffence';
      }
      if (field === 'offences') return 'additionalOffences';
      const requirement = /^requirements\.(\d+)\.(\w+)$/.exec(field);
      if (requirement) return `requirements.${rows[Number(requirement[1])] ?? 0}.${requirement[2]}`;
      if (field === 'requirements') return 'requirements.0.requirementTypeCode';
      return field;
    },
  };
}

/** The error summary and the per-field messages, keyed by the element each problem belongs to. */
export function intakeErrors(problems: readonly FieldProblem[], elementFor: (field: string) => string) {
  return {
    errors: problems.map((p) => ({ text: p.problem, href: `#${elementFor(p.field)}` })),
    fieldErrors: Object.fromEntries(problems.map((p) => [elementFor(p.field), { text: p.problem }])),
  };
}
