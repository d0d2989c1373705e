import type { DisposalTypeTable } from '../schema.js';

export interface DisposalTypeRow extends Omit<DisposalTypeTable, 'youth' | 'ftc_limit'> {
  youth: boolean;
  ftc_limit: number;
}

function d(
  code: string,
  description: string,
  sentenceType: DisposalTypeRow['sentence_type'],
  legislation: string | null,
  youth = false,
  ftcLimit = 2,
): DisposalTypeRow {
  return { code, description, sentence_type: sentenceType, youth, ftc_limit: ftcLimit, legislation };
}

// domain.md §4.2 and §7.5: SP community, SC custodial (CJA 2003 and later), NC custodial under earlier
// legislation. The FTC limit is 2 (one warning, then breach within 12 months) for every type by default.
export const DISPOSAL_TYPES: readonly DisposalTypeRow[] = [
  d('ORA_CO', 'ORA Community Order', 'SP', 'CJA2003'),
  d('ORA_SSO', 'ORA Suspended Sentence Order', 'SP', 'CJA2003'),
  d('CJA_CO', 'CJA 2003 Community Order (pre-ORA)', 'SP', 'CJA2003'),
  d('SDS', 'Standard Determinate Sentence', 'SC', 'CJA2003'),
  d('SDS_U12', 'Determinate Sentence under 12 months (licence and PSS)', 'SC', 'ORA2014'),
  d('EDS', 'Extended Determinate Sentence', 'SC', 'LASPO2012'),
  d('SOPC', 'Special Custodial Sentence for Offenders of Particular Concern', 'SC', 'CJCA2015'),
  d('LIFE', 'Life Sentence', 'SC', 'CJA2003'),
  d('IPP', 'Imprisonment for Public Protection', 'SC', 'CJA2003'),
  d('CJA91', 'Custodial sentence (CJA 1991, legacy)', 'NC', 'CJA1991'),
  d('DYOI', 'Detention in a Young Offender Institution', 'SC', 'SA2020', true),
  d('DTO', 'Detention and Training Order', 'SC', 'SA2020', true),
  d('YRO', 'Youth Rehabilitation Order', 'SP', 'CJIA2008', true),
  d('RO', 'Referral Order', 'SP', 'SA2020', true),
];
