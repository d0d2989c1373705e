-- Capacity thresholds as versioned configuration (workload.md §8, issue #4): "all thresholds are configurable
-- and versioned like the weights". One row per version, effective_to being the first day it no longer applies
-- (half-open), so every band shown on any day can be traced to the thresholds then in force. The first
-- version (100 %, 110 %, 110 % for 4 weeks) is reference data from src/domain/workload/thresholds.ts, loaded
-- on migrate like the seed weights, so the values are written in one place.
CREATE TABLE workload_threshold_version (
  version                     integer PRIMARY KEY CHECK (version > 0),
  effective_from              date NOT NULL,
  effective_to                date,
  highlight_above_pct         numeric NOT NULL CHECK (highlight_above_pct >= 0),
  over_capacity_above_pct     numeric NOT NULL CHECK (over_capacity_above_pct >= highlight_above_pct),
  excessive_above_pct         numeric NOT NULL CHECK (excessive_above_pct >= 0),
  excessive_consecutive_weeks integer NOT NULL CHECK (excessive_consecutive_weeks BETWEEN 1 AND 52),
  created_by                  text NOT NULL,
  created_at                  timestamptz NOT NULL DEFAULT now(),
  CHECK (effective_to IS NULL OR effective_to > effective_from)
);
-- Exactly one open version.
CREATE UNIQUE INDEX workload_threshold_open_idx ON workload_threshold_version ((true)) WHERE effective_to IS NULL;
