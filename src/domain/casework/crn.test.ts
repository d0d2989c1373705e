import { describe, expect, it } from 'vitest';
import { candidateCrn, parseCrn } from './crn.js';

describe('parseCrn', () => {
  it('trims and upper-cases typed input', () => {
    expect(parseCrn('  x778160 ')).toBe('X778160');
  });
  it.each(['X77816', 'X7781600', '1778160', 'XX78160', '', 'X778 160'])('rejects %j', (input) => {
    expect(parseCrn(input)).toBeUndefined();
  });
  it('rejects non-strings', () => {
    expect(parseCrn(778160)).toBeUndefined();
  });
});

describe('candidateCrn', () => {
  it('makes a CRN that parses, from the ends of the random range', () => {
    expect(candidateCrn(() => 0)).toBe('A000000');
    expect(candidateCrn(() => 0.999_999_9)).toBe('Z999999');
    for (let i = 0; i < 100; i++) expect(parseCrn(candidateCrn())).toBeDefined();
  });
});
