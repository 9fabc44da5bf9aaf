package sequence_test

import (
	"context"
	"errors"
	"sort"
	"sync"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/concord-erp/concord/internal/platform/db"
	"github.com/concord-erp/concord/internal/platform/db/dbtest"
	"github.com/concord-erp/concord/internal/platform/sequence"
)

func TestFormat(t *testing.T) {
	require.Equal(t, "SO-2026-00001", sequence.Format(sequence.Key{Type: "SO", Year: 2026}, 1))
	require.Equal(t, "INV-2026-123456", sequence.Format(sequence.Key{Type: "INV", Year: 2026}, 123456))
}

func TestSeriesArePerTypeAndYear(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		take := func(k sequence.Key) string {
			var s string
			require.NoError(t, d.InTx(ctx, func(tx *db.Tx) error {
				var err error
				s, err = sequence.NumberTx(ctx, tx, k)
				return err
			}))
			return s
		}
		require.Equal(t, "SO-2026-00001", take(sequence.Key{"SO", 2026}))
		require.Equal(t, "SO-2026-00002", take(sequence.Key{"SO", 2026}))
		require.Equal(t, "INV-2026-00001", take(sequence.Key{"INV", 2026}))
		require.Equal(t, "SO-2027-00001", take(sequence.Key{"SO", 2027}))
		require.Equal(t, "SO-2026-00003", take(sequence.Key{"SO", 2026}))
	})
}

func TestRolledBackNumberIsReused(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		k := sequence.Key{Type: "INV", Year: 2026}
		boom := errors.New("document failed validation")
		err := d.InTx(ctx, func(tx *db.Tx) error {
			n, err := sequence.NextTx(ctx, tx, k)
			require.NoError(t, err)
			require.EqualValues(t, 1, n)
			return boom
		})
		require.ErrorIs(t, err, boom)
		require.NoError(t, d.InTx(ctx, func(tx *db.Tx) error {
			n, err := sequence.NextTx(ctx, tx, k)
			require.EqualValues(t, 1, n, "the number of a rolled-back document is given back: no gap")
			return err
		}))
	})
}

func TestInvalidKey(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		for _, k := range []sequence.Key{{"", 2026}, {"S O", 2026}, {"SO", -1}, {"SO", 10000}} {
			err := d.InTx(ctx, func(tx *db.Tx) error {
				_, err := sequence.NextTx(ctx, tx, k)
				return err
			})
			require.Error(t, err, "%+v", k)
		}
	})
}

// TestConcurrentNumbersAreDistinctWithoutGaps is the acceptance check of the
// platform issue: 8 goroutines × 500 numbers give exactly 1..4000. Every
// tenth transaction is rolled back after taking its number, to show that
// aborted documents leave no gap either.
func TestConcurrentNumbersAreDistinctWithoutGaps(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		const workers, each = 8, 500
		k := sequence.Key{Type: "SO", Year: 2026}
		abort := errors.New("abort")
		var mu sync.Mutex
		var got []int64
		var wg sync.WaitGroup
		errs := make(chan error, workers)
		for w := range workers {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for i := range each {
					if (w+i)%10 == 0 {
						err := d.InTx(ctx, func(tx *db.Tx) error {
							if _, err := sequence.NextTx(ctx, tx, k); err != nil {
								return err
							}
							return abort
						})
						if !errors.Is(err, abort) {
							errs <- err
							return
						}
					}
					var n int64
					err := d.InTx(ctx, func(tx *db.Tx) error {
						var err error
						n, err = sequence.NextTx(ctx, tx, k)
						return err
					})
					if err != nil {
						errs <- err
						return
					}
					mu.Lock()
					got = append(got, n)
					mu.Unlock()
				}
			}()
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			require.NoError(t, err)
		}
		require.Len(t, got, workers*each)
		sort.Slice(got, func(i, j int) bool { return got[i] < got[j] })
		for i, n := range got {
			require.EqualValues(t, i+1, n, "numbers are 1..%d with no gap and no duplicate", workers*each)
		}
	})
}
