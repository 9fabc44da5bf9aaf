-- Daily data-quality snapshots (platform/quality). Keep in step with the
-- other engine's 0007_quality.up.sql.

CREATE TABLE quality_snapshot (
	day           TEXT    NOT NULL,
	entity        TEXT    NOT NULL,
	records       BIGINT NOT NULL,
	invalid       BIGINT NOT NULL,
	duplicates    BIGINT NOT NULL,
	average_score BIGINT NOT NULL,
	created_at    TIMESTAMPTZ NOT NULL,
	PRIMARY KEY (day, entity)
);
