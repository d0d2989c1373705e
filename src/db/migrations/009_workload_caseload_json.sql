-- staff_workload.caseload as json (kept as written) instead of jsonb (issue #4). Nothing queries inside it: it
-- is only written whole and read back whole, and a weighting change reads all 8,000 of them at once, where
-- turning jsonb back into text cost PostgreSQL some 90 ms of the 1 s budget against about 15 ms for json.
ALTER TABLE staff_workload ALTER COLUMN caseload TYPE json USING caseload::json;
ALTER TABLE staff_workload ALTER COLUMN caseload SET DEFAULT '[]';
