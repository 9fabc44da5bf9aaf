package support

import (
	"context"
	"database/sql"
	"strings"

	"github.com/concord-erp/concord/internal/platform/db"
)

const articleColumns = `a.id, a.title, a.body, a.title_zh, a.body_zh, a.category, a.published, a.version, a.created_at, a.updated_at`

func scanArticle(s scanner) (Article, error) {
	var a Article
	err := s.Scan(&a.ID, &a.Title, &a.Body, &a.TitleZh, &a.BodyZh, &a.Category, &a.Published, &a.Version, &a.CreatedAt, &a.UpdatedAt)
	a.CreatedAt, a.UpdatedAt = a.CreatedAt.UTC(), a.UpdatedAt.UTC()
	return a, err
}

// indexArticle keeps SQLite's FTS5 table in step with the article in the
// same transaction; PostgreSQL's tsvector is a generated column.
func indexArticle(ctx context.Context, tx *db.Tx, a Article) error {
	if tx.Dialect() != db.SQLite {
		return nil
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM support_article_fts WHERE article_id = $1`, a.ID); err != nil {
		return err
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO support_article_fts (article_id, title, body, title_zh, body_zh) VALUES ($1, $2, $3, $4, $5)`,
		a.ID, a.Title, a.Body, a.TitleZh, a.BodyZh)
	return err
}

func insertArticle(ctx context.Context, tx *db.Tx, a Article) error {
	if _, err := tx.ExecContext(ctx, `INSERT INTO support_article (id, title, body, title_zh, body_zh, category, published, version,
		created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`, a.ID, a.Title, a.Body, a.TitleZh, a.BodyZh, a.Category,
		a.Published, a.Version, a.CreatedAt, a.UpdatedAt); err != nil {
		return err
	}
	return indexArticle(ctx, tx, a)
}

func updateArticle(ctx context.Context, tx *db.Tx, a Article, version int64) error {
	res, err := tx.ExecContext(ctx, `UPDATE support_article SET title = $1, body = $2, title_zh = $3, body_zh = $4, category = $5,
		published = $6, version = version + 1, updated_at = $7 WHERE id = $8 AND version = $9`, a.Title, a.Body, a.TitleZh, a.BodyZh,
		a.Category, a.Published, a.UpdatedAt, a.ID, version)
	if err != nil {
		return err
	}
	if err := db.CheckVersion(ctx, tx, res, "support_article", a.ID, "article"); err != nil {
		return err
	}
	return indexArticle(ctx, tx, a)
}

func findArticle(ctx context.Context, q db.Querier, key string) (Article, error) {
	a, err := scanArticle(q.QueryRowContext(ctx, `SELECT `+articleColumns+` FROM support_article a WHERE a.id = $1`, key))
	return a, db.NotFound(err, "article")
}

func findArticles(ctx context.Context, q db.Querier, f ArticleFilter) ([]Article, error) {
	rows, err := q.QueryContext(ctx, `SELECT `+articleColumns+` FROM support_article a WHERE ($1 = '' OR a.id < $1)
		AND (a.published OR NOT $2) ORDER BY a.id DESC LIMIT $3`, f.Before, f.PublishedOnly, max(f.Limit, 1))
	if err != nil {
		return nil, err
	}
	return collectArticles(rows)
}

// searchArticles runs a full-text search for words (all of them, or any
// with anyWord), best match first: bm25 over FTS5 on SQLite, ts_rank over
// the GIN-indexed tsvector on PostgreSQL. Both stem English words. The
// words are letters and digits only (searchWords), so they cannot carry
// query syntax.
func searchArticles(ctx context.Context, q *db.DB, words []string, anyWord, publishedOnly bool, limit int) ([]Article, error) {
	if limit <= 0 {
		limit = 50
	}
	var query string
	var match string
	if q.Dialect() == db.Postgres {
		sep := " & "
		if anyWord {
			sep = " | "
		}
		match = strings.Join(words, sep)
		query = `SELECT ` + articleColumns + ` FROM support_article a, to_tsquery('english', $1) query
			WHERE a.search @@ query AND (a.published OR NOT $2) ORDER BY ts_rank(a.search, query) DESC, a.id DESC LIMIT $3`
	} else {
		quoted := make([]string, len(words))
		for i, w := range words {
			quoted[i] = `"` + w + `"`
		}
		sep := " "
		if anyWord {
			sep = " OR "
		}
		match = strings.Join(quoted, sep)
		// Title columns weigh ten times the bodies.
		query = `SELECT ` + articleColumns + ` FROM support_article_fts f JOIN support_article a ON a.id = f.article_id
			WHERE support_article_fts MATCH $1 AND (a.published OR NOT $2) ORDER BY bm25(support_article_fts, 0, 10, 1, 10, 1), a.id DESC LIMIT $3`
	}
	rows, err := q.QueryContext(ctx, query, match, publishedOnly, limit)
	if err != nil {
		return nil, err
	}
	return collectArticles(rows)
}

func collectArticles(rows *sql.Rows) ([]Article, error) {
	defer rows.Close()
	out := []Article{}
	for rows.Next() {
		a, err := scanArticle(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, a)
	}
	return out, rows.Err()
}
