-- Bank statement lines and their reconciliation with payments (billing).
-- Amounts are minor units of the line's currency, dates TEXT 'YYYY-MM-DD'.
-- A line is imported once: the same day, amount, currency, reference and
-- counterparty again is a duplicate. Keep in step with the other engine's
-- 0024_bank_statement.up.sql.

CREATE TABLE billing_statement_line (
	id            TEXT NOT NULL PRIMARY KEY,
	booked_on     TEXT NOT NULL,
	currency      TEXT NOT NULL,
	amount_minor  BIGINT NOT NULL,
	reference     TEXT NOT NULL,
	counterparty  TEXT NOT NULL,
	payment_id    TEXT NOT NULL,
	reconciled_at TIMESTAMPTZ,
	created_at    TIMESTAMPTZ NOT NULL,
	UNIQUE (booked_on, currency, amount_minor, reference, counterparty)
);
-- A payment is reconciled with one statement line at most.
CREATE UNIQUE INDEX billing_statement_line_payment ON billing_statement_line (payment_id) WHERE payment_id <> '';
