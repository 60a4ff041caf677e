-- What the engine manages and where each source stands, so a restart neither re-applies nor prunes blindly.
-- Plain SQL that runs on H2 and PostgreSQL.
CREATE TABLE resource_status (
    kind             VARCHAR(64)   NOT NULL,
    namespace        VARCHAR(63)   NOT NULL,
    name             VARCHAR(63)   NOT NULL,
    source           VARCHAR(63)   NOT NULL,
    backend          VARCHAR(253),
    sync_status      VARCHAR(16)   NOT NULL,
    health           VARCHAR(16)   NOT NULL,
    operation        VARCHAR(16)   NOT NULL,
    message          VARCHAR(4000) NOT NULL,
    desired_revision VARCHAR(64),
    applied_revision VARCHAR(64),
    last_synced_at   VARCHAR(40),
    PRIMARY KEY (kind, namespace, name)
);

CREATE INDEX resource_status_source ON resource_status (source);

CREATE TABLE source_state (
    name                  VARCHAR(63) NOT NULL PRIMARY KEY,
    last_fetched_revision VARCHAR(64),
    last_synced_revision  VARCHAR(64)
);
