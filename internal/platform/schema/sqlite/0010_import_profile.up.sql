-- Saved column mappings of imports (platform/tabular). Keep in step with
-- the other engine's 0010_import_profile.up.sql.

CREATE TABLE import_profile (
	entity     TEXT NOT NULL,
	name       TEXT NOT NULL,
	mapping    TEXT NOT NULL,
	updated_at TIMESTAMP NOT NULL,
	PRIMARY KEY (entity, name)
);
