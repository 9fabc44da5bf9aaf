-- The audit trail (platform/audit). Keep in step with sqlite/0002_audit.up.sql.

CREATE TABLE audit_head (
	id        INTEGER PRIMARY KEY CHECK (id = 1),
	last_seq  BIGINT  NOT NULL,
	last_hash TEXT    NOT NULL
);
INSERT INTO audit_head (id, last_seq, last_hash) VALUES (1, 0, '');

CREATE TABLE audit_entry (
	seq         BIGINT      PRIMARY KEY,
	id          TEXT      NOT NULL UNIQUE,
	occurred_at TIMESTAMPTZ NOT NULL,
	actor_type  TEXT      NOT NULL,
	actor_id    TEXT      NOT NULL,
	entity_type TEXT      NOT NULL,
	entity_id   TEXT      NOT NULL,
	action      TEXT      NOT NULL,
	before_data TEXT,
	after_data  TEXT,
	request_id  TEXT      NOT NULL,
	prev_hash   TEXT      NOT NULL,
	hash        TEXT      NOT NULL
);
CREATE INDEX audit_entry_entity ON audit_entry (entity_type, entity_id, seq);
CREATE INDEX audit_entry_actor ON audit_entry (actor_id, seq);
