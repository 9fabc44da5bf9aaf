-- Daily data-quality snapshots (platform/quality). Keep in step with the
-- other engine's 0007_quality.up.sql.

CREATE TABLE quality_snapshot (
	day           TEXT    NOT NULL,
	entity        TEXT    NOT NULL,
	records       INTEGER NOT NULL,
	invalid       INTEGER NOT NULL,
	duplicates    INTEGER NOT NULL,
	average_score INTEGER NOT NULL,
	created_at    TIMESTAMP NOT NULL,
	PRIMARY KEY (day, entity)
);
