import { describe, expect, it } from 'vitest';
import { calculators, findCalculator } from '../calculation/registry.js';
import { ogpCalculator } from './ogp.js';
import { ogrs3Calculator } from './ogrs3.js';
import { ospDcCalculator } from './osp-dc.js';
import { ospIicCalculator } from './osp-iic.js';
import { ovpCalculator } from './ovp.js';
import { rsrCalculator } from './rsr.js';
import { snsvCalculator } from './snsv.js';

// The legacy calculators' contract metadata: calculation-api.md §1 (names and order) and §9 (model versions).

const legacy = [
  ogrs3Calculator,
  ogpCalculator,
  ovpCalculator,
  ospDcCalculator,
  ospIicCalculator,
  snsvCalculator,
  rsrCalculator,
];

describe('legacy risk calculators', () => {
  it('have the §1 names and the §9 model versions', () => {
    expect(legacy.map((c) => [c.name, c.modelVersion])).toEqual([
      ['ogrs3', 'OGRS3-2009'],
      ['ogp', 'OGP-OASYS-1'],
      ['ovp', 'OVP-OASYS-1'],
      ['osp-dc', 'OSPDC-OASYS-1'],
      ['osp-iic', 'OSPIIC-OASYS-1'],
      ['snsv', 'SNSV-OASYS-1'],
      ['rsr', 'RSR-OASYS-5'],
    ]);
  });

  it('are registered, in the §1 order', () => {
    for (const c of legacy) expect(findCalculator(c.name)).toBe(c);
    const positions = legacy.map((c) => calculators.indexOf(c));
    expect(positions).toEqual([...positions].sort((a, b) => a - b));
  });

  it('describe exactly their known fields (plus calculationDate) in their request schema', () => {
    for (const c of legacy) {
      const schema = c.requestSchema as {
        type: string;
        properties: Record<string, unknown>;
        required: string[];
      };
      expect(schema.type).toBe('object');
      expect(Object.keys(schema.properties).sort()).toEqual(['calculationDate', ...c.knownFields].sort());
      for (const field of schema.required) expect(c.knownFields).toContain(field);
    }
  });

  it('know every field RSR needs from its three components', () => {
    for (const component of [snsvCalculator, ospDcCalculator, ospIicCalculator]) {
      for (const field of component.knownFields) expect(rsrCalculator.knownFields).toContain(field);
    }
  });
});
