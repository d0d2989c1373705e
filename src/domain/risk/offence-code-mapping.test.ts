import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  lookupLegacyOffence,
  lookupOgrs3OffenceParameter,
  offenceCodeMappingSize,
  offenceCodeMappingVersion,
} from './offence-code-mapping.js';
import { referenceDir } from './offence-data.js';

// risk-predictors.md §2.5: the legacy offence table is loaded from shared/reference, never retyped.

describe('offence-code-mapping.csv', () => {
  it('loads every one of the 3,028 codes', () => {
    expect(offenceCodeMappingSize).toBe(3028);
  });

  it('reads the weights from the file (11618 has O = −0.0607; 02700 is OTHER_OFFENCES for SNSV)', () => {
    expect(lookupOgrs3OffenceParameter('11618')).toEqual({ parameter: '-0.0607' });
    const found = lookupLegacyOffence('02700');
    expect('weights' in found && found.weights.snsvStatic).toBe('-0.215779995107354');
    expect('weights' in found && found.weights.snsvDynamic).toBe('0.123617390798186');
  });

  it.each(['1161', '116180', '1161A', '', ' 11618', 11618, null])(
    'refuses the badly formed code %j',
    (code) => {
      expect(lookupLegacyOffence(code)).toEqual({ error: 'OFFENCE_CODE_INCORRECT_FORMAT' });
    },
  );

  it('treats an absent code as not found', () => {
    expect(lookupLegacyOffence('00003')).toEqual({ error: 'OFFENCE_CODE_MAPPING_NOT_FOUND' });
  });

  it.each(['95000', '95007', '95013', '99955'])(
    'treats %s, with a blank OGRS3 weighting, as not found for every legacy model',
    (code) => {
      expect(lookupLegacyOffence(code)).toEqual({ error: 'OFFENCE_CODE_MAPPING_NOT_FOUND' });
      expect(lookupOgrs3OffenceParameter(code)).toEqual({ error: 'OFFENCE_CODE_MAPPING_NOT_FOUND' });
    },
  );

  it.each(['08800', '11100', '14100'])(
    'needs the exact offence for the generic code %s in OGRS3 only',
    (code) => {
      expect(lookupOgrs3OffenceParameter(code)).toEqual({ error: 'NEED_DETAILS_OF_EXACT_OFFENCE' });
      expect('weights' in lookupLegacyOffence(code)).toBe(true);
    },
  );

  it('versions the data by its content', () => {
    expect(offenceCodeMappingVersion).toMatch(/^sha256:[0-9a-f]{16}$/);
  });
});

describe('CASEWORK_REFERENCE_DIR', () => {
  afterEach(() => {
    vi.unstubAllEnvs();
    vi.resetModules();
  });

  it('loads the table from another folder, so changed data changes weights and version without a code change', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'casework-reference-'));
    for (const file of ['offence-actuarial-categories.json', 'offence-code-mapping.csv']) {
      const text = readFileSync(path.join(referenceDir, file), 'utf8');
      writeFileSync(
        path.join(dir, file),
        file.endsWith('.csv') ? text.replace('\n116,18,-0.0607,', '\n116,18,-0.0608,') : text,
      );
    }
    vi.stubEnv('CASEWORK_REFERENCE_DIR', dir);
    vi.resetModules();
    const reloaded = await import('./offence-code-mapping.js');
    expect(reloaded.lookupOgrs3OffenceParameter('11618')).toEqual({ parameter: '-0.0608' });
    expect(reloaded.offenceCodeMappingVersion).not.toBe(offenceCodeMappingVersion);
  });
});
