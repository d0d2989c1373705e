import type { Calculator } from '../calculation/contract.js';
import type { Dec } from './decimal.js';
import {
  type CompleteAnswers,
  calculateLogistic2026,
  drugsTerm,
  flagTerm,
  itemTerm,
  type Logistic2026Model,
  type Logistic2026Result,
  logistic2026Calculator,
  partnerTerms,
  unemployedTerm,
} from './logistic-2026.js';
import type { Outcome } from './outcome.js';
import type { RiskInput } from './risk-inputs.js';

// VRP, the Violent Reoffending Predictor (risk-predictors.md §11; calculation-api.md §6.10). Coefficients
// are the VRP columns of §11.2–11.4.

const VRP_DYNAMIC_ITEMS = [
  'accommodationSuitability',
  'unemployed',
  'partnerRelationship',
  'evidenceOfDomesticAbuse',
  'relationshipStatus',
  'regularActivitiesEncourageOffending',
  'alcoholCurrentUse',
  'alcoholBingeDrinking',
  'impulsivity',
  'motivationToTackleDrugMisuse',
  'temperControl',
] as const;
type VrpItem = (typeof VRP_DYNAMIC_ITEMS)[number];

export type VrpStaticTerm =
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
  | 'violenceRate';
export type VrpDynamicTerm =
  | 'accommodation'
  | 'unemployed'
  | 'livingWithPartner'
  | 'partner'
  | 'livingWithPartnerRelationship'
  | 'dv'
  | 'activities'
  | 'drugMotivation'
  | 'chronicDrink'
  | 'binge'
  | 'impulsivity'
  | 'temper'
  | 'drugs';
export type VrpResult = Logistic2026Result<VrpStaticTerm, VrpDynamicTerm>;
/** Give `ageAtFirstSanction`, or `firstSanctionDate` to have the age derived from it. */
export type VrpInput = RiskInput<
  'sex' | 'dateOfBirth' | 'convictionDate' | 'offenceCode' | 'totalSanctions' | 'violentSanctions',
  | 'ageAtFirstSanction'
  | 'firstSanctionDate'
  | 'followUpStartDate'
  | 'assessmentDate'
  | 'forceScoreType'
  | VrpItem
  | 'drugsUsed'
>;

function vrpDynamicTerms(a: CompleteAnswers<VrpItem>): Record<VrpDynamicTerm, Dec> {
  return {
    accommodation: itemTerm('0.105430245512805', a.accommodationSuitability),
    unemployed: unemployedTerm('0.0331815664323161', a.unemployed),
    ...partnerTerms(
      {
        livingWithPartner: '-0.257910738309657',
        partner: '0.0289758277705754',
        livingWithPartnerRelationship: '0.117527515244771',
      },
      a.relationshipStatus,
      a.partnerRelationship,
    ),
    dv: flagTerm('0.108473730672409', a.evidenceOfDomesticAbuse),
    activities: itemTerm('0.0655491304584261', a.regularActivitiesEncourageOffending),
    drugMotivation: itemTerm('0.0566501342651779', a.motivationToTackleDrugMisuse),
    chronicDrink: itemTerm('0.122533179215598', a.alcoholCurrentUse),
    binge: itemTerm('0.0981126172766304', a.alcoholBingeDrinking),
    impulsivity: itemTerm('0.0323581330157977', a.impulsivity),
    temper: itemTerm('0.091904896744703', a.temperControl),
    // VRP weighs methadone and not heroin.
    drugs: drugsTerm(
      {
        METHADONE: '0.0576906845544844',
        OTHER_OPIATE: '0.0753935224854228',
        CRACK_COCAINE: '0.0902595215602798',
        POWDER_COCAINE: '0.087313111600886',
        MISUSED_PRESCRIBED: '0.139018812980245',
        BENZODIAZEPINES: '0.0587469123708279',
        CANNABIS: '0.001864706197971',
        STEROIDS: '0.342197551153158',
      },
      '0.150053208890266',
      a.drugsUsed ?? [],
    ),
  };
}

export const vrpModel: Logistic2026Model<VrpStaticTerm, VrpItem, VrpDynamicTerm> = {
  name: 'vrp',
  modelVersion: 'VRP-2026-1',
  thresholdsVersion: 'VRP-BANDS-2026',
  cutOffs: [30, 60, 80],
  copasBoost: 12,
  usesViolentSanctions: true,
  refusesZeroScore: true,
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
  ],
  static: {
    intercept: '3.12324433235579',
    age: {
      MALE: ['-0.104477239763612', '0.0008606154365776', '0.000013815779629', '-0.0000001960154357'],
      FEMALE: ['-0.0151569773369266', '-0.0000517057104954', '-0.0000007587337191', '0.0000000203053155'],
    },
    female: '-1.84281451035478',
    firstSanction: '-1.90092364059771',
    secondSanction: '-1.10995084554834',
    perSanction: '-0.0067658067744931',
    gap: { MALE: '-0.0517946785377468', FEMALE: '-0.0524808327112117' },
    offenceFreeMonths: [
      '-0.073627004774941',
      '0.0015286971037078',
      '0.0000095033186151',
      '-0.0000008860433091',
    ],
    copas: { MALE: '0.620598396891494', FEMALE: '0.507851479286236' },
    violence: {
      never: { MALE: '-2.19912021141319', FEMALE: '-2.8090905835064' },
      once: '0.164824968220639',
      perViolent: '0.0185294325031695',
      rate: '0.522272685793084',
    },
    offence: {
      VIOLENCE_AGAINST_THE_PERSON_ABH_PLUS: '0.109809951520084',
      VIOLENCE_AGAINST_THE_PERSON_SUB_ABH: '0.109809951520084',
      WEAPONS_NON_FIREARM: '0.109809951520084',
      FIREARMS_MOST_SERIOUS: '0.109809951520084',
      FIREARMS_OTHER: '0.109809951520084',
      ACQUISITIVE_VIOLENCE: '-0.0032926198476618',
      BURGLARY_DOMESTIC: '0.189290151743428',
      BURGLARY_OTHER: '0.152185842790808',
      THEFT_NON_MOTOR: '0.260179775875471',
      VEHICLE_RELATED_THEFT: '0.165882021264931',
      HANDLING_STOLEN_GOODS: '0.0120019188396128',
      FRAUD_AND_FORGERY: '-0.362999252067375',
      WELFARE_FRAUD: '-0.987504454326342',
      CRIMINAL_DAMAGE: '0.371503082545136',
      PUBLIC_ORDER_AND_HARRASSMENT: '0.356342355096462',
      DRUNKENNESS: '0.897225111715064',
      DRINK_DRIVING: '-0.0955339743007365',
      MOTORING_OFFENCES: '-0.184914428055833',
      DRUG_IMPORT_EXPORT_OR_PRODUCTION: '-0.422720654391483',
      DRUG_POSSESSION_OR_SUPPLY: '-0.0876488981693274',
      SEXUAL_AGAINST_CHILD: '-0.930849896127774',
      SEXUAL_NOT_AGAINST_CHILD: '-0.159028472471635',
      ABSCONDING_OR_BAIL: '0.351192370764659',
      OTHER_OFFENCES: '0.0998951874967628',
    },
  },
  dynamic: {
    intercept: '1.81687448362791',
    age: {
      MALE: ['-0.0645236564493287', '0.0004644696772777'],
      FEMALE: ['-0.0106819944976555', '-0.0000220033910434', '-0.0000003141984277', '-0.0000000174402455'],
    },
    female: '-1.47587262099647',
    firstSanction: '-1.84616323808687',
    secondSanction: '-1.08289822438739',
    perSanction: '-0.0068338285932122',
    gap: { MALE: '-0.0448978159143418', FEMALE: '-0.036873809313859' },
    offenceFreeMonths: ['-0.0527396206616632', '0.0004145060463894'],
    copas: { MALE: '0.599255596112212', FEMALE: '0.477448279367104' },
    violence: {
      never: { MALE: '-1.72067702170194', FEMALE: '-2.24064936845545' },
      once: '0.158357795142317',
      perViolent: '0.0143780957599777',
      rate: '0.417038098120116',
    },
    offence: {
      VIOLENCE_AGAINST_THE_PERSON_ABH_PLUS: '0.077028816727511',
      VIOLENCE_AGAINST_THE_PERSON_SUB_ABH: '0.077028816727511',
      WEAPONS_NON_FIREARM: '0.077028816727511',
      FIREARMS_MOST_SERIOUS: '0.077028816727511',
      FIREARMS_OTHER: '0.077028816727511',
      ACQUISITIVE_VIOLENCE: '0.0442727884290873',
      BURGLARY_DOMESTIC: '0.235304808003462',
      BURGLARY_OTHER: '0.191809657473981',
      THEFT_NON_MOTOR: '0.257081681109148',
      VEHICLE_RELATED_THEFT: '0.200392887919135',
      HANDLING_STOLEN_GOODS: '0.160583400555203',
      FRAUD_AND_FORGERY: '-0.215055195882386',
      WELFARE_FRAUD: '-0.937073522898054',
      CRIMINAL_DAMAGE: '0.302881895872264',
      PUBLIC_ORDER_AND_HARRASSMENT: '0.348649087179239',
      DRUNKENNESS: '0.832786589840741',
      DRINK_DRIVING: '-0.0243380584056904',
      MOTORING_OFFENCES: '-0.0219990134288181',
      DRUG_IMPORT_EXPORT_OR_PRODUCTION: '-0.310067077915746',
      DRUG_POSSESSION_OR_SUPPLY: '-0.0226462288920859',
      SEXUAL_AGAINST_CHILD: '-0.994785930428512',
      SEXUAL_NOT_AGAINST_CHILD: '-0.249001167005262',
      ABSCONDING_OR_BAIL: '0.332310036782829',
      OTHER_OFFENCES: '0.186300883246964',
    },
  },
  dynamicItems: VRP_DYNAMIC_ITEMS,
  optionalItems: ['drugsUsed'],
  checksDrugMotivation: true,
  dynamicTerms: vrpDynamicTerms,
};

export const vrpCalculator: Calculator = logistic2026Calculator(vrpModel);

/** VRP for application code: the same validation and arithmetic as the `vrp` calculator. */
export function calculateVrp(input: VrpInput, calculationDate: string): Outcome<VrpResult> {
  return calculateLogistic2026(vrpModel, { ...input }, calculationDate);
}
