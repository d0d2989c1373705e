import { describe, expect, it } from 'vitest';
import { orderFlags, type OrderableFlag } from './flags.js';

const flag = (
  registerTypeCode: string,
  flagLevel: OrderableFlag['flagLevel'],
  safeguardingGroup: OrderableFlag['safeguardingGroup'] = null,
  registrationDate = '2026-01-01',
): OrderableFlag => ({ registerTypeCode, flagLevel, safeguardingGroup, registrationDate });

describe('orderFlags', () => {
  it('puts domestic abuse first and child safeguarding second, whatever their level', () => {
    const ordered = orderFlags([
      flag('RVHR', 'HIGH'),
      flag('RCCO', 'LOW', 'CHILD_SAFEGUARDING'),
      flag('MAPP', 'HIGH'),
      flag('REG30', 'INFORMATION_ONLY', 'DOMESTIC_ABUSE'),
      flag('RCPR', 'HIGH', 'CHILD_SAFEGUARDING'),
      flag('ADVP', 'HIGH', 'DOMESTIC_ABUSE'),
    ]);
    expect(ordered.map((f) => f.registerTypeCode)).toEqual(['ADVP', 'REG30', 'RCPR', 'RCCO', 'MAPP', 'RVHR']);
  });

  it('orders the rest by level, then newest registration first', () => {
    const ordered = orderFlags([
      flag('ALSH', 'LOW', null, '2025-01-01'),
      flag('AV2S', 'MEDIUM', null, '2024-01-01'),
      flag('REG17', 'MEDIUM', null, '2026-06-01'),
      flag('IIOM', 'INFORMATION_ONLY'),
    ]);
    expect(ordered.map((f) => f.registerTypeCode)).toEqual(['REG17', 'AV2S', 'ALSH', 'IIOM']);
  });

  it('leaves its input unchanged', () => {
    const input = [flag('RVHR', 'HIGH'), flag('ADVP', 'HIGH', 'DOMESTIC_ABUSE')];
    orderFlags(input);
    expect(input.map((f) => f.registerTypeCode)).toEqual(['RVHR', 'ADVP']);
  });
});
