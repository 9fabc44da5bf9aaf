-- CRM (crm): pipeline stages, opportunities with their stage history,
-- leads, activities, segments, campaigns and their members, and the
-- attempts of the public lead-capture form (per-address rate limit).
-- Amounts are minor units of the currency beside them; dates are
-- YYYY-MM-DD text. Keep in step with the other engine's 0030_crm.up.sql.

CREATE TABLE crm_stage (
	id          TEXT NOT NULL PRIMARY KEY,
	name        TEXT NOT NULL UNIQUE,
	position    INTEGER NOT NULL,
	probability INTEGER NOT NULL,
	is_won      BOOLEAN NOT NULL,
	is_lost     BOOLEAN NOT NULL,
	version     INTEGER NOT NULL,
	created_at  TIMESTAMP NOT NULL,
	updated_at  TIMESTAMP NOT NULL
);

CREATE TABLE crm_segment (
	id          TEXT NOT NULL PRIMARY KEY,
	name        TEXT NOT NULL UNIQUE,
	description TEXT NOT NULL,
	criteria    TEXT NOT NULL,
	version     INTEGER NOT NULL,
	created_at  TIMESTAMP NOT NULL,
	updated_at  TIMESTAMP NOT NULL
);

CREATE TABLE crm_campaign (
	id           TEXT NOT NULL PRIMARY KEY,
	name         TEXT NOT NULL UNIQUE,
	channel      TEXT NOT NULL,
	status       TEXT NOT NULL,
	segment_id   TEXT NOT NULL,
	budget_minor INTEGER NOT NULL,
	currency     TEXT NOT NULL,
	start_date   TEXT NOT NULL,
	end_date     TEXT NOT NULL,
	owner_id     TEXT NOT NULL,
	version      INTEGER NOT NULL,
	created_at   TIMESTAMP NOT NULL,
	updated_at   TIMESTAMP NOT NULL
);

CREATE TABLE crm_campaign_member (
	campaign_id TEXT NOT NULL,
	party_id    TEXT NOT NULL,
	added_at    TIMESTAMP NOT NULL,
	PRIMARY KEY (campaign_id, party_id)
);

CREATE TABLE crm_lead (
	id                TEXT NOT NULL PRIMARY KEY,
	source            TEXT NOT NULL,
	status            TEXT NOT NULL,
	first_name        TEXT NOT NULL,
	last_name         TEXT NOT NULL,
	email             TEXT NOT NULL,
	phone             TEXT NOT NULL,
	job_title         TEXT NOT NULL,
	company_name      TEXT NOT NULL,
	website           TEXT NOT NULL,
	employees         INTEGER NOT NULL,
	industry          TEXT NOT NULL,
	country           TEXT NOT NULL,
	message           TEXT NOT NULL,
	owner_id          TEXT NOT NULL,
	campaign_id       TEXT NOT NULL,
	score             INTEGER NOT NULL,
	score_factors     TEXT NOT NULL,
	disqualify_reason TEXT NOT NULL,
	party_id          TEXT NOT NULL,
	opportunity_id    TEXT NOT NULL,
	match_name        TEXT NOT NULL,
	match_email       TEXT NOT NULL,
	converted_at      TIMESTAMP,
	version           INTEGER NOT NULL,
	created_at        TIMESTAMP NOT NULL,
	updated_at        TIMESTAMP NOT NULL
);
CREATE INDEX crm_lead_status ON crm_lead (status, id);
CREATE INDEX crm_lead_campaign ON crm_lead (campaign_id);
CREATE INDEX crm_lead_match_name ON crm_lead (match_name);
CREATE INDEX crm_lead_match_email ON crm_lead (match_email);

CREATE TABLE crm_opportunity (
	id               TEXT NOT NULL PRIMARY KEY,
	name             TEXT NOT NULL,
	party_id         TEXT NOT NULL,
	lead_id          TEXT NOT NULL,
	campaign_id      TEXT NOT NULL,
	stage_id         TEXT NOT NULL,
	status           TEXT NOT NULL,
	probability      INTEGER NOT NULL,
	amount_minor     INTEGER NOT NULL,
	currency         TEXT NOT NULL,
	expected_close   TEXT NOT NULL,
	owner_id         TEXT NOT NULL,
	competitors      TEXT NOT NULL,
	lost_reason      TEXT NOT NULL,
	stage_entered_at TIMESTAMP NOT NULL,
	closed_at        TIMESTAMP,
	version          INTEGER NOT NULL,
	created_at       TIMESTAMP NOT NULL,
	updated_at       TIMESTAMP NOT NULL
);
CREATE INDEX crm_opportunity_stage ON crm_opportunity (stage_id);
CREATE INDEX crm_opportunity_party ON crm_opportunity (party_id);
CREATE INDEX crm_opportunity_campaign ON crm_opportunity (campaign_id);

CREATE TABLE crm_stage_history (
	id             TEXT NOT NULL PRIMARY KEY,
	opportunity_id TEXT NOT NULL,
	stage_id       TEXT NOT NULL,
	stage_name     TEXT NOT NULL,
	entered_at     TIMESTAMP NOT NULL,
	left_at        TIMESTAMP,
	seconds        INTEGER,
	changed_by     TEXT NOT NULL
);
CREATE INDEX crm_stage_history_opportunity ON crm_stage_history (opportunity_id, entered_at);

CREATE TABLE crm_activity (
	id            TEXT NOT NULL PRIMARY KEY,
	kind          TEXT NOT NULL,
	subject_type  TEXT NOT NULL,
	subject_id    TEXT NOT NULL,
	party_id      TEXT NOT NULL,
	title         TEXT NOT NULL,
	notes         TEXT NOT NULL,
	due_at        TIMESTAMP,
	remind_at     TIMESTAMP,
	done          BOOLEAN NOT NULL,
	done_at       TIMESTAMP,
	notified_at   TIMESTAMP,
	owner_id      TEXT NOT NULL,
	version       INTEGER NOT NULL,
	created_at    TIMESTAMP NOT NULL,
	updated_at    TIMESTAMP NOT NULL
);
CREATE INDEX crm_activity_subject ON crm_activity (subject_type, subject_id);
CREATE INDEX crm_activity_party ON crm_activity (party_id);
CREATE INDEX crm_activity_owner ON crm_activity (owner_id, done, due_at);

CREATE TABLE crm_capture_attempt (
	id TEXT NOT NULL PRIMARY KEY,
	ip TEXT NOT NULL,
	at TIMESTAMP NOT NULL
);
CREATE INDEX crm_capture_attempt_ip ON crm_capture_attempt (ip, at);

-- A new company starts with a common B2B pipeline; stages are data and
-- may be renamed, reordered or replaced.
INSERT INTO crm_stage (id, name, position, probability, is_won, is_lost, version, created_at, updated_at) VALUES
	('stg_prospecting', 'Prospecting', 10, 10, FALSE, FALSE, 1, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP),
	('stg_qualification', 'Qualification', 20, 25, FALSE, FALSE, 1, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP),
	('stg_proposal', 'Proposal', 30, 50, FALSE, FALSE, 1, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP),
	('stg_negotiation', 'Negotiation', 40, 75, FALSE, FALSE, 1, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP),
	('stg_won', 'Won', 50, 100, TRUE, FALSE, 1, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP),
	('stg_lost', 'Lost', 60, 0, FALSE, TRUE, 1, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP);
