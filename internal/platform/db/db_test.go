package db_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/concord-erp/concord/internal/platform/apperr"
	"github.com/concord-erp/concord/internal/platform/db"
	"github.com/concord-erp/concord/internal/platform/db/dbtest"
)

func TestParseURL(t *testing.T) {
	good := map[string]db.Target{
		"sqlite://./data/concord.db":           {Dialect: db.SQLite, Path: "data/concord.db"},
		"sqlite:///var/lib/concord/concord.db": {Dialect: db.SQLite, Path: "/var/lib/concord/concord.db"},
		"postgres://u:p@h:5432/db":             {Dialect: db.Postgres, DSN: "postgres://u:p@h:5432/db"},
		"postgresql://h/db":                    {Dialect: db.Postgres, DSN: "postgresql://h/db"},
	}
	for in, want := range good {
		got, err := db.ParseURL(in)
		require.NoError(t, err, in)
		require.Equal(t, want, got, in)
	}
	for _, bad := range []string{"", "concord.db", "mysql://h/db", "sqlite://", "sqlite://a.db?mode=ro"} {
		_, err := db.ParseURL(bad)
		require.Error(t, err, bad)
	}
}

func TestOpenFailureLeavesNothingBehind(t *testing.T) {
	root := t.TempDir()
	blocker := filepath.Join(root, "blocker")
	require.NoError(t, os.WriteFile(blocker, nil, 0o600))
	_, err := db.Open(context.Background(), "sqlite://"+filepath.Join(blocker, "a", "b.db"))
	require.Error(t, err)

	entries, err := os.ReadDir(root)
	require.NoError(t, err)
	require.Len(t, entries, 1, "only the blocker file is there")

	dir := filepath.Join(root, "x", "y")
	require.NoError(t, os.MkdirAll(filepath.Join(dir, "concord.db"), 0o700))
	_, err = db.Open(context.Background(), "sqlite://"+filepath.Join(dir, "concord.db"))
	require.ErrorContains(t, err, "is a directory")
}

func TestTransactions(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		_, err := d.ExecContext(ctx, `CREATE TABLE thing (id TEXT PRIMARY KEY, name TEXT NOT NULL UNIQUE, version INTEGER NOT NULL, parent TEXT REFERENCES thing (id))`)
		require.NoError(t, err)
		count := func() int {
			var n int
			require.NoError(t, d.QueryRowContext(ctx, "SELECT COUNT(*) FROM thing").Scan(&n))
			return n
		}

		// Error → rollback.
		boom := errors.New("boom")
		err = d.InTx(ctx, func(tx *db.Tx) error {
			_, err := tx.ExecContext(ctx, `INSERT INTO thing VALUES ('a', 'A', 1, NULL)`)
			require.NoError(t, err)
			return boom
		})
		require.ErrorIs(t, err, boom)
		require.Zero(t, count())

		// Panic → rollback, and the panic goes on.
		require.Panics(t, func() {
			_ = d.InTx(ctx, func(tx *db.Tx) error {
				_, _ = tx.ExecContext(ctx, `INSERT INTO thing VALUES ('a', 'A', 1, NULL)`)
				panic("bug")
			})
		})
		require.Zero(t, count())

		// Now() is fixed for the whole transaction.
		require.NoError(t, d.InTx(ctx, func(tx *db.Tx) error {
			first := tx.Now()
			time.Sleep(2 * time.Millisecond)
			require.Equal(t, first, tx.Now())
			require.Equal(t, time.UTC, first.Location())
			_, err := tx.ExecContext(ctx, `INSERT INTO thing VALUES ('a', 'A', 1, NULL)`)
			return err
		}))
		require.Equal(t, 1, count())

		// Constraint violations are recognisable on both engines.
		_, err = d.ExecContext(ctx, `INSERT INTO thing VALUES ('b', 'A', 1, NULL)`)
		require.True(t, db.IsUniqueViolation(err), "%v", err)
		_, err = d.ExecContext(ctx, `INSERT INTO thing VALUES ('a', 'B', 1, NULL)`)
		require.True(t, db.IsUniqueViolation(err), "%v", err)
		_, err = d.ExecContext(ctx, `INSERT INTO thing VALUES ('c', 'C', 1, 'nope')`)
		require.True(t, db.IsForeignKeyViolation(err), "foreign keys are enforced: %v", err)
		require.False(t, db.IsUniqueViolation(err))

		// Optimistic versions.
		update := func(version int64, id string) error {
			return d.InTx(ctx, func(tx *db.Tx) error {
				res, err := tx.ExecContext(ctx, `UPDATE thing SET version = version + 1 WHERE id = $1 AND version = $2`, id, version)
				if err != nil {
					return err
				}
				return db.CheckVersion(ctx, tx, res, "thing", id, "thing")
			})
		}
		require.NoError(t, update(1, "a"))
		err = update(1, "a")
		require.Equal(t, apperr.CodeVersionConflict, apperr.CodeOf(err))
		err = update(1, "zzz")
		require.Equal(t, apperr.CodeNotFound, apperr.CodeOf(err))
	})
}

// TestWritersQueueWithoutBusyErrors: many goroutines writing at once all
// succeed; on SQLite they queue for the single writer, on PostgreSQL row
// locks and retries sort them out.
func TestWritersQueueWithoutBusyErrors(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		_, err := d.ExecContext(ctx, `CREATE TABLE counter (id INTEGER PRIMARY KEY, n INTEGER NOT NULL)`)
		require.NoError(t, err)
		_, err = d.ExecContext(ctx, `INSERT INTO counter VALUES (1, 0)`)
		require.NoError(t, err)
		const workers, each = 8, 50
		errs := make(chan error, workers)
		for range workers {
			go func() {
				for range each {
					if err := d.InTx(ctx, func(tx *db.Tx) error {
						var n int
						if err := tx.QueryRowContext(ctx, `SELECT n FROM counter WHERE id = 1`+d.Dialect().ForUpdate()).Scan(&n); err != nil {
							return err
						}
						_, err := tx.ExecContext(ctx, `UPDATE counter SET n = $1 WHERE id = 1`, n+1)
						return err
					}); err != nil {
						errs <- err
						return
					}
				}
				errs <- nil
			}()
		}
		for range workers {
			require.NoError(t, <-errs)
		}
		var n int
		require.NoError(t, d.QueryRowContext(ctx, `SELECT n FROM counter`).Scan(&n))
		require.Equal(t, workers*each, n, "no lost update")
	})
}

// TestBeforeCommit: hooks run after the use case, before the commit; a
// failing hook rolls everything back; a savepoint that is undone takes its
// hooks with it.
func TestBeforeCommit(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		_, err := d.ExecContext(ctx, `CREATE TABLE hook_test (x INTEGER NOT NULL)`)
		require.NoError(t, err)
		var order []string
		err = d.InTx(ctx, func(tx *db.Tx) error {
			tx.BeforeCommit(func() error {
				order = append(order, "hook")
				_, err := tx.ExecContext(ctx, `INSERT INTO hook_test (x) VALUES (1)`)
				return err
			})
			require.Error(t, tx.Savepoint(ctx, func() error {
				tx.BeforeCommit(func() error { order = append(order, "undone"); return nil })
				return errors.New("skip this row")
			}))
			order = append(order, "use case")
			return nil
		})
		require.NoError(t, err)
		require.Equal(t, []string{"use case", "hook"}, order)

		err = d.InTx(ctx, func(tx *db.Tx) error {
			if _, err := tx.ExecContext(ctx, `INSERT INTO hook_test (x) VALUES (2)`); err != nil {
				return err
			}
			tx.BeforeCommit(func() error { return errors.New("refused") })
			return nil
		})
		require.EqualError(t, err, "refused")
		var n int
		require.NoError(t, d.QueryRowContext(ctx, `SELECT COUNT(*) FROM hook_test`).Scan(&n))
		require.Equal(t, 1, n, "the failed hook rolled its transaction back")
	})
}

func TestBatchWritesAtCommitAndHonoursSavepoints(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		_, err := d.ExecContext(ctx, `CREATE TABLE batch_test (x INTEGER NOT NULL)`)
		require.NoError(t, err)
		_, err = d.ExecContext(ctx, `CREATE TABLE batch_pair (x INTEGER NOT NULL, y TEXT NOT NULL)`)
		require.NoError(t, err)
		// Every x also goes to a second table, so that on PostgreSQL the
		// batches are written by one combined statement.
		add := func(tx *db.Tx, xs ...int) {
			for _, x := range xs {
				tx.Batch(`INSERT INTO batch_test (x) VALUES `, 1).Add(x)
				tx.Batch(`INSERT INTO batch_pair (x, y) VALUES `, 2).Add(x, strconv.Itoa(x))
			}
		}
		count := func() (n int) {
			var pairs int
			require.NoError(t, d.QueryRowContext(ctx, `SELECT COUNT(*) FROM batch_test`).Scan(&n))
			require.NoError(t, d.QueryRowContext(ctx, `SELECT COUNT(*) FROM batch_pair WHERE y = CAST(x AS TEXT)`).Scan(&pairs))
			require.Equal(t, n, pairs, "both batches hold the same rows")
			return n
		}
		require.NoError(t, d.InTx(ctx, func(tx *db.Tx) error {
			add(tx, 1)
			require.Error(t, tx.Savepoint(ctx, func() error {
				add(tx, 2, 3)
				return errors.New("skip these")
			}))
			require.NoError(t, tx.Savepoint(ctx, func() error {
				add(tx, 4)
				return nil
			}))
			add(tx, 5)
			return nil
		}))
		var got []int
		r, err := d.QueryContext(ctx, `SELECT x FROM batch_test ORDER BY x`)
		require.NoError(t, err)
		for r.Next() {
			var x int
			require.NoError(t, r.Scan(&x))
			got = append(got, x)
		}
		require.NoError(t, r.Err())
		require.Equal(t, []int{1, 4, 5}, got, "rows before and after a failed savepoint are written, its own are not")
		require.Equal(t, 3, count())

		require.Error(t, d.InTx(ctx, func(tx *db.Tx) error {
			add(tx, 6)
			return errors.New("refused")
		}))
		require.Equal(t, 3, count(), "a rolled-back transaction writes nothing of its batch")

		many := make([]int, 12345) // more rows than one INSERT takes, more parameters than one combined statement
		require.NoError(t, d.InTx(ctx, func(tx *db.Tx) error {
			add(tx, many...)
			return nil
		}))
		require.Equal(t, 3+12345, count())

		require.Panics(t, func() {
			_ = d.InTx(ctx, func(tx *db.Tx) error {
				tx.Batch(`INSERT INTO batch_pair (x, y) VALUES `, 2).Add(1)
				return nil
			})
		}, "a row of the wrong width is a programming error")
	})
}
