import { describe, expect, it } from 'vitest';
import { caseFacts as facts, sentenceFacts as sentence } from './case-facts.fixture.js';
import { followUpStart, predictorRequest, singleAxisInput } from './case-inputs.js';

describe('follow-up start date (risk-predictors.md P2)', () => {
  it('is the sentence date in the community, the expected then actual release date in custody, else the conviction date', () => {
    expect(followUpStart(sentence({}), '2025-01-02')).toEqual({ date: '2025-01-10', rule: 'SENTENCE_DATE' });
    const custody = sentence({
      sentenceTypeCode: 'SC',
      custodialStatus: 'IN_CUSTODY',
      expectedReleaseDate: '2026-05-01',
    });
    expect(followUpStart(custody, '2025-01-02')).toEqual({
      date: '2026-05-01',
      rule: 'EXPECTED_RELEASE_DATE',
    });
    expect(followUpStart({ ...custody, actualReleaseDate: '2026-04-20' }, null)).toEqual({
      date: '2026-04-20',
      rule: 'RELEASE_DATE',
    });
    expect(followUpStart(undefined, '2025-01-02')).toEqual({ date: '2025-01-02', rule: 'CONVICTION_DATE' });
    expect(followUpStart(undefined, null)).toBeNull();
  });
});

describe('predictorRequest', () => {
  it('takes the offence and dates from the case record, history and items from the assessment, and says where from', () => {
    const { request, sources } = predictorRequest(facts(), '2026-11-02');
    expect(request).toMatchObject({
      offenceCode: '02801',
      convictionDate: '2025-01-02',
      followUpStartDate: '2025-01-10',
      supervisionStatus: 'COMMUNITY',
      totalSanctions: 4,
      unemployed: true,
      assessmentDate: '2025-02-01',
    });
    expect(sources).toMatchObject({
      offenceCode: 'OFFENCE',
      totalSanctions: 'ASSESSMENT',
      sex: 'PERSON',
      followUpStartDate: 'SENTENCE',
    });
    expect(request).not.toHaveProperty('needsSections');
  });

  it('imputes nothing: no sex recorded and no assessment leave the fields absent, so the predictors refuse', () => {
    const { request } = predictorRequest(facts({ sex: 'NOT_KNOWN', assessment: null }), '2026-11-02');
    expect(request).not.toHaveProperty('sex');
    expect(request).not.toHaveProperty('totalSanctions');
    expect(request).not.toHaveProperty('assessmentDate');
  });

  it('uses the assessment offence code only when the record has no offence', () => {
    expect(predictorRequest(facts({ offences: [] }), '2026-11-02').request.offenceCode).toBe('99999');
  });

  it('counts a person in custody on recall as in custody', () => {
    const recalled = sentence({
      sentenceTypeCode: 'SC',
      custodialStatus: 'RECALLED',
      actualReleaseDate: '2025-06-01',
    });
    expect(predictorRequest(facts({ sentences: [recalled] }), '2026-11-02').request.supervisionStatus).toBe(
      'CUSTODY',
    );
  });
});

describe('singleAxisInput', () => {
  const none = { rsrPercent: null, csrp: null, ogrs3TwoYearPercent: null, arp: null, dcSrp: null };
  it('is supervised while a sentence has no termination date or one in the future (tiering.md §5.4)', () => {
    expect(
      singleAxisInput(facts({ sentences: [sentence({ terminationDate: '2026-12-01' })] }), none, '2026-11-02')
        .hasActiveEvent,
    ).toBe(true);
    expect(
      singleAxisInput(facts({ sentences: [sentence({ terminationDate: '2026-11-02' })] }), none, '2026-11-02')
        .hasActiveEvent,
    ).toBe(false);
  });
  it('has no predictor record when no 2026 predictor scored, which gives MISSING', () => {
    expect(singleAxisInput(facts(), none, '2026-11-02').oasysPredictors).toBeNull();
  });
});
