-- The append-only, hash-chained audit log (DESIGN.md section 6).
-- Portable SQL only: the same script runs on H2 (embedded default) and PostgreSQL (clustered mode).
-- Free-form text is TEXT (PostgreSQL text, H2 CLOB) so no commit message or error is ever refused
-- for its length; identifiers that are filtered on are bounded VARCHARs so they can be indexed.

CREATE TABLE audit_event (
    id             BIGINT        NOT NULL PRIMARY KEY,
    -- ISO-8601 text exactly as served: the hash covers this text, so it must never be reformatted.
    event_time     VARCHAR(40)   NOT NULL,
    source         VARCHAR(255),
    commit_id      VARCHAR(255),
    commit_author  TEXT,
    commit_message TEXT,
    pull_request   INTEGER,
    approved_by    TEXT          NOT NULL, -- JSON array of strings
    event_trigger  VARCHAR(255),
    kind           VARCHAR(255),
    namespace      VARCHAR(255),
    name           VARCHAR(255),
    backend        VARCHAR(255),
    action         VARCHAR(255),
    diff           TEXT          NOT NULL, -- JSON array of {op, path, from, value}
    outcome        VARCHAR(255),
    error          TEXT,
    duration_ms    BIGINT        NOT NULL,
    prev_hash      CHAR(64)      NOT NULL,
    hash           CHAR(64)      NOT NULL
);

CREATE INDEX audit_event_commit_idx ON audit_event (commit_id);
CREATE INDEX audit_event_resource_idx ON audit_event (kind, namespace, name);

-- One row, locked with SELECT ... FOR UPDATE by every append: it serialises appends across engine
-- replicas sharing one database, and lets verify() notice events deleted from the end of the chain.
CREATE TABLE audit_chain_head (
    id        INTEGER  NOT NULL PRIMARY KEY,
    last_id   BIGINT   NOT NULL,
    last_hash CHAR(64) NOT NULL,
    CONSTRAINT audit_chain_head_single_row CHECK (id = 1)
);

INSERT INTO audit_chain_head (id, last_id, last_hash)
VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');
