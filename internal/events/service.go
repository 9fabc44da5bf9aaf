// Package events publishes what happens in Concord to integrators: the
// event catalog (every type the product emits, with the JSON Schema of its
// payload, also as an AsyncAPI document) and the events feed, a cursor over
// the outbox for pull consumers, pruned after a retention period.
//
// Modules declare their event types next to the code that emits them (an
// EventTypes list of outbox.Type); the composition root passes every list
// to NewCatalog. It imports only platform packages, like the other
// integration packages.
package events

import (
	"context"
	"strconv"
	"strings"
	"time"

	"github.com/concord-erp/concord/internal/platform/apperr"
	"github.com/concord-erp/concord/internal/platform/authz"
	"github.com/concord-erp/concord/internal/platform/db"
	"github.com/concord-erp/concord/internal/platform/outbox"
	"github.com/concord-erp/concord/internal/platform/page"
)

// PermRead lets a principal read the event catalog and the events feed.
// The feed carries every module's resources, so only administrators (and
// integration users given it) hold it.
const PermRead = "integration.event.read"

// Service serves the catalog and the feed.
type Service struct {
	db      *db.DB
	catalog *Catalog
}

// NewService returns the service.
func NewService(d *db.DB, c *Catalog, perms *authz.Catalog) *Service {
	perms.Add(PermRead)
	return &Service{db: d, catalog: c}
}

// Catalog returns the event catalog.
func (s *Service) Catalog() *Catalog { return s.catalog }

// FeedQuery selects events of the feed.
type FeedQuery struct {
	// After is the cursor of the previous page; empty for the beginning.
	After string
	// Types are type patterns (exact types or prefixes ending in ".*").
	Types []string
	Limit int
}

// FeedPage is a page of the feed. NextCursor is always set: a consumer
// polls with it and gets the events that came since.
type FeedPage struct {
	Data       []outbox.Envelope `json:"data"`
	NextCursor string            `json:"next_cursor" doc:"Pass as after to read on; set even when the page is empty, for polling."`
	HasMore    bool              `json:"has_more" doc:"More events are waiting now."`
}

// Feed returns a page of events in the order they were published. Errors:
// validation_failed (invalid_cursor on after, unknown_event_type on types).
func (s *Service) Feed(ctx context.Context, q FeedQuery) (FeedPage, error) {
	var after int64
	if _, err := page.Decode(q.After, &after); err != nil {
		return FeedPage{}, err
	}
	var v apperr.Validator
	var patterns []string
	for i, t := range q.Types {
		t = strings.TrimSpace(t)
		if t == "" {
			continue
		}
		if !s.catalog.Known(t) {
			v.Add("types", "unknown_event_type", "no event type matches "+t+" (item "+strconv.Itoa(i)+"); see GET /api/v1/events/types")
			continue
		}
		patterns = append(patterns, t)
	}
	if err := v.Err(); err != nil {
		return FeedPage{}, err
	}
	evs, err := outbox.Feed(ctx, s.db, after, patterns, q.Limit+1)
	if err != nil {
		return FeedPage{}, err
	}
	p := FeedPage{Data: []outbox.Envelope{}}
	if len(evs) > q.Limit {
		evs, p.HasMore = evs[:q.Limit], true
	}
	last := after
	for _, e := range evs {
		p.Data = append(p.Data, e.Envelope())
		last = e.Position
	}
	p.NextCursor = page.Encode(last)
	return p, nil
}

// Prune deletes the events older than retention that every subscriber has
// been given (see outbox.Prune). A retention of 0 keeps events forever.
func (s *Service) Prune(ctx context.Context, retention time.Duration) (int, error) {
	if retention <= 0 {
		return 0, nil
	}
	return outbox.Prune(ctx, s.db, time.Now().UTC().Add(-retention))
}
