-- National search (domain.md §2, issue #2): names match as case-insensitive prefixes, so the name columns get
-- text_pattern_ops indexes, which serve `lower(col) LIKE 'abc%'` whatever the database collation is (the
-- indexes from 002 use the default collation and only serve LIKE under the C collation). The person index
-- also carries forename so "surname + forename" searches and the default name ordering read one index.
CREATE INDEX person_surname_prefix_idx ON person (lower(surname) text_pattern_ops, lower(forename) text_pattern_ops);
CREATE INDEX person_forename_prefix_idx ON person (lower(forename) text_pattern_ops);
CREATE INDEX person_alias_surname_prefix_idx ON person_alias (lower(surname) text_pattern_ops) WHERE NOT soft_deleted;
CREATE INDEX person_alias_forename_prefix_idx ON person_alias (lower(forename) text_pattern_ops) WHERE NOT soft_deleted;

-- Case lists read current appointments forward from today; the 002 index is ordered newest first, which the
-- planner can scan backwards, so no extra contact index is needed. Team caseloads read current
-- responsibility by team (responsibility_team_idx, 003) and staff (responsibility_staff_idx, 003).
