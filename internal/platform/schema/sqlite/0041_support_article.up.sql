-- Knowledge-base articles (support) with full-text search: an FTS5 table
-- kept by the store (delete and insert with the article, in the same
-- transaction), English stemmed by the porter tokenizer. Keep in step with
-- the other engine's 0041_support_article.up.sql.

CREATE TABLE support_article (
	id         TEXT NOT NULL PRIMARY KEY,
	title      TEXT NOT NULL,
	body       TEXT NOT NULL,
	title_zh   TEXT NOT NULL,
	body_zh    TEXT NOT NULL,
	category   TEXT NOT NULL,
	published  BOOLEAN NOT NULL,
	version    INTEGER NOT NULL,
	created_at TIMESTAMP NOT NULL,
	updated_at TIMESTAMP NOT NULL
);

CREATE VIRTUAL TABLE support_article_fts USING fts5(article_id UNINDEXED, title, body, title_zh, body_zh, tokenize = 'porter unicode61');
