import { tierV2Calculator, tierV3Calculator } from '../tiering/calculators.js';
import type { Calculator } from './contract.js';

// Every calculator of the public contract, in the order calculation-api.md §1 lists them. Each domain
// area adds its calculators here.
export const calculators: readonly Calculator[] = [tierV3Calculator, tierV2Calculator];

export function findCalculator(name: string): Calculator | undefined {
  return calculators.find((c) => c.name === name);
}
