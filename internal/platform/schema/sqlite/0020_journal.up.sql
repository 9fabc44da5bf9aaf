-- The journal (ledger): chart of accounts, journals, and entries whose
-- lines balance per currency. Amounts are minor units of the line's
-- currency; entry dates are TEXT 'YYYY-MM-DD'. Entries are never updated
-- but to note their reversal. Keep in step with the other engine's
-- 0020_journal.up.sql.

CREATE TABLE ledger_account (
	code       TEXT NOT NULL PRIMARY KEY,
	name       TEXT NOT NULL,
	type       TEXT NOT NULL,
	role       TEXT NOT NULL,
	active     BOOLEAN NOT NULL,
	version    INTEGER NOT NULL,
	created_at TIMESTAMP NOT NULL,
	updated_at TIMESTAMP NOT NULL
);
-- At most one account per role: postings find their accounts by role.
CREATE UNIQUE INDEX ledger_account_role ON ledger_account (role) WHERE role <> '';

-- A default chart for a trading and manufacturing company.
INSERT INTO ledger_account (code, name, type, role, active, version, created_at, updated_at) VALUES
	('1000', 'Bank', 'asset', 'bank', TRUE, 1, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP),
	('1010', 'Cash', 'asset', 'cash', TRUE, 1, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP),
	('1100', 'Accounts receivable', 'asset', 'receivable', TRUE, 1, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP),
	('1200', 'Inventory', 'asset', 'inventory', TRUE, 1, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP),
	('1300', 'VAT receivable', 'asset', 'vat_receivable', TRUE, 1, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP),
	('2000', 'Accounts payable', 'liability', 'payable', TRUE, 1, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP),
	('2050', 'Goods received not invoiced', 'liability', 'grni', TRUE, 1, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP),
	('2100', 'VAT payable', 'liability', 'vat_payable', TRUE, 1, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP),
	('2200', 'Customer credit', 'liability', 'customer_credit', TRUE, 1, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP),
	('3000', 'Owner''s equity', 'equity', 'equity', TRUE, 1, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP),
	('3900', 'Retained earnings', 'equity', 'retained_earnings', TRUE, 1, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP),
	('4000', 'Sales revenue', 'income', 'revenue', TRUE, 1, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP),
	('4100', 'Sales returns and allowances', 'income', 'sales_returns', TRUE, 1, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP),
	('5000', 'Cost of goods sold', 'expense', 'cogs', TRUE, 1, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP),
	('5100', 'Inventory adjustments', 'expense', 'inventory_adjustment', TRUE, 1, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP),
	('6000', 'Operating expenses', 'expense', '', TRUE, 1, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP),
	('7000', 'Exchange differences', 'expense', 'exchange_difference', TRUE, 1, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP);

CREATE TABLE ledger_journal (
	code TEXT NOT NULL PRIMARY KEY,
	name TEXT NOT NULL
);
INSERT INTO ledger_journal (code, name) VALUES
	('SAL', 'Sales'), ('BNK', 'Bank'), ('CSH', 'Cash'), ('STK', 'Stock'), ('GEN', 'General');

CREATE TABLE ledger_entry (
	id          TEXT NOT NULL PRIMARY KEY,
	number      TEXT NOT NULL UNIQUE,
	journal     TEXT NOT NULL REFERENCES ledger_journal (code),
	entry_date  TEXT NOT NULL,
	memo        TEXT NOT NULL,
	source_type TEXT NOT NULL,
	source_id   TEXT NOT NULL,
	reverses    TEXT NOT NULL,
	reversed_by TEXT NOT NULL,
	created_by  TEXT NOT NULL,
	created_at  TIMESTAMP NOT NULL
);
CREATE INDEX ledger_entry_source ON ledger_entry (source_type, source_id);

CREATE TABLE ledger_entry_line (
	entry_id     TEXT NOT NULL REFERENCES ledger_entry (id),
	position     INTEGER NOT NULL,
	account      TEXT NOT NULL REFERENCES ledger_account (code),
	party_id     TEXT NOT NULL,
	currency     TEXT NOT NULL,
	debit_minor  INTEGER NOT NULL CHECK (debit_minor >= 0),
	credit_minor INTEGER NOT NULL CHECK (credit_minor >= 0),
	entry_date   TEXT NOT NULL,
	memo         TEXT NOT NULL,
	CHECK (debit_minor = 0 OR credit_minor = 0),
	CHECK (debit_minor + credit_minor > 0),
	PRIMARY KEY (entry_id, position)
);
CREATE INDEX ledger_entry_line_account ON ledger_entry_line (account, entry_date);
CREATE INDEX ledger_entry_line_party ON ledger_entry_line (party_id, account);
