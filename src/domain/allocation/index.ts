// Allocation: working days, queue ageing and urgency, guardrails and the recommendation (issue #5).
export * from './working-days.js';
export * from './queue.js';
export * from './guardrails.js';
export * from './recommendation.js';
export * from './config.js';
