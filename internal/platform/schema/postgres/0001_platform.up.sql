-- Platform tables: document number sequences, the event outbox and stored
-- idempotent responses. Keep in step with sqlite/0001_platform.up.sql.

CREATE TABLE doc_sequence (
	doc_type   TEXT    NOT NULL,
	year       INTEGER NOT NULL,
	last_value BIGINT  NOT NULL,
	PRIMARY KEY (doc_type, year)
);

CREATE TABLE outbox_event (
	seq            BIGSERIAL   PRIMARY KEY,
	id             TEXT        NOT NULL UNIQUE,
	type           TEXT        NOT NULL,
	aggregate_type TEXT        NOT NULL,
	aggregate_id   TEXT        NOT NULL,
	payload        JSONB       NOT NULL,
	occurred_at    TIMESTAMPTZ NOT NULL
);
CREATE INDEX outbox_event_aggregate ON outbox_event (aggregate_type, aggregate_id, seq);

CREATE TABLE idempotency_key (
	scope            TEXT        NOT NULL,
	key              TEXT        NOT NULL,
	request_hash     TEXT        NOT NULL,
	status           INTEGER,
	response_headers TEXT,
	response_body    BYTEA,
	created_at       TIMESTAMPTZ NOT NULL,
	completed_at     TIMESTAMPTZ,
	PRIMARY KEY (scope, key)
);
CREATE INDEX idempotency_key_created ON idempotency_key (created_at);
