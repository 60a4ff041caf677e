-- Who asked for a manual action (issue 15): the person's subject and e-mail from the single sign-on
-- provider, or the engine token used. Null for events the engine made on its own; such events hash as before.
ALTER TABLE audit_event ADD COLUMN actor_subject VARCHAR(512);
ALTER TABLE audit_event ADD COLUMN actor_email VARCHAR(512);
