-- Customer service (support): agents with skills, business-hour calendars
-- with holidays, SLA policies, tickets with their messages and internal
-- notes. Times are UTC; SLA due times are computed in business time when a
-- ticket opens. Keep in step with the other engine's 0040_support.up.sql.

CREATE TABLE support_agent (
	user_id       TEXT NOT NULL PRIMARY KEY,
	name          TEXT NOT NULL,
	skills        TEXT NOT NULL,
	active        BOOLEAN NOT NULL,
	last_assigned BIGINT NOT NULL,
	version       BIGINT NOT NULL,
	created_at    TIMESTAMPTZ NOT NULL,
	updated_at    TIMESTAMPTZ NOT NULL
);

CREATE TABLE support_calendar (
	id         TEXT NOT NULL PRIMARY KEY,
	name       TEXT NOT NULL UNIQUE,
	time_zone  TEXT NOT NULL,
	hours      TEXT NOT NULL,
	version    BIGINT NOT NULL,
	created_at TIMESTAMPTZ NOT NULL,
	updated_at TIMESTAMPTZ NOT NULL
);

CREATE TABLE support_holiday (
	calendar_id TEXT NOT NULL REFERENCES support_calendar (id),
	day         TEXT NOT NULL,
	name        TEXT NOT NULL,
	PRIMARY KEY (calendar_id, day)
);

CREATE TABLE support_sla_policy (
	id                     TEXT NOT NULL PRIMARY KEY,
	name                   TEXT NOT NULL UNIQUE,
	priority               TEXT NOT NULL,
	tier                   TEXT NOT NULL,
	calendar_id            TEXT NOT NULL REFERENCES support_calendar (id),
	first_response_minutes BIGINT NOT NULL CHECK (first_response_minutes > 0),
	resolution_minutes     BIGINT NOT NULL CHECK (resolution_minutes > 0),
	warn_percent           BIGINT NOT NULL CHECK (warn_percent > 0 AND warn_percent < 100),
	active                 BOOLEAN NOT NULL,
	version                BIGINT NOT NULL,
	created_at             TIMESTAMPTZ NOT NULL,
	updated_at             TIMESTAMPTZ NOT NULL
);
CREATE UNIQUE INDEX support_sla_policy_target ON support_sla_policy (priority, tier);

CREATE TABLE support_ticket (
	id                     TEXT NOT NULL PRIMARY KEY,
	number                 TEXT NOT NULL UNIQUE,
	subject                TEXT NOT NULL,
	description            TEXT NOT NULL,
	channel                TEXT NOT NULL,
	customer_id            TEXT NOT NULL,
	contact_name           TEXT NOT NULL,
	contact_email          TEXT NOT NULL,
	category               TEXT NOT NULL,
	priority               TEXT NOT NULL,
	status                 TEXT NOT NULL,
	order_id               TEXT NOT NULL,
	product_id             TEXT NOT NULL,
	shipment_id            TEXT NOT NULL,
	assignee_id            TEXT NOT NULL,
	assignment_rule        TEXT NOT NULL,
	sla_policy_id          TEXT NOT NULL,
	opened_at              TIMESTAMPTZ NOT NULL,
	first_response_due     TIMESTAMPTZ,
	first_response_warn    TIMESTAMPTZ,
	resolution_due         TIMESTAMPTZ,
	resolution_warn        TIMESTAMPTZ,
	first_responded_at     TIMESTAMPTZ,
	resolved_at            TIMESTAMPTZ,
	closed_at              TIMESTAMPTZ,
	response_warned_at     TIMESTAMPTZ,
	response_breached_at   TIMESTAMPTZ,
	resolution_warned_at   TIMESTAMPTZ,
	resolution_breached_at TIMESTAMPTZ,
	escalated_at           TIMESTAMPTZ,
	resolutions            BIGINT NOT NULL,
	csat_score             BIGINT,
	csat_comment           TEXT NOT NULL,
	csat_resolution        BIGINT NOT NULL,
	version                BIGINT NOT NULL,
	created_at             TIMESTAMPTZ NOT NULL,
	updated_at             TIMESTAMPTZ NOT NULL
);
CREATE INDEX support_ticket_customer ON support_ticket (customer_id, id);
CREATE INDEX support_ticket_status ON support_ticket (status, id);
CREATE INDEX support_ticket_assignee ON support_ticket (assignee_id, status);
CREATE INDEX support_ticket_response_sla ON support_ticket (first_response_warn, first_response_due);
CREATE INDEX support_ticket_resolution_sla ON support_ticket (resolution_warn, resolution_due);

CREATE TABLE support_message (
	id          TEXT NOT NULL PRIMARY KEY,
	ticket_id   TEXT NOT NULL REFERENCES support_ticket (id),
	kind        TEXT NOT NULL,
	author_id   TEXT NOT NULL,
	author_name TEXT NOT NULL,
	body        TEXT NOT NULL,
	created_at  TIMESTAMPTZ NOT NULL
);
CREATE INDEX support_message_ticket ON support_message (ticket_id, id);
