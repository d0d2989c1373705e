import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type, type Static } from '@sinclair/typebox';
import type { Database } from '../db/connection.js';
import { errorResponses } from './schemas.js';
import {
  excessiveWorkloads,
  practitionerFigures,
  rollUp,
  unitName,
  type PractitionerFigures,
  type UnitFigures,
  type UnitLevel,
} from '../db/workload/figures.js';
import { ensureWorkloadCurrent } from '../db/workload/recalculate.js';
import { capacityThresholdsForDate } from '../db/workload/thresholds.js';
import { todayInLondon } from '../domain/calculation/run.js';
import { ValidationError } from '../domain/validation.js';
import {
  canViewPdu,
  canViewPractitioner,
  canViewRegions,
  canViewTeam,
  ensureAllowed,
  workloadAccess,
} from '../web/workload/access.js';

// Capacity API (issue #4): the stored live figures for a practitioner, team, PDU, region or the nation.
// The same service functions and access rules as the workload pages, so the two always agree.

const Band = Type.Union([
  Type.Literal('WITHIN'),
  Type.Literal('AMBER'),
  Type.Literal('RED'),
  Type.Literal('NO_AVAILABLE_POINTS'),
]);

const Figures = {
  workloadPct: Type.Union([Type.Number(), Type.Null()], {
    description: 'Exact total ÷ available × 100; null when there are no available points',
  }),
  displayPct: Type.Union([Type.Number(), Type.Null()], { description: 'Workload % to 1 dp, half-up' }),
  band: Band,
  totalPoints: Type.Integer(),
  availablePoints: Type.Integer(),
  remainingPoints: Type.Integer(),
  contractedHours: Type.Number(),
  reductionHours: Type.Number(),
  cases: Type.Integer(),
};

const Assignment = Type.Object({
  staffId: Type.Integer(),
  staffCode: Type.String(),
  name: Type.String(),
  teamCode: Type.String(),
  grade: Type.String(),
  ...Figures,
  casePoints: Type.Number(),
  sdrPoints: Type.Number(),
  fdrPoints: Type.Number(),
  cmsPoints: Type.Number(),
  communityCases: Type.Integer(),
  licenceCases: Type.Integer(),
  custodyCases: Type.Integer(),
  flags: Type.Array(Type.String()),
  weightsVersion: Type.String(),
  calculatedAt: Type.String({ format: 'date-time' }),
  excessive: Type.Boolean({ description: 'Over 110 % in each of the last 4 consecutive weekly snapshots' }),
});

const Unit = Type.Object({
  level: Type.Union([
    Type.Literal('team'),
    Type.Literal('pdu'),
    Type.Literal('region'),
    Type.Literal('national'),
  ]),
  code: Type.String(),
  name: Type.String(),
  ...Figures,
  practitioners: Type.Integer(),
  excessiveWorkloads: Type.Integer(),
  withoutAvailablePoints: Type.Integer({
    description: 'Members whose points count but who add no available points',
  }),
});

const UnitCapacity = Type.Object({
  unit: Unit,
  children: Type.Array(Unit, { description: 'Child units (PDU → teams, region → PDUs, nation → regions)' }),
  practitioners: Type.Array(Assignment, { description: 'For a team: each practitioner' }),
});

function assignmentJson(p: PractitionerFigures, excessive: boolean): Static<typeof Assignment> {
  return {
    staffId: p.staffId,
    staffCode: p.staffCode,
    name: p.name,
    teamCode: p.teamCode,
    grade: p.grade,
    workloadPct: p.workloadPct,
    displayPct: p.displayPct,
    band: p.band,
    totalPoints: p.totalPoints,
    availablePoints: p.availablePoints,
    remainingPoints: p.remainingPoints,
    contractedHours: p.contractedHours,
    reductionHours: p.reductionHours,
    cases: p.totalCases,
    casePoints: p.casePoints,
    sdrPoints: p.sdrPoints,
    fdrPoints: p.fdrPoints,
    cmsPoints: p.cmsPoints,
    communityCases: p.communityCases,
    licenceCases: p.licenceCases,
    custodyCases: p.custodyCases,
    flags: p.flags,
    weightsVersion: p.weightsVersion,
    calculatedAt: p.calculatedAt.toISOString(),
    excessive,
  };
}

function unitJson(u: UnitFigures): Static<typeof Unit> {
  return {
    level: u.level,
    code: u.code,
    name: u.name,
    workloadPct: u.workloadPct,
    displayPct: u.displayPct,
    band: u.band,
    totalPoints: u.totalPoints,
    availablePoints: u.availablePoints,
    remainingPoints: u.remainingPoints,
    contractedHours: u.contractedHours,
    reductionHours: u.reductionHours,
    cases: u.cases,
    practitioners: u.members,
    excessiveWorkloads: u.excessiveMembers,
    withoutAvailablePoints: u.withoutAvailablePoints.length,
  };
}

export interface WorkloadApiOptions {
  /** Defaults to the app's database. */
  database?: Database;
  today?: () => string;
}

/** Bearer authentication, as the rest of /api/v1 (documented in the OpenAPI document). */
const security = [{ bearerAuth: [] }];

const notFound = (field: string, problem: string) => new ValidationError([{ field, problem }], 404);

export async function workloadApi(fastify: FastifyInstance, options: WorkloadApiOptions = {}): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { db } = options.database ?? fastify.database;
  const today = options.today ?? (() => todayInLondon());
  const responses = (ok: object) => ({ 200: ok, ...errorResponses });

  /** Figures for a unit with its children, after bringing the store up to today. */
  const capacity = async (level: UnitLevel, code: string | null): Promise<Static<typeof UnitCapacity>> => {
    const date = today();
    await ensureWorkloadCurrent(db, date);
    const thresholds = await capacityThresholdsForDate(db, date);
    const filter = { level, code };
    const [figures, excessive] = await Promise.all([
      practitionerFigures(db, filter, thresholds),
      excessiveWorkloads(db, filter, date, thresholds),
    ]);
    const excessiveKeys = new Set([...excessive.entries()].filter(([, e]) => e.excessive).map(([k]) => k));
    const rollup = rollUp(figures, excessiveKeys, thresholds);
    const name = (await unitName(db, level, code ?? 'national'))!;
    const own =
      level === 'team'
        ? rollup.teams[0]
        : level === 'pdu'
          ? rollup.pdus[0]
          : level === 'region'
            ? rollup.regions[0]
            : rollup.national;
    const unit = own ?? { ...rollup.national, level, code: name.code, name: name.name };
    const children =
      level === 'pdu'
        ? rollup.teams
        : level === 'region'
          ? rollup.pdus
          : level === 'national'
            ? rollup.regions
            : [];
    return {
      unit: unitJson(unit),
      children: children.map(unitJson),
      practitioners:
        level === 'team'
          ? figures.map((f) => assignmentJson(f, excessiveKeys.has(`${f.staffId}/${f.teamCode}`)))
          : [],
    };
  };

  app.get(
    '/workload/practitioners/:staffId',
    {
      schema: {
        summary: "A practitioner's capacity in each team they work in",
        tags: ['workload'],
        security,
        params: Type.Object({ staffId: Type.Integer({ minimum: 1 }) }),
        response: responses(Type.Object({ assignments: Type.Array(Assignment) })),
      },
    },
    async (request, reply) => {
      const date = today();
      await ensureWorkloadCurrent(db, date);
      const thresholds = await capacityThresholdsForDate(db, date);
      const figures = await practitionerFigures(db, { staffId: request.params.staffId }, thresholds);
      if (figures.length === 0) throw notFound('staffId', 'No workload figures for this practitioner');
      const access = await workloadAccess(db, request.user!);
      for (const f of figures) ensureAllowed(canViewPractitioner(access, f.staffId, f.teamCode));
      const excessive = new Map<string, boolean>();
      for (const f of figures) {
        const runs = await excessiveWorkloads(db, { level: 'team', code: f.teamCode }, date, thresholds);
        excessive.set(f.teamCode, runs.get(`${f.staffId}/${f.teamCode}`)?.excessive ?? false);
      }
      return reply
        .header('cache-control', 'no-store')
        .send({ assignments: figures.map((f) => assignmentJson(f, excessive.get(f.teamCode)!)) });
    },
  );

  const units = [
    { level: 'team', path: '/workload/teams/:code', summary: "A team's capacity and each practitioner's" },
    { level: 'pdu', path: '/workload/pdus/:code', summary: "A PDU's capacity and each team's" },
    { level: 'region', path: '/workload/regions/:code', summary: "A region's capacity and each PDU's" },
  ] as const;
  for (const u of units) {
    app.get(
      u.path,
      {
        schema: {
          summary: u.summary,
          tags: ['workload'],
          security,
          params: Type.Object({ code: Type.String({ minLength: 1, maxLength: 20 }) }),
          response: responses(UnitCapacity),
        },
      },
      async (request, reply) => {
        const { code } = request.params;
        if (!(await unitName(db, u.level, code))) throw notFound('code', `No such ${u.level}`);
        const access = await workloadAccess(db, request.user!);
        ensureAllowed(
          u.level === 'team'
            ? canViewTeam(access, code)
            : u.level === 'pdu'
              ? canViewPdu(access, code) || canViewRegions(access)
              : canViewRegions(access),
        );
        return reply.header('cache-control', 'no-store').send(await capacity(u.level, code));
      },
    );
  }

  app.get(
    '/workload/national',
    {
      schema: {
        summary: 'National capacity and each region’s',
        tags: ['workload'],
        security,
        response: responses(UnitCapacity),
      },
    },
    async (request, reply) => {
      ensureAllowed(canViewRegions(await workloadAccess(db, request.user!)));
      return reply.header('cache-control', 'no-store').send(await capacity('national', null));
    },
  );
}
