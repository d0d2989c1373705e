import { Type, type Static, type TSchema } from '@sinclair/typebox';

/**
 * JSON schemas of the read-only case API: they validate requests, shape responses (fields not in a response
 * schema are never sent) and document the API in /api/v1/openapi.json.
 */

const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);
const IsoDate = Type.String({ format: 'date', description: 'ISO calendar date, e.g. 2026-11-22' });
/** Query dates are plain strings here and checked as real dates in the handler, so a bad one is a 422. */
const DateQuery = Type.String({ maxLength: 10, description: 'ISO calendar date, e.g. 2026-11-22' });

export const ErrorResponse = Type.Object(
  {
    errors: Type.Array(Type.Object({ field: Type.String(), problem: Type.String() })),
  },
  { description: 'What was wrong, field by field' },
);

export const errorResponses = {
  400: ErrorResponse,
  401: ErrorResponse,
  403: ErrorResponse,
  404: ErrorResponse,
  422: ErrorResponse,
  429: ErrorResponse,
};

export const CrnParams = Type.Object({
  crn: Type.String({
    maxLength: 20,
    description: 'Case reference number: one letter and six digits, e.g. X123456',
  }),
});

export const PageQuery = {
  page: Type.Optional(Type.Integer({ minimum: 1, maximum: 10_000, default: 1 })),
  pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 25 })),
};

const PageInfo = {
  page: Type.Integer(),
  pageSize: Type.Integer(),
  totalElements: Type.Integer(),
  totalPages: Type.Integer(),
};

export const PersonSearchQuery = Type.Object({
  search: Type.Optional(
    Type.String({ maxLength: 100, description: 'A CRN, PNC number, date of birth or names' }),
  ),
  crn: Type.Optional(Type.String({ maxLength: 20 })),
  name: Type.Optional(
    Type.String({ maxLength: 100, description: 'Words that each begin the forename or surname' }),
  ),
  forename: Type.Optional(Type.String({ maxLength: 100 })),
  surname: Type.Optional(Type.String({ maxLength: 100 })),
  dob: Type.Optional(DateQuery),
  pnc: Type.Optional(Type.String({ maxLength: 20 })),
  ...PageQuery,
});

const Restricted = Type.Object({
  crn: Type.String(),
  restricted: Type.Literal(true),
});

const PersonMatch = Type.Object({
  crn: Type.String(),
  restricted: Type.Literal(false),
  forename: Type.String(),
  surname: Type.String(),
  dateOfBirth: IsoDate,
  pncNumber: Nullable(Type.String()),
  matchedAlias: Nullable(Type.String()),
  team: Nullable(Type.Object({ code: Type.String(), name: Type.String() })),
  practitioner: Nullable(Type.String()),
});

export const PersonSearchResponse = Type.Object({
  content: Type.Array(Type.Union([PersonMatch, Restricted]), {
    description: 'Matches; a person the caller may not see is only their CRN with restricted: true',
  }),
  ...PageInfo,
});

const RoshLevel = Type.Union([
  Type.Literal('LOW'),
  Type.Literal('MEDIUM'),
  Type.Literal('HIGH'),
  Type.Literal('VERY_HIGH'),
]);

export const PersonResponse = Type.Object({
  crn: Type.String(),
  forename: Type.String(),
  middleNames: Nullable(Type.String()),
  surname: Type.String(),
  preferredName: Nullable(Type.String()),
  dateOfBirth: IsoDate,
  dateOfDeath: Nullable(IsoDate),
  sex: Type.String(),
  pncNumber: Nullable(Type.String()),
  nomisNumber: Nullable(Type.String()),
  tier: Nullable(Type.String()),
  caseType: Type.String(),
  responsibleOfficer: Nullable(
    Type.Object({
      role: Type.String(),
      staffName: Nullable(Type.String()),
      team: Type.Object({ code: Type.String(), name: Type.String() }),
      pdu: Type.String(),
    }),
  ),
  rosh: Nullable(
    Type.Object({
      assessmentType: Type.String(),
      completedDate: IsoDate,
      overall: Nullable(RoshLevel),
      children: Nullable(RoshLevel),
      public: Nullable(RoshLevel),
      knownAdult: Nullable(RoshLevel),
      staff: Nullable(RoshLevel),
      prisoners: Nullable(RoshLevel),
    }),
  ),
});

const Requirement = Type.Object({
  typeCode: Type.String(),
  description: Type.String(),
  subCategory: Nullable(Type.String()),
  length: Nullable(Type.Integer()),
  lengthUnit: Nullable(Type.String()),
  startDate: Nullable(IsoDate),
  expectedEndDate: Nullable(IsoDate),
  active: Type.Boolean(),
});
const LicenceCondition = Type.Object({
  mainCategory: Type.String(),
  subCategory: Nullable(Type.String()),
  imposedDate: IsoDate,
  endDate: Nullable(IsoDate),
  active: Type.Boolean(),
});
const Sentence = Type.Object({
  description: Type.String(),
  disposalTypeCode: Type.String(),
  sentenceType: Type.String(),
  sentenceDate: IsoDate,
  length: Nullable(Type.Integer()),
  lengthUnit: Nullable(Type.String()),
  endDate: Nullable(IsoDate),
  terminationDate: Nullable(IsoDate),
  custodialStatus: Nullable(Type.String()),
  expectedReleaseDate: Nullable(IsoDate),
  actualReleaseDate: Nullable(IsoDate),
  licenceExpiryDate: Nullable(IsoDate),
  active: Type.Boolean(),
  requirements: Type.Array(Requirement),
  licenceConditions: Type.Array(LicenceCondition),
});
const Offence = Type.Object({
  code: Type.String(),
  description: Type.String(),
  date: Nullable(IsoDate),
  count: Type.Integer(),
  main: Type.Boolean(),
});
export const EventsResponse = Type.Object({
  crn: Type.String(),
  events: Type.Array(
    Type.Object({
      eventNumber: Type.String(),
      active: Type.Boolean(),
      convictionDate: Nullable(IsoDate),
      referralDate: IsoDate,
      inBreach: Type.Boolean(),
      offences: Type.Array(Offence),
      sentence: Nullable(Sentence),
    }),
  ),
});

export const RegistrationsResponse = Type.Object({
  crn: Type.String(),
  registrations: Type.Array(
    Type.Object({
      registerTypeCode: Type.String(),
      description: Type.String(),
      flagLevel: Type.String(),
      safeguardingGroup: Nullable(Type.String()),
      category: Nullable(Type.String()),
      level: Nullable(Type.String()),
      registrationDate: IsoDate,
      nextReviewDate: Nullable(IsoDate),
      notes: Nullable(Type.String()),
      deregistrationDate: Nullable(IsoDate),
      active: Type.Boolean(),
    }),
    { description: 'Active flags first, domestic abuse and child safeguarding leading; then removed flags' },
  ),
});

export const ContactsQuery = Type.Object({
  from: Type.Optional(DateQuery),
  to: Type.Optional(DateQuery),
  ...PageQuery,
});

export const ContactsResponse = Type.Object({
  crn: Type.String(),
  content: Type.Array(
    Type.Object({
      id: Type.Integer(),
      date: IsoDate,
      startTime: Nullable(Type.String()),
      endTime: Nullable(Type.String()),
      typeCode: Type.String(),
      type: Type.String(),
      category: Type.String(),
      appointment: Type.Boolean(),
      outcomeCode: Nullable(Type.String()),
      outcome: Nullable(Type.String()),
      attended: Nullable(Type.Boolean()),
      complied: Nullable(Type.Boolean()),
      eventNumber: Nullable(Type.String()),
      staffName: Nullable(Type.String()),
      sensitive: Type.Boolean(),
      rarActivity: Type.Boolean(),
      enforcementAction: Nullable(Type.String()),
      notes: Nullable(Type.String()),
    }),
  ),
  ...PageInfo,
});

export const TokenRequest = Type.Object({
  username: Type.String({ minLength: 1, maxLength: 200 }),
  password: Type.String({ minLength: 1, maxLength: 1000 }),
});
export const TokenResponse = Type.Object({
  token: Type.String({ description: 'Send as "Authorization: Bearer <token>"' }),
  tokenType: Type.Literal('Bearer'),
  expiresInSeconds: Type.Integer(),
});

export type PersonSearchQueryT = Static<typeof PersonSearchQuery>;
