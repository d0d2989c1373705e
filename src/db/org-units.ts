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
