-- Finance reference data (ledger): currencies in use, dated exchange rates,
-- taxes and payment terms. Keep in step with
-- sqlite/0006_ledger_reference.up.sql.
--
-- Exact numbers, never floats:
--   rate_e10      an exchange rate × 10^10 (1.085 is 10850000000)
--   *_ppm         a percentage as parts per million of the whole (19% is 190000)
-- Business dates are TEXT 'YYYY-MM-DD', which sorts chronologically.

-- Minor units are not stored: they come from the ISO 4217 table in money.
CREATE TABLE ledger_currency (
	code       TEXT      PRIMARY KEY CHECK (length(code) = 3),
	name       TEXT      NOT NULL,
	active     BOOLEAN   NOT NULL,
	version    BIGINT    NOT NULL,
	created_at TIMESTAMPTZ NOT NULL,
	updated_at TIMESTAMPTZ NOT NULL
);
INSERT INTO ledger_currency (code, name, active, version, created_at, updated_at) VALUES
	('USD', 'US dollar', TRUE, 1, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP),
	('EUR', 'Euro', TRUE, 1, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP),
	('GBP', 'Pound sterling', TRUE, 1, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP),
	('CNY', 'Yuan renminbi', TRUE, 1, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP),
	('JPY', 'Yen', TRUE, 1, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP);

-- One unit of base buys rate_e10 / 10^10 units of quote from valid_on until
-- the pair's next rate.
CREATE TABLE ledger_exchange_rate (
	id         TEXT      PRIMARY KEY,
	base       TEXT      NOT NULL REFERENCES ledger_currency (code),
	quote      TEXT      NOT NULL REFERENCES ledger_currency (code),
	rate_e10   BIGINT    NOT NULL CHECK (rate_e10 > 0),
	valid_on   TEXT      NOT NULL CHECK (length(valid_on) = 10),
	source     TEXT      NOT NULL,
	created_at TIMESTAMPTZ NOT NULL,
	CONSTRAINT ledger_exchange_rate_pair_day UNIQUE (base, quote, valid_on),
	CHECK (base <> quote)
);
CREATE INDEX ledger_exchange_rate_valid_on ON ledger_exchange_rate (valid_on, id);

CREATE TABLE ledger_tax (
	code         TEXT      PRIMARY KEY,
	name         TEXT      NOT NULL,
	rate_ppm     BIGINT    NOT NULL CHECK (rate_ppm >= 0),
	included     BOOLEAN   NOT NULL,
	account_code TEXT      NOT NULL,
	active       BOOLEAN   NOT NULL,
	version      BIGINT    NOT NULL,
	created_at   TIMESTAMPTZ NOT NULL,
	updated_at   TIMESTAMPTZ NOT NULL
);

CREATE TABLE ledger_payment_term (
	code          TEXT      PRIMARY KEY,
	name          TEXT      NOT NULL,
	net_days      BIGINT    NOT NULL CHECK (net_days >= 0),
	discount_days BIGINT    NOT NULL CHECK (discount_days >= 0),
	discount_ppm  BIGINT    NOT NULL CHECK (discount_ppm >= 0 AND discount_ppm < 1000000),
	end_of_month  BOOLEAN   NOT NULL,
	active        BOOLEAN   NOT NULL,
	version       BIGINT    NOT NULL,
	created_at    TIMESTAMPTZ NOT NULL,
	updated_at    TIMESTAMPTZ NOT NULL
);
INSERT INTO ledger_payment_term (code, name, net_days, discount_days, discount_ppm, end_of_month, active, version, created_at, updated_at) VALUES
	('due', 'Due on receipt', 0, 0, 0, FALSE, TRUE, 1, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP),
	('net30', 'Net 30', 30, 0, 0, FALSE, TRUE, 1, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP),
	('net60', 'Net 60', 60, 0, 0, FALSE, TRUE, 1, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP),
	('2_10_net30', '2/10 net 30', 30, 10, 20000, FALSE, TRUE, 1, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP);
