package jobs_test

import (
	"context"
	"errors"
	"log/slog"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/concord-erp/concord/internal/platform/authz"
	"github.com/concord-erp/concord/internal/platform/db"
	"github.com/concord-erp/concord/internal/platform/db/dbtest"
	"github.com/concord-erp/concord/internal/platform/jobs"
)

func principal(_ context.Context, userID string) (*authz.Principal, error) {
	if userID == "" {
		return authz.System("jobs"), nil
	}
	return &authz.Principal{UserID: userID}, nil
}

func queue(d *db.DB) *jobs.Queue {
	return jobs.NewQueue(d, slog.New(slog.DiscardHandler), principal)
}

func enqueue(t *testing.T, d *db.DB, ctx context.Context, kind string, payload any, opts jobs.Options) jobs.Job {
	var j jobs.Job
	require.NoError(t, d.InTx(ctx, func(tx *db.Tx) error {
		var err error
		j, err = jobs.EnqueueTx(ctx, tx, kind, payload, opts)
		return err
	}))
	return j
}

func TestJobsRunOnceWithTheirCreatorAndKeepTheResult(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, d *db.DB) {
		ctx := authz.WithPrincipal(context.Background(), &authz.Principal{UserID: "usr_1"})
		boom := errors.New("rolled back")
		err := d.InTx(ctx, func(tx *db.Tx) error {
			_, err := jobs.EnqueueTx(ctx, tx, "echo", "lost", jobs.Options{})
			require.NoError(t, err)
			return boom
		})
		require.ErrorIs(t, err, boom)
		q := queue(d)
		var seenUser string
		q.Register("echo", func(ctx context.Context, r *jobs.Run) (any, error) {
			var s string
			require.NoError(t, r.Payload(&s))
			f, err := r.File(ctx)
			require.NoError(t, err)
			seenUser = authz.FromContext(ctx).UserID
			r.Progress(1, 1)
			return map[string]string{"echo": s, "file": string(f)}, nil
		})
		ran, err := q.RunOne(ctx)
		require.NoError(t, err)
		require.False(t, ran, "a job enqueued in a rolled-back transaction does not exist")

		j := enqueue(t, d, ctx, "echo", "hello", jobs.Options{File: []byte("a,b\n")})
		ran, err = q.RunOne(ctx)
		require.NoError(t, err)
		require.True(t, ran)
		require.Equal(t, "usr_1", seenUser, "the job runs as the user who asked for it")
		got, err := jobs.Find(ctx, d, j.ID)
		require.NoError(t, err)
		require.Equal(t, jobs.Succeeded, got.Status)
		require.JSONEq(t, `{"echo":"hello","file":"a,b\n"}`, string(got.Result))
		var files int
		require.NoError(t, d.QueryRowContext(ctx, `SELECT COUNT(*) FROM job_file`).Scan(&files))
		require.Zero(t, files, "a finished job's file is deleted")
		require.Equal(t, 1, got.Done)

		other := authz.WithPrincipal(context.Background(), &authz.Principal{UserID: "usr_2"})
		_, err = jobs.Find(other, d, j.ID)
		require.Error(t, err, "another user's job is not found")
		ran, err = q.RunOne(ctx)
		require.NoError(t, err)
		require.False(t, ran, "a finished job does not run again")
	})
}

func TestFailingJobsRetryThenFail(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, d *db.DB) {
		ctx := authz.WithPrincipal(context.Background(), authz.System("test"))
		q := queue(d)
		calls := 0
		q.Register("flaky", func(context.Context, *jobs.Run) (any, error) {
			calls++
			if calls == 2 {
				panic("kaboom")
			}
			return nil, errors.New("not yet")
		})
		j := enqueue(t, d, ctx, "flaky", nil, jobs.Options{MaxAttempts: 3})
		for attempt := 1; attempt <= 3; attempt++ {
			// Make the backoff pass at once.
			_, err := d.ExecContext(ctx, `UPDATE job SET run_at = $1 WHERE id = $2`, time.Now().Add(-time.Hour), j.ID)
			require.NoError(t, err)
			ran, err := q.RunOne(ctx)
			require.NoError(t, err)
			require.True(t, ran)
			got, err := jobs.Find(ctx, d, j.ID)
			require.NoError(t, err)
			require.Equal(t, attempt, got.Attempts)
			if attempt < 3 {
				require.Equal(t, jobs.Queued, got.Status)
			} else {
				require.Equal(t, jobs.Failed, got.Status)
				require.Equal(t, "not yet", got.Error)
			}
		}
		require.Equal(t, 3, calls, "a panic counts as a failed attempt, not a crash")
	})
}

// TestTwoNodesNeverRunAJobTwice: two queues (nodes) with several workers
// each share the table; every job runs exactly once.
func TestTwoNodesNeverRunAJobTwice(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, d *db.DB) {
		ctx := authz.WithPrincipal(context.Background(), authz.System("test"))
		const n = 60
		var runs sync.Map
		var total atomic.Int64
		handler := func(_ context.Context, r *jobs.Run) (any, error) {
			c, _ := runs.LoadOrStore(r.ID, new(atomic.Int64))
			c.(*atomic.Int64).Add(1)
			total.Add(1)
			return nil, nil
		}
		for range n {
			enqueue(t, d, ctx, "count", nil, jobs.Options{})
		}
		wctx, cancel := context.WithCancel(ctx)
		var wg sync.WaitGroup
		for range 2 {
			q := queue(d)
			q.Register("count", handler)
			wg.Add(1)
			go func() { defer wg.Done(); q.Work(wctx, 3) }()
		}
		require.Eventually(t, func() bool { return total.Load() == n }, 30*time.Second, 20*time.Millisecond)
		cancel()
		wg.Wait()
		require.EqualValues(t, n, total.Load())
		runs.Range(func(_, v any) bool {
			require.EqualValues(t, 1, v.(*atomic.Int64).Load())
			return true
		})
	})
}

func TestAnExpiredLeaseIsTakenOver(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, d *db.DB) {
		ctx := authz.WithPrincipal(context.Background(), authz.System("test"))
		j := enqueue(t, d, ctx, "resume", nil, jobs.Options{})
		// A node claimed it and died.
		_, err := d.ExecContext(ctx, `UPDATE job SET status = 'running', attempts = 1, locked_by = 'node_dead', locked_until = $1 WHERE id = $2`,
			time.Now().Add(-time.Minute), j.ID)
		require.NoError(t, err)
		q := queue(d)
		q.Register("resume", func(context.Context, *jobs.Run) (any, error) { return "resumed", nil })
		ran, err := q.RunOne(ctx)
		require.NoError(t, err)
		require.True(t, ran)
		got, err := jobs.Find(ctx, d, j.ID)
		require.NoError(t, err)
		require.Equal(t, jobs.Succeeded, got.Status)
		require.Equal(t, 2, got.Attempts)
	})
}

func TestShutdownHandsTheJobBack(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, d *db.DB) {
		ctx := authz.WithPrincipal(context.Background(), authz.System("test"))
		j := enqueue(t, d, ctx, "slow", nil, jobs.Options{MaxAttempts: 1})
		q := queue(d)
		wctx, cancel := context.WithCancel(ctx)
		q.Register("slow", func(ctx context.Context, _ *jobs.Run) (any, error) {
			cancel() // SIGTERM while the job runs
			<-ctx.Done()
			return nil, ctx.Err()
		})
		ran, err := q.RunOne(wctx)
		require.NoError(t, err)
		require.True(t, ran)
		got, err := jobs.Find(ctx, d, j.ID)
		require.NoError(t, err)
		require.Equal(t, jobs.Queued, got.Status, "not failed: another run will do it")
		require.Equal(t, 0, got.Attempts)
	})
}

func TestAJobAbandonedOnItsLastAttemptFails(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, d *db.DB) {
		ctx := authz.WithPrincipal(context.Background(), authz.System("test"))
		j := enqueue(t, d, ctx, "crasher", nil, jobs.Options{MaxAttempts: 1})
		_, err := d.ExecContext(ctx, `UPDATE job SET status = 'running', attempts = 1, locked_by = 'node_dead', locked_until = $1 WHERE id = $2`,
			time.Now().Add(-time.Minute), j.ID)
		require.NoError(t, err)
		q := queue(d)
		q.Register("crasher", func(context.Context, *jobs.Run) (any, error) { t.Fatal("must not run again"); return nil, nil })
		ran, err := q.RunOne(ctx)
		require.NoError(t, err)
		require.False(t, ran)
		got, err := jobs.Find(ctx, d, j.ID)
		require.NoError(t, err)
		require.Equal(t, jobs.Failed, got.Status)
		require.Contains(t, got.Error, "abandoned")
	})
}
