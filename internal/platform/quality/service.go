package quality

import (
	"context"
	"time"

	"github.com/concord-erp/concord/internal/platform/db"
)

// Source reports on one entity type; modules provide them (e.g. the party
// module's Quality method).
type Source func(ctx context.Context, worst int) (*Report, error)

// Service runs the sources and keeps their daily snapshots.
type Service struct {
	db      *db.DB
	sources []Source
}

// NewService returns a service over the given sources.
func NewService(d *db.DB, sources ...Source) *Service {
	return &Service{db: d, sources: sources}
}

// Reports runs every source and saves today's snapshot of each.
func (s *Service) Reports(ctx context.Context, worst int) ([]*Report, error) {
	out := make([]*Report, 0, len(s.sources))
	for _, src := range s.sources {
		r, err := src(ctx, worst)
		if err != nil {
			return nil, err
		}
		if err := Save(ctx, s.db, s.db.Now(), r); err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, nil
}

// EnsureToday takes today's snapshots unless some exist already; the server
// calls it periodically, so every day has one even when nobody opens the
// report.
func (s *Service) EnsureToday(ctx context.Context) error {
	var n int
	today := s.db.Now().Format(time.DateOnly)
	if err := s.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM quality_snapshot WHERE day = $1`, today).Scan(&n); err != nil {
		return err
	}
	if n > 0 {
		return nil
	}
	_, err := s.Reports(ctx, 0)
	return err
}

// History returns an entity's snapshots of the last days days with their
// anomaly flags.
func (s *Service) History(ctx context.Context, entity string, days int) ([]Snapshot, error) {
	return Snapshots(ctx, s.db, entity, s.db.Now().AddDate(0, 0, -days+1))
}
