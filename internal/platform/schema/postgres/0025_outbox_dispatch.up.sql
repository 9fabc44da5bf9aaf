-- Delivery of outbox events: the actor of each event, the fan-out state,
-- one delivery row per event and subscriber, and the attempts log. Keep in
-- step with sqlite/0025_outbox_dispatch.up.sql.

ALTER TABLE outbox_event ADD COLUMN actor TEXT NOT NULL DEFAULT '';
-- The writing transaction's ID. seq values are taken at insert, not at
-- commit, so a row with a lower seq can become visible after a higher one;
-- the fan-out reads only rows whose transaction is older than every
-- transaction still running (pg_snapshot_xmin), which can no longer change.
ALTER TABLE outbox_event ADD COLUMN xid xid8 NOT NULL DEFAULT pg_current_xact_id();
-- The order in which the fan-out took the event (the feed's cursor); null
-- until then.
ALTER TABLE outbox_event ADD COLUMN position BIGINT;
CREATE INDEX outbox_event_xid ON outbox_event (xid);
CREATE UNIQUE INDEX outbox_event_position ON outbox_event (position);
CREATE INDEX outbox_event_occurred ON outbox_event (occurred_at);

-- One row: the fan-out's progress. It is working through the events whose
-- xid lies in [lo_xid, hi_xid), of which those up to seq are done.
CREATE TABLE outbox_pump (
	name          TEXT   PRIMARY KEY,
	lo_xid        TEXT   NOT NULL,
	hi_xid        TEXT   NOT NULL,
	seq           BIGINT NOT NULL,
	last_position BIGINT NOT NULL
);

CREATE TABLE outbox_delivery (
	id              BIGSERIAL   PRIMARY KEY,
	subscriber      TEXT        NOT NULL,
	event_seq       BIGINT      NOT NULL,
	event_id        TEXT        NOT NULL,
	event_type      TEXT        NOT NULL,
	aggregate       TEXT        NOT NULL,
	status          TEXT        NOT NULL,
	attempts        INTEGER     NOT NULL DEFAULT 0,
	next_attempt_at TIMESTAMPTZ NOT NULL,
	retry_since     TIMESTAMPTZ,
	lease_token     TEXT,
	lease_until     TIMESTAMPTZ,
	last_attempt_at TIMESTAMPTZ,
	last_status     INTEGER,
	last_error      TEXT        NOT NULL DEFAULT '',
	delivered_at    TIMESTAMPTZ,
	created_at      TIMESTAMPTZ NOT NULL,
	UNIQUE (subscriber, event_id)
);
CREATE INDEX outbox_delivery_due ON outbox_delivery (next_attempt_at, id) WHERE status IN ('pending', 'sending');
CREATE INDEX outbox_delivery_open ON outbox_delivery (subscriber, aggregate, id) WHERE status IN ('pending', 'sending');
CREATE INDEX outbox_delivery_subscriber ON outbox_delivery (subscriber, id);
CREATE INDEX outbox_delivery_event ON outbox_delivery (event_seq);
CREATE INDEX outbox_delivery_lease ON outbox_delivery (lease_token) WHERE lease_token IS NOT NULL;

CREATE TABLE outbox_attempt (
	delivery_id BIGINT      NOT NULL REFERENCES outbox_delivery (id) ON DELETE CASCADE,
	n           INTEGER     NOT NULL,
	started_at  TIMESTAMPTZ NOT NULL,
	duration_ms INTEGER     NOT NULL,
	ok          BOOLEAN     NOT NULL,
	status_code INTEGER,
	error       TEXT        NOT NULL DEFAULT '',
	response    TEXT        NOT NULL DEFAULT '',
	PRIMARY KEY (delivery_id, n)
);

-- The fan-out's one row, locked (FOR UPDATE SKIP LOCKED) by the node that
-- runs a round, so nodes never fan out the same events twice.
INSERT INTO outbox_pump (name, lo_xid, hi_xid, seq, last_position) VALUES ('fanout', '0', '0', 0, 0);
