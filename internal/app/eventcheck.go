package app

import (
	"context"
	"fmt"

	"github.com/concord-erp/concord/internal/platform/outbox"
)

// CheckEvents validates every event in the outbox against the event
// catalog and returns one line per problem: a type missing from the
// catalog, or data that does not match the type's schema. The app tests
// run it after each scenario, as they run the ledger check.
func CheckEvents(ctx context.Context, a *App) ([]string, error) {
	cat := a.svc.events.Catalog()
	var problems []string
	var after int64
	for {
		evs, err := outbox.After(ctx, a.DB, after, 500)
		if err != nil {
			return nil, err
		}
		for _, e := range evs {
			if err := cat.Validate(e); err != nil {
				problems = append(problems, fmt.Sprintf("%s %s: %v", e.Type, e.ID, err))
			}
			after = e.Seq
		}
		if len(evs) < 500 {
			return problems, nil
		}
	}
}
