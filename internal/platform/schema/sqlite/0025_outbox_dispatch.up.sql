-- Delivery of outbox events: the actor of each event, the fan-out state,
-- one delivery row per event and subscriber, and the attempts log. Keep in
-- step with postgres/0025_outbox_dispatch.up.sql. SQLite's single writer
-- commits events in seq order, so the fan-out needs no transaction IDs:
-- lo_xid and hi_xid stay empty.

ALTER TABLE outbox_event ADD COLUMN actor TEXT NOT NULL DEFAULT '';
ALTER TABLE outbox_event ADD COLUMN position INTEGER;
CREATE UNIQUE INDEX outbox_event_position ON outbox_event (position);
CREATE INDEX outbox_event_occurred ON outbox_event (occurred_at);

CREATE TABLE outbox_pump (
	name          TEXT    PRIMARY KEY,
	lo_xid        TEXT    NOT NULL,
	hi_xid        TEXT    NOT NULL,
	seq           INTEGER NOT NULL,
	last_position INTEGER NOT NULL
);

CREATE TABLE outbox_delivery (
	id              INTEGER   PRIMARY KEY AUTOINCREMENT,
	subscriber      TEXT      NOT NULL,
	event_seq       INTEGER   NOT NULL,
	event_id        TEXT      NOT NULL,
	event_type      TEXT      NOT NULL,
	aggregate       TEXT      NOT NULL,
	status          TEXT      NOT NULL,
	attempts        INTEGER   NOT NULL DEFAULT 0,
	next_attempt_at TIMESTAMP NOT NULL,
	retry_since     TIMESTAMP,
	lease_token     TEXT,
	lease_until     TIMESTAMP,
	last_attempt_at TIMESTAMP,
	last_status     INTEGER,
	last_error      TEXT      NOT NULL DEFAULT '',
	delivered_at    TIMESTAMP,
	created_at      TIMESTAMP NOT NULL,
	UNIQUE (subscriber, event_id)
);
CREATE INDEX outbox_delivery_due ON outbox_delivery (next_attempt_at, id) WHERE status IN ('pending', 'sending');
CREATE INDEX outbox_delivery_open ON outbox_delivery (subscriber, aggregate, id) WHERE status IN ('pending', 'sending');
CREATE INDEX outbox_delivery_subscriber ON outbox_delivery (subscriber, id);
CREATE INDEX outbox_delivery_event ON outbox_delivery (event_seq);
CREATE INDEX outbox_delivery_lease ON outbox_delivery (lease_token) WHERE lease_token IS NOT NULL;

CREATE TABLE outbox_attempt (
	delivery_id INTEGER   NOT NULL REFERENCES outbox_delivery (id) ON DELETE CASCADE,
	n           INTEGER   NOT NULL,
	started_at  TIMESTAMP NOT NULL,
	duration_ms INTEGER   NOT NULL,
	ok          BOOLEAN   NOT NULL,
	status_code INTEGER,
	error       TEXT      NOT NULL DEFAULT '',
	response    TEXT      NOT NULL DEFAULT '',
	PRIMARY KEY (delivery_id, n)
);

INSERT INTO outbox_pump (name, lo_xid, hi_xid, seq, last_position) VALUES ('fanout', '', '', 0, 0);
