-- Users, roles, sessions, tokens, sign-in throttling and module switches
-- (identity). Keep in step with postgres/0003_identity.up.sql.

CREATE TABLE identity_user (
	id            TEXT      PRIMARY KEY,
	email         TEXT      NOT NULL,
	email_norm    TEXT      NOT NULL UNIQUE,
	name          TEXT      NOT NULL,
	locale        TEXT      NOT NULL,
	time_zone     TEXT      NOT NULL,
	active        BOOLEAN   NOT NULL,
	password_hash TEXT      NOT NULL,
	version       INTEGER   NOT NULL,
	created_at    TIMESTAMP NOT NULL,
	updated_at    TIMESTAMP NOT NULL
);

CREATE TABLE identity_role (
	name        TEXT      PRIMARY KEY,
	description TEXT      NOT NULL,
	permissions TEXT      NOT NULL,
	version     INTEGER   NOT NULL,
	created_at  TIMESTAMP NOT NULL,
	updated_at  TIMESTAMP NOT NULL
);

CREATE TABLE identity_user_role (
	user_id TEXT NOT NULL REFERENCES identity_user (id),
	role    TEXT NOT NULL,
	PRIMARY KEY (user_id, role)
);
CREATE INDEX identity_user_role_role ON identity_user_role (role);

CREATE TABLE identity_session (
	id           TEXT      PRIMARY KEY,
	token_hash   TEXT      NOT NULL UNIQUE,
	csrf_hash    TEXT      NOT NULL,
	user_id      TEXT      NOT NULL REFERENCES identity_user (id),
	ip           TEXT      NOT NULL,
	user_agent   TEXT      NOT NULL,
	created_at   TIMESTAMP NOT NULL,
	last_seen_at TIMESTAMP NOT NULL,
	expires_at   TIMESTAMP NOT NULL,
	revoked_at   TIMESTAMP
);
CREATE INDEX identity_session_user ON identity_session (user_id);

CREATE TABLE identity_token (
	id           TEXT      PRIMARY KEY,
	name         TEXT      NOT NULL,
	token_hash   TEXT      NOT NULL UNIQUE,
	prefix       TEXT      NOT NULL,
	user_id      TEXT      NOT NULL REFERENCES identity_user (id),
	scopes       TEXT      NOT NULL,
	created_at   TIMESTAMP NOT NULL,
	expires_at   TIMESTAMP,
	last_used_at TIMESTAMP,
	revoked_at   TIMESTAMP
);
CREATE INDEX identity_token_user ON identity_token (user_id, id);

CREATE TABLE identity_login_attempt (
	id  TEXT      PRIMARY KEY,
	key TEXT      NOT NULL,
	at  TIMESTAMP NOT NULL
);
CREATE INDEX identity_login_attempt_key ON identity_login_attempt (key, at);

CREATE TABLE identity_module (
	module     TEXT      PRIMARY KEY,
	enabled    BOOLEAN   NOT NULL,
	updated_at TIMESTAMP NOT NULL
);
