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

// ARP, the All Reoffending Predictor (risk-predictors.md §11; calculation-api.md §6.10). Coefficients are
// the ARP columns of §11.2–11.4.

const ARP_DYNAMIC_ITEMS = [
  'accommodationSuitability',
  'unemployed',
  'partnerRelationship',
  'evidenceOfDomesticAbuse',
  'relationshipStatus',
  'regularActivitiesEncourageOffending',
  'alcoholCurrentUse',
  'alcoholBingeDrinking',
  'impulsivity',
  'proCriminalAttitudes',
] as const;
type ArpItem = (typeof ARP_DYNAMIC_ITEMS)[number];

export type ArpStaticTerm =
  | 'intercept'
  | 'gender'
  | 'agePoly'
  | 'offence'
  | 'numberOfSanctions'
  | 'totalSanctions'
  | 'secondSanctionGap'
  | 'ofm'
  | 'threePlus'
  | 'threePlusSquared';
export type ArpDynamicTerm =
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
  | 'procrim'
  | 'drugs';
export type ArpResult = Logistic2026Result<ArpStaticTerm, ArpDynamicTerm>;
/** Give `ageAtFirstSanction`, or `firstSanctionDate` to have the age derived from it. */
export type ArpInput = RiskInput<
  'sex' | 'dateOfBirth' | 'convictionDate' | 'offenceCode' | 'totalSanctions',
  | 'ageAtFirstSanction'
  | 'firstSanctionDate'
  | 'followUpStartDate'
  | 'assessmentDate'
  | 'forceScoreType'
  | ArpItem
  | 'motivationToTackleDrugMisuse'
  | 'drugsUsed'
>;

function arpDynamicTerms(a: CompleteAnswers<ArpItem>): Record<ArpDynamicTerm, Dec> {
  return {
    accommodation: itemTerm('0.0848049158355753', a.accommodationSuitability),
    unemployed: unemployedTerm('0.0317783733809377', a.unemployed),
    ...partnerTerms(
      {
        livingWithPartner: '-0.266331545877519',
        partner: '0.0364051885005138',
        livingWithPartnerRelationship: '0.141655261924428',
      },
      a.relationshipStatus,
      a.partnerRelationship,
    ),
    dv: flagTerm('0.0635669196833949', a.evidenceOfDomesticAbuse),
    activities: itemTerm('0.126491602592029', a.regularActivitiesEncourageOffending),
    // Optional for ARP: absent counts as full motivation (0).
    drugMotivation: itemTerm('0.08615424993393', a.motivationToTackleDrugMisuse ?? 0),
    chronicDrink: itemTerm('0.0745006703601772', a.alcoholCurrentUse),
    binge: itemTerm('0.0338427436465108', a.alcoholBingeDrinking),
    impulsivity: itemTerm('0.0421988370095297', a.impulsivity),
    procrim: itemTerm('0.0439083095441417', a.proCriminalAttitudes),
    // ARP weighs heroin and not methadone.
    drugs: drugsTerm(
      {
        HEROIN: '0.182096496867273',
        OTHER_OPIATE: '0.17892958261215',
        CRACK_COCAINE: '0.109095964190426',
        POWDER_COCAINE: '0.0605135470691152',
        MISUSED_PRESCRIBED: '0.0252240614607483',
        BENZODIAZEPINES: '0.0764353348164513',
        CANNABIS: '0.049300440360878',
        STEROIDS: '0.202231737251706',
      },
      '0.0267794308651123',
      a.drugsUsed ?? [],
    ),
  };
}

export const arpModel: Logistic2026Model<ArpStaticTerm, ArpItem, ArpDynamicTerm> = {
  name: 'arp',
  modelVersion: 'ARP-2026-1',
  thresholdsVersion: 'ARP-BANDS-2026',
  cutOffs: [50, 75, 90],
  copasBoost: 26,
  usesViolentSanctions: false,
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
    'threePlusSquared',
  ],
  static: {
    intercept: '5.01702292499072',
    age: {
      MALE: ['-0.142428460338541', '0.0011000413899151', '0.0000198538471606', '-0.0000002648918335'],
      FEMALE: ['-0.0175014516689226', '0.0001625346907234', '0.0000003645241305', '-0.0000000746220588'],
    },
    female: '-2.95224200717183',
    firstSanction: '-3.94357049933093',
    secondSanction: '-3.06189212045904',
    perSanction: '-0.0042757301284995',
    gap: { MALE: '-0.0432051839161834', FEMALE: '-0.0427998315841607' },
    offenceFreeMonths: [
      '-0.0762086223169624',
      '0.0016230134182902',
      '0.0000224473135387',
      '-0.0000012808638685',
    ],
    copas: { MALE: '1.55298303083717', FEMALE: '1.01980307124196' },
    copasSquared: { MALE: '0.129334968245905', FEMALE: '-0.039439197041062' },
    offence: {
      VIOLENCE_AGAINST_THE_PERSON_ABH_PLUS: '-0.110075583936778',
      VIOLENCE_AGAINST_THE_PERSON_SUB_ABH: '-0.110075583936778',
      WEAPONS_NON_FIREARM: '-0.110075583936778',
      FIREARMS_MOST_SERIOUS: '-0.110075583936778',
      FIREARMS_OTHER: '-0.110075583936778',
      ACQUISITIVE_VIOLENCE: '-0.119211282701221',
      BURGLARY_DOMESTIC: '0.155944202809011',
      BURGLARY_OTHER: '0.2060248043228',
      THEFT_NON_MOTOR: '0.462548123919817',
      VEHICLE_RELATED_THEFT: '0.173405416410866',
      HANDLING_STOLEN_GOODS: '0.088414958679896',
      FRAUD_AND_FORGERY: '-0.434791453303048',
      WELFARE_FRAUD: '-1.15395495579948',
      CRIMINAL_DAMAGE: '0.12167599899735',
      PUBLIC_ORDER_AND_HARRASSMENT: '0.0854410288820027',
      DRUNKENNESS: '0.587490417262633',
      DRINK_DRIVING: '-0.264724530382273',
      MOTORING_OFFENCES: '-0.0439980822830184',
      DRUG_IMPORT_EXPORT_OR_PRODUCTION: '-0.468252524851408',
      DRUG_POSSESSION_OR_SUPPLY: '0.0204101986121863',
      SEXUAL_AGAINST_CHILD: '0.111620464721896',
      SEXUAL_NOT_AGAINST_CHILD: '0.169969798103235',
      ABSCONDING_OR_BAIL: '0.325485504296161',
      OTHER_OFFENCES: '0.0384434393037725',
    },
  },
  dynamic: {
    intercept: '3.83654148692014',
    age: {
      MALE: ['-0.110202179628585', '0.0006726723443858', '0.0000138719445957', '-0.0000001610775422'],
      FEMALE: ['-0.0097677485919972', '0.000126702732348', '-0.0000006094926795', '-0.0000000713415862'],
    },
    female: '-2.68801056322021',
    firstSanction: '-3.39824378336932',
    secondSanction: '-2.60344581288004',
    perSanction: '-0.0030262875646805',
    gap: { MALE: '-0.0319725028712099', FEMALE: '-0.0311412361734414' },
    offenceFreeMonths: ['-0.0531180383905312', '0.0004075218530422'],
    copas: { MALE: '1.24540523044696', FEMALE: '0.829951359317464' },
    copasSquared: { MALE: '0.0801894262854395', FEMALE: '-0.0430018109602918' },
    offence: {
      VIOLENCE_AGAINST_THE_PERSON_ABH_PLUS: '-0.171350876457525',
      VIOLENCE_AGAINST_THE_PERSON_SUB_ABH: '-0.171350876457525',
      WEAPONS_NON_FIREARM: '-0.171350876457525',
      FIREARMS_MOST_SERIOUS: '-0.171350876457525',
      FIREARMS_OTHER: '-0.171350876457525',
      ACQUISITIVE_VIOLENCE: '-0.177705019766066',
      BURGLARY_DOMESTIC: '0.153587984043406',
      BURGLARY_OTHER: '0.222442735978286',
      THEFT_NON_MOTOR: '0.428689161915978',
      VEHICLE_RELATED_THEFT: '0.164192212478264',
      HANDLING_STOLEN_GOODS: '0.155377725974202',
      FRAUD_AND_FORGERY: '-0.322533218006326',
      WELFARE_FRAUD: '-0.841992532871743',
      CRIMINAL_DAMAGE: '0.0250113803601321',
      PUBLIC_ORDER_AND_HARRASSMENT: '0.0629726265569029',
      DRUNKENNESS: '0.523303164370094',
      DRINK_DRIVING: '-0.196918572042409',
      MOTORING_OFFENCES: '0.0730361702901059',
      DRUG_IMPORT_EXPORT_OR_PRODUCTION: '-0.437670727296335',
      DRUG_POSSESSION_OR_SUPPLY: '0.0049716912817919',
      SEXUAL_AGAINST_CHILD: '0.0175628084853824',
      SEXUAL_NOT_AGAINST_CHILD: '0.0919115743401314',
      ABSCONDING_OR_BAIL: '0.236777685679456',
      OTHER_OFFENCES: '0.0971157179525287',
    },
  },
  dynamicItems: ARP_DYNAMIC_ITEMS,
  optionalItems: ['motivationToTackleDrugMisuse', 'drugsUsed'],
  checksDrugMotivation: true,
  dynamicTerms: arpDynamicTerms,
};

export const arpCalculator: Calculator = logistic2026Calculator(arpModel);

/** ARP for application code: the same validation and arithmetic as the `arp` calculator. */
export function calculateArp(input: ArpInput, calculationDate: string): Outcome<ArpResult> {
  return calculateLogistic2026(arpModel, { ...input }, calculationDate);
}
