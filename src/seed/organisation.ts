import type { Faker } from '@faker-js/faker';
import type { Grade, Role } from '../db/schema.js';
import { addDays } from './dates.js';
import { DEMO_SIGN_INS } from './demo-users.js';
import { REGIONS, pduTowns, type RegionSource } from './organisation-data.js';
import type { Random } from './random.js';
import type { ScalePlan } from './scales.js';

export interface Staff {
  id: number;
  code: string;
  forename: string;
  surname: string;
  grade: Grade;
  qualificationDate: string | null;
  startDate: string;
  contractedHours: number;
  teamCode: string | null;
  /** Cases this practitioner is meant to hold (context.md §1.5); 0 for managers. */
  targetCaseload: number;
  userId: number | null;
  email: string;
}

export interface Team {
  code: string;
  name: string;
  pdu: Pdu;
  officeCode: string;
  people: number;
  practitioners: Staff[];
  spo: Staff;
}

export interface Pdu {
  code: string;
  name: string;
  region: RegionSource;
  towns: readonly string[];
  people: number;
  teams: Team[];
  offices: { code: string; description: string; address: string; postcode: string }[];
  head: Staff;
}

export interface AppUser {
  id: number;
  username: string;
  displayName: string;
  staffId: number | null;
  roles: Role[];
  homePduCode: string | null;
}

export interface Organisation {
  regions: RegionSource[];
  pdus: Pdu[];
  teams: Team[];
  staff: Staff[];
  users: AppUser[];
  /** Prison offender managers, one team per region. */
  pomTeams: Map<string, { team: Team; poms: Staff[] }>;
  demo: { practitioner: Staff; spo: Staff; team: Team; pdu: Pdu };
}

/** Cases per practitioner by grade (context.md §1.5) and each grade's share of a team's cases. */
const CASELOAD = {
  PO: { mean: 36, sd: 8, min: 12, max: 70, share: 0.48 },
  PSO: { mean: 40, sd: 10, min: 12, max: 70, share: 0.45 },
  PQIP: { mean: 18, sd: 5, min: 6, max: 30, share: 0.07 },
} as const;
const PEOPLE_PER_TEAM = 290;

export interface OrganisationIds {
  staff: number;
  user: number;
}

export function buildOrganisation(
  plan: ScalePlan,
  random: Random,
  faker: Faker,
  today: string,
  ids: OrganisationIds,
): Organisation {
  const regions = plan.regions.map(({ code, pdus }) => {
    const source = REGIONS.find((r) => r.code === code);
    if (!source) throw new Error(`Unknown region ${code}`);
    return { ...source, pdus: pdus === undefined ? source.pdus : source.pdus.slice(0, pdus) };
  });

  // People per PDU: an equal share with ±30 % variation, adding up exactly to the plan.
  const pduSources = regions.flatMap((region) => region.pdus.map((name) => ({ region, name })));
  const weights = pduSources.map(() => 0.7 + random.next() * 0.6);
  const weightSum = weights.reduce((a, b) => a + b, 0);
  const pduPeople = weights.map((w) => Math.floor((plan.people * w) / weightSum));
  pduPeople[0]! += plan.people - pduPeople.reduce((a, b) => a + b, 0);

  const staff: Staff[] = [];
  const users: AppUser[] = [];
  const staffCodes = new Map<string, number>();
  const emails = new Set<string>();

  const newStaff = (regionCode: string, grade: Grade, teamCode: string | null): Staff => {
    const sex = random.chance(0.7) ? 'female' : 'male';
    const prefix = `${regionCode}${grade === 'PQIP' ? 'T' : grade[0]}`;
    const seq = (staffCodes.get(prefix) ?? 0) + 1;
    staffCodes.set(prefix, seq);
    const partTime = grade !== 'MANAGER' && random.chance(0.16);
    const contractedHours = partTime ? random.pick([18.5, 22.5, 22.5, 26, 30, 30, 33]) : 37;
    const years = grade === 'PQIP' ? 0 : Math.max(0, random.normal(grade === 'PSO' ? 6 : 9, 6));
    const startDate = addDays(today, -Math.round(years * 365 + random.int(30, 400)));
    let qualificationDate: string | null = null;
    if (grade === 'PO' || grade === 'SPO' || grade === 'MANAGER') {
      // About one PO in eight qualified in the last year (NQO: workload.md), the rest over 1–25 years.
      const newlyQualified = grade === 'PO' && random.chance(0.12);
      const ago = newlyQualified ? random.int(20, 360) : random.int(400, grade === 'PO' ? 6000 : 9000);
      qualificationDate = addDays(today, -ago);
    }
    const s: Staff = {
      id: ids.staff++,
      code: `${prefix}${String(seq).padStart(4, '0')}`,
      forename: faker.person.firstName(sex),
      surname: faker.person.lastName(),
      grade,
      qualificationDate,
      startDate: qualificationDate && qualificationDate < startDate ? qualificationDate : startDate,
      contractedHours,
      teamCode,
      targetCaseload: 0,
      userId: null,
      email: '',
    };
    staff.push(s);
    return s;
  };

  const addUser = (
    username: string,
    s: Staff | null,
    roles: Role[],
    homePduCode: string | null,
    name?: string,
  ) => {
    const user: AppUser = {
      id: ids.user++,
      username,
      displayName: name ?? (s ? `${s.forename} ${s.surname}` : username),
      staffId: s?.id ?? null,
      roles,
      homePduCode,
    };
    if (s) s.userId = user.id;
    users.push(user);
    return user;
  };

  const pdus: Pdu[] = [];
  const teams: Team[] = [];
  pduSources.forEach(({ region, name }, index) => {
    const abbreviation = pduAbbreviation(
      name,
      new Set(pdus.filter((p) => p.region === region).map((p) => p.code)),
      region.code,
    );
    const code = `${region.code}${abbreviation}`;
    const towns = pduTowns(region, name);
    const offices = Array.from({ length: random.int(1, 3) }, (_, i) => {
      const town = towns[i % towns.length]!;
      return {
        code: `${code}O${i + 1}`,
        description: `${town} Probation Office`,
        address: `${faker.number.int({ min: 1, max: 220 })} ${faker.location.street()}, ${town}`,
        postcode: faker.location.zipCode(),
      };
    });
    const people = pduPeople[index]!;
    const head = newStaff(region.code, 'MANAGER', null);
    const pdu: Pdu = { code, name, region, towns, people, teams: [], offices, head };
    pdus.push(pdu);
    const teamCount = Math.max(1, Math.round(people / PEOPLE_PER_TEAM));
    for (let t = 0; t < teamCount; t++) {
      const teamCode = `${code}${String.fromCharCode(65 + t)}`;
      const teamPeople = Math.floor(people / teamCount) + (t < people % teamCount ? 1 : 0);
      const spo = newStaff(region.code, 'SPO', teamCode);
      const team: Team = {
        code: teamCode,
        name: `${name} Sentence Management Team ${t + 1}`,
        pdu,
        officeCode: offices[t % offices.length]!.code,
        people: teamPeople,
        practitioners: [],
        spo,
      };
      for (const grade of ['PO', 'PSO', 'PQIP'] as const) {
        const c = CASELOAD[grade];
        const count = Math.max(1, Math.round((teamPeople * c.share) / c.mean));
        for (let i = 0; i < count; i++) {
          const s = newStaff(region.code, grade, teamCode);
          const fullTime = random.truncNormalInt(c.mean, c.sd, c.min, c.max);
          s.targetCaseload = Math.max(1, Math.round((fullTime * s.contractedHours) / 37));
          team.practitioners.push(s);
        }
      }
      pdu.teams.push(team);
      teams.push(team);
    }
  });

  // One prison offender management team per region, under its first PDU, so POM records have a team.
  const pomTeams = new Map<string, { team: Team; poms: Staff[] }>();
  for (const region of regions) {
    const pdu = pdus.find((p) => p.region.code === region.code)!;
    const custodyPeople = Math.round(
      pdus.filter((p) => p.region.code === region.code).reduce((a, p) => a + p.people, 0) * 0.12,
    );
    const spo = newStaff(region.code, 'SPO', `${region.code}POM`);
    const team: Team = {
      code: `${region.code}POM`,
      name: `${region.name} Prison Offender Management`,
      pdu,
      officeCode: pdu.offices[0]!.code,
      people: 0,
      practitioners: [],
      spo,
    };
    const poms = Array.from({ length: Math.max(1, Math.round(custodyPeople / 60)) }, () =>
      newStaff(region.code, 'PO', team.code),
    );
    team.practitioners.push(...poms);
    pomTeams.set(region.code, { team, poms });
    teams.push(team);
  }

  const demoTeam = pdus[0]!.teams[0]!;
  const demoPractitioner = demoTeam.practitioners.find((s) => s.grade === 'PO')!;
  // The demo PO should hold a real, full-time caseload whatever the draw.
  demoPractitioner.contractedHours = 37;
  demoPractitioner.targetCaseload = Math.max(demoPractitioner.targetCaseload, 36);
  const demo = { practitioner: demoPractitioner, spo: demoTeam.spo, team: demoTeam, pdu: pdus[0]! };

  const [practitionerSignIn, spoSignIn, headSignIn, adminSignIn, inspectorSignIn] = DEMO_SIGN_INS;
  addUser(practitionerSignIn!.username, demo.practitioner, ['PRACTITIONER'], demo.pdu.code);
  addUser(spoSignIn!.username, demo.spo, ['SPO'], demo.pdu.code);
  addUser(headSignIn!.username, demo.pdu.head, ['PDU_HEAD'], demo.pdu.code);
  addUser(adminSignIn!.username, null, ['ADMIN'], null, 'Casework administrator');
  addUser(inspectorSignIn!.username, null, ['INSPECTOR'], null, 'HM Inspectorate of Probation');
  for (const s of staff) {
    if (s.userId !== null) continue;
    const pduCode = pdus.find((p) => s.teamCode?.startsWith(p.code) || p.head === s)?.code ?? null;
    const role: Role[] =
      s.grade === 'SPO' ? ['SPO'] : s.grade === 'MANAGER' ? ['PDU_HEAD'] : ['PRACTITIONER'];
    addUser(s.code.toLowerCase(), s, role, pduCode);
  }
  for (const s of staff) {
    const email = `${s.forename}.${s.surname}`.toLowerCase().replace(/[^a-z.]/g, '');
    let candidate = email;
    for (let n = 2; emails.has(candidate); n++) candidate = `${email}${n}`;
    emails.add(candidate);
    s.email = `${candidate}@justice.gov.uk`;
  }
  return { regions, pdus, teams, staff, users, pomTeams, demo };
}

function pduAbbreviation(name: string, taken: Set<string>, regionCode: string): string {
  const letters = name
    .toUpperCase()
    .replace(/[^A-Z ]/g, '')
    .split(/\s+/)
    .filter((w) => w && w !== 'AND' && w !== 'THE');
  const candidates = [
    (letters[0]?.[0] ?? 'X') + (letters[1]?.[0] ?? letters[0]?.[1] ?? 'X'),
    letters[0]?.slice(0, 2) ?? 'XX',
    (letters[0]?.[0] ?? 'X') + (letters.at(-1)?.[0] ?? 'X'),
  ];
  for (const c of candidates) if (!taken.has(`${regionCode}${c}`)) return c;
  for (let i = 0; i < 26 * 26; i++) {
    const c = String.fromCharCode(65 + Math.floor(i / 26)) + String.fromCharCode(65 + (i % 26));
    if (!taken.has(`${regionCode}${c}`)) return c;
  }
  throw new Error('No PDU abbreviation left');
}
