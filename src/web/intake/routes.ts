import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { managedTeams } from '../../db/caseload.js';
import { INTAKE_ROLES, recordCourtOutcome, SEXES } from '../../db/intake.js';
import { SENTENCE_LENGTH_UNITS } from '../../db/risk-changes.js';
import { todayInLondon } from '../../domain/calculation/run.js';
import { ValidationError, type FieldProblem } from '../../domain/validation.js';
import { canWrite, hasRole, type CurrentUser } from '../auth/session.js';
import { intakeErrors, parseIntakeForm, REQUIREMENT_ROWS, type Body } from './form.js';

// The intake page (issue #5): one form for a court outcome, with the defaults most sentences need (today,
// a 12-month community order, the manager's own team), so recording one takes a few fields and one click.

export interface IntakePagesOptions {
  /** The clock; tests fix it. */
  now?: () => Date;
}

const SEX_LABELS: Record<(typeof SEXES)[number], string> = {
  MALE: 'Male',
  FEMALE: 'Female',
  NOT_KNOWN: 'Not known',
};

const UNIT_LABELS: Record<(typeof SENTENCE_LENGTH_UNITS)[number], string> = {
  DAYS: 'Days',
  WEEKS: 'Weeks',
  MONTHS: 'Months',
  YEARS: 'Years',
};

function forbidden(reply: FastifyReply) {
  return reply.code(403).render('views/problem.njk', {
    pageTitle: 'You cannot record sentences',
    message: 'Sentences are recorded by senior probation officers, heads of PDU and administrators.',
  });
}

const mayRecord = (user: CurrentUser) => hasRole(user, ...INTAKE_ROLES) && canWrite(user);

export async function intakePages(app: FastifyInstance, options: IntakePagesOptions = {}): Promise<void> {
  const db = app.database.db;
  const now = options.now ?? (() => new Date());

  /** The queues the user fills: every active team for an administrator, else the teams they manage. */
  const teamsFor = async (user: CurrentUser) => {
    if (!hasRole(user, 'ADMIN')) return managedTeams(db, user);
    return db
      .selectFrom('team')
      .select(['code', 'name'])
      .where('end_date', 'is', null)
      .orderBy('name')
      .execute();
  };

  const render = async (
    request: FastifyRequest,
    reply: FastifyReply,
    values: Body,
    problems: readonly FieldProblem[],
    elementFor: (field: string) => string = (f) => f,
  ) => {
    const user = request.user!;
    const [teams, courts, disposals, requirementTypes] = await Promise.all([
      teamsFor(user),
      db.selectFrom('court').select(['code', 'name']).orderBy('name').execute(),
      db.selectFrom('disposal_type').select(['code', 'description']).orderBy('description').execute(),
      db.selectFrom('requirement_type').select(['code', 'description']).orderBy('description').execute(),
    ]);
    const selected = (field: string, value: string) => values[field] === value;
    const options = (field: string, rows: { value: string; text: string }[], prompt?: string) => [
      ...(prompt ? [{ value: '', text: prompt, selected: !values[field] }] : []),
      ...rows.map((r) => ({ ...r, selected: selected(field, r.value) })),
    ];
    return reply.code(problems.length > 0 ? 422 : 200).render('intake/intake.njk', {
      pageTitle: 'Record a sentence',
      values,
      ...intakeErrors(problems, elementFor),
      sexes: SEXES.map((s) => ({ value: s, text: SEX_LABELS[s], checked: selected('sex', s) })),
      courts: options(
        'courtCode',
        courts.map((c) => ({ value: c.code, text: c.name })),
        'Select a court',
      ),
      disposals: options(
        'disposalTypeCode',
        disposals.map((d) => ({ value: d.code, text: d.description })),
      ),
      lengthUnits: options(
        'lengthUnit',
        SENTENCE_LENGTH_UNITS.map((u) => ({ value: u, text: UNIT_LABELS[u] })),
      ),
      requirementRows: Array.from({ length: REQUIREMENT_ROWS }, (_, i) => {
        const typeId = `requirements.${i}.requirementTypeCode`;
        return {
          typeId,
          lengthId: `requirements.${i}.length`,
          types: options(
            typeId,
            requirementTypes.map((t) => ({ value: t.code, text: t.description })),
            'None',
          ),
        };
      }),
      teams: options(
        'teamCode',
        teams.map((t) => ({ value: t.code, text: t.name })),
        teams.length === 1 ? undefined : 'Select a team',
      ),
    });
  };

  app.get('/intake', async (request, reply) => {
    const user = request.user!;
    if (!mayRecord(user)) return forbidden(reply);
    const [year, month, day] = todayInLondon(now()).split('-');
    const teams = await teamsFor(user);
    return render(
      request,
      reply,
      {
        personKind: 'new',
        'sentenceDate-day': String(Number(day)),
        'sentenceDate-month': String(Number(month)),
        'sentenceDate-year': year,
        disposalTypeCode: 'ORA_CO',
        length: '12',
        lengthUnit: 'MONTHS',
        teamCode: teams.length === 1 ? teams[0]!.code : undefined,
      },
      [],
    );
  });

  app.post('/intake', async (request, reply) => {
    const user = request.user!;
    if (!mayRecord(user)) return forbidden(reply);
    const body = (request.body ?? {}) as Body;
    const form = parseIntakeForm(body);
    const teams = await teamsFor(user);
    if (form.input.teamCode && !teams.some((t) => t.code === form.input.teamCode)) {
      return render(request, reply, body, [{ field: 'teamCode', problem: 'Select one of your teams' }]);
    }
    try {
      const result = await recordCourtOutcome(
        db,
        { userId: user.id, name: user.username, correlationId: request.id, roles: user.roles },
        form.input,
        now(),
      );
      return reply.redirect(
        result.outcome === 'CONTINUITY'
          ? `/cases/${result.crn}`
          : `/allocation/team/${result.teamCode}?queued=${result.crn}`,
        303,
      );
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err;
      return render(request, reply, body, err.problems, form.elementFor);
    }
  });
}
