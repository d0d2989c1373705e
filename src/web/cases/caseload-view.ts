import {
  CASELOAD_SORTS,
  TIER_LETTERS,
  type CaseloadQuery,
  type CaseloadRow,
  type CaseloadSort,
  type SortDirection,
  type TierLetter,
} from '../../db/caseload.js';
import { CASE_TYPES, type CaseType } from '../../db/case-rules.js';
import type { SafeguardingGroup } from '../../domain/casework/flags.js';
import { escapeHtml } from '../html.js';
import { DEFAULT_PAGE_SIZE, readPage, withQuery } from '../pagination.js';
import { formatDate } from '../views.js';
import { caseHref } from './case-navigation.js';
import { CASE_TYPE_LABELS, sentenceLabel, timeLabel } from './labels.js';

/**
 * View models for the caseload tables of "My cases" and "Team caseload": reading the filter, sort and page
 * parameters, and the GOV.UK table with sortable column headings that work as plain links (no JavaScript).
 */

const SAFEGUARDING: Record<string, SafeguardingGroup> = {
  'domestic-abuse': 'DOMESTIC_ABUSE',
  child: 'CHILD_SAFEGUARDING',
};

const oneOf = <T extends string>(values: readonly T[], v: unknown): T | undefined =>
  typeof v === 'string' && (values as readonly string[]).includes(v) ? (v as T) : undefined;

/**
 * The list query from the URL. Values that are not offered by the page's controls are ignored rather than
 * refused: they can only come from an edited URL, and the page then shows the unfiltered list.
 */
export function readCaseloadQuery(
  raw: Record<string, unknown>,
  options: { teams: readonly string[] },
): CaseloadQuery {
  const text = typeof raw.q === 'string' ? raw.q.trim().slice(0, 100) : '';
  const practitioner =
    raw.practitioner === 'unallocated'
      ? ('UNALLOCATED' as const)
      : typeof raw.practitioner === 'string' && /^\d{1,12}$/.test(raw.practitioner)
        ? Number(raw.practitioner)
        : undefined;
  return {
    text: text || undefined,
    tier: oneOf<TierLetter>(TIER_LETTERS, raw.tier),
    caseType: oneOf<CaseType>(CASE_TYPES, raw.type),
    safeguarding: typeof raw.flag === 'string' ? SAFEGUARDING[raw.flag] : undefined,
    practitioner: options.teams.length > 0 ? practitioner : undefined,
    team: oneOf(options.teams, raw.team),
    sort: oneOf<CaseloadSort>(CASELOAD_SORTS, raw.sort) ?? 'name',
    direction: oneOf<SortDirection>(['asc', 'desc'], raw.order) ?? 'asc',
    page: readPage(raw.page),
    pageSize: DEFAULT_PAGE_SIZE,
  };
}

interface Column {
  text: string;
  sort?: CaseloadSort;
}

const COLUMNS: Column[] = [
  { text: 'Name', sort: 'name' },
  { text: 'CRN', sort: 'crn' },
  { text: 'Tier', sort: 'tier' },
  { text: 'Sentence' },
  { text: 'Next appointment', sort: 'nextAppointment' },
];
const PRACTITIONER_COLUMN: Column = { text: 'Practitioner', sort: 'practitioner' };

/** Column headings; sortable ones are links that sort by them (toggling direction) and carry aria-sort. */
export function caseloadHead(
  path: string,
  raw: Record<string, unknown>,
  query: CaseloadQuery,
  showPractitioner: boolean,
) {
  const columns = showPractitioner ? [...COLUMNS, PRACTITIONER_COLUMN] : COLUMNS;
  return columns.map((c) => {
    if (!c.sort) return { text: c.text };
    const current = query.sort === c.sort;
    const next: SortDirection = current && query.direction === 'asc' ? 'desc' : 'asc';
    const href = withQuery(path, raw, { sort: c.sort, order: next, page: undefined });
    return {
      html: `<a class="govuk-link govuk-link--no-visited-state" href="${escapeHtml(href)}">${escapeHtml(c.text)}</a>`,
      attributes: {
        'aria-sort': current ? (query.direction === 'asc' ? 'ascending' : 'descending') : 'none',
      },
    };
  });
}

/** Table rows. A restricted case shows its CRN and "Restricted" and nothing else. */
export function caseloadRows(rows: readonly CaseloadRow[], showPractitioner: boolean) {
  return rows.map((r) => {
    if (r.restricted) {
      const cells = [
        { html: '<span class="casework-restricted">Restricted</span>' },
        { text: r.crn },
        { text: '' },
        { text: '' },
        { text: '' },
      ];
      return showPractitioner ? [...cells, { text: '' }] : cells;
    }
    const name = `${r.forename} ${r.surname}`;
    const cells = [
      {
        html: `<a class="govuk-link" href="${caseHref(r.crn)}">${escapeHtml(name)}</a>`,
      },
      { text: r.crn },
      { text: r.tier ?? 'Pending' },
      {
        html: r.sentence
          ? `${escapeHtml(sentenceLabel(r.sentence.description, r.sentence.length, r.sentence.lengthUnit))}<br><span class="govuk-body-s govuk-hint">${CASE_TYPE_LABELS[r.caseType]}</span>`
          : escapeHtml(CASE_TYPE_LABELS[r.caseType]),
      },
      {
        html: r.nextAppointment
          ? `${escapeHtml(formatDate(r.nextAppointment.date))} ${escapeHtml(timeLabel(r.nextAppointment.time))}<br><span class="govuk-body-s govuk-hint">${escapeHtml(r.nextAppointment.type)}</span>`
          : 'None booked',
      },
    ];
    if (!showPractitioner) return cells;
    const holder = r.practitioner
      ? `${escapeHtml(r.practitioner.name)}${r.role === 'POM' ? ' (prison)' : ''}`
      : '<strong class="govuk-tag govuk-tag--orange">Unallocated</strong>';
    return [
      ...cells,
      { html: `${holder}<br><span class="govuk-body-s govuk-hint">${escapeHtml(r.team.name)}</span>` },
    ];
  });
}

/** Filter choices for the select boxes, with the current one selected. */
export function filterItems(query: CaseloadQuery) {
  const item = (value: string, text: string, selected: boolean) => ({ value, text, selected });
  return {
    tier: [
      item('', 'Any tier', !query.tier),
      ...TIER_LETTERS.map((t) => item(t, `Tier ${t}`, query.tier === t)),
    ],
    type: [
      item('', 'Any case type', !query.caseType),
      ...CASE_TYPES.map((t) => item(t, CASE_TYPE_LABELS[t], query.caseType === t)),
    ],
    flag: [
      item('', 'Any flags', !query.safeguarding),
      item('domestic-abuse', 'Domestic abuse', query.safeguarding === 'DOMESTIC_ABUSE'),
      item('child', 'Child safeguarding or protection', query.safeguarding === 'CHILD_SAFEGUARDING'),
    ],
    sort: [
      item('name', 'Name', query.sort === 'name'),
      item('crn', 'CRN', query.sort === 'crn'),
      item('tier', 'Tier', query.sort === 'tier'),
      item('nextAppointment', 'Next appointment', query.sort === 'nextAppointment'),
    ],
  };
}
