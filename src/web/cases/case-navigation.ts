import type { PersonSummary } from '../../db/case-record.js';
import { ageAt } from '../../domain/risk/age.js';
import { todayInLondon } from '../../domain/calculation/run.js';

/**
 * The case pages' shared parts: the section navigation (MoJ sub-navigation) and the case header. Each case
 * area adds its section to CASE_SECTIONS (in the order it should appear) and renders through
 * cases/case-page.njk with `caseView(...)`, so every case page looks and navigates the same way.
 */

export interface CaseSection {
  id: string;
  text: string;
  /** Path below /cases/:crn; '' is the overview. */
  path: string;
}

export const CASE_SECTIONS: readonly CaseSection[] = [
  { id: 'overview', text: 'Overview', path: '' },
  { id: 'personal-details', text: 'Personal details', path: 'personal-details' },
  { id: 'risk', text: 'Risk', path: 'risk' },
  { id: 'transfers', text: 'Transfers and escalations', path: 'transfers' },
  { id: 'history', text: 'Audit history', path: 'history' },
];

export function caseHref(crn: string, section = ''): string {
  return section ? `/cases/${crn}/${section}` : `/cases/${crn}`;
}

export function caseNavigation(
  crn: string,
  activeSection: string,
  sections: readonly CaseSection[] = CASE_SECTIONS,
) {
  return {
    label: 'Case sections',
    items: sections.map((s) => ({
      text: s.text,
      href: caseHref(crn, s.path),
      active: s.id === activeSection,
    })),
  };
}

export interface CaseHeader {
  crn: string;
  /** Forename and surname as written on official letters. */
  name: string;
  preferredName: string | null;
  dateOfBirth: string;
  age: number;
  tier: string | null;
  pncNumber: string | null;
}

export function caseHeader(person: PersonSummary, today = todayInLondon()): CaseHeader {
  return {
    crn: person.crn,
    name: `${person.forename} ${person.surname}`,
    preferredName: person.preferredName,
    dateOfBirth: person.dateOfBirth,
    age: ageAt(person.dateOfBirth, person.dateOfDeath ?? today),
    tier: person.tier,
    pncNumber: person.pncNumber,
  };
}

/**
 * The context every case page template needs: header, section navigation and a page title that states
 * which case and which section ("Personal details – Sam Smith (X123456)").
 */
export function caseView(
  person: PersonSummary,
  sectionId: string,
  sections: readonly CaseSection[] = CASE_SECTIONS,
) {
  const header = caseHeader(person);
  const section = sections.find((s) => s.id === sectionId);
  return {
    caseHeader: header,
    caseNavigation: caseNavigation(person.crn, sectionId, sections),
    pageTitle: `${section?.text ?? 'Case'} – ${header.name} (${header.crn})`,
  };
}
