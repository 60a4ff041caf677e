-- Who signed the commit of an audit event, when the signature gate verified it (DESIGN.md section 6,
-- extended compatibly): null on every older event, which keeps hashing as it did.
ALTER TABLE audit_event ADD COLUMN signed_by_fingerprint VARCHAR(255);
ALTER TABLE audit_event ADD COLUMN signed_by_principal TEXT;
