import { describe, expect, it } from 'vitest';
import { readConfig } from './config.js';

describe('readConfig', () => {
  it('serves from one process unless CASEWORK_WORKERS asks for more', () => {
    expect(readConfig({}).workers).toBe(1);
    expect(readConfig({ CASEWORK_WORKERS: '2', DATABASE_URL: 'postgres://h/db' }).workers).toBe(2);
  });

  it('refuses a worker count that is not a whole number from 1 to 64', () => {
    for (const value of ['0', '1.5', 'two', '65']) {
      expect(() => readConfig({ CASEWORK_WORKERS: value, DATABASE_URL: 'postgres://h/db' })).toThrow(
        /CASEWORK_WORKERS/,
      );
    }
  });

  it('refuses more than one worker on the embedded database, which belongs to one process', () => {
    expect(() => readConfig({ CASEWORK_WORKERS: '2' })).toThrow(/DATABASE_URL/);
  });
});
