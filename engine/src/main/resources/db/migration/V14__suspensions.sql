-- Suspensions (issue 14): a suspended resource, or every resource of a suspended source, is never changed
-- until resumed. One row per suspension, shared by every replica: a run reads them at each wave. A source's
-- row has scope 'source', its name in name, and empty kind and namespace. Plain SQL for H2 and PostgreSQL.
CREATE TABLE suspension (
    scope        VARCHAR(16)  NOT NULL,
    kind         VARCHAR(63)  NOT NULL,
    namespace    VARCHAR(253) NOT NULL,
    name         VARCHAR(253) NOT NULL,
    suspended_by VARCHAR(512) NOT NULL,
    suspended_at TIMESTAMP WITH TIME ZONE NOT NULL,
    reason       VARCHAR(1024),
    PRIMARY KEY (scope, kind, namespace, name)
);
