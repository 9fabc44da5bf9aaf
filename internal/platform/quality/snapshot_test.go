package quality_test

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/concord-erp/concord/internal/platform/db"
	"github.com/concord-erp/concord/internal/platform/db/dbtest"
	"github.com/concord-erp/concord/internal/platform/quality"
)

func TestDailySnapshotsFlagASuddenRise(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		start := time.Date(2026, 11, 1, 12, 0, 0, 0, time.UTC)
		save := func(day, records, invalid, dups int) {
			r := quality.NewReport("party", 5)
			r.Records, r.Invalid, r.Duplicates, r.AverageScore = records, invalid, dups, 90
			require.NoError(t, quality.Save(ctx, d, start.AddDate(0, 0, day), r))
		}
		for day := range 10 {
			save(day, 1000, 50+day%3, 10) // a steady ~5% invalid
		}
		save(10, 1000, 400, 10) // a bad import
		save(11, 1200, 60, 300) // a duplicate wave
		save(11, 1200, 60, 310) // the same day saved again replaces it

		snaps, err := quality.Snapshots(ctx, d, "party", start.AddDate(0, 0, 5))
		require.NoError(t, err)
		require.Len(t, snaps, 7)
		for _, s := range snaps[:5] {
			require.False(t, s.Anomaly, s.Day)
		}
		require.True(t, snaps[5].Anomaly)
		require.Equal(t, "2026-11-11", snaps[5].Day)
		require.Contains(t, snaps[5].Reason, "invalid")
		require.True(t, snaps[6].Anomaly)
		require.Contains(t, snaps[6].Reason, "duplicate")
		require.Equal(t, 310, snaps[6].Duplicates)
	})
}
