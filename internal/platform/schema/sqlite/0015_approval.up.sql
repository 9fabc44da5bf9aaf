-- Approval policies and requests (approval). A policy is a CEL expression
-- over a document; a request is one policy's claim on one document.
-- Amounts are minor units of the currency beside them. Keep in step with
-- the other engine's 0015_approval.up.sql.

CREATE TABLE approval_policy (
	id               TEXT NOT NULL PRIMARY KEY,
	name             TEXT NOT NULL UNIQUE,
	document_type    TEXT NOT NULL,
	reason_code      TEXT NOT NULL,
	expression       TEXT NOT NULL,
	approver_role    TEXT NOT NULL,
	band_currency    TEXT NOT NULL,
	band_min_minor   INTEGER,
	band_max_minor   INTEGER,
	priority         INTEGER NOT NULL,
	active           BOOLEAN NOT NULL,
	version          INTEGER NOT NULL,
	created_at       TIMESTAMP NOT NULL,
	updated_at       TIMESTAMP NOT NULL
);

CREATE TABLE approval_request (
	id              TEXT NOT NULL PRIMARY KEY,
	document_type   TEXT NOT NULL,
	document_id     TEXT NOT NULL,
	document_number TEXT NOT NULL,
	round           INTEGER NOT NULL,
	policy_id       TEXT NOT NULL,
	policy_name     TEXT NOT NULL,
	reason_code     TEXT NOT NULL,
	approver_role   TEXT NOT NULL,
	amount_minor    INTEGER NOT NULL,
	currency        TEXT NOT NULL,
	status          TEXT NOT NULL,
	requested_by    TEXT NOT NULL,
	requested_name  TEXT NOT NULL,
	requested_at    TIMESTAMP NOT NULL,
	decided_by      TEXT NOT NULL,
	decided_name    TEXT NOT NULL,
	decided_at      TIMESTAMP,
	comment         TEXT NOT NULL,
	cycle_seconds   INTEGER,
	version         INTEGER NOT NULL
);
CREATE INDEX approval_request_inbox ON approval_request (status, approver_role, id);
CREATE INDEX approval_request_document ON approval_request (document_type, document_id);

-- Credit limits are the common reason to stop an order, so a new company
-- starts with that policy; it is data like any other and may be changed.
INSERT INTO approval_policy (id, name, document_type, reason_code, expression, approver_role, band_currency,
	band_min_minor, band_max_minor, priority, active, version, created_at, updated_at)
VALUES ('apol_credit_limit', 'Credit limit exceeded', 'sales_order', 'credit_limit_exceeded', 'credit.exceeded', 'finance', '',
	NULL, NULL, 10, TRUE, 1, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP);
