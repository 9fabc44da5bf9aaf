-- A user's saved views of a list in the web UI: its filters, sort and
-- columns under a name (identity). Keep in step with the other engine's
-- 0052_saved_view.up.sql.
CREATE TABLE identity_saved_view (
	id         TEXT        PRIMARY KEY,
	user_id    TEXT        NOT NULL REFERENCES identity_user (id),
	list       TEXT        NOT NULL,
	name       TEXT        NOT NULL,
	state      TEXT        NOT NULL,
	created_at TIMESTAMP NOT NULL,
	UNIQUE (user_id, list, name)
);
