import type { CaseFacts, SentenceFacts } from './case-inputs.js';

// Case facts for the risk core's unit tests: a man on a community sentence for one offence, with a complete
// assessment and no flags. Each test changes only what it is about.

export const sentenceFacts = (over: Partial<SentenceFacts> = {}): SentenceFacts => ({
  eventId: 1,
  sentenceDate: '2025-01-10',
  sentenceTypeCode: 'SP',
  terminationDate: null,
  custodialStatus: null,
  expectedReleaseDate: null,
  actualReleaseDate: null,
  requirements: [],
  ...over,
});

export const caseFacts = (over: Partial<CaseFacts> = {}): CaseFacts => ({
  personId: 1,
  sex: 'MALE',
  dateOfBirth: '1990-01-01',
  offences: [
    { eventId: 1, offenceCode: '02801', offenceDate: '2024-11-30', main: true, convictionDate: '2025-01-02' },
  ],
  sentences: [sentenceFacts()],
  registrations: [],
  assessment: {
    id: 7,
    completedDate: '2025-02-01',
    status: 'COMPLETE',
    answers: { offenceCode: '99999', totalSanctions: 4, unemployed: true, needsSections: {} },
  },
  previousEnforcementActivity: false,
  ...over,
});
