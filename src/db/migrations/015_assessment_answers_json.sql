-- An assessment's answers as json (kept as written) instead of jsonb (issue #3), as the risk record's
-- snapshots became in 013. Nothing queries inside them: the risk recalculation reads them whole with the rest
-- of a person's case facts. They are some 2.4 KB a person, and turning jsonb back into text was about half of
-- PostgreSQL's time in reading the case facts of a recalculation of everyone.
ALTER TABLE assessment
  ALTER COLUMN answers DROP DEFAULT,
  ALTER COLUMN answers TYPE json USING answers::json,
  ALTER COLUMN answers SET DEFAULT '{}';
