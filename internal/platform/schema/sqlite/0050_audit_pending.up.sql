-- Audit entries recorded but not yet chained (platform/audit). A use case
-- inserts its entries here, in its own transaction and without taking any
-- shared row; the sealer moves them into audit_entry, hashing them onto the
-- chain in the order it finds them committed. Keep in step with the other
-- engine's 0050_audit_pending.up.sql.
CREATE TABLE audit_pending (
	pid         INTEGER   PRIMARY KEY AUTOINCREMENT,
	id          TEXT      NOT NULL UNIQUE,
	occurred_at TIMESTAMP NOT NULL,
	actor_type  TEXT      NOT NULL,
	actor_id    TEXT      NOT NULL,
	entity_type TEXT      NOT NULL,
	entity_id   TEXT      NOT NULL,
	action      TEXT      NOT NULL,
	before_data TEXT,
	after_data  TEXT,
	request_id  TEXT      NOT NULL
);
