-- Orphans (issue 13): objects Sextant made whose resource is no longer in Git, one row per live object, with
-- when a scan first found it orphaned. Shared by every replica and kept across restarts, so GET /api/v1/orphans
-- answers the same everywhere and "pruned at its second sighting" counts sightings made before a restart.
-- A row goes when a scan finds the object gone or no longer an orphan. Plain SQL for H2 and PostgreSQL.
CREATE TABLE orphan (
    backend            VARCHAR(253)  NOT NULL,
    api_version        VARCHAR(253)  NOT NULL,
    kind               VARCHAR(63)   NOT NULL,
    namespace          VARCHAR(253)  NOT NULL,
    name               VARCHAR(253)  NOT NULL,
    resource_kind      VARCHAR(63)   NOT NULL,
    resource_namespace VARCHAR(253)  NOT NULL,
    resource_name      VARCHAR(253)  NOT NULL,
    source             VARCHAR(253),
    reason             VARCHAR(2048) NOT NULL,
    since              TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (backend, api_version, kind, namespace, name)
);
