import type { QueueItem, PractitionerOption, AllocationCase, TierLetter } from '../../db/allocation.js';
import type { ManagementStatus } from '../../domain/allocation/index.js';
import { CASE_TYPE_LABELS, ROSH_LABELS, ROSH_TAG_CLASSES } from '../cases/labels.js';
import { formatDate } from '../views.js';

// Presentation of the allocation pages: words, tags and table rows. Every value shown was decided by the
// allocation service or the domain core; nothing here computes a business value.

export const MANAGEMENT_STATUS_LABELS: Record<ManagementStatus, string> = {
  NEW_TO_PROBATION: 'New to probation',
  CURRENTLY_MANAGED: 'Currently managed',
  PREVIOUSLY_MANAGED: 'Previously managed',
  UNKNOWN: 'Unknown',
};

const GRADE_LABELS: Record<string, string> = {
  PO: 'PO',
  NQO: 'PO (newly qualified)',
  PQIP: 'PQiP',
  PSO: 'PSO',
  SPO: 'SPO',
  UNGRADED: 'Ungraded',
};

export const RULE_LABELS: Record<string, string> = {
  PO_GRADE: 'Needs a PO',
  NEW_OFFICER: 'New officer or trainee',
  OVER_CAPACITY: 'Over capacity',
};

const BAND_TAGS: Record<string, string> = {
  WITHIN: 'govuk-tag--green',
  AMBER: 'govuk-tag--yellow',
  RED: 'govuk-tag--red',
  NO_AVAILABLE_POINTS: 'govuk-tag--grey',
};

const pct = (value: number | null) => (value === null ? 'No available points' : `${value.toFixed(1)}%`);

function waitingText(i: QueueItem): string {
  const n = i.ageing.workingDaysWaiting;
  return `${n} working ${n === 1 ? 'day' : 'days'}`;
}

function dueText(i: QueueItem): string {
  const d = i.ageing.workingDaysToDue;
  const when = formatDate(i.ageing.dueDate);
  const why = i.ageing.dueReason === 'RELEASE' ? ' (before release)' : '';
  if (i.ageing.overdue) return `Overdue by ${-d} working ${d === -1 ? 'day' : 'days'} (due ${when}${why})`;
  return `Due ${when}${why}`;
}

export interface QueueRow {
  crn: string;
  restricted: boolean;
  overdue: boolean;
  href: string;
  name?: string;
  team: string;
  tier?: string;
  rosh?: { text: string; classes: string } | null;
  flags?: string[];
  date?: string;
  status?: string;
  waiting: string;
  due: string;
  caseType?: string;
}

export function queueRows(items: readonly QueueItem[]): QueueRow[] {
  return items.map((i) => {
    const base = {
      crn: i.crn,
      restricted: i.restricted,
      overdue: i.ageing.overdue,
      href: `/allocation/case/${i.crn}`,
      team: i.teamName,
      waiting: waitingText(i),
      due: dueText(i),
    };
    if (i.restricted) return base;
    const flags: string[] = [];
    if (i.domesticAbuse) flags.push('Domestic abuse');
    if (i.childSafeguarding) flags.push('Child safeguarding');
    if (i.mappaLevel) flags.push(`MAPPA ${i.mappaLevel.slice(1)}`);
    return {
      ...base,
      name: i.name,
      tier: [i.v3Tier, i.tier].filter((t) => t !== null).join(' / ') || 'Pending',
      rosh: i.rosh ? { text: ROSH_LABELS[i.rosh], classes: ROSH_TAG_CLASSES[i.rosh] } : null,
      flags,
      date: i.releaseDate
        ? `Release ${formatDate(i.releaseDate)}`
        : i.sentenceDate
          ? `Sentenced ${formatDate(i.sentenceDate)}`
          : '',
      status:
        MANAGEMENT_STATUS_LABELS[i.managementStatus] +
        (i.previousPractitioner ? ` (by ${i.previousPractitioner})` : ''),
      caseType: i.caseType ? CASE_TYPE_LABELS[i.caseType] : 'Unknown',
    };
  });
}

export function caseSummaryRows(c: AllocationCase) {
  const row = (key: string, value: string) => ({ key: { text: key }, value: { text: value || 'None' } });
  return [
    row('Case type', c.caseType ? CASE_TYPE_LABELS[c.caseType] : 'Unknown'),
    row(
      'Sentence',
      [c.sentenceDescription, c.sentenceDate ? `sentenced ${formatDate(c.sentenceDate)}` : '']
        .filter(Boolean)
        .join(', '),
    ),
    row('Expected release', c.releaseDate ? formatDate(c.releaseDate) : ''),
    row(
      'Tier',
      [c.v3Tier ? `${c.v3Tier} (V3)` : '', c.tier ? `${c.tier} (V2, used for workload points)` : '']
        .filter(Boolean)
        .join(', ') || 'Pending',
    ),
    row('RoSH', c.rosh ? ROSH_LABELS[c.rosh] : 'Not known'),
    row('MAPPA', c.mappaLevel ? `Level ${c.mappaLevel.slice(1)}` : ''),
    row('Flags', c.registerCodes.join(', ')),
    row('Status', c.managementStatus ? MANAGEMENT_STATUS_LABELS[c.managementStatus] : 'Allocated'),
    row('Previous practitioner', c.previousPractitioner ?? ''),
    row('Current practitioner', c.currentPractitioner ?? 'Unallocated'),
  ];
}

export interface OptionRow {
  value: string;
  staffCode: string;
  rank: number | null;
  choosable: boolean;
  blocked: boolean;
  name: string;
  grade: string;
  team: string;
  now: string;
  after: string;
  bandClass: string;
  recent: number;
  tierMix: string;
  cases: string;
  previouslyManaged: boolean;
  reasons: { text: string; points: string }[];
  guardrails: { rule: string; message: string; outcome: string }[];
  score: string;
}

export function optionRows(
  options: readonly PractitionerOption[],
  mixes: ReadonlyMap<number, Record<TierLetter, number>>,
): OptionRow[] {
  return options.map((o) => {
    const mix = mixes.get(o.candidate.staffId) ?? { A: 0, B: 0, C: 0, D: 0, UNTIERED: 0 };
    return {
      value: `${o.candidate.staffId}:${o.candidate.teamCode}`,
      staffCode: o.staffCode,
      rank: o.rank,
      choosable: o.choosable,
      blocked: o.candidate.blocked,
      name: o.candidate.name,
      grade: GRADE_LABELS[o.candidate.grade] ?? o.candidate.grade,
      team: o.teamName,
      now: pct(o.displayPctBefore),
      after: o.impact.unchanged ? 'Unchanged' : pct(o.displayPctAfter),
      bandClass: BAND_TAGS[o.bandAfter] ?? '',
      recent: o.candidate.recentAllocations,
      tierMix: `A ${mix.A}, B ${mix.B}, C ${mix.C}, D ${mix.D}, untiered ${mix.UNTIERED}`,
      cases: `${o.cases.total} (community ${o.cases.community}, licence ${o.cases.licence}, custody ${o.cases.custody})`,
      previouslyManaged: o.candidate.previouslyManaged,
      reasons: o.reasons.map((r) => ({
        text: r.text,
        points: r.points > 0 ? `+${r.points}` : String(r.points),
      })),
      guardrails: o.guardrails.map((g) => ({
        rule: RULE_LABELS[g.rule] ?? g.rule,
        message: g.message,
        outcome: g.outcome,
      })),
      score: String(o.score),
    };
  });
}
