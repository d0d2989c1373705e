import { describe, expect, it } from 'vitest';
import { parseCrn } from './crn.js';

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
