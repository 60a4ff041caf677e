-- Canary analysis (issue 12): each analysis run and every measurement it took, kept so that the API and the
-- dashboard can show canary against stable over time and why a rollout was promoted, aborted or paused.
-- Plain SQL that runs on H2 and PostgreSQL.
CREATE TABLE analysis_run (
    id          VARCHAR(64)  NOT NULL PRIMARY KEY,
    namespace   VARCHAR(253) NOT NULL,
    name        VARCHAR(253) NOT NULL,
    backend     VARCHAR(253) NOT NULL,
    canary      VARCHAR(253) NOT NULL,
    stable      VARCHAR(253),
    phase       VARCHAR(16)  NOT NULL,
    message     TEXT         NOT NULL,
    started_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    finished_at TIMESTAMP WITH TIME ZONE
);
CREATE INDEX analysis_run_resource ON analysis_run (namespace, name, started_at);

CREATE TABLE analysis_measurement (
    run_id       VARCHAR(64)  NOT NULL REFERENCES analysis_run (id),
    metric       VARCHAR(253) NOT NULL,
    seq          INTEGER      NOT NULL,
    measured_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    canary_value DOUBLE PRECISION,
    stable_value DOUBLE PRECISION,
    condition_text TEXT       NOT NULL,
    verdict      VARCHAR(16)  NOT NULL,
    message      TEXT         NOT NULL,
    PRIMARY KEY (run_id, metric, seq)
);
