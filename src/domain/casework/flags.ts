/**
 * Order in which a case's registrations (flags) are shown (domain.md §8, issue #2): domestic abuse first, then
 * child safeguarding and protection, because those change how every contact is handled; then by flag level
 * (high to information only); then newest registration first; then by register type code so the order is
 * stable.
 */

export type SafeguardingGroup = 'DOMESTIC_ABUSE' | 'CHILD_SAFEGUARDING';
export type FlagLevel = 'HIGH' | 'MEDIUM' | 'LOW' | 'INFORMATION_ONLY';

export interface OrderableFlag {
  registerTypeCode: string;
  safeguardingGroup: SafeguardingGroup | null;
  flagLevel: FlagLevel;
  registrationDate: string;
}

const GROUP_RANK: Record<SafeguardingGroup, number> = { DOMESTIC_ABUSE: 0, CHILD_SAFEGUARDING: 1 };
const LEVEL_RANK: Record<FlagLevel, number> = { HIGH: 0, MEDIUM: 1, LOW: 2, INFORMATION_ONLY: 3 };
const NO_GROUP = 2;

export function compareFlags(a: OrderableFlag, b: OrderableFlag): number {
  const group =
    (a.safeguardingGroup ? GROUP_RANK[a.safeguardingGroup] : NO_GROUP) -
    (b.safeguardingGroup ? GROUP_RANK[b.safeguardingGroup] : NO_GROUP);
  if (group !== 0) return group;
  const level = LEVEL_RANK[a.flagLevel] - LEVEL_RANK[b.flagLevel];
  if (level !== 0) return level;
  if (a.registrationDate !== b.registrationDate) return a.registrationDate < b.registrationDate ? 1 : -1;
  return a.registerTypeCode.localeCompare(b.registerTypeCode);
}

/** A new array of the flags in display order; the input is left as it was. */
export function orderFlags<T extends OrderableFlag>(flags: readonly T[]): T[] {
  return [...flags].sort(compareFlags);
}
