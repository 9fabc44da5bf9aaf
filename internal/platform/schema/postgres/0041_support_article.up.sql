-- Knowledge-base articles (support) with full-text search: a generated
-- tsvector (English configuration, so words are stemmed as SQLite's porter
-- tokenizer does; the title weighs more) under a GIN index. Keep in step
-- with the other engine's 0041_support_article.up.sql.

CREATE TABLE support_article (
	id         TEXT NOT NULL PRIMARY KEY,
	title      TEXT NOT NULL,
	body       TEXT NOT NULL,
	title_zh   TEXT NOT NULL,
	body_zh    TEXT NOT NULL,
	category   TEXT NOT NULL,
	published  BOOLEAN NOT NULL,
	version    BIGINT NOT NULL,
	created_at TIMESTAMPTZ NOT NULL,
	updated_at TIMESTAMPTZ NOT NULL,
	search     tsvector GENERATED ALWAYS AS (
		setweight(to_tsvector('english', title || ' ' || title_zh), 'A') ||
		setweight(to_tsvector('english', body || ' ' || body_zh), 'B')) STORED
);
CREATE INDEX support_article_search ON support_article USING GIN (search);
