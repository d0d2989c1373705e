import type { CalcIssue, CalcRequest, Calculator, CalculatorOutcome } from '../calculation/contract.js';
import { findCalculator } from '../calculation/registry.js';
import {
  calculateProtectChangeTier,
  calculateSingleAxisTier,
  type ProtectChangeInput,
  type ProtectChangeOutcome,
  type SingleAxisInput,
  type SingleAxisOutcome,
} from '../tiering/index.js';
import {
  predictorRequest,
  protectChangeInput,
  requestFor,
  singleAxisInput,
  type CaseFacts,
  type FollowUpStartRule,
  type InputSource,
  type TierPredictorScores,
} from './case-inputs.js';
import { combineCsrp, type CsrpComponents } from './csrp.js';
import type { RiskField } from './risk-inputs.js';
import { combineRsr, type RsrComponents } from './rsr.js';

// One person's full risk picture from their case facts: every predictor, then both tier models from those
// scores. Pure and deterministic for a given calculation date, so the case record, the seed and the
// benchmark all run exactly this.

/** The 2026 family first, as practitioners see them (risk-predictors.md), then the legacy predictors. */
export const RISK_PREDICTORS = [
  'arp',
  'vrp',
  'svrp',
  'dc-srp',
  'iic-srp',
  'csrp',
  'ogrs3',
  'ogp',
  'ovp',
  'osp-dc',
  'osp-iic',
  'snsv',
  'rsr',
] as const;
export type PredictorName = (typeof RISK_PREDICTORS)[number];

export const PREDICTOR_LABELS: Readonly<Record<PredictorName, string>> = {
  arp: 'ARP (All Reoffending Predictor)',
  vrp: 'VRP (Violent Reoffending Predictor)',
  svrp: 'SVRP (Serious Violent Reoffending Predictor)',
  'dc-srp': 'DC-SRP (Direct Contact Sexual Reoffending Predictor)',
  'iic-srp': 'IIC-SRP (Images and Indirect Contact Sexual Reoffending Predictor)',
  csrp: 'CSRP (Combined Serious Reoffending Predictor)',
  ogrs3: 'OGRS3 (Offender Group Reconviction Scale)',
  ogp: 'OGP (OASys General reoffending Predictor)',
  ovp: 'OVP (OASys Violence Predictor)',
  'osp-dc': 'OSP/DC (Sexual reoffending, direct contact)',
  'osp-iic': 'OSP/IIC (Sexual reoffending, images and indirect contact)',
  snsv: 'SNSV (Serious Non-Sexual Violence)',
  rsr: 'RSR (Risk of Serious Recidivism)',
};

const calculatorsByName = new Map<PredictorName, Calculator>(
  RISK_PREDICTORS.map((name) => {
    const calculator = findCalculator(name);
    if (!calculator) throw new Error(`calculator ${name} is not registered`);
    return [name, calculator];
  }),
);

/** OGP's fields other than OGRS3's, for when OGP is given the OGRS3 score instead of its inputs. */
const OGP_FIELDS_WITHOUT_OGRS3 = calculatorsByName
  .get('ogp')!
  .knownFields.filter((f) => !calculatorsByName.get('ogrs3')!.knownFields.includes(f));

type Outcomes = ReadonlyMap<PredictorName, CalculatorOutcome>;

/**
 * RSR and CSRP add up predictors this module has already run on the same request (their inputs are a superset
 * of each component's), so they are given those outcomes instead of working them out a second time. The
 * components come earlier in RISK_PREDICTORS. A component's outcome is the typed Outcome its calculator returns.
 */
const COMBINED: Partial<Record<PredictorName, (inputs: CalcRequest, o: Outcomes) => CalculatorOutcome>> = {
  rsr: (inputs, o) =>
    combineRsr(inputs, {
      snsv: o.get('snsv') as RsrComponents['snsv'],
      ospDc: o.get('osp-dc') as RsrComponents['ospDc'],
      ospIic: o.get('osp-iic') as RsrComponents['ospIic'],
    }),
  csrp: (inputs, o) =>
    combineCsrp(inputs, {
      svrp: o.get('svrp') as CsrpComponents['svrp'],
      dcSrp: o.get('dc-srp') as CsrpComponents['dcSrp'],
      iicSrp: o.get('iic-srp') as CsrpComponents['iicSrp'],
    }),
};

export interface PredictorOutcome {
  predictor: PredictorName;
  modelVersion: string;
  /** Exactly what the calculator was given: replaying it through `casework calc` gives the same outcome. */
  inputs: CalcRequest;
  outcome: CalculatorOutcome;
}

export interface RiskAssessment {
  calculationDate: string;
  assessmentId: number | null;
  followUpStartRule: FollowUpStartRule | null;
  sources: Partial<Record<RiskField, InputSource>>;
  predictors: PredictorOutcome[];
  protectChange: { input: ProtectChangeInput; outcome: ProtectChangeOutcome };
  singleAxis: { input: SingleAxisInput; outcome: SingleAxisOutcome };
}

/** The headline number of a scored predictor: the 2-year whole percent, or the 2-dp percent. */
export function headlineScore(predictor: PredictorName, result: Record<string, unknown>): number | null {
  const value =
    predictor === 'ogrs3' || predictor === 'ogp' || predictor === 'ovp'
      ? result.twoYearPercent
      : result.percent2dp;
  return typeof value === 'number' ? value : null;
}

function scored(
  outcomes: ReadonlyMap<PredictorName, CalculatorOutcome>,
  name: PredictorName,
): Record<string, unknown> | null {
  const o = outcomes.get(name);
  return o && 'result' in o ? o.result : null;
}

function ogrs3TwoYearPercent(outcomes: ReadonlyMap<PredictorName, CalculatorOutcome>): number | null {
  return (scored(outcomes, 'ogrs3')?.twoYearPercent as number | undefined) ?? null;
}

function withType(
  outcomes: ReadonlyMap<PredictorName, CalculatorOutcome>,
  name: 'arp' | 'csrp',
): { percent: number; scoreType: 'STATIC' | 'DYNAMIC' } | null {
  const r = scored(outcomes, name);
  return r ? { percent: r.percent2dp as number, scoreType: r.scoreType as 'STATIC' | 'DYNAMIC' } : null;
}

function tierScores(outcomes: ReadonlyMap<PredictorName, CalculatorOutcome>): TierPredictorScores {
  const dc = scored(outcomes, 'dc-srp');
  return {
    rsrPercent: (scored(outcomes, 'rsr')?.percent2dp as number | undefined) ?? null,
    csrp: withType(outcomes, 'csrp'),
    ogrs3TwoYearPercent: ogrs3TwoYearPercent(outcomes),
    arp: withType(outcomes, 'arp'),
    dcSrp: dc
      ? {
          percent: dc.percent2dp as number,
          band: dc.band as NonNullable<TierPredictorScores['dcSrp']>['band'],
        }
      : null,
  };
}

/** Runs every predictor and both tier models for one person. */
export function assessPerson(facts: CaseFacts, calculationDate: string): RiskAssessment {
  const { request, sources, followUpStartRule } = predictorRequest(facts, calculationDate);
  const outcomes = new Map<PredictorName, CalculatorOutcome>();
  const predictors: PredictorOutcome[] = [];
  for (const name of RISK_PREDICTORS) {
    const calculator = calculatorsByName.get(name)!;
    let inputs = requestFor(calculator.knownFields, request);
    // OGP takes an OGRS3 score already calculated (calculation-api.md §6.4) rather than computing it again;
    // when OGRS3 refused, OGP is given the OGRS3 inputs so that it reports the same refusal.
    const ogrs3Percent = ogrs3TwoYearPercent(outcomes);
    if (name === 'ogp' && ogrs3Percent !== null) {
      inputs = requestFor(OGP_FIELDS_WITHOUT_OGRS3, request);
      inputs.ogrs3TwoYearPercent = ogrs3Percent;
    }
    const combine = COMBINED[name];
    const outcome = combine ? combine(inputs, outcomes) : calculator.calculate(inputs, calculationDate);
    outcomes.set(name, outcome);
    predictors.push({ predictor: name, modelVersion: calculator.modelVersion, inputs, outcome });
  }
  const scores = tierScores(outcomes);
  const v2 = protectChangeInput(facts, scores, calculationDate);
  const v3 = singleAxisInput(facts, scores, calculationDate);
  return {
    calculationDate,
    assessmentId: facts.assessment?.id ?? null,
    followUpStartRule,
    sources,
    predictors,
    protectChange: { input: v2, outcome: calculateProtectChangeTier(v2) },
    singleAxis: { input: v3, outcome: calculateSingleAxisTier(v3) },
  };
}

/** The refusal errors of an outcome, or null when it scored. */
export function refusalOf(outcome: CalculatorOutcome): CalcIssue[] | null {
  return 'errors' in outcome ? outcome.errors : null;
}
