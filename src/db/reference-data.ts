import { sql, type Kysely } from 'kysely';
import type { Database } from './connection.js';
import type { DB } from './schema.js';
import { CONTACT_OUTCOMES } from './reference/contact-outcomes.js';
import { CONTACT_TYPES } from './reference/contact-types.js';
import { COURTS } from './reference/courts.js';
import { DISPOSAL_TYPES } from './reference/disposal-types.js';
import { ENFORCEMENT_ACTIONS } from './reference/enforcement-actions.js';
import { readOffenceCodes, referenceDir } from './reference/offence-codes.js';
import { REGISTER_TYPES } from './reference/register-types.js';
import { REQUIREMENT_TYPES } from './reference/requirement-types.js';
import { DEFAULT_SETTINGS } from './reference/settings.js';
import { ensureWorkloadReferenceData } from './workload/config.js';

export interface ReferenceDataResult {
  /** Rows written (inserted or updated) per table. */
  rows: Record<string, number>;
}

export interface ReferenceDataOptions {
  /** Folder holding offence-actuarial-categories.json; defaults to CASEWORK_REFERENCE_DIR or ../shared/reference. */
  referenceDir?: string;
}

type ReferenceTable =
  | 'offence_code'
  | 'court'
  | 'disposal_type'
  | 'requirement_type'
  | 'register_type'
  | 'contact_type'
  | 'contact_outcome'
  | 'enforcement_action';

const BATCH = 500;

/**
 * Upserts every reference table from its source (the shared offence file, and the typed constants in
 * ./reference). Safe to run on every migrate: rows are inserted or brought up to date, never deleted, because
 * case records refer to them. Settings are only added when missing, so an administrator's value survives.
 */
export async function loadReferenceData(
  database: Pick<Database, 'db'>,
  options: ReferenceDataOptions = {},
): Promise<ReferenceDataResult> {
  const offences = readOffenceCodes(options.referenceDir ?? referenceDir());
  const rows: Record<string, number> = {};
  await database.db.transaction().execute(async (trx) => {
    const upsert = async <R extends object>(table: ReferenceTable, data: readonly R[]) => {
      rows[table] = await upsertRows(trx, table, data);
    };
    await upsert('offence_code', offences);
    await upsert(
      'court',
      COURTS.map((c) => ({ code: c.code, name: c.name })),
    );
    await upsert('disposal_type', DISPOSAL_TYPES);
    await upsert('requirement_type', REQUIREMENT_TYPES);
    await upsert('register_type', REGISTER_TYPES);
    await upsert('contact_type', CONTACT_TYPES);
    await upsert('contact_outcome', CONTACT_OUTCOMES);
    await upsert('enforcement_action', ENFORCEMENT_ACTIONS);
    await ensureWorkloadReferenceData(trx);

    const settings = Object.entries(DEFAULT_SETTINGS).map(([key, value]) => ({
      key,
      value: JSON.stringify(value),
    }));
    const added = await trx
      .insertInto('setting')
      .values(settings)
      .onConflict((oc) => oc.column('key').doNothing())
      .executeTakeFirst();
    rows.setting = Number(added.numInsertedOrUpdatedRows ?? 0);
  });
  return { rows };
}

async function upsertRows<R extends object>(
  db: Kysely<DB>,
  table: ReferenceTable,
  data: readonly R[],
): Promise<number> {
  if (data.length === 0) return 0;
  const columns = Object.keys(data[0]!);
  const updates = columns.filter((c) => c !== 'code');
  let written = 0;
  for (let i = 0; i < data.length; i += BATCH) {
    const chunk = data.slice(i, i + BATCH);
    // The tables differ, so the rows are typed by the constants that feed them rather than per table here.
    const result = await (db as Kysely<Record<string, Record<string, unknown>>>)
      .insertInto(table)
      .values(chunk as unknown as Record<string, unknown>[])
      .onConflict((oc) =>
        oc
          .column('code')
          .doUpdateSet(Object.fromEntries(updates.map((c) => [c, sql.ref(`excluded.${c}`)])))
          // Unchanged rows are left alone, so a re-run writes nothing and leaves no dead tuples.
          .where(sql<boolean>`(${sql.raw(`"${table}"`)}.*) is distinct from (excluded.*)`),
      )
      .executeTakeFirst();
    written += Number(result.numInsertedOrUpdatedRows ?? 0);
  }
  return written;
}
