// The workload model's public surface for application code (allocation, workload pages, API, seeding).
export * from './weights.js';
export * from './grades.js';
export * from './points.js';
export * from './reductions.js';
export * from './capacity.js';
export * from './thresholds.js';
export * from './caseload.js';
export {
  AVAILABLE_POINTS_MODEL_VERSION,
  WORKLOAD_POINTS_MODEL_VERSION,
  availablePointsCalculator,
  createAvailablePointsCalculator,
  createWorkloadPointsCalculator,
  workloadPointsCalculator,
} from './calculators.js';
