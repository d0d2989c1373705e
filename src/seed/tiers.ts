import { sql } from 'kysely';
import type { Database } from '../db/connection.js';
import {
  calculateProtectChangeTier,
  V2_MODEL_VERSION,
  type NeedsAssessment,
  type ProtectChangeInput,
  type Registration,
  type SentencedEvent,
} from '../domain/tiering/index.js';
import { TableRows } from './csv.js';

export interface SeedTierResult {
  /** Tier rows written per model. */
  written: Record<string, number>;
  /** People the rules refused to tier, with the first refusal for the report. */
  refused: number;
  firstRefusal: string | null;
  /** Models not calculated, and why. */
  notCalculated: Record<string, string>;
}

const CHUNK = 10_000;
const COLUMNS = [
  'person_id',
  'model',
  'model_version',
  'tier',
  'provisional',
  'rules',
  'inputs',
  'reason',
  'calculated_at',
];

interface PersonFacts {
  id: number;
  sex: ProtectChangeInput['sex'];
  registrations: Registration[] | null;
  events: SentencedEvent[] | null;
  assessment: {
    completedDate: string;
    status: 'COMPLETE' | 'LOCKED_INCOMPLETE';
    answers: Record<string, unknown>;
  } | null;
}

/**
 * Calculates every seeded person's current tier by running the tiering rules (src/domain/tiering) on what the
 * seed stored, as context.md §1.2 asks: tiers are calculated, never sampled.
 *
 * Only the protect/change model (V2) is calculated. The seed stores no predictor scores, because the risk
 * predictor core is not yet part of the code base, so V2 runs with RSR and OGRS absent, which the rules count as
 * 0 (tiering.md §2.1); the stored inputs say so. The single-axis model (V3) cannot place anyone without ARP and
 * CSRP, so it is not written rather than storing MISSING for every person.
 */
export async function computeSeedTiers(
  database: Pick<Database, 'db' | 'copyCsv'>,
  today: string,
): Promise<SeedTierResult> {
  const { db } = database;
  const result: SeedTierResult = {
    written: { PROTECT_CHANGE: 0 },
    refused: 0,
    firstRefusal: null,
    notCalculated: {
      SINGLE_AXIS: 'No ARP/CSRP predictor scores are stored yet, so every person would be MISSING.',
    },
  };
  const bounds = await sql<{
    lo: number | null;
    hi: number | null;
  }>`select min(id) as lo, max(id) as hi from person`.execute(db);
  const lo = Number(bounds.rows[0]?.lo ?? 0);
  const hi = Number(bounds.rows[0]?.hi ?? -1);
  const calculatedAt = `${today}T06:00:00Z`;
  for (let from = lo; from <= hi; from += CHUNK) {
    const to = from + CHUNK - 1;
    const { rows } = await sql<PersonFacts>`
      select p.id, p.sex,
        (select json_agg(json_build_object('code', r.register_type_code, 'level', r.level, 'category', r.category,
            'registrationDate', to_char(r.registration_date, 'YYYY-MM-DD')) order by r.registration_date desc, r.id desc)
          from registration r where r.person_id = p.id and r.deregistration_date is null and not r.soft_deleted) as registrations,
        (select json_agg(json_build_object('sentenceTypeCode', d.sentence_type,
            'terminationDate', to_char(s.termination_date, 'YYYY-MM-DD'),
            'requirements', coalesce((select json_agg(json_build_object('mainCategoryCode', q.requirement_type_code, 'restrictive', t.restrictive))
              from requirement q join requirement_type t on t.code = q.requirement_type_code
              where q.person_id = s.person_id and q.sentence_id = s.id and not q.soft_deleted), '[]'::json)))
          from sentence s join disposal_type d on d.code = s.disposal_type_code
          where s.person_id = p.id and not s.soft_deleted) as events,
        (select json_build_object('completedDate', to_char(a.completed_date, 'YYYY-MM-DD'), 'status', a.status, 'answers', a.answers)
          from assessment a where a.person_id = p.id and a.status in ('COMPLETE', 'LOCKED_INCOMPLETE') and not a.soft_deleted
          order by a.completed_date desc, a.id desc limit 1) as assessment
      from person p where p.id between ${from} and ${to} and not p.soft_deleted order by p.id`.execute(db);
    const out = new TableRows('tier_calculation', COLUMNS);
    for (const person of rows) {
      const answers = person.assessment?.answers;
      const needsAssessment: NeedsAssessment | null = person.assessment
        ? {
            completedDate: person.assessment.completedDate,
            status: person.assessment.status,
            sanIndicator: answers?.sanIndicator === true,
            sections: (answers?.needsSections ?? null) as NeedsAssessment['sections'],
            womenFactors: (answers?.womenFactors ?? null) as NeedsAssessment['womenFactors'],
          }
        : null;
      const input: ProtectChangeInput = {
        calculationDate: today,
        sex: person.sex,
        registrations: (person.registrations ?? []).map((r) => ({
          ...r,
          level: r.level ?? null,
          category: r.category ?? null,
        })),
        events: (person.events ?? []).map((e) => ({ ...e, terminationDate: e.terminationDate ?? null })),
        rsrScore: null,
        ogrsScore: null,
        previousEnforcementActivity: false,
        needsAssessment,
      };
      const outcome = calculateProtectChangeTier(input);
      if (!outcome.ok) {
        result.refused++;
        result.firstRefusal ??= `person ${person.id}: ${outcome.errors.map((e) => e.message).join('; ')}`;
        continue;
      }
      const r = outcome.result;
      out.add([
        person.id,
        'PROTECT_CHANGE',
        V2_MODEL_VERSION,
        r.tier,
        false,
        JSON.stringify({
          protect: r.protect,
          change: r.change,
          unsupervised: r.unsupervised,
          explanation: r.explanation,
        }),
        JSON.stringify(input),
        r.explanation.summary,
        calculatedAt,
      ]);
      result.written.PROTECT_CHANGE!++;
    }
    const text = out.take();
    if (text) await database.copyCsv('tier_calculation', COLUMNS, text);
  }
  return result;
}
