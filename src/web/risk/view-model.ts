import { LEVELS_AND_CATEGORIES } from '../../db/risk-changes.js';
import type { RiskRecordData } from '../../db/risk-read.js';
import { offenceFreeMonths, wholeMonthsBetween } from '../../domain/risk/age.js';
import { PREDICTOR_LABELS, RISK_PREDICTORS, type PredictorName } from '../../domain/risk/assess-person.js';
import { ROSH_WORDS } from '../../domain/tiering/explanation.js';

// The Risk tab's view model: every value the template shows, worded for practitioners. Pure; the numbers
// come from the stored calculations, never recomputed here.

const TIER_MODEL_WORDS = {
  PROTECT_CHANGE: 'Protect and change (V2)',
  SINGLE_AXIS: 'Single axis (V3, 2026)',
} as const;
const SOURCE_WORDS: Record<string, string> = {
  sex: 'Sex',
  dateOfBirth: 'Date of birth',
  convictionDate: 'Conviction date',
  followUpStartDate: 'Start of time in the community',
  assessmentDate: 'Assessment date',
  offenceCode: 'Current offence (Home Office code)',
  totalSanctions: 'Sanction occasions, including this one',
  violentSanctions: 'Violent sanction occasions',
  ageAtFirstSanction: 'Age at first sanction',
  supervisionStatus: 'Where the person is supervised',
  mostRecentOffenceDate: 'Most recent offence',
  noFixedAbode: 'No fixed abode or transient',
  accommodationSuitability: 'Accommodation suitability problems (0–2)',
  unemployed: 'Unemployed',
  partnerRelationship: 'Problems in relationship with partner (0–2)',
  relationshipStatus: 'Relationship status',
  evidenceOfDomesticAbuse: 'Evidence of domestic abuse',
  domesticAbuseAgainstPartner: 'Domestic abuse against a partner',
  regularActivitiesEncourageOffending: 'Regular activities encourage offending (0–2)',
  drugMisuse: 'Drug misuse (0–2)',
  motivationToTackleDrugMisuse: 'Motivation to tackle drug misuse (0 full – 2 none)',
  drugsUsed: 'Drugs used in the last six months',
  alcoholCurrentUse: 'Current alcohol use (0–2)',
  alcoholBingeDrinking: 'Binge drinking (0–2)',
  impulsivity: 'Impulsivity (0–2)',
  temperControl: 'Temper control (0–2)',
  problemSolving: 'Problem-solving (0–2)',
  awarenessOfConsequences: 'Awareness of consequences (0 yes – 2 no)',
  understandsOthersViews: "Understands other people's views (0–2)",
  proCriminalAttitudes: 'Pro-criminal attitudes (0–2)',
  recognisesImpactOfOffending: 'Recognises the impact of their offending',
  currentPsychiatricTreatment: 'Current psychiatric treatment',
  weaponInCurrentOffence: 'Weapon in the current offence',
  previousSeriousConvictions: 'Kinds of previous serious conviction',
  ogrs3TwoYearPercent: 'OGRS3 2-year score used',
  sexualOffenceHistory: 'Has ever committed a sexual offence',
  currentOffenceSexuallyMotivated: 'Current offence sexually motivated',
  contactAdultSexualSanctions: 'Contact sexual sanctions against adults',
  contactChildSexualSanctions: 'Contact sexual sanctions against children',
  nonContactSexualOffences: 'Non-contact sexual offences',
  indecentImageSanctions: 'Indecent image sanctions',
  mostRecentSexualSanctionDate: 'Most recent sexual sanction',
  currentOffenceAgainstStranger: 'Current offence against a stranger',
};
const LOGISTIC: ReadonlySet<string> = new Set(['ogrs3', 'snsv', 'arp', 'vrp', 'svrp']);
const ADDITIVE: ReadonlySet<string> = new Set(['rsr', 'csrp']);
const FOLLOW_UP_WORDS: Record<string, string> = {
  SENTENCE_DATE: 'the sentence date (community sentence)',
  EXPECTED_RELEASE_DATE: 'the expected release date (still in custody)',
  RELEASE_DATE: 'the release date',
  CONVICTION_DATE: 'the conviction date (no sentence or release date yet)',
};
/** §12 "long records": the negative per-sanction term is visible from here on. */
const LONG_RECORD_SANCTIONS = 30;
const OFFENCE_FREE_CAP_MONTHS = 36;

export function words(name: string): string {
  const spaced = name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/Percent2dp$/i, '')
    .toLowerCase();
  return spaced.charAt(0).toUpperCase() + spaced.slice(1);
}

function showValue(value: unknown): string {
  if (value === null || value === undefined) return 'Not recorded';
  if (typeof value === 'boolean') return value ? 'Yes' : 'No';
  if (Array.isArray(value))
    return value.length === 0
      ? 'None'
      : value
          .map((v) =>
            words(
              String(v)
                .toLowerCase()
                .replace(/_(\w)/g, (_m, c: string) => c.toUpperCase()),
            ),
          )
          .join(', ');
  if (typeof value === 'string' && /^[A-Z_]+$/.test(value))
    return words(value.toLowerCase().replace(/_(\w)/g, (_m, c: string) => c.toUpperCase()));
  return String(value);
}

function contributionText(predictor: string, value: number): string {
  if (LOGISTIC.has(predictor)) {
    const size = Math.abs(value) >= 1 ? 'much ' : '';
    const direction = value > 0 ? `${size}higher risk` : value < 0 ? `${size}lower risk` : 'no effect';
    return `${value > 0 ? '+' : ''}${value.toFixed(2)} on the log-odds (${direction})`;
  }
  if (ADDITIVE.has(predictor)) return `${value.toFixed(2)}%`;
  return `${value} points`;
}

function formatScore(predictor: string, score: number | null): string {
  if (score === null) return '';
  return predictor === 'ogrs3' || predictor === 'ogp' || predictor === 'ovp'
    ? `${score}%`
    : `${score.toFixed(2)}%`;
}

/** §12: the counter-intuitive behaviours that apply to this stored score, in plain words. */
export function explanationsFor(
  score: RiskRecordData['scores'][number],
  all: RiskRecordData['scores'],
): string[] {
  const p = score.predictor;
  const out: string[] = [];
  const inputs = score.inputs;
  const result = score.result ?? {};
  const dynamicMissing = score.warnings.filter((w) => w.type === 'MISSING_DYNAMIC_INPUT');
  if (dynamicMissing.length > 0) {
    const fields = [...new Set(dynamicMissing.flatMap((w) => w.fields))].map(
      (f) => SOURCE_WORDS[f] ?? words(f),
    );
    out.push(
      `Some assessment answers were missing, so this is a static score based on criminal history only. Complete ${fields.join(', ')} to get a dynamic score.`,
    );
  }
  if (score.status !== 'SCORED') return out;
  const serious = inputs.previousSeriousConvictions;
  if ((p === 'snsv' || p === 'svrp') && Array.isArray(serious) && serious.length > 0) {
    out.push(
      'Each type of previous serious conviction (for example homicide or wounding) adds the same amount whether there was one such conviction or several. The number of convictions of that type does not change this score.',
    );
  }
  if (
    (p === 'snsv' || p === 'svrp') &&
    typeof inputs.totalSanctions === 'number' &&
    inputs.totalSanctions >= LONG_RECORD_SANCTIONS
  ) {
    out.push(
      'This model gives a small negative weight to every sanction occasion, so very long records can produce a lower serious-violence score. For example, 380 sanctions (170 violent) produce a static SVRP of 0.13 %. Consider the full history when judging risk.',
    );
  }
  if (p === 'ovp')
    out.push(
      'Every person scores 5 points for having at least one sanction, because the current conviction counts.',
    );
  if (p === 'rsr' || p === 'csrp') {
    const rsr = all.find((s) => s.predictor === 'rsr' && s.status === 'SCORED');
    const csrp = all.find((s) => s.predictor === 'csrp' && s.status === 'SCORED');
    if (rsr && csrp && rsr.band !== csrp.band) {
      out.push(
        `RSR uses three bands (3 % and 6.9 %). CSRP uses four (1 %, 3 % and 6.9 %). This person is ${showValue(rsr.band)} on RSR (${formatScore('rsr', rsr.score)}) and ${showValue(csrp.band)} on CSRP (${formatScore('csrp', csrp.score)}) without any change in their circumstances.`,
      );
    }
    const components = result.components as Record<string, number> | undefined;
    if (components && (components.femaleConstantPercent2dp ?? 0) > 0) {
      out.push(
        '0.38 % has been added in place of the sexual reoffending predictors, which are not validated for women.',
      );
    }
  }
  if ((p === 'osp-dc' || p === 'dc-srp') && result.bandReductionApplied === true) {
    out.push(
      `The sexual reoffending band was reduced by one step (from ${showValue(result.unreducedBand)} to ${showValue(result.band)}) because of at least 5 years in the community without offending. The probability, and its contribution to RSR/CSRP, is unchanged.`,
    );
  }
  if (
    p === 'osp-dc' &&
    result.points !== null &&
    result.points !== undefined &&
    !inputs.mostRecentSexualSanctionDate
  ) {
    out.push(
      'No date of the most recent sexual sanction was recorded, so this item scored 0 points. The 2026 model requires the date.',
    );
  }
  if (
    (p === 'arp' || p === 'vrp' || p === 'svrp') &&
    typeof inputs.followUpStartDate === 'string' &&
    typeof inputs.assessmentDate === 'string' &&
    inputs.assessmentDate >= inputs.followUpStartDate &&
    offenceFreeMonths(inputs.followUpStartDate, inputs.assessmentDate) >= OFFENCE_FREE_CAP_MONTHS
  ) {
    out.push(
      'Time in the community without offending reduces this score for up to 36 months. After that, further time does not change it.',
    );
  }
  if (p === 'rsr' || p === 'csrp' || p === 'svrp') {
    out.push(
      'This is the estimated chance of a proven serious reoffence within two years. Serious reoffending is rare, so 6.9 % or more counts as high or very high.',
    );
  }
  return out;
}

export function predictorViews(data: RiskRecordData, today: string) {
  return RISK_PREDICTORS.map((name: PredictorName) => {
    const s = data.scores.find((x) => x.predictor === name);
    if (!s) return { name, label: PREDICTOR_LABELS[name], calculated: false as const };
    const ageMonths = s.assessmentDate ? wholeMonthsBetween(s.assessmentDate, today) : null;
    const staleMonths = Math.floor((data.staleAfterWeeks * 7) / 30.44);
    const components = (s.result?.components ?? null) as Record<string, number> | null;
    return {
      name,
      label: PREDICTOR_LABELS[name],
      calculated: true as const,
      scored: s.status === 'SCORED',
      score: formatScore(name, s.score),
      band: s.band ? showValue(s.band) : 'No bands',
      scoreType: s.result?.scoreType ? showValue(s.result.scoreType) : null,
      calculationDate: s.calculationDate,
      assessmentDate: s.assessmentDate,
      stale: ageMonths !== null && ageMonths >= staleMonths,
      staleness:
        ageMonths === null
          ? 'No assessment'
          : ageMonths === 0
            ? 'Assessment this month'
            : `Assessment ${ageMonths} month${ageMonths === 1 ? '' : 's'} old`,
      modelVersion: s.modelVersion,
      thresholdsVersion: s.thresholdsVersion,
      followUpStart: s.followUpStartRule ? FOLLOW_UP_WORDS[s.followUpStartRule] : null,
      errors: (s.errors ?? []).map((e) => e.message),
      inputs: Object.entries(s.inputs).map(([field, value]) => ({
        label: SOURCE_WORDS[field] ?? words(field),
        value: showValue(value),
      })),
      contributions: components
        ? Object.entries(components)
            .filter(([, v]) => typeof v === 'number')
            .map(([term, v]) => ({ label: words(term), value: contributionText(name, v) }))
        : [],
      linearPredictor:
        typeof s.result?.linearPredictor === 'number'
          ? (s.result.linearPredictor as number).toFixed(4)
          : null,
      points: typeof s.result?.points === 'number' ? s.result.points : null,
      explanations: explanationsFor(s, data.scores),
    };
  });
}

/** A small server-drawn line chart of one predictor's scores over time; the same numbers are in a table. */
export function scoreChart(
  points: readonly { calculationDate: string; score: number }[],
  width = 320,
  height = 120,
) {
  if (points.length === 0) return null;
  const pad = 28;
  const max = Math.max(...points.map((p) => p.score), 1);
  const top = Math.ceil(max * 1.1 * 100) / 100;
  const x = (i: number) =>
    points.length === 1 ? width / 2 : pad + (i * (width - pad * 2)) / (points.length - 1);
  const y = (v: number) => height - pad + 8 - (v / top) * (height - pad - 8);
  const coords = points.map((p, i) => ({
    x: Math.round(x(i) * 10) / 10,
    y: Math.round(y(p.score) * 10) / 10,
    label: `${p.score}% on ${p.calculationDate}`,
  }));
  return {
    width,
    height,
    path: coords.map((c, i) => `${i === 0 ? 'M' : 'L'}${c.x} ${c.y}`).join(' '),
    coords,
    axisY: { top: `${top}%`, zeroY: Math.round(y(0) * 10) / 10 },
    first: points[0]!.calculationDate,
    last: points.at(-1)!.calculationDate,
  };
}

function tierView(t: RiskRecordData['tiers'][number] | undefined) {
  if (!t) return null;
  const base = {
    model: t.model,
    modelName: TIER_MODEL_WORDS[t.model],
    tier: t.tier,
    provisional: t.provisional,
    calculationDate: t.calculationDate,
    modelVersion: t.modelVersion,
  };
  if (t.model === 'SINGLE_AXIS') {
    const e = t.rules.explanation as {
      summary: string;
      rules: {
        rule: string;
        ref: string;
        text: string;
        tier: string | null;
        alternatives: { text: string }[];
      }[];
      decidedBy: string[];
      provisionalReasons: { text: string }[];
    };
    const decided = e.rules.filter((r) => e.decidedBy.includes(r.rule));
    return {
      ...base,
      summary: e.summary,
      fired: decided.map((r) => `${r.ref}: ${r.text}`),
      rules: e.rules.map((r) => ({ ref: r.ref, text: r.text, tier: r.tier ?? '–' })),
      wouldChange: decided.flatMap((r) => r.alternatives.map((a) => a.text)),
      provisionalReasons: e.provisionalReasons.map((r) => r.text),
    };
  }
  const e = t.rules.explanation as {
    summary: string;
    protect: { text: string }[];
    change: { text: string }[];
    protectPointsToNextLevel: number | null;
    changePointsToNextLevel: number | null;
  };
  const wouldChange: string[] = [];
  if (e.protectPointsToNextLevel !== null)
    wouldChange.push(`${e.protectPointsToNextLevel} more protect points would raise the protect level.`);
  if (e.changePointsToNextLevel !== null)
    wouldChange.push(`${e.changePointsToNextLevel} more change points would raise the change level.`);
  return {
    ...base,
    summary: e.summary,
    fired: [...e.protect.map((l) => `Protect: ${l.text}`), ...e.change.map((l) => `Change: ${l.text}`)],
    rules: [],
    wouldChange,
    provisionalReasons: [],
  };
}

const ROSH_GROUPS = [
  ['children', 'Children'],
  ['public', 'Public'],
  ['knownAdult', 'Known adult'],
  ['staff', 'Staff'],
] as const;

/** The groups the completion form asks about; prisoners only matters for someone in custody. */
const ROSH_FORM_GROUPS = [
  { key: 'children', label: 'Children', required: true },
  { key: 'public', label: 'Public', required: true },
  { key: 'knownAdult', label: 'Known adult', required: true },
  { key: 'staff', label: 'Staff', required: true },
  { key: 'prisoners', label: 'Prisoners (custody only)', required: false },
] as const;
const ROSH_FORM_LEVELS = (['LOW', 'MEDIUM', 'HIGH', 'VERY_HIGH'] as const).map((l) => ({
  value: l,
  text: ROSH_WORDS[l],
}));

export function riskPageView(
  data: RiskRecordData,
  today: string,
  user: { id: number; roles: readonly string[] },
  registerTypes: readonly { code: string; description: string; reviewPeriodMonths: number | null }[] = [],
) {
  const current = (model: string) => data.tiers.find((t) => t.model === model && t.current);
  const other = data.tierModelOfRecord === 'PROTECT_CHANGE' ? 'SINGLE_AXIS' : 'PROTECT_CHANGE';
  const selfRisk = data.assessment?.riskToSelf;
  const predictors = predictorViews(data, today);
  const charts = predictors
    .filter((p) => p.calculated)
    .map((p) => {
      const points = data.history.filter((h) => h.predictor === p.name);
      return { name: p.name, label: p.label, chart: scoreChart(points), points };
    })
    .filter((c) => c.chart !== null);
  const approved = (kind: 'ROSH' | 'TIER', model: string | null) =>
    data.overrides.find((o) => o.status === 'APPROVED' && o.kind === kind && o.model === model);
  const isSpo = user.roles.includes('SPO');
  return {
    rosh: {
      assessmentDate: data.assessment?.completedDate ?? null,
      overall: data.assessment?.rosh.overall ? ROSH_WORDS[data.assessment.rosh.overall] : null,
      overriddenTo: approved('ROSH', null),
      groups: ROSH_GROUPS.map(([key, label]) => ({
        label,
        level: data.assessment?.rosh[key] ? ROSH_WORDS[data.assessment.rosh[key]] : 'Not assessed',
      })),
      self: selfRisk
        ? Object.entries(selfRisk).map(([k, v]) => ({ label: words(k), value: showValue(v) }))
        : [],
    },
    mappa:
      data.registrations
        .filter((r) => r.code === 'MAPP')
        .map((r) => ({
          category: r.category ?? 'Not recorded',
          level: r.level ?? 'Not recorded',
          registrationDate: r.registrationDate,
        }))[0] ?? null,
    flags: data.registrations.map((r) => ({
      ...r,
      overdue: r.nextReviewDate !== null && r.nextReviewDate < today,
    })),
    predictors,
    charts,
    tier: {
      ofRecord: tierView(current(data.tierModelOfRecord)),
      other: tierView(current(other)),
      overriddenTo: approved('TIER', data.tierModelOfRecord),
    },
    tierHistory: data.tiers.map((t) => ({ ...t, modelName: TIER_MODEL_WORDS[t.model] })),
    overrides: data.overrides.map((o) => ({
      ...o,
      what: o.kind === 'ROSH' ? 'RoSH level' : `Tier (${TIER_MODEL_WORDS[o.model!]})`,
      canDecide: isSpo && o.status === 'PROPOSED' && o.proposedByUserId !== user.id,
    })),
    canPropose: user.roles.includes('PRACTITIONER') || isSpo,
    /** Whether to offer the flag and assessment forms; the routes check the same roles again. */
    canChangeRecord: user.roles.includes('PRACTITIONER') || isSpo,
    registerTypes: registerTypes.map((t) => ({
      value: t.code,
      text:
        `${t.description} (${t.code})` +
        (t.reviewPeriodMonths ? `, reviewed every ${monthsWords(t.reviewPeriodMonths)}` : ''),
    })),
    graded: Object.entries(LEVELS_AND_CATEGORIES).map(([code, g]) => ({ code, ...g })),
    assessmentToComplete: data.assessmentsInProgress[0] ?? null,
    roshForm: { groups: ROSH_FORM_GROUPS, levels: ROSH_FORM_LEVELS },
  };
}

function monthsWords(months: number): string {
  return months === 1 ? 'month' : `${months} months`;
}
