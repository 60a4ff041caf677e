-- Rollouts (issue 12): one row per resource under progressive delivery with its journaled step, so that a
-- rollout resumes after a restart and an aborted commit is not applied again until a newer one arrives.
-- Plain SQL that runs on H2 and PostgreSQL.
CREATE TABLE rollout (
    kind            VARCHAR(63)  NOT NULL,
    namespace       VARCHAR(253) NOT NULL,
    name            VARCHAR(253) NOT NULL,
    source          VARCHAR(253) NOT NULL,
    backend         VARCHAR(253) NOT NULL,
    stable_revision VARCHAR(64)  NOT NULL,
    canary_revision VARCHAR(64)  NOT NULL,
    phase           VARCHAR(16)  NOT NULL,
    step            INTEGER      NOT NULL,
    weight          INTEGER      NOT NULL,
    analysis_id     VARCHAR(64),
    step_started_at TIMESTAMP WITH TIME ZONE NOT NULL,
    started_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    message         TEXT         NOT NULL,
    PRIMARY KEY (kind, namespace, name)
);
