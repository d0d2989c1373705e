import { describe, expect, it } from 'vitest';
import { caseFacts as facts } from './case-facts.fixture.js';
import {
  planPeople,
  planWithRecords,
  settlePlan,
  type CurrentRecord,
  type RecalculationPlan,
  type StoredFingerprints,
  type TierModel,
} from './recalculation.js';

const TODAY = '2026-11-02';

/** What the store holds after the plan was stored: the full rows and their fingerprints. */
function storedAfter(plan: RecalculationPlan): { record: CurrentRecord; fingerprints: StoredFingerprints } {
  return {
    record: {
      predictors: new Map(
        plan.predictorRows.map((r) => [
          r.predictor,
          // Read back as JSON, as the database gives it.
          JSON.parse(
            JSON.stringify({
              modelVersion: r.modelVersion,
              result: r.result,
              errors: r.errors,
              inputs: r.inputs,
            }),
          ),
        ]),
      ),
      tiers: new Map(
        plan.tierRows.map((t) => [
          t.model,
          JSON.parse(
            JSON.stringify({
              modelVersion: t.modelVersion,
              tier: t.tier,
              provisional: t.provisional,
              inputs: t.inputs,
            }),
          ),
        ]),
      ),
    },
    fingerprints: {
      predictors: new Map(plan.predictorRows.map((r) => [r.predictor, r.fingerprint])),
      tiers: new Map(plan.tierRows.map((t) => [t.model, t.fingerprint])),
    },
  };
}

/** Object keys in reverse order, all the way down: the same JSON value written differently. */
function reversedKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(reversedKeys);
  if (value && typeof value === 'object')
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>)
        .reverse()
        .map(([k, v]) => [k, reversedKeys(v)]),
    );
  return value;
}

describe('recalculation in two passes (fingerprints, then candidates in full)', () => {
  const [first] = planWithRecords([facts()], new Map(), TODAY);

  it('stores every score and tier the first time, each with a fingerprint', () => {
    expect(first!.predictorRows).toHaveLength(13);
    expect(first!.tierRows.map((t) => t.model).sort()).toEqual(['PROTECT_CHANGE', 'SINGLE_AXIS']);
    for (const row of [...first!.predictorRows, ...first!.tierRows])
      expect(row.fingerprint).toMatch(/^\S{20,}$/);
    expect(new Set(first!.predictorRows.map((r) => r.fingerprint)).size).toBe(13);
  });

  it('finds no candidates when nothing changed, so the stored rows are not needed', () => {
    const { fingerprints } = storedAfter(first!);
    const [candidate] = planPeople([facts()], new Map([[1, fingerprints]]), TODAY);
    expect(candidate!.predictorRows).toEqual([]);
    expect(candidate!.tierRows).toEqual([]);
    expect(candidate!.compareInFull).toBe(false);
  });

  it('makes a changed input a candidate, and the second pass stores it and words the tier change', () => {
    const { record, fingerprints } = storedAfter(first!);
    const withFlag = facts({
      registrations: [{ code: 'RCPR', level: null, category: null, registrationDate: '2026-10-01' }],
    });
    const [candidate] = planPeople([withFlag], new Map([[1, fingerprints]]), TODAY);
    expect(candidate!.tierRows.length).toBeGreaterThan(0);
    expect(candidate!.compareInFull).toBe(true);
    const plan = settlePlan(candidate!, record);
    expect(plan.tierRows.length).toBeGreaterThan(0);
    for (const t of plan.tierRows) expect(t.changes).toContain('Registration added: RCPR');
    expect(plan.changed).toEqual([
      ...plan.predictorRows.map((r) => r.predictor),
      ...plan.tierRows.map((t) => t.model),
    ]);
    // The same as comparing everything in full.
    expect(plan).toEqual(planWithRecords([withFlag], new Map([[1, record]]), TODAY)[0]);
  });

  it('leaves a row whose fingerprint differs but whose JSON is the same (stored before fingerprints, or keys reordered)', () => {
    const { record } = storedAfter(first!);
    const legacy: StoredFingerprints = {
      predictors: new Map(first!.predictorRows.map((r) => [r.predictor, null])),
      tiers: new Map(first!.tierRows.map((t) => [t.model, null] as [TierModel, null])),
    };
    const [candidate] = planPeople([facts()], new Map([[1, legacy]]), TODAY);
    expect(candidate!.compareInFull).toBe(true);
    expect(candidate!.predictorRows).toHaveLength(13);
    const reordered: CurrentRecord = {
      predictors: new Map([...record.predictors].map(([k, v]) => [k, reversedKeys(v) as never])),
      tiers: new Map([...record.tiers].map(([k, v]) => [k, reversedKeys(v) as never])),
    };
    const plan = settlePlan(candidate!, reordered);
    expect(plan.predictorRows).toEqual([]);
    expect(plan.tierRows).toEqual([]);
    expect(plan.changed).toEqual([]);
  });

  it('treats a person with nothing stored as a first calculation, without reading the store', () => {
    const [candidate] = planPeople([facts()], new Map(), TODAY);
    expect(candidate!.compareInFull).toBe(false);
    expect(settlePlan(candidate!, { predictors: new Map(), tiers: new Map() })).toEqual(first);
  });
});
