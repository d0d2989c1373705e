import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { caseHistory } from '../../db/case-journal.js';
import { londonNow } from '../../db/case-rules.js';
import { caseOverview, personSummary } from '../../db/case-record.js';
import { caseloadHolders, listCaseload, managedTeams } from '../../db/caseload.js';
import { searchPersons } from '../../db/case-search.js';
import { personalDetails } from '../../db/personal-details.js';
import { isAssessmentStale } from '../../domain/casework/assessment-age.js';
import { parsePersonSearch, type PersonSearchInput } from '../../domain/casework/person-search.js';
import { ValidationError } from '../../domain/validation.js';
import { hasRole } from '../auth/session.js';
import { homeQueueCounts, unreadAllocations } from '../allocation/home.js';
import { DEFAULT_PAGE_SIZE, paginationFor, readPage, withQuery } from '../pagination.js';
import { openCase } from './case-access.js';
import { caseView } from './case-navigation.js';
import { caseloadHead, caseloadRows, filterItems, readCaseloadQuery } from './caseload-view.js';
import { actionLabel, changeRows } from './history-view.js';
import {
  CASE_TYPE_LABELS,
  FLAG_TAG_CLASSES,
  lengthLabel,
  ROSH_LABELS,
  ROSH_TAG_CLASSES,
  sentenceLabel,
  timeLabel,
} from './labels.js';

type Query = Record<string, string | undefined>;

/** Case lists, national search and the case pages (issue #2). All read-only: inspectors see the same pages. */
export async function casePages(app: FastifyInstance): Promise<void> {
  const db = app.database.db;

  app.get('/cases', async (request, reply) => {
    const user = request.user!;
    const raw = request.query as Query;
    const query = readCaseloadQuery(raw, { teams: [] });
    if (user.staffId === null) {
      return reply.render('cases/my-cases.njk', { pageTitle: 'My cases', noCaseload: true, query, raw });
    }
    const [result, allocations] = await Promise.all([
      listCaseload(db, user.id, { kind: 'STAFF', staffId: user.staffId }, query, londonNow()),
      unreadAllocations(db, user.staffId),
    ]);
    return reply.render('cases/my-cases.njk', {
      pageTitle: query.page > 1 ? `My cases (page ${query.page})` : 'My cases',
      allocations,
      query,
      raw,
      total: result.total,
      head: caseloadHead('/cases', raw, query, false),
      rows: caseloadRows(result.rows, false),
      filters: filterItems(query),
      filtered: !!(query.text || query.tier || query.caseType || query.safeguarding),
      pagination: paginationFor(query.page, query.pageSize, result.total, (p) =>
        withQuery('/cases', raw, { page: p }),
      ),
    });
  });

  app.get('/team', async (request, reply) => {
    const user = request.user!;
    if (!hasRole(user, 'SPO', 'PDU_HEAD')) {
      return reply.code(403).render('views/problem.njk', {
        pageTitle: 'You cannot see team caseloads',
        message: 'Team caseloads are for senior probation officers and heads of PDU.',
      });
    }
    const raw = request.query as Query;
    const teams = await managedTeams(db, user);
    const teamCodes = teams.map((t) => t.code);
    const query = readCaseloadQuery(raw, { teams: teamCodes });
    const [result, holders, queueCounts] = await Promise.all([
      listCaseload(db, user.id, { kind: 'TEAMS', teamCodes }, query, londonNow()),
      caseloadHolders(db, query.team ? [query.team] : teamCodes),
      homeQueueCounts(db, user),
    ]);
    const option = (value: string, text: string, selected: boolean) => ({ value, text, selected });
    return reply.render('cases/team.njk', {
      pageTitle: teams.length === 1 ? `Team caseload – ${teams[0]!.name}` : 'Team caseload',
      teams,
      query,
      raw,
      total: result.total,
      unallocated: holders.unallocated,
      queueCounts,
      head: caseloadHead('/team', raw, query, true),
      rows: caseloadRows(result.rows, true),
      filters: {
        ...filterItems(query),
        team: [
          option('', 'All teams', !query.team),
          ...teams.map((t) => option(t.code, t.name, query.team === t.code)),
        ],
        practitioner: [
          option('', 'Everyone', query.practitioner === undefined),
          option('unallocated', `Unallocated (${holders.unallocated})`, query.practitioner === 'UNALLOCATED'),
          ...holders.practitioners.map((p) =>
            option(String(p.staffId), `${p.name} (${p.cases})`, query.practitioner === p.staffId),
          ),
        ],
      },
      pagination: paginationFor(query.page, query.pageSize, result.total, (p) =>
        withQuery('/team', raw, { page: p }),
      ),
    });
  });

  app.get('/search', async (request, reply) => {
    const raw = request.query as Query;
    const dobParts = [raw['dateOfBirth-day'], raw['dateOfBirth-month'], raw['dateOfBirth-year']];
    const input: PersonSearchInput = {
      crn: raw.crn,
      forename: raw.forename,
      surname: raw.surname,
      dateOfBirth: dobParts.some((p) => p?.trim())
        ? dobParts.map((p) => p?.trim() ?? '').join('/')
        : undefined,
      pnc: raw.pnc,
    };
    const form = { ...raw };
    const searched = Object.values(input).some((v) => v !== undefined) || 'crn' in raw;
    if (!searched) return reply.render('cases/search.njk', { pageTitle: 'Search for a case', form });
    const page = readPage(raw.page);
    try {
      const criteria = parsePersonSearch(input, londonNow().date, 'crn');
      const result = await searchPersons(
        db,
        request.user!.id,
        criteria,
        { page, pageSize: DEFAULT_PAGE_SIZE },
        londonNow().date,
      );
      return reply.render('cases/search.njk', {
        pageTitle: page > 1 ? `Search results (page ${page})` : 'Search results',
        form,
        searched: true,
        total: result.total,
        results: result.rows,
        pagination: paginationFor(page, DEFAULT_PAGE_SIZE, result.total, (p) =>
          withQuery('/search', raw, { page: p }),
        ),
      });
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err;
      const fieldErrors = Object.fromEntries(err.problems.map((p) => [p.field, { text: p.problem }]));
      return reply.code(err.status).render('cases/search.njk', {
        pageTitle: 'Search for a case',
        form,
        errors: err.problems.map((p) => ({
          text: p.problem,
          href: p.field === 'dateOfBirth' ? '#dateOfBirth-day' : `#${p.field}`,
        })),
        fieldErrors,
      });
    }
  });

  app.get('/cases/:crn', async (request, reply) => {
    const opened = await openCase(request, reply, 'overview');
    if (!opened) return reply;
    const now = londonNow();
    const { person, events, registrations, assessment, officer, lastContact, nextAppointment } =
      await caseOverview(db, opened.personId, now);
    return reply.render('cases/overview.njk', {
      ...caseView(person, 'overview'),
      events: events.map((e) => ({
        ...e,
        sentenceLabel:
          e.sentence && sentenceLabel(e.sentence.description, e.sentence.length, e.sentence.lengthUnit),
        requirements: (e.sentence?.requirements ?? []).map((q) => ({
          ...q,
          lengthLabel: lengthLabel(q.length, q.lengthUnit),
        })),
      })),
      flags: registrations
        .filter((r) => r.active)
        .map((r) => ({ ...r, tagClass: FLAG_TAG_CLASSES[r.colour] ?? '' })),
      removedFlags: registrations.filter((r) => !r.active).length,
      assessment: assessment && {
        ...assessment,
        stale: isAssessmentStale(assessment.completedDate, now.date, assessment.staleAfterWeeks),
        groups: (
          [
            ['Children', assessment.rosh.children],
            ['Public', assessment.rosh.public],
            ['Known adult', assessment.rosh.knownAdult],
            ['Staff', assessment.rosh.staff],
            ['Prisoners', assessment.rosh.prisoners],
          ] as const
        ).map(([group, level]) => ({
          group,
          level: level ? ROSH_LABELS[level] : 'Not assessed',
          tagClass: level ? ROSH_TAG_CLASSES[level] : 'govuk-tag--grey',
        })),
        overallLabel: assessment.overall ? ROSH_LABELS[assessment.overall] : null,
      },
      officer,
      lastContact: lastContact && { ...lastContact, timeLabel: timeLabel(lastContact.time) },
      nextAppointment: nextAppointment && { ...nextAppointment, timeLabel: timeLabel(nextAppointment.time) },
      caseTypeLabels: CASE_TYPE_LABELS,
    });
  });

  app.get('/cases/:crn/personal-details', async (request, reply) => {
    const opened = await openCase(request, reply, 'personal-details');
    if (!opened) return reply;
    const [person, details] = await Promise.all([
      personSummary(db, opened.personId),
      personalDetails(db, opened.personId),
    ]);
    return reply.render('cases/personal-details.njk', { ...caseView(person, 'personal-details'), details });
  });

  app.get('/cases/:crn/history', async (request: FastifyRequest, reply: FastifyReply) => {
    const opened = await openCase(request, reply, 'history');
    if (!opened) return reply;
    const raw = request.query as Query;
    const page = readPage(raw.page);
    const [person, history] = await Promise.all([
      personSummary(db, opened.personId),
      caseHistory(db, opened.personId, { page, pageSize: DEFAULT_PAGE_SIZE }),
    ]);
    const path = `/cases/${opened.crn}/history`;
    return reply.render('cases/history.njk', {
      ...caseView(person, 'history'),
      total: history.total,
      entries: history.rows.map((r) => ({
        ...r,
        actionLabel: actionLabel(r.action),
        changes: changeRows(r.before, r.after),
      })),
      pagination: paginationFor(page, DEFAULT_PAGE_SIZE, history.total, (p) =>
        withQuery(path, raw, { page: p }),
      ),
    });
  });
}
