-- Webhook endpoints (package webhook). Keep in step with
-- sqlite/0026_webhook.up.sql.
CREATE TABLE webhook_endpoint (
	id              TEXT        PRIMARY KEY,
	url             TEXT        NOT NULL,
	description     TEXT        NOT NULL,
	event_types     TEXT        NOT NULL,
	secret          TEXT        NOT NULL,
	active          BOOLEAN     NOT NULL,
	disabled_reason TEXT        NOT NULL DEFAULT '',
	disabled_at     TIMESTAMPTZ,
	version         BIGINT      NOT NULL,
	created_at      TIMESTAMPTZ NOT NULL,
	updated_at      TIMESTAMPTZ NOT NULL
);
CREATE INDEX webhook_endpoint_active ON webhook_endpoint (active);
