import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Actor } from '../../db/audit.js';
import type { Database } from '../../db/connection.js';
import { changeWeightingConfig } from '../../db/workload/change-weights.js';
import { saveThresholdVersion, thresholdHistory } from '../../db/workload/thresholds.js';
import {
  weightingConfigForDate,
  weightingHistory,
  type WeightingVersionSummary,
} from '../../db/workload/config.js';
import type { PractitionerFigures, TrendPoint, UnitFigures } from '../../db/workload/figures.js';
import {
  addReduction,
  contractedHoursFor,
  editReduction,
  editReductionReason,
  listReductions,
  reductionPrefill,
  reductionReasons,
  removeReduction,
  setContractedHours,
  type ReductionReasonRecord,
  type ReductionRecord,
} from '../../db/workload/reductions.js';
import { todayInLondon } from '../../domain/calculation/run.js';
import { ValidationError, type FieldProblem } from '../../domain/validation.js';
import {
  CASE_LOCATIONS,
  CMS_CONTACT_TYPES,
  KEEP_PCT_KEYS,
  REPORT_POINT_KEYS,
  TARGET_GRADES,
  thresholdsOn,
  V2_S_TIER_CODES,
  V2_TIER_CODES,
  type CaseloadBreakdownRow,
  type WeightingConfig,
} from '../../domain/workload/index.js';
import {
  canEditWeights,
  canManageTeam,
  canViewPdu,
  canViewPractitioner,
  canViewRegions,
  canViewTeam,
  canViewWeights,
  ensureAllowed,
  workloadAccess,
} from './access.js';
import { dateFromFields, fieldsOfDate } from '../date-input.js';
import { sendCsv, type CsvColumn } from './csv.js';
import { assignmentViews, teamView, unitView, type MemberView } from './view-models.js';

export interface WorkloadPagesOptions {
  database: Database;
  /** The calculation date; tests fix it. */
  today?: () => string;
}

type Body = Record<string, string | undefined>;

class NotFoundError extends Error {
  readonly statusCode = 404;
}

const actorOf = (request: FastifyRequest): Actor => ({
  userId: request.user!.id,
  name: request.user!.username,
  correlationId: request.id,
});

/** A numeric id from the URL; anything else is a page that does not exist, never a database error. */
function idParam(value: string): number {
  const id = Number(value);
  if (!Number.isSafeInteger(id) || id <= 0) throw new NotFoundError('Page not found');
  return id;
}

function numberOrNull(value: string | undefined): number | null {
  if (value === undefined || value.trim() === '') return null;
  return Number(value.trim());
}

function errorView(problems: readonly FieldProblem[]) {
  return {
    errors: problems.map((p) => ({ text: p.problem, href: `#${p.field}` })),
    fieldErrors: Object.fromEntries(problems.map((p) => [p.field, { text: p.problem }])),
  };
}

// ---- CSV columns --------------------------------------------------------------------------------------

const figureColumns = <
  T extends {
    totalPoints: number;
    availablePoints: number;
    displayPct: number | null;
    cmsDisplayPct: number | null;
  },
>(): CsvColumn<T>[] => [
  { header: 'Workload %', value: (r) => r.displayPct },
  { header: 'Points used', value: (r) => r.totalPoints },
  { header: 'Available points', value: (r) => r.availablePoints },
  { header: 'Remaining points', value: (r) => r.availablePoints - r.totalPoints },
  { header: 'CMS %', value: (r) => r.cmsDisplayPct },
];

const MEMBER_COLUMNS: CsvColumn<MemberView>[] = [
  { header: 'Staff code', value: (r) => r.staffCode },
  { header: 'Name', value: (r) => r.name },
  { header: 'Grade', value: (r) => r.grade },
  ...figureColumns<MemberView>(),
  { header: 'Contracted hours', value: (r) => r.contractedHours },
  { header: 'Reduction hours', value: (r) => r.reductionHours },
  { header: 'Cases', value: (r) => r.totalCases },
  { header: 'Community cases', value: (r) => r.communityCases },
  { header: 'Licence cases', value: (r) => r.licenceCases },
  { header: 'Custody cases', value: (r) => r.custodyCases },
  { header: 'Case points', value: (r) => r.casePoints },
  { header: 'PSR points', value: (r) => r.sdrPoints },
  { header: 'FDR points', value: (r) => r.fdrPoints },
  { header: 'CMS points', value: (r) => r.cmsPoints },
  { header: 'Excessive workload', value: (r) => (r.excessive ? 'Yes' : 'No') },
];

const UNIT_COLUMNS: CsvColumn<UnitFigures>[] = [
  { header: 'Code', value: (r) => r.code },
  { header: 'Name', value: (r) => r.name },
  ...figureColumns<UnitFigures>(),
  { header: 'Contracted hours', value: (r) => r.contractedHours },
  { header: 'Reduction hours', value: (r) => r.reductionHours },
  { header: 'Cases', value: (r) => r.cases },
  { header: 'CMS points', value: (r) => r.cmsAdjustmentPoints },
  { header: 'Practitioners', value: (r) => r.members },
  { header: 'Excessive workloads', value: (r) => r.excessiveMembers },
  { header: 'Without available points', value: (r) => r.withoutAvailablePoints.length },
];

const CASELOAD_COLUMNS: CsvColumn<CaseloadBreakdownRow>[] = [
  { header: 'Location', value: (r) => r.location },
  { header: 'Tier', value: (r) => r.tier },
  { header: 'T2A', value: (r) => (r.t2a ? 'Yes' : 'No') },
  { header: 'Cases', value: (r) => r.count },
  { header: 'Warrants', value: (r) => r.warrants },
  { header: 'Unpaid work only', value: (r) => r.unpaidWork },
  { header: 'Overdue termination', value: (r) => r.overdueTermination },
  { header: 'Points', value: (r) => r.points },
];

const REDUCTION_COLUMNS: CsvColumn<ReductionRecord & { name?: string }>[] = [
  { header: 'Staff id', value: (r) => r.staffId },
  { header: 'Team', value: (r) => r.teamCode },
  { header: 'Reason', value: (r) => r.reason.name },
  { header: 'Hours', value: (r) => r.hours },
  { header: 'Start date', value: (r) => r.startDate },
  { header: 'End date', value: (r) => r.endDate },
  { header: 'Status', value: (r) => r.status },
];

interface ReportRow {
  report: string;
  completed: number;
  points: number;
}
/** The court-reports table: the stored counts and points, never re-derived. */
const reportRows = (f: PractitionerFigures): ReportRow[] => [
  { report: 'Pre-sentence reports (PSR)', completed: f.psrCount, points: f.sdrPoints },
  { report: 'Fast delivery reports (FDR)', completed: f.fdrCount, points: f.fdrPoints },
  { report: 'Oral reports (counted, no points)', completed: f.oralCount, points: 0 },
];
const REPORT_COLUMNS: CsvColumn<ReportRow>[] = [
  { header: 'Report', value: (r) => r.report },
  { header: 'Completed in the last 30 days', value: (r) => r.completed },
  { header: 'Points', value: (r) => r.points },
];

const HISTORY_COLUMNS: CsvColumn<WeightingVersionSummary>[] = [
  { header: 'Weights', value: (r) => `${r.cohort}-${r.version}` },
  { header: 'Applied from', value: (r) => r.effectiveFrom },
  { header: 'Until', value: (r) => r.effectiveTo },
  { header: 'Set by', value: (r) => r.createdBy },
];

const REASON_COLUMNS: CsvColumn<ReductionReasonRecord>[] = [
  { header: 'Reason', value: (r) => r.name },
  { header: 'Category', value: (r) => r.category },
  { header: 'Allowance %', value: (r) => r.allowancePct },
  { header: 'Maximum %', value: (r) => r.maxPct },
  { header: 'Months to expiry', value: (r) => r.monthsToExpiry },
  { header: 'Protected characteristic', value: (r) => (r.protectedCharacteristic ? 'Yes' : 'No') },
  { header: 'In use', value: (r) => (r.enabled ? 'Yes' : 'No') },
];

const TREND_COLUMNS: CsvColumn<TrendPoint>[] = [
  { header: 'Week ending', value: (r) => r.weekEnding },
  { header: 'Workload %', value: (r) => r.displayPct },
  { header: 'Points used', value: (r) => r.totalPoints },
  { header: 'Available points', value: (r) => r.availablePoints },
];

// ---- weighting form -----------------------------------------------------------------------------------

/** Every editable weight, as the form names it, with its current value. */
function weightFields(config: WeightingConfig): { name: string; value: number }[] {
  const fields: { name: string; value: number }[] = [];
  for (const [cohort, set] of [
    ['standard', config.standard],
    ['t2a', config.t2a],
  ] as const) {
    for (const location of CASE_LOCATIONS)
      for (const tier of [...V2_TIER_CODES, ...V2_S_TIER_CODES])
        fields.push({
          name: `${cohort}.tierPoints.${location}.${tier}`,
          value: set.tierPoints[location][tier] ?? 0,
        });
    for (const key of KEEP_PCT_KEYS)
      fields.push({ name: `${cohort}.keepPct.${key}`, value: set.keepPct[key] });
  }
  for (const key of REPORT_POINT_KEYS)
    fields.push({ name: `standard.reportPoints.${key}`, value: config.standard.reportPoints[key] });
  for (const { code } of CMS_CONTACT_TYPES)
    fields.push({
      name: `standard.cmsContactPoints.${code}`,
      value: config.standard.cmsContactPoints[code] ?? 0,
    });
  for (const grade of TARGET_GRADES) {
    fields.push({
      name: `standard.weeklyTargetPoints.${grade}`,
      value: config.standard.weeklyTargetPoints[grade],
    });
    fields.push({
      name: `standard.defaultContractedHours.${grade}`,
      value: config.standard.defaultContractedHours[grade],
    });
  }
  return fields;
}

/** The current configuration with every posted value put in its place; blanks and text are validated later. */
function configFromForm(current: WeightingConfig, body: Body): WeightingConfig {
  const next = structuredClone({ standard: current.standard, t2a: current.t2a }) as WeightingConfig;
  for (const { name } of weightFields(current)) {
    const raw = body[name];
    if (raw === undefined) continue;
    const value = numberField(raw);
    const path = name.split('.');
    let target = next as unknown as Record<string, unknown>;
    for (const part of path.slice(0, -1)) target = target[part] as Record<string, unknown>;
    target[path.at(-1)!] = value;
  }
  next.t2a.needsReview = body['t2a.confirmed'] !== 'yes' && current.t2a.needsReview;
  return next;
}

/** The threshold form's fields, named as the domain names the values (thresholds.ts ThresholdValues). */
const THRESHOLD_FIELDS = [
  { name: 'highlightAbovePct', label: 'Highlight workloads above', suffix: '%' },
  { name: 'overCapacityAbovePct', label: 'Over capacity above', suffix: '%' },
  { name: 'excessiveAbovePct', label: 'Excessive workload above', suffix: '%' },
  { name: 'excessiveConsecutiveWeeks', label: 'Excessive when above that for', suffix: 'weeks in a row' },
] as const;

/** A posted number: blank or text becomes NaN, which validation names, never a silent 0. */
function numberField(raw: string | undefined): number {
  return raw === undefined || raw.trim() === '' ? Number.NaN : Number(raw);
}

/** The CMS contact codes by activity, one row each with its Low, Medium, High and unbanded code (§3.7). */
const CMS_ROWS = [...new Set(CMS_CONTACT_TYPES.map((t) => t.activity))].map((activity) => ({
  activity,
  codes: Object.fromEntries(
    CMS_CONTACT_TYPES.filter((t) => t.activity === activity).map((t) => [t.band, t.code]),
  ),
}));

// ---- plugin -------------------------------------------------------------------------------------------

export async function workloadPages(app: FastifyInstance, options: WorkloadPagesOptions): Promise<void> {
  const { db } = options.database;
  const today = options.today ?? (() => todayInLondon());

  const teamOf = async (staffId: number, teamCode: string) => {
    const team = await db
      .selectFrom('staff_team as st')
      .innerJoin('team as t', 't.code', 'st.team_code')
      .innerJoin('staff as s', 's.id', 'st.staff_id')
      .select(['t.code', 't.name', 't.pdu_code', 's.forename', 's.surname'])
      .where('st.staff_id', '=', staffId)
      .where('st.team_code', '=', teamCode)
      .where('st.end_date', 'is', null)
      .executeTakeFirst();
    if (!team) throw new NotFoundError('No such practitioner in that team');
    return team;
  };

  const practitionerPage = async (
    request: FastifyRequest,
    reply: FastifyReply,
    staffId: number,
    teamCode?: string,
    form: { contractedHours: string; problems: readonly FieldProblem[] } | null = null,
  ) => {
    const access = await workloadAccess(db, request.user!);
    const views = await assignmentViews(db, staffId, today(), teamCode);
    if (views.length === 0) throw new NotFoundError('No workload figures for this practitioner');
    for (const v of views) ensureAllowed(canViewPractitioner(access, staffId, v.figures.teamCode));
    const own = request.user!.staffId === staffId;
    return reply.code(form ? 422 : 200).render('workload/practitioner.njk', {
      ...errorView(form?.problems ?? []),
      contractedHoursValue: form?.contractedHours,
      pageTitle: own ? 'My workload' : `Workload – ${views[0]!.figures.name}`,
      heading: own ? 'My workload' : views[0]!.figures.name,
      assignments: views.map((v) => ({ ...v, canManage: canManageTeam(access, v.figures.teamCode) })),
      backLink: own ? undefined : `/workload/team/${views[0]!.figures.teamCode}`,
    });
  };

  app.get('/workload', async (request, reply) => {
    const user = request.user!;
    if (user.staffId !== null) {
      const has = await db
        .selectFrom('staff_team')
        .select('staff_id')
        .where('staff_id', '=', user.staffId)
        .where('end_date', 'is', null)
        .executeTakeFirst();
      if (has && user.roles.includes('PRACTITIONER')) return practitionerPage(request, reply, user.staffId);
    }
    const access = await workloadAccess(db, user);
    const first = [...access.teams][0];
    if (user.roles.includes('PDU_HEAD') && user.homePduCode)
      return reply.redirect(`/workload/pdu/${user.homePduCode}`);
    if (first) return reply.redirect(`/workload/team/${first}`);
    if (canViewRegions(access)) return reply.redirect('/workload/national');
    if (user.staffId !== null) return practitionerPage(request, reply, user.staffId);
    throw new NotFoundError('You have no workload to show');
  });

  app.get<{ Params: { staffId: string; teamCode: string } }>(
    '/workload/practitioner/:staffId/:teamCode',
    async (request, reply) =>
      practitionerPage(request, reply, idParam(request.params.staffId), request.params.teamCode),
  );

  app.get<{ Params: { staffId: string; teamCode: string; table: string } }>(
    '/workload/practitioner/:staffId/:teamCode/export/:table',
    async (request, reply) => {
      const staffId = idParam(request.params.staffId);
      const { teamCode, table } = request.params;
      ensureAllowed(canViewPractitioner(await workloadAccess(db, request.user!), staffId, teamCode));
      const [view] = await assignmentViews(db, staffId, today(), teamCode);
      if (!view) throw new NotFoundError('No workload figures for this practitioner');
      const name = `workload-${view.figures.staffCode}-${teamCode}-${table}.csv`;
      if (table === 'caseload') return sendCsv(reply, name, CASELOAD_COLUMNS, view.caseload);
      if (table === 'reductions') return sendCsv(reply, name, REDUCTION_COLUMNS, view.reductions);
      if (table === 'reports') return sendCsv(reply, name, REPORT_COLUMNS, reportRows(view.figures));
      if (table === 'trend') return sendCsv(reply, name, TREND_COLUMNS, view.trend);
      throw new NotFoundError('No such table');
    },
  );

  app.get<{ Params: { teamCode: string } }>('/workload/team/:teamCode', async (request, reply) => {
    const access = await workloadAccess(db, request.user!);
    ensureAllowed(canViewTeam(access, request.params.teamCode));
    const view = await teamView(db, request.params.teamCode, today());
    if (!view) throw new NotFoundError('No such team');
    return reply.render('workload/team.njk', {
      pageTitle: `Team workload – ${view.team.name}`,
      ...view,
      canManage: canManageTeam(access, view.team.code),
      canViewPdu: view.team.parent !== null && canViewPdu(access, view.team.parent.code),
    });
  });

  app.get<{ Params: { teamCode: string; table: string } }>(
    '/workload/team/:teamCode/export/:table',
    async (request, reply) => {
      const { teamCode, table } = request.params;
      ensureAllowed(canViewTeam(await workloadAccess(db, request.user!), teamCode));
      const view = await teamView(db, teamCode, today());
      if (!view) throw new NotFoundError('No such team');
      const name = `workload-team-${teamCode}-${table}.csv`;
      if (table === 'practitioners') return sendCsv(reply, name, MEMBER_COLUMNS, view.members);
      if (table === 'expiring-reductions') return sendCsv(reply, name, REDUCTION_COLUMNS, view.expiring);
      if (table === 'trend') return sendCsv(reply, name, TREND_COLUMNS, view.trend);
      throw new NotFoundError('No such table');
    },
  );

  const unitAllowed = async (
    request: FastifyRequest,
    level: 'pdu' | 'region' | 'national',
    code: string | null,
  ) => {
    const access = await workloadAccess(db, request.user!);
    ensureAllowed(
      level === 'pdu' ? canViewPdu(access, code!) || canViewRegions(access) : canViewRegions(access),
    );
    return access;
  };

  for (const level of ['pdu', 'region', 'national'] as const) {
    const path = level === 'national' ? '/workload/national' : `/workload/${level}/:code`;
    app.get<{ Params: { code?: string } }>(path, async (request, reply) => {
      const code = request.params.code ?? null;
      const access = await unitAllowed(request, level, code);
      const view = await unitView(db, level, code, today());
      if (!view) throw new NotFoundError('No such unit');
      return reply.render('workload/unit.njk', {
        pageTitle: `Workload – ${view.unit.name}`,
        ...view,
        exportBase: level === 'national' ? '/workload/national/export' : `/workload/${level}/${code}/export`,
        canViewParent:
          view.unit.parent !== null &&
          (view.unit.parent.level === 'pdu'
            ? canViewPdu(access, view.unit.parent.code)
            : canViewRegions(access)),
        childLinks: view.children.map((c) =>
          view.childLevel === 'team'
            ? canViewTeam(access, c.code)
            : view.childLevel === 'pdu'
              ? canViewPdu(access, c.code)
              : true,
        ),
      });
    });
    app.get<{ Params: { code?: string; table: string } }>(`${path}/export/:table`, async (request, reply) => {
      const code = request.params.code ?? null;
      await unitAllowed(request, level, code);
      const view = await unitView(db, level, code, today());
      if (!view) throw new NotFoundError('No such unit');
      const name = `workload-${level}-${code ?? 'national'}-${request.params.table}.csv`;
      if (request.params.table === 'units')
        return sendCsv(reply, name, UNIT_COLUMNS, [...view.children, view.totals]);
      if (request.params.table === 'trend') return sendCsv(reply, name, TREND_COLUMNS, view.trend);
      throw new NotFoundError('No such table');
    });
  }

  // ---- contracted hours ---------------------------------------------------------------------------------

  app.post<{ Params: { staffId: string; teamCode: string }; Body: Body }>(
    '/workload/practitioner/:staffId/:teamCode/contracted-hours',
    async (request, reply) => {
      const staffId = idParam(request.params.staffId);
      const { teamCode } = request.params;
      ensureAllowed(canManageTeam(await workloadAccess(db, request.user!), teamCode));
      await teamOf(staffId, teamCode);
      const value = request.body.contractedHours ?? '';
      try {
        await setContractedHours(db, actorOf(request), staffId, teamCode, numberOrNull(value), today());
      } catch (err) {
        if (err instanceof ValidationError && err.status === 422)
          return practitionerPage(request, reply, staffId, teamCode, {
            contractedHours: value,
            problems: err.problems,
          });
        throw err;
      }
      return reply.redirect(`/workload/practitioner/${staffId}/${teamCode}`, 303);
    },
  );

  // ---- reductions ---------------------------------------------------------------------------------------

  const reductionForm = async (
    request: FastifyRequest,
    reply: FastifyReply,
    staffId: number,
    teamCode: string,
    values: Body,
    problems: readonly FieldProblem[] = [],
  ) => {
    const who = await teamOf(staffId, teamCode);
    const reasons = await reductionReasons(db);
    const reason = reasons.find((r) => String(r.id) === values.reasonId);
    const contracted = await contractedHoursFor(db, staffId, teamCode);
    const start = dateFromFields(values, 'startDate') ?? today();
    const prefill = reason ? reductionPrefill(reason, contracted, start) : null;
    return reply.code(problems.length > 0 ? 422 : 200).render('workload/reduction-add.njk', {
      pageTitle: `Add a reduction – ${who.forename} ${who.surname}`,
      backLink: `/workload/practitioner/${staffId}/${teamCode}`,
      action: `/workload/practitioner/${staffId}/${teamCode}/reductions`,
      who,
      contracted,
      reasons: reasons.filter((r) => r.enabled),
      reason,
      values: {
        hours: values.hours ?? (prefill?.hours ?? '').toString(),
        notes: values.notes ?? '',
        startDate:
          values['startDate-day'] !== undefined
            ? {
                day: values['startDate-day'],
                month: values['startDate-month'],
                year: values['startDate-year'],
              }
            : fieldsOfDate(start),
        endDate:
          values['endDate-day'] !== undefined
            ? { day: values['endDate-day'], month: values['endDate-month'], year: values['endDate-year'] }
            : fieldsOfDate(prefill?.endDate),
      },
      maximumHours: prefill?.maximumHours,
      ...errorView(problems),
    });
  };

  app.get<{ Params: { staffId: string; teamCode: string }; Querystring: Body }>(
    '/workload/practitioner/:staffId/:teamCode/reductions/add',
    async (request, reply) => {
      const staffId = idParam(request.params.staffId);
      ensureAllowed(canManageTeam(await workloadAccess(db, request.user!), request.params.teamCode));
      return reductionForm(request, reply, staffId, request.params.teamCode, request.query);
    },
  );

  app.post<{ Params: { staffId: string; teamCode: string }; Body: Body }>(
    '/workload/practitioner/:staffId/:teamCode/reductions',
    async (request, reply) => {
      const staffId = idParam(request.params.staffId);
      const { teamCode } = request.params;
      ensureAllowed(canManageTeam(await workloadAccess(db, request.user!), teamCode));
      await teamOf(staffId, teamCode);
      const body = request.body;
      try {
        await addReduction(
          db,
          actorOf(request),
          {
            staffId,
            teamCode,
            reasonId: numberOrNull(body.reasonId),
            hours: numberOrNull(body.hours),
            startDate: dateFromFields(body, 'startDate'),
            endDate: dateFromFields(body, 'endDate'),
            notes: body.notes ?? '',
          },
          today(),
        );
      } catch (err) {
        if (err instanceof ValidationError && err.status === 422)
          return reductionForm(request, reply, staffId, teamCode, body, err.problems);
        throw err;
      }
      return reply.redirect(`/workload/practitioner/${staffId}/${teamCode}`, 303);
    },
  );

  const loadReduction = async (request: FastifyRequest, id: number) => {
    const [reduction] = await listReductions(db, { id }, today());
    if (!reduction) throw new NotFoundError('No such reduction');
    ensureAllowed(canManageTeam(await workloadAccess(db, request.user!), reduction.teamCode));
    return reduction;
  };

  const changeForm = async (
    reply: FastifyReply,
    reduction: ReductionRecord,
    mode: 'edit' | 'remove',
    values: Body,
    problems: readonly FieldProblem[] = [],
  ) => {
    const who = await teamOf(reduction.staffId, reduction.teamCode);
    return reply.code(problems.length > 0 ? 422 : 200).render(`workload/reduction-${mode}.njk`, {
      pageTitle: `${mode === 'edit' ? 'Change' : 'Remove'} a reduction – ${who.forename} ${who.surname}`,
      backLink: `/workload/practitioner/${reduction.staffId}/${reduction.teamCode}`,
      who,
      reduction,
      values: {
        hours: values.hours ?? String(reduction.hours),
        notes: values.notes ?? reduction.notes ?? '',
        removalReason: values.removalReason ?? '',
        action: values.action ?? (reduction.status === 'ACTIVE' ? 'ARCHIVE' : 'DELETE'),
        startDate:
          values['startDate-day'] !== undefined
            ? {
                day: values['startDate-day'],
                month: values['startDate-month'],
                year: values['startDate-year'],
              }
            : fieldsOfDate(reduction.startDate),
        endDate:
          values['endDate-day'] !== undefined
            ? { day: values['endDate-day'], month: values['endDate-month'], year: values['endDate-year'] }
            : fieldsOfDate(reduction.endDate),
      },
      ...errorView(problems),
    });
  };

  for (const mode of ['edit', 'remove'] as const) {
    app.get<{ Params: { id: string } }>(`/workload/reductions/:id/${mode}`, async (request, reply) =>
      changeForm(reply, await loadReduction(request, idParam(request.params.id)), mode, {}),
    );
    app.post<{ Params: { id: string }; Body: Body }>(
      `/workload/reductions/:id/${mode}`,
      async (request, reply) => {
        const reduction = await loadReduction(request, idParam(request.params.id));
        const body = request.body;
        try {
          if (mode === 'edit') {
            await editReduction(
              db,
              actorOf(request),
              reduction.id,
              {
                hours: numberOrNull(body.hours),
                startDate: dateFromFields(body, 'startDate'),
                endDate: dateFromFields(body, 'endDate'),
                notes: body.notes ?? '',
                removalReason: body.removalReason ?? '',
              },
              today(),
            );
          } else {
            await removeReduction(
              db,
              actorOf(request),
              reduction.id,
              body.action === 'ARCHIVE' ? 'ARCHIVE' : 'DELETE',
              body.removalReason ?? '',
              today(),
            );
          }
        } catch (err) {
          if (err instanceof ValidationError && err.status === 422)
            return changeForm(reply, reduction, mode, body, err.problems);
          throw err;
        }
        return reply.redirect(`/workload/practitioner/${reduction.staffId}/${reduction.teamCode}`, 303);
      },
    );
  }

  // ---- administration -----------------------------------------------------------------------------------

  const weightsPage = async (
    request: FastifyRequest,
    reply: FastifyReply,
    values: Body | null,
    problems: readonly FieldProblem[] = [],
    thresholdValues: Body | null = null,
  ) => {
    const [config, thresholdVersions] = await Promise.all([
      weightingConfigForDate(db, today()),
      thresholdHistory(db),
    ]);
    const thresholds = thresholdsOn(thresholdVersions, today());
    const fields = weightFields(config);
    const value = (name: string) =>
      values?.[name] ?? String(fields.find((f) => f.name === name)?.value ?? '');
    return reply.code(problems.length > 0 ? 422 : 200).render('workload/admin-weights.njk', {
      pageTitle: 'Workload weights',
      config,
      canEdit: canEditWeights(request.user!),
      history: await weightingHistory(db),
      locations: CASE_LOCATIONS,
      tiers: [...V2_TIER_CODES, ...V2_S_TIER_CODES],
      keepKeys: KEEP_PCT_KEYS,
      grades: TARGET_GRADES,
      cmsRows: CMS_ROWS,
      value,
      thresholds,
      thresholdHistory: thresholdVersions,
      thresholdFields: THRESHOLD_FIELDS.map((f) => ({
        ...f,
        value: thresholdValues?.[f.name] ?? String(thresholds[f.name]),
      })),
      thresholdsFrom: thresholdValues
        ? {
            day: thresholdValues['thresholdsFrom-day'],
            month: thresholdValues['thresholdsFrom-month'],
            year: thresholdValues['thresholdsFrom-year'],
          }
        : fieldsOfDate(today()),
      effectiveFrom: values
        ? {
            day: values['effectiveFrom-day'],
            month: values['effectiveFrom-month'],
            year: values['effectiveFrom-year'],
          }
        : fieldsOfDate(today()),
      ...errorView(problems),
    });
  };

  app.get('/workload/admin/weights', async (request, reply) => {
    ensureAllowed(canViewWeights(request.user!));
    return weightsPage(request, reply, null);
  });

  app.post<{ Body: Body }>('/workload/admin/weights', async (request, reply) => {
    ensureAllowed(canEditWeights(request.user!));
    const body = request.body;
    const date = today();
    try {
      await changeWeightingConfig(
        db,
        actorOf(request),
        dateFromFields(body, 'effectiveFrom') ?? '',
        (current) => configFromForm(current, body),
        date,
      );
    } catch (err) {
      if (err instanceof ValidationError && err.status === 422)
        return weightsPage(request, reply, body, err.problems);
      throw err;
    }
    return reply.redirect('/workload/admin/weights', 303);
  });

  app.post<{ Body: Body }>('/workload/admin/thresholds', async (request, reply) => {
    ensureAllowed(canEditWeights(request.user!));
    const body = request.body;
    try {
      await db.transaction().execute((trx) =>
        saveThresholdVersion(
          trx,
          actorOf(request),
          {
            effectiveFrom: dateFromFields(body, 'thresholdsFrom') ?? '',
            values: {
              highlightAbovePct: numberField(body.highlightAbovePct),
              overCapacityAbovePct: numberField(body.overCapacityAbovePct),
              excessiveAbovePct: numberField(body.excessiveAbovePct),
              excessiveConsecutiveWeeks: numberField(body.excessiveConsecutiveWeeks),
            },
          },
          today(),
        ),
      );
    } catch (err) {
      if (err instanceof ValidationError && err.status === 422) {
        const problems = err.problems.map((p) =>
          p.field === 'effectiveFrom' ? { ...p, field: 'thresholdsFrom' } : p,
        );
        return weightsPage(request, reply, null, problems, body);
      }
      throw err;
    }
    return reply.redirect('/workload/admin/weights#thresholds', 303);
  });

  app.get('/workload/admin/weights/export/history', async (request, reply) => {
    ensureAllowed(canViewWeights(request.user!));
    return sendCsv(reply, 'workload-weights-history.csv', HISTORY_COLUMNS, await weightingHistory(db));
  });

  app.get('/workload/admin/reasons/export/reasons', async (request, reply) => {
    ensureAllowed(canViewWeights(request.user!));
    return sendCsv(reply, 'workload-reduction-reasons.csv', REASON_COLUMNS, await reductionReasons(db));
  });

  app.get('/workload/admin/reasons', async (request, reply) => {
    ensureAllowed(canViewWeights(request.user!));
    return reply.render('workload/admin-reasons.njk', {
      pageTitle: 'Reduction reasons',
      reasons: await reductionReasons(db),
      canEdit: canEditWeights(request.user!),
    });
  });

  app.post<{ Params: { id: string }; Body: Body }>('/workload/admin/reasons/:id', async (request, reply) => {
    ensureAllowed(canEditWeights(request.user!));
    const body = request.body;
    await editReductionReason(db, actorOf(request), idParam(request.params.id), {
      allowancePct: numberOrNull(body.allowancePct),
      maxPct: numberOrNull(body.maxPct),
      monthsToExpiry: numberOrNull(body.monthsToExpiry),
      enabled: body.enabled === 'yes',
    });
    return reply.redirect('/workload/admin/reasons', 303);
  });
}
