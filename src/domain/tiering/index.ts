// The tiering models' public surface for application code (case record, seeding, web and API layers).
export * from './registrations.js';
export * from './single-axis.js';
export * from './protect-change.js';
export { tierV2Calculator, tierV3Calculator } from './calculators.js';
