import type { Calculator } from './contract.js';

// Every calculator of the public contract, in the order calculation-api.md §1 lists them. Each domain
// area adds its calculators here.
export const calculators: readonly Calculator[] = [];

export function findCalculator(name: string): Calculator | undefined {
  return calculators.find((c) => c.name === name);
}
