import type { Role } from '../db/schema.js';

/** The password of every synthetic sign-in. Synthetic data only: never use it on a real deployment. */
export const DEMO_PASSWORD = 'casework-demo';

export interface DemoSignIn {
  username: string;
  password: string;
  roles: readonly Role[];
  description: string;
}

/**
 * Sign-ins created by every seed, for `npm start` to print. Every practitioner and SPO also gets a sign-in
 * named after their lower-case staff code, with the same password.
 */
export const DEMO_SIGN_INS: readonly DemoSignIn[] = [
  {
    username: 'practitioner',
    password: DEMO_PASSWORD,
    roles: ['PRACTITIONER'],
    description: 'Probation Officer in the first team of the first PDU, holding a caseload',
  },
  {
    username: 'spo',
    password: DEMO_PASSWORD,
    roles: ['SPO'],
    description: 'Senior Probation Officer of that team',
  },
  { username: 'pduhead', password: DEMO_PASSWORD, roles: ['PDU_HEAD'], description: 'Head of that PDU' },
  { username: 'admin', password: DEMO_PASSWORD, roles: ['ADMIN'], description: 'Administrator' },
  {
    username: 'inspector',
    password: DEMO_PASSWORD,
    roles: ['INSPECTOR'],
    description: 'HM Inspectorate, read-only',
  },
];
