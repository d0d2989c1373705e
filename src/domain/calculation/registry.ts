import { arpCalculator } from '../risk/arp.js';
import { csrpCalculator } from '../risk/csrp.js';
import { dcSrpCalculator } from '../risk/dc-srp.js';
import { iicSrpCalculator } from '../risk/iic-srp.js';
import { ogpCalculator } from '../risk/ogp.js';
import { ogrs3Calculator } from '../risk/ogrs3.js';
import { ospDcCalculator } from '../risk/osp-dc.js';
import { ospIicCalculator } from '../risk/osp-iic.js';
import { ovpCalculator } from '../risk/ovp.js';
import { rsrCalculator } from '../risk/rsr.js';
import { snsvCalculator } from '../risk/snsv.js';
import { svrpCalculator } from '../risk/svrp.js';
import { vrpCalculator } from '../risk/vrp.js';
import { tierV2Calculator, tierV3Calculator } from '../tiering/calculators.js';
import { availablePointsCalculator, workloadPointsCalculator } from '../workload/calculators.js';
import type { Calculator } from './contract.js';

// Every calculator of the public contract, in the order calculation-api.md §1 lists them. Each domain
// area adds its calculators here.
export const calculators: readonly Calculator[] = [
  ogrs3Calculator,
  ogpCalculator,
  ovpCalculator,
  ospDcCalculator,
  ospIicCalculator,
  snsvCalculator,
  rsrCalculator,
  arpCalculator,
  vrpCalculator,
  svrpCalculator,
  dcSrpCalculator,
  iicSrpCalculator,
  csrpCalculator,
  tierV3Calculator,
  tierV2Calculator,
  workloadPointsCalculator,
  availablePointsCalculator,
];

export function findCalculator(name: string): Calculator | undefined {
  return calculators.find((c) => c.name === name);
}
