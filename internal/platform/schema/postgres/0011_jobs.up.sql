-- The durable job queue (platform/jobs). Keep in step with the other
-- engine's 0011_jobs.up.sql.

CREATE TABLE job (
	id             TEXT    PRIMARY KEY,
	kind           TEXT    NOT NULL,
	status         TEXT    NOT NULL,
	payload        TEXT    NOT NULL,
	attempts       INTEGER NOT NULL,
	max_attempts   INTEGER NOT NULL,
	run_at         TIMESTAMPTZ NOT NULL,
	locked_by      TEXT,
	locked_until   TIMESTAMPTZ,
	done           INTEGER NOT NULL,
	total          INTEGER NOT NULL,
	result         TEXT,
	error          TEXT,
	created_by     TEXT    NOT NULL,
	principal_user TEXT    NOT NULL,
	created_at     TIMESTAMPTZ NOT NULL,
	updated_at     TIMESTAMPTZ NOT NULL
);
CREATE INDEX job_due ON job (status, run_at);

CREATE TABLE job_file (
	job_id  TEXT PRIMARY KEY REFERENCES job (id),
	content BYTEA NOT NULL
);
