package schema_test

import (
	"context"
	"sync"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/concord-erp/concord/internal/platform/db"
	"github.com/concord-erp/concord/internal/platform/db/dbtest"
	"github.com/concord-erp/concord/internal/platform/schema"
)

func TestBothEnginesHaveTheSameMigrations(t *testing.T) {
	lite, err := schema.Migrations(db.SQLite)
	require.NoError(t, err)
	pg, err := schema.Migrations(db.Postgres)
	require.NoError(t, err)
	require.NotEmpty(t, lite)
	require.Len(t, pg, len(lite))
	for i := range lite {
		require.Equal(t, lite[i].Name, pg[i].Name, "migration %d must exist under the same name for both engines", lite[i].Version)
	}
}

func TestMigrateIsIdempotentAndSafeWhenNodesStartTogether(t *testing.T) {
	for _, dialect := range []db.Dialect{db.SQLite, db.Postgres} {
		t.Run(string(dialect), func(t *testing.T) {
			ctx := context.Background()
			url := dbtest.URL(t, dialect)
			want, err := schema.Migrations(dialect)
			require.NoError(t, err)

			// Four "nodes" with their own connection pools start at once.
			const nodes = 4
			var wg sync.WaitGroup
			applied := make([][]string, nodes)
			errs := make([]error, nodes)
			for i := range nodes {
				wg.Add(1)
				go func() {
					defer wg.Done()
					d, err := db.Open(ctx, url)
					if err != nil {
						errs[i] = err
						return
					}
					defer d.Close()
					applied[i], errs[i] = schema.Migrate(ctx, d)
				}()
			}
			wg.Wait()
			total := 0
			for i := range nodes {
				require.NoError(t, errs[i])
				total += len(applied[i])
			}
			require.Equal(t, len(want), total, "each migration is applied exactly once across all nodes")

			d, err := db.Open(ctx, url)
			require.NoError(t, err)
			defer d.Close()
			again, err := schema.Migrate(ctx, d)
			require.NoError(t, err)
			require.Empty(t, again)
			v, err := schema.Version(ctx, d)
			require.NoError(t, err)
			require.Equal(t, want[len(want)-1].Version, v)
		})
	}
}
