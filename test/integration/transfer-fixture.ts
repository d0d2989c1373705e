import { sql, type Kysely } from 'kysely';
import type { DB } from '../../src/db/schema.js';
import { DEMO_PASSWORD } from '../../src/seed/demo-users.js';
import { hashPassword } from '../../src/web/auth/password.js';

/**
 * A receiving region beside the seed's one: the North East with one PDU, an active team (an SPO, a PO and a
 * PSO, each with a sign-in named like the seed's, password casework-demo) and a team that closed last year.
 * The tiny and demo seeds are one region; a transfer between regions needs a second.
 */
export interface ReceivingRegion {
  regionCode: string;
  pduCode: string;
  teamCode: string;
  teamName: string;
  closedTeamCode: string;
  spo: { staffId: number; username: string };
  po: { staffId: number; username: string; name: string };
  pso: { staffId: number; username: string };
}

export async function addReceivingRegion(db: Kysely<DB>): Promise<ReceivingRegion> {
  const hash = await hashPassword(DEMO_PASSWORD);
  await sql`insert into region (code, name) values ('N54', 'North East') on conflict do nothing`.execute(db);
  await sql`insert into pdu (code, region_code, name) values ('N54NT', 'N54', 'North Tyneside') on conflict do nothing`.execute(
    db,
  );
  await sql`insert into team (code, pdu_code, name) values ('N54NTA', 'N54NT', 'North Tyneside Team A'),
    ('N54OLD', 'N54NT', 'North Tyneside Old Team') on conflict do nothing`.execute(db);
  await sql`update team set end_date = date '2025-03-31' where code = 'N54OLD'`.execute(db);
  const person = async (code: string, forename: string, surname: string, grade: string, roles: string[]) => {
    const staff = await sql<{
      id: number;
    }>`insert into staff (staff_code, forename, surname, grade, start_date)
      values (${code}, ${forename}, ${surname}, ${grade}, date '2020-01-06') returning id`.execute(db);
    const id = staff.rows[0]!.id;
    await sql`insert into staff_team (staff_id, team_code, contracted_hours, start_date)
      values (${id}, 'N54NTA', 37, date '2020-01-06')`.execute(db);
    const username = code.toLowerCase();
    await sql`insert into app_user (username, display_name, staff_id, password_hash, roles, home_pdu_code)
      values (${username}, ${`${forename} ${surname}`}, ${id}, ${hash}, ${roles}::text[], 'N54NT')`.execute(
      db,
    );
    return { staffId: id, username, name: `${forename} ${surname}` };
  };
  const spo = await person('NEA0SPO', 'Nadia', 'Ashworth', 'SPO', ['SPO']);
  const po = await person('NEA0PO1', 'Owen', 'Bramley', 'PO', ['PRACTITIONER']);
  const pso = await person('NEA0PS1', 'Priya', 'Carrick', 'PSO', ['PRACTITIONER']);
  return {
    regionCode: 'N54',
    pduCode: 'N54NT',
    teamCode: 'N54NTA',
    teamName: 'North Tyneside Team A',
    closedTeamCode: 'N54OLD',
    spo,
    po,
    pso,
  };
}
