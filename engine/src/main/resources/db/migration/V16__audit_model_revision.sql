-- The model revision a change deployed (issue 15): as the backend reports it, else the spec's pinned revision.
-- Null for events of changes that deploy no model and for events written before; such events hash as before.
ALTER TABLE audit_event ADD COLUMN model_revision VARCHAR(512);
