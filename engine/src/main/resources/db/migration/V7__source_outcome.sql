-- Status every replica answers the same (issue 17). Plain SQL that runs on H2 and PostgreSQL.

-- What the last run that loaded a source's specs found, stored with the source's position (in the same
-- compare-and-set update), so a replica that did not run it shows the same errors and the same reason as
-- the replica that did, and never an error another replica's run has since fixed: the commit it worked
-- on, why that commit is not fully applied (null when it is), and its spec errors as a JSON array of
-- {file, line, field, message}. All null until a run records them (a database of an older version).
ALTER TABLE source_state ADD COLUMN seen_revision VARCHAR(64);
ALTER TABLE source_state ADD COLUMN not_applied_reason TEXT;
ALTER TABLE source_state ADD COLUMN spec_errors TEXT;
