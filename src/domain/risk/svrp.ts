import type { Calculator } from '../calculation/contract.js';
import { remembered } from '../remembered.js';
import { Dec } from './decimal.js';
import { SERIOUS_CONVICTION_KINDS, type RiskInput, type SeriousConvictionKind } from './risk-inputs.js';
import {
  type CompleteAnswers,
  calculateLogistic2026,
  flagTerm,
  itemTerm,
  type Logistic2026Model,
  type Logistic2026Result,
  logistic2026Calculator,
  unemployedTerm,
} from './logistic-2026.js';
import type { Outcome } from './outcome.js';

// SVRP, the Serious Violent Reoffending Predictor (risk-predictors.md §11; calculation-api.md §6.10).
// Coefficients are the SVRP columns of §11.2–11.4. SVRP has no reportable-range floor and feeds CSRP.

const SVRP_DYNAMIC_ITEMS = [
  'weaponInCurrentOffence',
  'accommodationSuitability',
  'unemployed',
  'alcoholCurrentUse',
  'temperControl',
  'proCriminalAttitudes',
  'previousSeriousConvictions',
] as const;
type SvrpItem = (typeof SVRP_DYNAMIC_ITEMS)[number];

export type SvrpStaticTerm =
  | 'intercept'
  | 'gender'
  | 'agePoly'
  | 'offence'
  | 'numberOfSanctions'
  | 'totalSanctions'
  | 'secondSanctionGap'
  | 'ofm'
  | 'threePlus'
  | 'violentHistory'
  | 'violentSanctions'
  | 'violenceRate'
  | 'vatp';
export type SvrpDynamicTerm =
  'weapon' | 'accommodation' | 'unemployed' | 'chronicDrink' | 'temper' | 'procrim' | 'prevConv';
export type SvrpResult = Logistic2026Result<SvrpStaticTerm, SvrpDynamicTerm>;
/** Give `ageAtFirstSanction`, or `firstSanctionDate` to have the age derived from it. */
export type SvrpInput = RiskInput<
  'sex' | 'dateOfBirth' | 'convictionDate' | 'offenceCode' | 'totalSanctions' | 'violentSanctions',
  | 'ageAtFirstSanction'
  | 'firstSanctionDate'
  | 'followUpStartDate'
  | 'assessmentDate'
  | 'forceScoreType'
  | SvrpItem
>;

/** Presence flags: each kind adds its weight once, however many convictions of that kind (§12). */
const PREVIOUS_SERIOUS_CONVICTION_WEIGHTS: Readonly<Record<SeriousConvictionKind, string>> = {
  HOMICIDE: '0.355308819798017',
  WOUNDING_GBH: '0.399845826788494',
  KIDNAPPING: '0.534510912919277',
  FIREARMS: '0.780403925884582',
  ROBBERY: '0.290562230335504',
  AGGRAVATED_BURGLARY: '0.183891831607701',
  WEAPON: '0.231407077551008',
  CRIMINAL_DAMAGE: '1.01491061134195',
  ARSON: '0.0073649024927637',
};

/** The previous-convictions weight of a list of kinds, by the kinds present in contract order: a few dozen sets occur. */
const previousConvictionsTerm = remembered((present: string): Dec =>
  (present === '' ? [] : (present.split(',') as SeriousConvictionKind[])).reduce(
    (sum, k) => sum.plus(PREVIOUS_SERIOUS_CONVICTION_WEIGHTS[k]),
    new Dec(0),
  ),
);

function svrpDynamicTerms(a: CompleteAnswers<SvrpItem>): Record<SvrpDynamicTerm, Dec> {
  const kinds = new Set(a.previousSeriousConvictions);
  return {
    weapon: flagTerm('0.385215247009075', a.weaponInCurrentOffence),
    accommodation: itemTerm('0.0442239531567977', a.accommodationSuitability),
    unemployed: unemployedTerm('0.0734628466183293', a.unemployed),
    chronicDrink: itemTerm('0.0765545992903705', a.alcoholCurrentUse),
    temper: itemTerm('0.124207407357376', a.temperControl),
    procrim: itemTerm('0.0982315473681468', a.proCriminalAttitudes),
    prevConv: previousConvictionsTerm(SERIOUS_CONVICTION_KINDS.filter((k) => kinds.has(k)).join(',')),
  };
}

// §11.3 writes the five violence categories' SVRP cells as "category weight + violence add-on"; the add-on is
// reported apart as `vatp`. VIOLENCE_AGAINST_THE_PERSON_SUB_ABH's cell is a single number, so it has no add-on.
const STATIC_VIOLENCE_ADD_ON = '0.0881806276607277';
const DYNAMIC_VIOLENCE_ADD_ON = '0.110262124783647';

export const svrpModel: Logistic2026Model<SvrpStaticTerm, SvrpItem, SvrpDynamicTerm> = {
  name: 'svrp',
  modelVersion: 'SVRP-2026-1',
  thresholdsVersion: 'SVRP-BANDS-2026',
  cutOffs: [1, 3, 6.9],
  copasBoost: 12,
  usesViolentSanctions: true,
  refusesZeroScore: false,
  staticTerms: [
    'intercept',
    'gender',
    'agePoly',
    'offence',
    'numberOfSanctions',
    'totalSanctions',
    'secondSanctionGap',
    'ofm',
    'threePlus',
    'violentHistory',
    'violentSanctions',
    'violenceRate',
    'vatp',
  ],
  static: {
    intercept: '-0.970734555223987',
    age: {
      MALE: ['-0.035211251525685', '-0.0002101460036267'],
      FEMALE: ['-0.0194307797540929', '-0.0000241385941049'],
    },
    female: '-1.55855151937225',
    firstSanction: '-2.3335499201698',
    secondSanction: '-1.36161428849118',
    perSanction: '-0.0250462590018653',
    gap: { MALE: '-0.117956562302911', FEMALE: '-0.0402256071602197' },
    offenceFreeMonths: [
      '-0.0318548411238394',
      '0.0002165688028517',
      '0.0000046604929835',
      '-0.000000152324083',
    ],
    copas: { MALE: '0.936944231003216', FEMALE: '0.853626611755616' },
    violence: {
      never: { MALE: '-1.5382238276355', FEMALE: '-2.33948463970808' },
      once: '-0.0013488533112443',
      perViolent: '0.0141947749755811',
      rate: '0.250478471909382',
    },
    offence: {
      VIOLENCE_AGAINST_THE_PERSON_ABH_PLUS: '0.0032426570273524',
      VIOLENCE_AGAINST_THE_PERSON_SUB_ABH: '0.0881806276607277',
      WEAPONS_NON_FIREARM: '0.316916255872188',
      FIREARMS_MOST_SERIOUS: '-0.109313634130027',
      FIREARMS_OTHER: '0.265777493636431',
      ACQUISITIVE_VIOLENCE: '0.34905826404493',
      BURGLARY_DOMESTIC: '0.427440297941078',
      BURGLARY_OTHER: '0.283654004619677',
      THEFT_NON_MOTOR: '-0.126315026107379',
      VEHICLE_RELATED_THEFT: '0.286214108247545',
      HANDLING_STOLEN_GOODS: '0.20156598193072',
      FRAUD_AND_FORGERY: '-0.0932918356073765',
      WELFARE_FRAUD: '-2.75700217295462',
      CRIMINAL_DAMAGE: '0.254391121973677',
      PUBLIC_ORDER_AND_HARRASSMENT: '-0.102680989477238',
      DRUNKENNESS: '-0.169817158710549',
      DRINK_DRIVING: '-0.0870700781552191',
      MOTORING_OFFENCES: '0.0805237507490763',
      DRUG_IMPORT_EXPORT_OR_PRODUCTION: '-0.151563625759297',
      DRUG_POSSESSION_OR_SUPPLY: '0.196404663980207',
      SEXUAL_AGAINST_CHILD: '-0.269534814977957',
      SEXUAL_NOT_AGAINST_CHILD: '-0.481426313870417',
      ABSCONDING_OR_BAIL: '0.361929924513904',
      OTHER_OFFENCES: '0.175156031546492',
    },
    violenceAddOn: {
      VIOLENCE_AGAINST_THE_PERSON_ABH_PLUS: STATIC_VIOLENCE_ADD_ON,
      WEAPONS_NON_FIREARM: STATIC_VIOLENCE_ADD_ON,
      FIREARMS_MOST_SERIOUS: STATIC_VIOLENCE_ADD_ON,
      FIREARMS_OTHER: STATIC_VIOLENCE_ADD_ON,
    },
  },
  dynamic: {
    intercept: '-1.70588696906607',
    age: {
      MALE: ['-0.0343861125060411', '-0.0002060693939063'],
      FEMALE: ['-0.0215931881507551', '-0.0000539574087783'],
    },
    female: '-1.609748656497',
    firstSanction: '-2.26703484992352',
    secondSanction: '-1.17946726635964',
    perSanction: '-0.025992075782348',
    gap: { MALE: '-0.0967640128116584', FEMALE: '-0.1712941019545757' },
    offenceFreeMonths: [
      '-0.029248960074744',
      '0.0003119515647398',
      '0.0000022269607594',
      '-0.0000002955293324',
    ],
    copas: { MALE: '0.858101289182386', FEMALE: '0.848200474467235' },
    violence: {
      never: { MALE: '-1.09871100777043', FEMALE: '-1.36716291233552' },
      once: '0.077746849480619',
      perViolent: '0.006532999224634',
      rate: '0.165137054547059',
    },
    offence: {
      VIOLENCE_AGAINST_THE_PERSON_ABH_PLUS: '-0.158615820403553',
      VIOLENCE_AGAINST_THE_PERSON_SUB_ABH: '0.110262124783647',
      WEAPONS_NON_FIREARM: '-0.0859338473048713',
      FIREARMS_MOST_SERIOUS: '-0.492759700145113',
      FIREARMS_OTHER: '0.038831669251795',
      ACQUISITIVE_VIOLENCE: '0.0719174180811535',
      BURGLARY_DOMESTIC: '0.392304322484302',
      BURGLARY_OTHER: '0.210475686624578',
      THEFT_NON_MOTOR: '-0.047968924813678',
      VEHICLE_RELATED_THEFT: '0.335872011000959',
      HANDLING_STOLEN_GOODS: '0.405987757430537',
      FRAUD_AND_FORGERY: '0.128223795291931',
      WELFARE_FRAUD: '-2.54378150425616',
      CRIMINAL_DAMAGE: '0.184857953812071',
      PUBLIC_ORDER_AND_HARRASSMENT: '-0.165010485104843',
      DRUNKENNESS: '-0.266212126484843',
      DRINK_DRIVING: '0.0719681498702402',
      MOTORING_OFFENCES: '0.285285632874374',
      DRUG_IMPORT_EXPORT_OR_PRODUCTION: '0.146018219011484',
      DRUG_POSSESSION_OR_SUPPLY: '0.210481894371787',
      SEXUAL_AGAINST_CHILD: '-0.60993507861302',
      SEXUAL_NOT_AGAINST_CHILD: '-0.545166046667834',
      ABSCONDING_OR_BAIL: '0.414243541008181',
      OTHER_OFFENCES: '0.135286411622716',
    },
    violenceAddOn: {
      VIOLENCE_AGAINST_THE_PERSON_ABH_PLUS: DYNAMIC_VIOLENCE_ADD_ON,
      WEAPONS_NON_FIREARM: DYNAMIC_VIOLENCE_ADD_ON,
      FIREARMS_MOST_SERIOUS: DYNAMIC_VIOLENCE_ADD_ON,
      FIREARMS_OTHER: DYNAMIC_VIOLENCE_ADD_ON,
    },
  },
  dynamicItems: SVRP_DYNAMIC_ITEMS,
  optionalItems: [],
  checksDrugMotivation: false,
  dynamicTerms: svrpDynamicTerms,
};

export const svrpCalculator: Calculator = logistic2026Calculator(svrpModel);

/** SVRP for application code: the same validation and arithmetic as the `svrp` calculator. */
export function calculateSvrp(input: SvrpInput, calculationDate: string): Outcome<SvrpResult> {
  return calculateLogistic2026(svrpModel, { ...input }, calculationDate);
}
