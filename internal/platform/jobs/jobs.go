// Package jobs is Concord's durable background-job queue: a table in the
// application database, so a job is enqueued in the same transaction as
// the change that asks for it (EnqueueTx) and survives restarts.
//
// Workers claim one job at a time with a lease. On PostgreSQL the claim
// uses FOR UPDATE SKIP LOCKED, so several nodes share the queue without
// running a job twice; SQLite's single writer serialises claims. A job
// whose lease ran out (its node died) is claimed again. A failing job is
// retried with exponential backoff up to its attempt limit. Handlers must
// therefore be idempotent, as with any at-least-once queue.
package jobs

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/concord-erp/concord/internal/platform/apperr"
	"github.com/concord-erp/concord/internal/platform/authz"
	"github.com/concord-erp/concord/internal/platform/db"
	"github.com/concord-erp/concord/internal/platform/id"
)

// Statuses of a job.
const (
	Queued    = "queued"
	Running   = "running"
	Succeeded = "succeeded"
	Failed    = "failed"
)

// Job is a unit of background work and its outcome.
type Job struct {
	ID          string          `json:"id"`
	Kind        string          `json:"kind"`
	Status      string          `json:"status" enum:"queued,running,succeeded,failed"`
	Attempts    int             `json:"attempts"`
	MaxAttempts int             `json:"max_attempts"`
	Done        int             `json:"done" doc:"Progress: units done (e.g. rows read)."`
	Total       int             `json:"total" doc:"Progress: units in all, 0 when unknown."`
	Result      json.RawMessage `json:"result,omitempty"`
	Error       string          `json:"error,omitempty"`
	CreatedBy   string          `json:"created_by"`
	CreatedAt   time.Time       `json:"created_at"`
	UpdatedAt   time.Time       `json:"updated_at"`
	payload     []byte
	// principalUser is the user the job runs as; empty for the system.
	principalUser string
}

// Options of a new job.
type Options struct {
	// MaxAttempts bounds the runs of a failing job (default 3).
	MaxAttempts int
	// File is an input file kept with the job (an uploaded import).
	File []byte
	// RunAt delays the job until then (a reminder); zero runs it at once.
	RunAt time.Time
}

// EnqueueTx adds a job in tx; it runs only if tx commits. The principal of
// ctx is recorded as its creator and becomes the job's principal when it
// runs.
func EnqueueTx(ctx context.Context, tx *db.Tx, kind string, payload any, opts Options) (Job, error) {
	p := authz.FromContext(ctx)
	if p == nil {
		return Job{}, errors.New("jobs: no principal in context")
	}
	if opts.MaxAttempts == 0 {
		opts.MaxAttempts = 3
	}
	raw, err := json.Marshal(payload)
	if err != nil {
		return Job{}, fmt.Errorf("jobs: marshal %s payload: %w", kind, err)
	}
	j := Job{ID: id.New("job"), Kind: kind, Status: Queued, MaxAttempts: opts.MaxAttempts, CreatedBy: p.ActorID(),
		CreatedAt: tx.Now(), UpdatedAt: tx.Now(), payload: raw}
	runAt := tx.Now()
	if opts.RunAt.After(runAt) {
		runAt = opts.RunAt.UTC()
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO job (id, kind, status, payload, attempts, max_attempts, run_at, done, total,
		created_by, principal_user, created_at, updated_at) VALUES ($1, $2, $3, $4, 0, $5, $6, 0, 0, $7, $8, $9, $10)`,
		j.ID, j.Kind, j.Status, string(raw), j.MaxAttempts, runAt, j.CreatedBy, p.UserID, tx.Now(), tx.Now()); err != nil {
		return Job{}, fmt.Errorf("jobs: enqueue %s: %w", kind, err)
	}
	if opts.File != nil {
		if _, err := tx.ExecContext(ctx, `INSERT INTO job_file (job_id, content) VALUES ($1, $2)`, j.ID, opts.File); err != nil {
			return Job{}, fmt.Errorf("jobs: store file: %w", err)
		}
	}
	return j, nil
}

// EnqueueOnceTx adds a job of a kind as EnqueueTx does unless one of that
// kind is queued already, for recurring work that reschedules itself; it
// reports whether it added one. Transactions enqueueing the same kind are
// serialised, so two nodes starting at once queue one job.
func EnqueueOnceTx(ctx context.Context, tx *db.Tx, kind string, payload any, opts Options) (Job, bool, error) {
	if err := tx.Lock(ctx, "jobs.once:"+kind); err != nil {
		return Job{}, false, err
	}
	var n int
	if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM job WHERE kind = $1 AND status = $2`, kind, Queued).Scan(&n); err != nil {
		return Job{}, false, err
	}
	if n > 0 {
		return Job{}, false, nil
	}
	j, err := EnqueueTx(ctx, tx, kind, payload, opts)
	return j, err == nil, err
}

const jobColumns = `id, kind, status, attempts, max_attempts, done, total, result, error, created_by, created_at, updated_at,
	payload, principal_user`

func scanJob(s interface{ Scan(...any) error }) (Job, error) {
	var j Job
	var result, jerr sql.NullString
	var payload string
	err := s.Scan(&j.ID, &j.Kind, &j.Status, &j.Attempts, &j.MaxAttempts, &j.Done, &j.Total, &result, &jerr, &j.CreatedBy,
		&j.CreatedAt, &j.UpdatedAt, &payload, &j.principalUser)
	if result.Valid {
		j.Result = json.RawMessage(result.String)
	}
	j.Error, j.payload = jerr.String, []byte(payload)
	j.CreatedAt, j.UpdatedAt = j.CreatedAt.UTC(), j.UpdatedAt.UTC()
	return j, err
}

// Find returns a job. Jobs are visible to their creator and to principals
// holding every permission; others get not_found.
func Find(ctx context.Context, q db.Querier, jobID string) (Job, error) {
	j, err := scanJob(q.QueryRowContext(ctx, `SELECT `+jobColumns+` FROM job WHERE id = $1`, jobID))
	if err != nil {
		return Job{}, db.NotFound(err, "job")
	}
	p := authz.FromContext(ctx)
	if p == nil || (!p.Super() && p.ActorID() != j.CreatedBy && p.UserID != userOf(j.CreatedBy)) {
		return Job{}, apperr.NotFound("job")
	}
	return j, nil
}

// userOf is the user part of an actor ID ("usr_1/tok_2" → "usr_1").
func userOf(actor string) string {
	user, _, _ := strings.Cut(actor, "/")
	return user
}

// Run is a job being worked on, handed to its Handler.
type Run struct {
	Job
	q *Queue
	// done and total are the latest progress, saved by a ticker (see
	// RunOne) rather than by the handler, which may be holding the only
	// SQLite write connection in its own transaction.
	done, total atomic.Int64
}

// Payload decodes the job's payload into v.
func (r *Run) Payload(v any) error { return json.Unmarshal(r.payload, v) }

// File returns the input file stored with the job.
func (r *Run) File(ctx context.Context) ([]byte, error) {
	var b []byte
	err := r.q.db.QueryRowContext(ctx, `SELECT content FROM job_file WHERE job_id = $1`, r.ID).Scan(&b)
	return b, err
}

// Progress notes how far the job got; it never blocks. The queue saves it,
// and extends the job's lease, every second while the job runs and once
// when it ends.
func (r *Run) Progress(done, total int) {
	r.done.Store(int64(done))
	r.total.Store(int64(total))
}

// saveProgress writes the latest progress and extends the lease, giving up
// quickly when the database is busy (the job's own transaction may hold
// SQLite's writer; the next tick tries again).
func (r *Run) saveProgress(ctx context.Context) error {
	ctx, cancel := context.WithTimeout(ctx, 200*time.Millisecond)
	defer cancel()
	return r.q.db.InTxOnce(ctx, func(tx *db.Tx) error {
		_, err := tx.ExecContext(ctx, `UPDATE job SET done = $1, total = $2, locked_until = $3, updated_at = $4
			WHERE id = $5 AND status = $6 AND locked_by = $7`,
			r.done.Load(), r.total.Load(), tx.Now().Add(r.q.lease), tx.Now(), r.ID, Running, r.q.node)
		return err
	})
}

// Handler does a job's work and returns its result (stored as JSON). An
// error makes the job retry later, or fail for good after its last attempt.
type Handler func(ctx context.Context, r *Run) (any, error)

// PrincipalFunc rebuilds the principal a job runs as from its creator's
// user ID (empty when the system created it). A user who was deactivated
// since makes the job fail.
type PrincipalFunc func(ctx context.Context, userID string) (*authz.Principal, error)

// Queue runs the registered handlers on the jobs of one database.
type Queue struct {
	db        *db.DB
	log       *slog.Logger
	principal PrincipalFunc
	handlers  map[string]Handler
	lease     time.Duration
	poll      time.Duration
	node      string
	mu        sync.Mutex
}

// NewQueue returns a queue; principal rebuilds the principal of each job.
func NewQueue(d *db.DB, log *slog.Logger, principal PrincipalFunc) *Queue {
	return &Queue{db: d, log: log, principal: principal, handlers: map[string]Handler{}, lease: 5 * time.Minute,
		poll: 500 * time.Millisecond, node: id.New("node")}
}

// Register sets the handler of a kind of job.
func (q *Queue) Register(kind string, h Handler) {
	q.mu.Lock()
	defer q.mu.Unlock()
	q.handlers[kind] = h
}

// Work runs workers until ctx ends.
func (q *Queue) Work(ctx context.Context, workers int) {
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for ctx.Err() == nil {
				ran, err := q.RunOne(ctx)
				if err != nil && ctx.Err() == nil {
					q.log.Error("job queue", "error", err)
				}
				if !ran {
					select {
					case <-ctx.Done():
					case <-time.After(q.poll):
					}
				}
			}
		}()
	}
	wg.Wait()
}

// RunOne claims and runs one due job; it reports whether there was one.
func (q *Queue) RunOne(ctx context.Context) (bool, error) {
	j, ok, err := q.claim(ctx)
	if err != nil || !ok {
		return false, err
	}
	q.mu.Lock()
	h := q.handlers[j.Kind]
	q.mu.Unlock()
	var result any
	run := &Run{Job: j, q: q}
	if h == nil {
		err = fmt.Errorf("no handler for jobs of kind %q", j.Kind)
	} else {
		var p *authz.Principal
		p, err = q.principal(ctx, j.principalUser)
		if err == nil {
			stop := make(chan struct{})
			ticked := make(chan struct{})
			go func() {
				defer close(ticked)
				for {
					select {
					case <-stop:
						return
					case <-time.After(time.Second):
						_ = run.saveProgress(ctx)
					}
				}
			}()
			result, err = runSafely(authz.WithPrincipal(ctx, p), h, run)
			close(stop)
			<-ticked
		}
	}
	if ctx.Err() != nil {
		// Shutting down: hand the job back untouched (not a failed attempt)
		// so a node picks it up again.
		return true, q.release(context.WithoutCancel(ctx), j)
	}
	return true, q.finish(context.WithoutCancel(ctx), run, result, err)
}

func (q *Queue) release(ctx context.Context, j Job) error {
	return q.db.InTx(ctx, func(tx *db.Tx) error {
		_, err := tx.ExecContext(ctx, `UPDATE job SET status = $1, attempts = $2, locked_until = NULL, run_at = $3, updated_at = $3
			WHERE id = $4 AND locked_by = $5`, Queued, j.Attempts-1, tx.Now(), j.ID, q.node)
		return err
	})
}

func runSafely(ctx context.Context, h Handler, r *Run) (result any, err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("job panicked: %v", p)
		}
	}()
	return h(ctx, r)
}

func (q *Queue) claim(ctx context.Context) (Job, bool, error) {
	var j Job
	found := false
	err := q.db.InTx(ctx, func(tx *db.Tx) error {
		// A job whose node died during its last attempt is not run again
		// (its handler may be what kills nodes): it fails.
		if _, err := tx.ExecContext(ctx, `UPDATE job SET status = $1, error = $2, locked_until = NULL, updated_at = $3
			WHERE status = $4 AND locked_until < $3 AND attempts >= max_attempts`,
			Failed, "abandoned: the node running its last attempt stopped", tx.Now(), Running); err != nil {
			return err
		}
		skip := ""
		if tx.Dialect() == db.Postgres {
			skip = " FOR UPDATE SKIP LOCKED"
		}
		row := tx.QueryRowContext(ctx, `SELECT `+jobColumns+` FROM job
			WHERE (status = $1 AND run_at <= $2) OR (status = $3 AND locked_until < $2)
			ORDER BY run_at, id LIMIT 1`+skip, Queued, tx.Now(), Running)
		var err error
		j, err = scanJob(row)
		if errors.Is(err, sql.ErrNoRows) {
			return nil
		}
		if err != nil {
			return err
		}
		j.Status, j.Attempts = Running, j.Attempts+1
		found = true
		_, err = tx.ExecContext(ctx, `UPDATE job SET status = $1, attempts = $2, locked_by = $3, locked_until = $4, updated_at = $5 WHERE id = $6`,
			Running, j.Attempts, q.node, tx.Now().Add(q.lease), tx.Now(), j.ID)
		return err
	})
	return j, found, err
}

func (q *Queue) finish(ctx context.Context, run *Run, result any, runErr error) error {
	j := run.Job
	return q.db.InTx(ctx, func(tx *db.Tx) error {
		// A node whose lease ran out must not overwrite the outcome of the
		// node that took the job over.
		var owner sql.NullString
		if err := tx.QueryRowContext(ctx, `SELECT locked_by FROM job WHERE id = $1 AND status = $2`, j.ID, Running).Scan(&owner); err != nil || owner.String != q.node {
			if err == nil || errors.Is(err, sql.ErrNoRows) {
				q.log.Warn("job lease lost; outcome dropped", "job", j.ID)
				return nil
			}
			return err
		}
		if runErr == nil {
			raw, err := json.Marshal(result)
			if err != nil {
				runErr = err
			} else {
				if _, err := tx.ExecContext(ctx, `UPDATE job SET status = $1, result = $2, error = NULL, locked_until = NULL, updated_at = $3,
					done = $4, total = $5 WHERE id = $6`, Succeeded, string(raw), tx.Now(), run.done.Load(), run.total.Load(), j.ID); err != nil {
					return err
				}
				// A done job's input file is not needed again; a failed
				// job's is kept to look into.
				_, err := tx.ExecContext(ctx, `DELETE FROM job_file WHERE job_id = $1`, j.ID)
				return err
			}
		}
		q.log.Warn("job failed", "job", j.ID, "kind", j.Kind, "attempt", j.Attempts, "error", runErr)
		if j.Attempts < j.MaxAttempts {
			backoff := time.Duration(1<<min(j.Attempts, 10)) * time.Second
			_, err := tx.ExecContext(ctx, `UPDATE job SET status = $1, error = $2, run_at = $3, locked_until = NULL, updated_at = $4 WHERE id = $5`,
				Queued, runErr.Error(), tx.Now().Add(backoff), tx.Now(), j.ID)
			return err
		}
		_, err := tx.ExecContext(ctx, `UPDATE job SET status = $1, error = $2, locked_until = NULL, updated_at = $3 WHERE id = $4`,
			Failed, runErr.Error(), tx.Now(), j.ID)
		return err
	})
}

// Find returns a job of this queue's database (see the package function).
func (q *Queue) Find(ctx context.Context, jobID string) (Job, error) { return Find(ctx, q.db, jobID) }
