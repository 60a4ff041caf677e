-- One truth in a cluster, and bounded failure (issue 10). Plain SQL that runs on H2 and PostgreSQL.

-- The source position every replica works from: the newest commit any replica fetched, the commit of
-- the newest journaled plan, and a version that every move of the position increments. A plan is
-- journaled only if the version is still the one its run started from (compare-and-set, in the plan's
-- transaction), so a replica holding an older copy of the specs can never apply an older commit.
ALTER TABLE source_state ADD COLUMN planned_revision VARCHAR(64);
ALTER TABLE source_state ADD COLUMN position_version BIGINT DEFAULT 0 NOT NULL;
-- A Git failure of the source (unreachable, auth, corrupt) and since when; cleared by the next success.
ALTER TABLE source_state ADD COLUMN git_error VARCHAR(4000);
ALTER TABLE source_state ADD COLUMN git_error_since VARCHAR(40);
ALTER TABLE source_state ADD COLUMN git_attempts INTEGER DEFAULT 0 NOT NULL;
ALTER TABLE source_state ADD COLUMN next_git_attempt_at VARCHAR(40);

-- The sha-256 of the manifest that is live (applied, or found matching): a drift heal re-applies only a
-- manifest whose digest is recorded here, whatever a replica holds in memory.
ALTER TABLE resource_status ADD COLUMN applied_digest VARCHAR(64);
-- The live divergence already recorded as drift-detected (sha-256 of it), so no replica records it twice.
ALTER TABLE resource_status ADD COLUMN drift_reported VARCHAR(64);
-- The failure being retried: its key (sha-256 of commit, action and error: audited once), the commit it
-- belongs to, how many attempts failed and when the next one is due.
ALTER TABLE resource_status ADD COLUMN failure_key VARCHAR(64);
ALTER TABLE resource_status ADD COLUMN failure_commit VARCHAR(64);
ALTER TABLE resource_status ADD COLUMN attempts INTEGER DEFAULT 0 NOT NULL;
ALTER TABLE resource_status ADD COLUMN next_attempt_at VARCHAR(40);
