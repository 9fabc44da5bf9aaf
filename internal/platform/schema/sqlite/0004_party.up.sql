-- Parties: customers and suppliers with addresses and contacts (party).
-- Keep in step with postgres/0004_party.up.sql.

CREATE TABLE party (
	id                    TEXT      PRIMARY KEY,
	code                  TEXT      NOT NULL UNIQUE,
	kind                  TEXT      NOT NULL,
	is_customer           BOOLEAN   NOT NULL,
	is_supplier           BOOLEAN   NOT NULL,
	legal_name            TEXT      NOT NULL,
	local_name            TEXT      NOT NULL,
	tax_id                TEXT      NOT NULL,
	email                 TEXT      NOT NULL,
	phone                 TEXT      NOT NULL,
	website               TEXT      NOT NULL,
	currency              TEXT      NOT NULL,
	payment_terms         TEXT      NOT NULL,
	credit_limit_minor    INTEGER,
	credit_limit_currency TEXT      NOT NULL,
	price_list            TEXT      NOT NULL,
	tags                  TEXT      NOT NULL,
	lifecycle             TEXT      NOT NULL,
	owner_id              TEXT      NOT NULL,
	search                TEXT      NOT NULL,
	-- Blocking keys of duplicate detection: candidates share at least one.
	match_tax             TEXT      NOT NULL,
	match_email           TEXT      NOT NULL,
	match_phone           TEXT      NOT NULL,
	match_name            TEXT      NOT NULL,
	match_local           TEXT      NOT NULL,
	match_word            TEXT      NOT NULL,
	version               INTEGER   NOT NULL,
	created_at            TIMESTAMP NOT NULL,
	updated_at            TIMESTAMP NOT NULL
);
CREATE INDEX party_owner ON party (owner_id, id);
CREATE INDEX party_match_tax ON party (match_tax);
CREATE INDEX party_match_email ON party (match_email);
CREATE INDEX party_match_phone ON party (match_phone);
CREATE INDEX party_match_name ON party (match_name);
CREATE INDEX party_match_local ON party (match_local);
CREATE INDEX party_match_word ON party (match_word);

CREATE TABLE party_address (
	id          TEXT    PRIMARY KEY,
	party_id    TEXT    NOT NULL REFERENCES party (id),
	position    INTEGER NOT NULL,
	type        TEXT    NOT NULL,
	line1       TEXT    NOT NULL,
	line2       TEXT    NOT NULL,
	city        TEXT    NOT NULL,
	region      TEXT    NOT NULL,
	postal_code TEXT    NOT NULL,
	country     TEXT    NOT NULL,
	is_default  BOOLEAN NOT NULL
);
CREATE INDEX party_address_party ON party_address (party_id, position);

CREATE TABLE party_contact (
	id       TEXT    PRIMARY KEY,
	party_id TEXT    NOT NULL REFERENCES party (id),
	position INTEGER NOT NULL,
	name     TEXT    NOT NULL,
	title    TEXT    NOT NULL,
	email    TEXT    NOT NULL,
	phone    TEXT    NOT NULL
);
CREATE INDEX party_contact_party ON party_contact (party_id, position);

-- After a merge, the loser's code and ID still resolve to the winner.
CREATE TABLE party_alias (
	alias      TEXT      PRIMARY KEY,
	party_id   TEXT      NOT NULL REFERENCES party (id),
	created_at TIMESTAMP NOT NULL
);
CREATE INDEX party_alias_party ON party_alias (party_id);

-- How codes of new parties are made, per role; a role without a row uses
-- the built-in pattern (CUST-{seq:5}, SUPP-{seq:5}).
CREATE TABLE party_code_pattern (
	role       TEXT PRIMARY KEY,
	pattern    TEXT NOT NULL,
	updated_at TIMESTAMP NOT NULL
);
