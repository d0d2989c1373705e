import type { Kysely } from 'kysely';
import { personIdentity, type PersonIdentity } from './case-record.js';
import type { DB } from './schema.js';

/**
 * The personal-details page and API (domain.md §3): identity, diversity, contact details, addresses (main
 * first), personal contacts and circumstances. Sensitive data (religion, sexual orientation, disabilities) is
 * read only here, after an audited access check.
 */

export interface Address {
  status: 'MAIN' | 'OTHER' | 'PREVIOUS';
  type: string | null;
  lines: string[];
  postcode: string | null;
  telephone: string | null;
  noFixedAbode: boolean;
  verified: boolean;
  fromDate: string;
  toDate: string | null;
  notes: string | null;
}

export interface PersonalDetails extends PersonIdentity {
  genderIdentity: string | null;
  ethnicity: string | null;
  religion: string | null;
  sexualOrientation: string | null;
  preferredLanguage: string | null;
  interpreterRequired: boolean;
  phone: string | null;
  mobile: string | null;
  email: string | null;
  aliases: { forename: string; surname: string; dateOfBirth: string | null }[];
  addresses: Address[];
  personalContacts: { name: string; relationship: string; address: string | null; phone: string | null }[];
  circumstances: {
    kind: 'DISABILITY' | 'PROVISION' | 'CIRCUMSTANCE';
    type: string;
    subtype: string | null;
    startDate: string;
    endDate: string | null;
    verified: boolean;
    notes: string | null;
  }[];
}

const ADDRESS_ORDER = { MAIN: 0, OTHER: 1, PREVIOUS: 2 } as const;

export async function personalDetails(db: Kysely<DB>, personId: number): Promise<PersonalDetails> {
  const [p, aliases, addresses, contacts, circumstances] = await Promise.all([
    db.selectFrom('person').selectAll().where('id', '=', personId).executeTakeFirstOrThrow(),
    db
      .selectFrom('person_alias')
      .select(['forename', 'surname', 'date_of_birth'])
      .where('person_id', '=', personId)
      .where('soft_deleted', '=', false)
      .orderBy('id')
      .execute(),
    db
      .selectFrom('person_address')
      .selectAll()
      .where('person_id', '=', personId)
      .where('soft_deleted', '=', false)
      .orderBy('from_date', 'desc')
      .orderBy('id', 'desc')
      .execute(),
    db
      .selectFrom('personal_contact')
      .select(['name', 'relationship', 'address', 'phone'])
      .where('person_id', '=', personId)
      .where('soft_deleted', '=', false)
      .orderBy('id')
      .execute(),
    db
      .selectFrom('person_circumstance')
      .select(['kind', 'type', 'subtype', 'start_date', 'end_date', 'verified', 'notes'])
      .where('person_id', '=', personId)
      .where('soft_deleted', '=', false)
      .orderBy('kind')
      .orderBy('start_date', 'desc')
      .execute(),
  ]);
  return {
    ...personIdentity(p),
    genderIdentity: p.gender_identity,
    ethnicity: p.ethnicity,
    religion: p.religion,
    sexualOrientation: p.sexual_orientation,
    preferredLanguage: p.preferred_language,
    interpreterRequired: p.interpreter_required,
    phone: p.phone,
    mobile: p.mobile,
    email: p.email,
    aliases: aliases.map((a) => ({ forename: a.forename, surname: a.surname, dateOfBirth: a.date_of_birth })),
    // Main address first, then other, then previous; newest first within each (sort is stable).
    addresses: addresses
      .sort((a, b) => ADDRESS_ORDER[a.status] - ADDRESS_ORDER[b.status])
      .map((a) => ({
        status: a.status,
        type: a.address_type,
        lines: [
          [a.address_number, a.building_name].filter(Boolean).join(' '),
          a.street_name,
          a.district,
          a.town,
          a.county,
        ].filter((l): l is string => !!l),
        postcode: a.postcode,
        telephone: a.telephone,
        noFixedAbode: a.no_fixed_abode,
        verified: a.verified,
        fromDate: a.from_date,
        toDate: a.to_date,
        notes: a.notes,
      })),
    personalContacts: contacts,
    circumstances: circumstances.map((c) => ({
      kind: c.kind,
      type: c.type,
      subtype: c.subtype,
      startDate: c.start_date,
      endDate: c.end_date,
      verified: c.verified,
      notes: c.notes,
    })),
  };
}
