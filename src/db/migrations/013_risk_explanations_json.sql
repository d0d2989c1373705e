-- The risk record's inputs snapshots and explanations as json (kept as written) instead of jsonb (issues #2,
-- #3). Nothing queries inside them: they are written whole with each score and tier and read back whole to
-- explain it. They are large (11–18 KB for a person's 13 scores and 2 tiers, some 4 GB nationally), and
-- building jsonb from them on every write and text from jsonb on every read was a large part of the national
-- seed and of a full recalculation; json only checks that the text is valid JSON. The same choice as
-- staff_workload.caseload (009).
ALTER TABLE predictor_score
  ALTER COLUMN result TYPE json USING result::json,
  ALTER COLUMN inputs TYPE json USING inputs::json,
  ALTER COLUMN errors TYPE json USING errors::json,
  ALTER COLUMN warnings DROP DEFAULT,
  ALTER COLUMN warnings TYPE json USING warnings::json,
  ALTER COLUMN warnings SET DEFAULT '[]';
ALTER TABLE tier_calculation
  ALTER COLUMN rules TYPE json USING rules::json,
  ALTER COLUMN inputs TYPE json USING inputs::json,
  ALTER COLUMN changes DROP DEFAULT,
  ALTER COLUMN changes TYPE json USING changes::json,
  ALTER COLUMN changes SET DEFAULT '[]';
ALTER TABLE risk_recalculation
  ALTER COLUMN tier_errors TYPE json USING tier_errors::json;
