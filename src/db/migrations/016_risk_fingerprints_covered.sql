-- The indexes of current scores and tiers carry their fingerprints (014), so that the first pass of a
-- recalculation reads them from the index alone. A score row holds its result and inputs inline (about
-- 1.5 KB), so fetching 13 fingerprints a person from the table read some 20 KB of it a person: measured at
-- national scale, 150–300 ms for a chunk of 2,000 people, as long as reading their case facts.
CREATE UNIQUE INDEX predictor_score_current_fingerprint_idx ON predictor_score (person_id, predictor)
  INCLUDE (fingerprint) WHERE superseded_at IS NULL;
DROP INDEX predictor_score_current_idx;
CREATE UNIQUE INDEX tier_current_fingerprint_idx ON tier_calculation (person_id, model)
  INCLUDE (fingerprint) WHERE superseded_at IS NULL;
DROP INDEX tier_current_idx;
