import { describe, expect, it } from 'vitest';
import { actionLabel, changeRows } from './history-view.js';

describe('changeRows', () => {
  it('lists only the fields that changed when both sides are there', () => {
    expect(
      changeRows({ tier: 'B1', team: 'N07CIA', staff: null }, { tier: 'A1', team: 'N07CIA', staff: 12 }),
    ).toEqual([
      { field: 'tier', before: 'B1', after: 'A1' },
      { field: 'staff', before: '(empty)', after: '12' },
    ]);
  });

  it('lists every field of a one-sided event, such as a view', () => {
    expect(changeRows(null, { purpose: 'overview' })).toEqual([
      { field: 'purpose', before: '', after: 'overview' },
    ]);
  });

  it('shows nested values as JSON and nothing for an event without detail', () => {
    expect(changeRows(null, { flags: ['ADVP'] })).toEqual([
      { field: 'flags', before: '', after: '["ADVP"]' },
    ]);
    expect(changeRows(null, null)).toEqual([]);
  });
});

describe('actionLabel', () => {
  it('names known actions and sentence-cases others', () => {
    expect(actionLabel('VIEW')).toBe('Viewed');
    expect(actionLabel('ACCESS_DENIED')).toBe('Access denied');
    expect(actionLabel('TIER_CALCULATED')).toBe('Tier calculated');
  });
});
