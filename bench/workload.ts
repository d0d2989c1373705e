import { sql } from 'kysely';
import { readConfig } from '../src/config.js';
import { practitionerFigures, rollUp } from '../src/db/workload/figures.js';
import { onCaseloadChanged, recalculateAllWorkload } from '../src/db/workload/recalculate.js';
import { todayInLondon } from '../src/domain/calculation/run.js';
import { buildApp } from '../src/web/app.js';
import { startSession } from '../src/web/auth/session.js';
import { openBenchDatabase, percentile, scaleArgument } from './database.js';

// `npm run bench -- workload [--scale pdu|region|national]` (issue #4). Targets on PostgreSQL at national scale:
// full recalculation of every practitioner and every unit ≤ 1 s; the incremental update after one allocation
// ≤ 20 ms; the SPO team page p95 ≤ 50 ms.
// The database is the one every benchmark of that scale shares (bench/database.ts).

const ms = (n: number) => `${n.toFixed(1)} ms`;

function summary(label: string, samples: number[], target: number): void {
  const sorted = [...samples].sort((a, b) => a - b);
  const p50 = percentile(sorted, 50);
  const p95 = percentile(sorted, 95);
  process.stdout.write(
    `${label}: p50 ${ms(p50)}, p95 ${ms(p95)}, max ${ms(sorted.at(-1)!)} over ${samples.length} runs ` +
      `(target ≤ ${target} ms: ${p95 <= target ? 'met' : 'NOT met'})\n`,
  );
}

export async function benchWorkload(args: string[]): Promise<void> {
  const scale = scaleArgument(args, 'pdu');
  const database = await openBenchDatabase(scale);
  const { db } = database;
  const today = todayInLondon();
  try {
    const counts = await sql<{ assignments: number; cases: number; teams: number }>`
      select (select count(*)::int from staff_team where end_date is null) as assignments,
        (select count(*)::int from responsibility where role = 'COM' and end_at is null and staff_id is not null) as cases,
        (select count(*)::int from team) as teams`.execute(db);
    const c = counts.rows[0]!;
    process.stdout.write(
      `Scale ${scale}: ${c.assignments.toLocaleString('en-GB')} assignments, ${c.cases.toLocaleString('en-GB')} allocated cases, ${c.teams} teams\n`,
    );

    // 0. The daily re-read of every held case from the case record (the reconciliation ensureWorkloadCurrent
    // runs once a day), which also leaves the stored case facts current for what follows.
    const r0 = performance.now();
    await recalculateAllWorkload(db, today, { refreshCases: true });
    process.stdout.write(
      `Daily re-read of every case from the case record, then everyone: ${ms(performance.now() - r0)}\n`,
    );

    // 1. Full recalculation, as after a weighting change: every assignment from the stored case facts into
    // staff_workload, then every team, PDU, region and the nation rolled up from the stored figures.
    const full: number[] = [];
    for (let i = 0; i < 5; i++) {
      const t0 = performance.now();
      await recalculateAllWorkload(db, today);
      const t1 = performance.now();
      const rollup = rollUp(await practitionerFigures(db, { level: 'national', code: null }));
      const t2 = performance.now();
      full.push(t2 - t0);
      if (i >= 0) {
        process.stdout.write(
          `  run ${i + 1}: assignments ${ms(t1 - t0)}, units ${ms(t2 - t1)} (${rollup.teams.length} teams, ${rollup.pdus.length} PDUs, ` +
            `${rollup.regions.length} regions; national ${rollup.national.displayPct}%)\n`,
        );
      }
    }
    summary('Full recalculation of every practitioner and unit', full, 1000);

    // 2. Incremental update after one allocation: a case moves between two practitioners of one team, and both
    // are recalculated inside the allocation's transaction. Timed: the onCaseloadChanged call, and the whole
    // transaction including the responsibility writes and commit.
    const candidates = await sql<{
      person_id: number;
      id: number;
      staff_id: number;
      team_code: string;
      responsible_officer: boolean;
      colleague: number;
    }>`
      select r.person_id, r.id, r.staff_id, r.team_code, r.responsible_officer,
        (select st.staff_id from staff_team st join staff s on s.id = st.staff_id
          where st.team_code = r.team_code and st.end_date is null and st.staff_id <> r.staff_id
            and s.grade in ('PO', 'PSO', 'PQIP') order by st.staff_id limit 1) as colleague
      from responsibility r
      where r.role = 'COM' and r.end_at is null and r.staff_id is not null
      order by r.person_id limit 60`.execute(db);
    const incremental: number[] = [];
    const transaction: number[] = [];
    for (const r of candidates.rows.filter((x) => x.colleague !== null)) {
      const t0 = performance.now();
      let callMs = 0;
      await db.transaction().execute(async (trx) => {
        const now = new Date();
        await trx
          .updateTable('responsibility')
          .set({ end_at: now })
          .where('person_id', '=', r.person_id)
          .where('id', '=', r.id)
          .execute();
        await trx
          .insertInto('responsibility')
          .values({
            person_id: r.person_id,
            role: 'COM',
            responsible_officer: r.responsible_officer,
            team_code: r.team_code,
            staff_id: r.colleague,
            start_at: now,
            allocation_reason: 'Caseload adjustment',
          })
          .execute();
        const c0 = performance.now();
        await onCaseloadChanged(trx, [r.staff_id, r.colleague], today);
        callMs = performance.now() - c0;
      });
      incremental.push(callMs);
      transaction.push(performance.now() - t0);
    }
    summary('Incremental update after one allocation (onCaseloadChanged)', incremental.slice(10), 20);
    summary('  whole allocation transaction including commit', transaction.slice(10), 20);

    // 3. The SPO team page, rendered by the server: random teams, signed in as an administrator (who may see
    // every team). The store is current, as it always is after the writes above.
    const app = await buildApp({ database, config: readConfig({}) });
    await app.ready();
    const admin = await db
      .selectFrom('app_user')
      .select('id')
      .where('username', '=', 'admin')
      .executeTakeFirstOrThrow();
    const token = await startSession(db, admin.id, 1);
    const teams = (
      await db.selectFrom('team').select('code').where('code', 'not like', '%POM').orderBy('code').execute()
    ).map((t) => t.code);
    const page: number[] = [];
    for (let i = 0; i < 220; i++) {
      const team = teams[(i * 7919) % teams.length]!;
      const t0 = performance.now();
      const res = await app.inject({
        method: 'GET',
        url: `/workload/team/${team}`,
        cookies: { casework_session: token },
      });
      if (res.statusCode !== 200) throw new Error(`Team page ${team} answered ${res.statusCode}`);
      if (i >= 20) page.push(performance.now() - t0);
    }
    summary('Team page (server time, incl. rendering)', page, 50);
    await app.close();
  } finally {
    await database.close();
  }
}
