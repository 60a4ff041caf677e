-- The revert of an aborted rollout (sources[].rollback.on-abort), one row per (resource, reverted commit): the
-- only hand-over between replicas. Whichever replica ticks next claims a due row with a compare-and-set UPDATE,
-- pushes or opens the revert, and writes the outcome; a claim whose replica died expires at claimed_until.
-- Plain SQL that runs on H2 and PostgreSQL.
CREATE TABLE rollout_revert (
    kind            VARCHAR(63)  NOT NULL,
    namespace       VARCHAR(253) NOT NULL,
    name            VARCHAR(253) NOT NULL,
    reverted        VARCHAR(64)  NOT NULL,
    source          VARCHAR(253) NOT NULL,
    target          VARCHAR(64)  NOT NULL,
    reason          TEXT         NOT NULL,
    actor_subject   VARCHAR(253),
    actor_email     VARCHAR(253),
    state           VARCHAR(16)  NOT NULL,
    attempts        INTEGER      NOT NULL,
    next_attempt_at TIMESTAMP WITH TIME ZONE,
    claimed_by      VARCHAR(64),
    claimed_until   TIMESTAMP WITH TIME ZONE,
    url             TEXT,
    error           TEXT,
    requested_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (kind, namespace, name, reverted)
);
CREATE INDEX rollout_revert_due ON rollout_revert (state, next_attempt_at);
