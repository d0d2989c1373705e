-- Case management support (CMS) contacts in the live workload figures (workload.md §3.7, §4.4, §9; issue #4).
--
-- The CMS contact types themselves (CMS01–CMS36 by activity and band, CMS40–CMS51 unbanded) are reference
-- data, loaded with the other contact types from src/db/reference/contact-types.ts, which builds them from
-- the list in the weighting configuration (src/domain/workload/weights.ts): the codes and their points are
-- written once, there, and not again here.

-- Whether a contact of this type earns CMS points. Every CMS code starts with CMS and no other code does; the
-- check holds the flag to that rule, so that the partial index below, whose predicate cannot look anything up
-- in this table, holds exactly the contacts of the flagged types.
ALTER TABLE contact_type ADD COLUMN workload_cms boolean NOT NULL DEFAULT false;
ALTER TABLE contact_type ADD CONSTRAINT contact_type_workload_cms_code
  CHECK (workload_cms = (code LIKE 'CMS%'));

-- "CMS contacts in the last 7 days" without reading the national contact table (10 million rows and more):
-- only CMS contacts are indexed, by date and the practitioner who did the work. Queries repeat the predicate
-- word for word (src/db/workload/recalculate.ts) so that the planner can prove the index applies.
CREATE INDEX contact_cms_date_idx ON contact (contact_date, staff_id)
  WHERE contact_type_code LIKE 'CMS%' AND NOT soft_deleted;

-- The CMS contacts in the window that an assignment's figures came from, by contact type code, in both
-- directions: {"contactsOutsideOwnCaseload": {...}, "contactsByOthersOnMyCases": {...}}, or null when there
-- were none (most assignments, which a weighting change then passes over without parsing anything). Like
-- caseload, a weighting change weighs these again without re-reading the record; json, as caseload is (009),
-- since values are only ever written and read whole.
ALTER TABLE staff_workload ADD COLUMN cms_contacts json;
