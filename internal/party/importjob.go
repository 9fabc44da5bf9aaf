package party

import (
	"context"

	"github.com/concord-erp/concord/internal/platform/db"
	"github.com/concord-erp/concord/internal/platform/jobs"
	"github.com/concord-erp/concord/internal/platform/tabular"
)

// JobImport is the kind of the background job that imports a party file.
const JobImport = "party.import"

// ImportJobOptions are the options of a background import (the job's
// payload).
type ImportJobOptions struct {
	Role            string `json:"role"`
	DryRun          bool   `json:"dry_run"`
	SkipInvalid     bool   `json:"skip_invalid"`
	AllowDuplicates bool   `json:"allow_duplicates"`
	Profile         string `json:"profile"`
	Sheet           string `json:"sheet"`
}

// ImportLater stores an uploaded file and queues its import; the job's
// progress counts rows and its result is the tabular.ImportResult.
func (s *Service) ImportLater(ctx context.Context, file []byte, opts ImportJobOptions) (jobs.Job, error) {
	if _, err := principal(ctx); err != nil {
		return jobs.Job{}, err
	}
	var j jobs.Job
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		var err error
		j, err = jobs.EnqueueTx(ctx, tx, JobImport, opts, jobs.Options{File: file, MaxAttempts: 1})
		return err
	})
	return j, err
}

// RegisterJobs gives the queue this module's job handlers.
func (s *Service) RegisterJobs(q *jobs.Queue) {
	q.Register(JobImport, func(ctx context.Context, r *jobs.Run) (any, error) {
		var o ImportJobOptions
		if err := r.Payload(&o); err != nil {
			return nil, err
		}
		file, err := r.File(ctx)
		if err != nil {
			return nil, err
		}
		rd, err := tabular.OpenBytes(file, tabular.Options{Sheet: o.Sheet})
		if err != nil {
			return nil, err
		}
		defer rd.Close()
		return s.Import(ctx, rd, ImportOptions{Role: o.Role, AllowDuplicates: o.AllowDuplicates, Profile: o.Profile,
			ImportOptions: tabular.ImportOptions{DryRun: o.DryRun, SkipInvalid: o.SkipInvalid,
				Progress: func(rows int) { r.Progress(rows, 0) }}})
	})
}
