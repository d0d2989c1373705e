import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import { checkCaseAccess } from '../../db/access.js';
import {
  ALLOCATOR_ROLES,
  allocateCase,
  allocationCase,
  listNotifications,
  listQueue,
  loadAllocationConfig,
  markNotificationRead,
  pduTeams,
  practitionerOptions,
  saveAllocationConfig,
  tierMixes,
  type AllocationCase,
  type AllocationInput,
} from '../../db/allocation.js';
import { allocationDashboard, type ReportLevel } from '../../db/allocation-report.js';
import { managedTeams, pduCodesOfTeams } from '../../db/caseload.js';
import { INTAKE_ROLES } from '../../db/intake.js';
import type { Database } from '../../db/connection.js';
import type { DB } from '../../db/schema.js';
import { ensureWorkloadCurrent } from '../../db/workload/recalculate.js';
import { REALLOCATION_REASONS } from '../../domain/allocation/index.js';
import { ValidationError, type FieldProblem } from '../../domain/validation.js';
import { canWrite, hasRole, type CurrentUser } from '../auth/session.js';
import { RULE_LABELS, caseSummaryRows, optionRows, queueRows } from './view-models.js';
import { configErrors, configFormGroups, configFromForm } from './config-form.js';

// Allocation pages (issue #5): the queue per team and PDU, the allocation page, notifications and the
// dashboard. Routes are thin: the allocation service decides, validates and writes.

export interface AllocationPagesOptions {
  database: Database;
  /** The clock; tests fix it. */
  now?: () => Date;
}

class PageError extends Error {
  constructor(
    readonly statusCode: 403 | 404,
    message: string,
  ) {
    super(message);
  }
}

type Body = Record<string, string | string[] | undefined>;

const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);
const many = (v: string | string[] | undefined) => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

/** Where the user may look: every unit for administrators and inspectors, else their teams' PDUs. */
async function scopeOf(db: Kysely<DB>, user: CurrentUser) {
  const everything = hasRole(user, 'ADMIN', 'INSPECTOR');
  const teams = await managedTeams(db, user);
  const pdus = new Set<string>(user.homePduCode && hasRole(user, 'PDU_HEAD') ? [user.homePduCode] : []);
  for (const code of await pduCodesOfTeams(db, teams)) pdus.add(code);
  return { everything, teams, pdus };
}

function errorView(problems: readonly FieldProblem[]) {
  return {
    errors: problems.map((p) => ({ text: p.problem, href: `#${p.field}` })),
    fieldErrors: Object.fromEntries(problems.map((p) => [p.field, { text: p.problem }])),
  };
}

export async function allocationPages(app: FastifyInstance, options: AllocationPagesOptions): Promise<void> {
  const { db } = options.database;
  const now = options.now ?? (() => new Date());
  const configFor = (region: string) => loadAllocationConfig(db, region);

  const requireReader = (user: CurrentUser) => {
    if (!hasRole(user, 'SPO', 'PDU_HEAD', 'ADMIN', 'INSPECTOR')) {
      throw new PageError(403, 'Allocation is for senior probation officers, heads of PDU and inspectors.');
    }
  };

  app.get('/allocation', async (request, reply) => {
    const user = request.user!;
    requireReader(user);
    const scope = await scopeOf(db, user);
    if (hasRole(user, 'PDU_HEAD') && user.homePduCode)
      return reply.redirect(`/allocation/pdu/${user.homePduCode}`);
    if (scope.teams.length > 0) return reply.redirect(`/allocation/team/${scope.teams[0]!.code}`);
    return reply.redirect('/allocation/dashboard');
  });

  const queuePage = async (request: FastifyRequest, reply: FastifyReply, level: 'team' | 'pdu') => {
    const user = request.user!;
    requireReader(user);
    const { code } = request.params as { code: string };
    const unit =
      level === 'team'
        ? await db
            .selectFrom('team')
            .select(['code', 'name', 'pdu_code'])
            .where('code', '=', code)
            .executeTakeFirst()
        : await db
            .selectFrom('pdu')
            .select(['code', 'name', 'code as pdu_code'])
            .where('code', '=', code)
            .executeTakeFirst();
    if (!unit) throw new PageError(404, 'There is no such team or PDU.');
    const scope = await scopeOf(db, user);
    if (!scope.everything && !scope.pdus.has(unit.pdu_code))
      throw new PageError(403, 'This queue belongs to another PDU.');
    const queue = await listQueue(db, user.id, { level, code }, now());
    const crnParam = (name: string) => {
      const v = one((request.query as Body)[name]);
      return v && /^[A-Z][0-9]{6}$/.test(v) ? v : null;
    };
    return reply.render('allocation/queue.njk', {
      pageTitle: `Unallocated cases – ${unit.name}`,
      unit,
      level,
      queue,
      rows: queueRows(queue.items),
      teams: level === 'pdu' ? await pduTeams(db, code, now()) : [],
      pduCode: unit.pdu_code,
      allocated: crnParam('allocated'),
      queued: crnParam('queued'),
      canAllocate: hasRole(user, ...ALLOCATOR_ROLES) && canWrite(user),
      canRecord: hasRole(user, ...INTAKE_ROLES) && canWrite(user),
    });
  };
  app.get('/allocation/team/:code', (request, reply) => queuePage(request, reply, 'team'));
  app.get('/allocation/pdu/:code', (request, reply) => queuePage(request, reply, 'pdu'));

  /** The case, after the audited access check; a blocked user sees the restriction message and nothing else. */
  const openCase = async (request: FastifyRequest, reply: FastifyReply): Promise<AllocationCase | null> => {
    const user = request.user!;
    const { crn } = request.params as { crn: string };
    const decision = await checkCaseAccess(
      db,
      { userId: user.id, name: user.username, correlationId: request.id },
      crn,
      'allocation',
    );
    if (decision.outcome === 'NOT_FOUND') throw new PageError(404, 'No case has this CRN.');
    if (decision.outcome !== 'ALLOWED') {
      await reply
        .code(403)
        .render('views/problem.njk', { pageTitle: 'Restricted access', message: decision.message });
      return null;
    }
    const c = await allocationCase(db, user.id, decision.personId, configFor, now());
    if (!c) throw new PageError(404, 'This case is not active, so it cannot be allocated.');
    const scope = await scopeOf(db, user);
    if (!scope.everything && !scope.pdus.has(c.pduCode))
      throw new PageError(403, 'This case is queued in another PDU.');
    return c;
  };

  const allocationPage = async (
    request: FastifyRequest,
    reply: FastifyReply,
    c: AllocationCase,
    form: { values: Body; problems: FieldProblem[] },
  ) => {
    const user = request.user!;
    await ensureWorkloadCurrent(db);
    const config = await configFor(c.regionCode);
    const teams = await pduTeams(db, c.pduCode, now());
    const requested = many((request.query as Body).teams).filter((t) => teams.some((x) => x.code === t));
    const chosenTeams = requested.length > 0 ? requested : [c.teamCode];
    const options = await practitionerOptions(db, c, chosenTeams, config, now());
    const mixes = await tierMixes(db, [...new Set(options.map((o) => o.candidate.staffId))]);
    const rows = optionRows(options, mixes);
    const selected = one(form.values.practitioner);
    return reply.code(form.problems.length > 0 ? 422 : 200).render('allocation/allocate.njk', {
      pageTitle: `${c.currentStaffId === null ? 'Allocate' : 'Reallocate'} ${c.name} (${c.crn})`,
      backLink: `/allocation/team/${c.teamCode}`,
      c,
      summary: caseSummaryRows(c),
      teams: teams.map((t) => ({ value: t.code, text: t.name, checked: chosenTeams.includes(t.code) })),
      rows,
      radios: rows.map((r) => ({
        value: r.value,
        text: `${r.rank !== null ? `${r.rank}. ` : ''}${r.name} – ${r.grade}, ${r.team}`,
        hint: {
          text: r.blocked
            ? 'Excluded from this case: cannot be allocated'
            : r.choosable
              ? `Workload ${r.now} → ${r.after}${r.guardrails.length ? `. ${r.guardrails.map((g) => g.message).join(' ')}` : ''}`
              : r.reasons.map((x) => x.text).join(' '),
        },
        disabled: !r.choosable,
        checked: selected === r.value,
      })),
      reallocating: c.currentStaffId !== null,
      reasons: REALLOCATION_REASONS.map((r) => ({
        value: r,
        text: r,
        selected: one(form.values.reason) === r,
      })),
      config,
      ruleLabels: RULE_LABELS,
      values: form.values,
      canAllocate: hasRole(user, ...ALLOCATOR_ROLES) && canWrite(user),
      ...errorView(form.problems),
    });
  };

  app.get('/allocation/case/:crn', async (request, reply) => {
    requireReader(request.user!);
    const c = await openCase(request, reply);
    if (!c) return reply;
    return allocationPage(request, reply, c, { values: {}, problems: [] });
  });

  app.post('/allocation/case/:crn', async (request, reply) => {
    const user = request.user!;
    requireReader(user);
    if (!hasRole(user, ...ALLOCATOR_ROLES) || !canWrite(user)) {
      throw new PageError(403, 'Only senior probation officers and heads of PDU allocate cases.');
    }
    const c = await openCase(request, reply);
    if (!c) return reply;
    const body = (request.body ?? {}) as Body;
    const [staff, team] = (one(body.practitioner) ?? '').split(':');
    const staffId = Number(staff);
    const input: AllocationInput = {
      crn: c.crn,
      staffId: Number.isSafeInteger(staffId) && staffId > 0 ? staffId : null,
      teamCode: team || null,
      notes: one(body.notes) ?? '',
      notesSensitive: one(body.notesSensitive) === 'yes',
      overrideReason: one(body.overrideReason) ?? null,
      justification: one(body.justification) ?? null,
      reason: one(body.reason) ?? null,
      notifyPrevious: one(body.notifyPrevious) === 'yes',
    };
    try {
      const result = await allocateCase(
        db,
        { userId: user.id, name: user.username, correlationId: request.id, roles: user.roles },
        input,
        now(),
      );
      return reply.redirect(`/allocation/team/${c.teamCode}?allocated=${result.crn}`, 303);
    } catch (err) {
      if (!(err instanceof ValidationError) || err.status !== 422) throw err;
      // The page re-reads the case, so a guardrail that changed since it was shown is the one now asked for.
      return allocationPage(request, reply, c, { values: body, problems: err.problems });
    }
  });

  app.get('/notifications', async (request, reply) => {
    const user = request.user!;
    if (user.staffId === null) throw new PageError(404, 'Notifications are for practitioners.');
    return reply.render('allocation/notifications.njk', {
      pageTitle: 'Notifications',
      notifications: await listNotifications(db, user.staffId),
    });
  });

  app.post('/notifications/:personId/:id/read', async (request, reply) => {
    const user = request.user!;
    const { personId, id } = request.params as { personId: string; id: string };
    const ref = { personId: Number(personId), id: Number(id) };
    if (user.staffId === null || !Number.isSafeInteger(ref.personId) || !Number.isSafeInteger(ref.id)) {
      throw new PageError(404, 'Notification not found.');
    }
    await markNotificationRead(
      db,
      { userId: user.id, name: user.username, correlationId: request.id },
      user.staffId,
      ref,
      now(),
    );
    // Opening a new allocation from the home page marks it read and goes straight to the case.
    if (one(((request.body ?? {}) as Body).open) === 'case') {
      const person = await db
        .selectFrom('person')
        .select('crn')
        .where('id', '=', ref.personId)
        .executeTakeFirstOrThrow();
      return reply.redirect(`/cases/${person.crn}`, 303);
    }
    return reply.redirect('/notifications', 303);
  });

  // ---- configuration (administrators change it; inspectors may read it) ----------------------------------

  const configPage = async (
    request: FastifyRequest,
    reply: FastifyReply,
    regionCode: string | null,
    form: { body: Body | null; problems: FieldProblem[] },
  ) => {
    const user = request.user!;
    const regions = await db.selectFrom('region').select(['code', 'name']).orderBy('name').execute();
    const config = await loadAllocationConfig(db, regionCode);
    const region = regions.find((r) => r.code === regionCode);
    const { errors } = configErrors(form.problems);
    return reply.code(form.problems.length > 0 ? 422 : 200).render('allocation/admin-config.njk', {
      pageTitle: `Allocation configuration – ${region ? region.name : 'national'}`,
      regionCode: regionCode ?? '',
      regions: [
        { value: '', text: 'National (regions without their own)', selected: regionCode === null },
        ...regions.map((r) => ({ value: r.code, text: r.name, selected: r.code === regionCode })),
      ],
      source: region
        ? `Saving sets ${region.name}'s own configuration. Until it has one, the national configuration applies.`
        : 'Saving sets the national configuration, which applies to every region without its own.',
      groups: configFormGroups(config, form.body, form.problems),
      canEdit: hasRole(user, 'ADMIN') && canWrite(user),
      saved: one((request.query as Body).saved) === 'yes',
      errors,
    });
  };

  const regionOf = async (value: string | undefined): Promise<string | null> => {
    if (!value) return null;
    const region = await db.selectFrom('region').select('code').where('code', '=', value).executeTakeFirst();
    if (!region) throw new PageError(404, 'There is no such region.');
    return region.code;
  };

  app.get('/allocation/admin/config', async (request, reply) => {
    if (!hasRole(request.user!, 'ADMIN', 'INSPECTOR'))
      throw new PageError(403, 'The allocation configuration is for administrators.');
    const regionCode = await regionOf(one((request.query as Body).region));
    return configPage(request, reply, regionCode, { body: null, problems: [] });
  });

  app.post('/allocation/admin/config', async (request, reply) => {
    const user = request.user!;
    if (!hasRole(user, 'ADMIN') || !canWrite(user))
      throw new PageError(403, 'Only administrators change the allocation configuration.');
    const body = (request.body ?? {}) as Body;
    const regionCode = await regionOf(one(body.region));
    const config = configFromForm(body, await loadAllocationConfig(db, regionCode));
    try {
      await saveAllocationConfig(
        db,
        { userId: user.id, name: user.username, correlationId: request.id },
        regionCode,
        config,
      );
    } catch (err) {
      if (!(err instanceof ValidationError) || err.status !== 422) throw err;
      return configPage(request, reply, regionCode, { body, problems: err.problems });
    }
    return reply.redirect(
      `/allocation/admin/config?${regionCode ? `region=${regionCode}&` : ''}saved=yes`,
      303,
    );
  });

  app.get('/allocation/dashboard', async (request, reply) => {
    const user = request.user!;
    requireReader(user);
    const query = request.query as Body;
    const scope = await scopeOf(db, user);
    const level = (one(query.level) ?? (scope.everything ? 'national' : 'pdu')) as ReportLevel;
    if (!['team', 'pdu', 'region', 'national'].includes(level))
      throw new PageError(404, 'There is no such level.');
    const code = level === 'national' ? null : (one(query.code) ?? [...scope.pdus][0] ?? null);
    if (level !== 'national' && code === null) throw new PageError(404, 'Choose a unit.');
    if (!scope.everything) {
      // Heads of PDU also compare with their region and the country (workload.md §12.2); SPOs see their PDUs.
      const pdu =
        level === 'pdu'
          ? code
          : level === 'team'
            ? ((await db.selectFrom('team').select('pdu_code').where('code', '=', code!).executeTakeFirst())
                ?.pdu_code ?? null)
            : null;
      const allowed = pdu !== null ? scope.pdus.has(pdu) : hasRole(user, 'PDU_HEAD');
      if (!allowed) throw new PageError(403, 'You can see the dashboards of your own PDU.');
    }
    const dashboard = await allocationDashboard(db, user.id, level, code, now());
    return reply.render('allocation/dashboard.njk', {
      pageTitle: 'Allocation dashboard',
      dashboard,
      childLevel: { national: 'region', region: 'pdu', pdu: 'team', team: null }[level],
      releaseRows: queueRows(dashboard.releasesDue),
      ruleLabels: RULE_LABELS,
    });
  });
}
