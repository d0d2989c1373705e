-- A fingerprint beside each stored score and tier (issue #3): a digest of the JSON that decides whether a new
-- calculation changed it (risk recalculation.ts). A recalculation of everyone compares fingerprints, a few
-- dozen bytes a person, instead of reading back every current score and tier in full (some 13 KB a person),
-- and reads the full rows only for the few whose fingerprint differs. Rows stored before this migration have
-- none: theirs are always compared in full, which gives the same answer more slowly.
ALTER TABLE predictor_score ADD COLUMN fingerprint text;
ALTER TABLE tier_calculation ADD COLUMN fingerprint text;

-- The fingerprints as recalculation.ts works them out: SHA-256 in base64 of the JSON array [model version,
-- result, errors, inputs] for a score, and [model version, tier, provisional, inputs without the calculation
-- date] for a tier. From JSON text stored as written (since 013) they give the application's digest; from
-- older text (jsonb's spelling) they differ, and the full comparison decides as before.
CREATE FUNCTION predictor_score_fingerprint(model_version text, result json, errors json, inputs json)
RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN encode(sha256(convert_to(
  '[' || to_json(model_version)::text || ',' || coalesce(result::text, 'null') || ','
    || coalesce(errors::text, 'null') || ',' || inputs::text || ']', 'UTF8')), 'base64');

CREATE FUNCTION tier_calculation_fingerprint(model_version text, tier text, provisional boolean, inputs json)
RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN encode(sha256(convert_to(
  '[' || to_json(model_version)::text || ',' || to_json(tier)::text || ','
    || CASE WHEN provisional THEN 'true' ELSE 'false' END || ','
    -- The calculation date is the first member the application writes.
    || regexp_replace(inputs::text, '^\{"calculationDate":"[0-9]{4}-[0-9]{2}-[0-9]{2}",?', '{') || ']', 'UTF8')),
  'base64');

UPDATE predictor_score SET fingerprint = predictor_score_fingerprint(model_version, result, errors, inputs)
WHERE superseded_at IS NULL;
UPDATE tier_calculation SET fingerprint = tier_calculation_fingerprint(model_version, tier, provisional, inputs)
WHERE superseded_at IS NULL;
