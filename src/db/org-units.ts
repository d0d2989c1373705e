import { sql, type RawBuilder } from 'kysely';

export type OrgUnitLevel = 'team' | 'pdu' | 'region' | 'national';

/**
 * Keeps the rows in one team, PDU or region (or the whole country), for a query that joins `team t`, `pdu d`
 * and `region g`: the allocation queue and the workload figures choose their units alike.
 */
export function inOrgUnit(unit: { level: OrgUnitLevel; code?: string | null }): RawBuilder<boolean> {
  const code = unit.code ?? null;
  switch (unit.level) {
    case 'team':
      return sql<boolean>`t.code = ${code}`;
    case 'pdu':
      return sql<boolean>`d.code = ${code}`;
    case 'region':
      return sql<boolean>`g.code = ${code}`;
    case 'national':
      return sql<boolean>`true`;
  }
}

/** Where a case or a practitioner sits in the organisation, named for pages, CSVs and the API. */
export interface OrgPlace {
  teamCode: string;
  teamName: string;
  pduCode: string;
  pduName: string;
  regionCode: string;
  regionName: string;
}

/** The columns a query selects from `team t`, `pdu d` and `region g` to place its rows. */
export interface OrgPlaceRow {
  team_code: string;
  team_name: string;
  pdu_code: string;
  pdu_name: string;
  region_code: string;
  region_name: string;
}

export function orgPlace(r: OrgPlaceRow): OrgPlace {
  return {
    teamCode: r.team_code,
    teamName: r.team_name,
    pduCode: r.pdu_code,
    pduName: r.pdu_name,
    regionCode: r.region_code,
    regionName: r.region_name,
  };
}
