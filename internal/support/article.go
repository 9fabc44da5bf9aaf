package support

import (
	"context"
	"slices"
	"strings"
	"time"
	"unicode"

	"github.com/concord-erp/concord/internal/platform/apperr"
	"github.com/concord-erp/concord/internal/platform/audit"
	"github.com/concord-erp/concord/internal/platform/db"
	"github.com/concord-erp/concord/internal/platform/id"
	"github.com/concord-erp/concord/internal/platform/outbox"
)

// Article is a knowledge-base article, in English and Simplified Chinese.
// Only published articles are suggested on tickets.
type Article struct {
	ID        string    `json:"id"`
	Title     string    `json:"title"`
	Body      string    `json:"body"`
	TitleZh   string    `json:"title_zh,omitempty" doc:"The title in Simplified Chinese."`
	BodyZh    string    `json:"body_zh,omitempty" doc:"The body in Simplified Chinese."`
	Category  string    `json:"category,omitempty"`
	Published bool      `json:"published"`
	Version   int64     `json:"version"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
}

// ArticleInput creates or replaces an article.
type ArticleInput struct {
	Title     string `json:"title" minLength:"1" maxLength:"300"`
	Body      string `json:"body" minLength:"1" maxLength:"100000"`
	TitleZh   string `json:"title_zh,omitempty" maxLength:"300"`
	BodyZh    string `json:"body_zh,omitempty" maxLength:"100000"`
	Category  string `json:"category,omitempty" maxLength:"64"`
	Published bool   `json:"published"`
	Version   int64  `json:"version,omitempty" doc:"The version being replaced (or If-Match)."`
}

// ArticleFilter selects articles. Q is a full-text search (every word
// must occur, English words match their other forms: "printers" finds
// "printer"); with Q the list is ranked by relevance and has one page.
type ArticleFilter struct {
	Q             string
	PublishedOnly bool
	Before        string // ID cursor: older than this (without Q)
	Limit         int
}

func (in *ArticleInput) check() error {
	var v apperr.Validator
	in.Title, in.Body = strings.TrimSpace(in.Title), strings.TrimSpace(in.Body)
	in.TitleZh, in.BodyZh = strings.TrimSpace(in.TitleZh), strings.TrimSpace(in.BodyZh)
	in.Category = strings.ToLower(strings.TrimSpace(in.Category))
	v.Check(in.Title != "", "title", "required", "a title")
	v.Check(in.Body != "", "body", "required", "the text")
	return v.Err()
}

// CreateArticle writes a knowledge-base article. Errors: validation_failed.
func (s *Service) CreateArticle(ctx context.Context, in ArticleInput) (Article, error) {
	if err := in.check(); err != nil {
		return Article{}, err
	}
	var a Article
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		a = Article{ID: id.New("kba"), Title: in.Title, Body: in.Body, TitleZh: in.TitleZh, BodyZh: in.BodyZh, Category: in.Category,
			Published: in.Published, Version: 1, CreatedAt: tx.Now(), UpdatedAt: tx.Now()}
		if err := insertArticle(ctx, tx, a); err != nil {
			return err
		}
		return recordArticle(ctx, tx, EventArticleCreated, audit.ActionCreate, nil, a)
	})
	return a, err
}

// UpdateArticle replaces an article. Errors: not_found, validation_failed,
// version_conflict.
func (s *Service) UpdateArticle(ctx context.Context, key string, in ArticleInput, version int64) (Article, error) {
	if err := in.check(); err != nil {
		return Article{}, err
	}
	var after Article
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		before, err := findArticle(ctx, tx, key)
		if err != nil {
			return err
		}
		after = before
		after.Title, after.Body, after.TitleZh, after.BodyZh, after.Category, after.Published =
			in.Title, in.Body, in.TitleZh, in.BodyZh, in.Category, in.Published
		after.Version, after.UpdatedAt = before.Version+1, tx.Now()
		if err := updateArticle(ctx, tx, after, version); err != nil {
			return err
		}
		return recordArticle(ctx, tx, EventArticleUpdated, audit.ActionUpdate, &before, after)
	})
	return after, err
}

func recordArticle(ctx context.Context, tx *db.Tx, event, action string, before *Article, after Article) error {
	if _, err := outbox.Append(ctx, tx, outbox.New{Type: event, AggregateType: "article", AggregateID: after.ID, Payload: after}); err != nil {
		return err
	}
	var b any
	if before != nil {
		b = *before
	}
	return audit.RecordTx(ctx, tx, "article", after.ID, action, b, after)
}

// FindArticle returns an article. Errors: not_found.
func (s *Service) FindArticle(ctx context.Context, key string) (Article, error) {
	return findArticle(ctx, s.db, key)
}

// FindArticles lists articles, newest first, or the best matches of a
// full-text search.
func (s *Service) FindArticles(ctx context.Context, f ArticleFilter) ([]Article, error) {
	if strings.TrimSpace(f.Q) == "" {
		return findArticles(ctx, s.db, f)
	}
	words := searchWords(f.Q)
	if len(words) == 0 {
		return []Article{}, nil
	}
	return searchArticles(ctx, s.db, words, false, f.PublishedOnly, f.Limit)
}

// suggestions is how many articles a ticket is offered.
const suggestions = 5

// Suggest returns the published articles that best match a ticket's
// subject and description (any of their words), best first. Errors:
// not_found.
func (s *Service) Suggest(ctx context.Context, ticketKey string) ([]Article, error) {
	t, err := findTicket(ctx, s.db, ticketKey, "")
	if err != nil {
		return nil, err
	}
	words := searchWords(t.Subject + " " + t.Description)
	if len(words) == 0 {
		return []Article{}, nil
	}
	return searchArticles(ctx, s.db, words, true, true, suggestions)
}

// stopWords are common English words left out of suggestions: they match
// every article and say nothing about the ticket.
var stopWords = map[string]bool{"a": true, "an": true, "and": true, "are": true, "as": true, "at": true, "be": true, "but": true,
	"by": true, "can": true, "do": true, "does": true, "for": true, "from": true, "has": true, "have": true, "how": true, "i": true,
	"if": true, "in": true, "is": true, "it": true, "my": true, "no": true, "not": true, "of": true, "on": true, "or": true,
	"our": true, "please": true, "so": true, "that": true, "the": true, "this": true, "to": true, "was": true, "we": true,
	"what": true, "when": true, "why": true, "with": true, "you": true, "your": true, "hello": true, "hi": true, "thanks": true}

// maxWords bounds the words of a search.
const maxWords = 24

// searchWords splits text into lower-case words of letters and digits (so
// no search syntax gets through), without stop words and repeats.
func searchWords(text string) []string {
	var out []string
	for _, w := range strings.FieldsFunc(strings.ToLower(text), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }) {
		if stopWords[w] || slices.Contains(out, w) || (len(w) < 2 && w < "\u0100") {
			continue
		}
		out = append(out, w)
		if len(out) == maxWords {
			break
		}
	}
	return out
}
