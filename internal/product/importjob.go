package product

import (
	"context"

	"github.com/concord-erp/concord/internal/platform/db"
	"github.com/concord-erp/concord/internal/platform/jobs"
	"github.com/concord-erp/concord/internal/platform/tabular"
)

// JobImport is the kind of the background job that imports a product file.
const JobImport = "product.import"

// importEntity names product imports among saved mapping profiles.
const importEntity = "products"

// ImportJobOptions are the options of a background product import.
type ImportJobOptions struct {
	DryRun      bool   `json:"dry_run"`
	SkipInvalid bool   `json:"skip_invalid"`
	Currency    string `json:"currency"`
	Profile     string `json:"profile"`
	Sheet       string `json:"sheet"`
}

// SaveImportProfile saves a named column mapping for product imports.
// Errors: validation_failed.
func (s *Service) SaveImportProfile(ctx context.Context, name string, m tabular.Mapping) (tabular.Profile, error) {
	p := tabular.Profile{Entity: importEntity, Name: name, Mapping: m}
	return p, tabular.SaveProfile(ctx, s.db, p, ImportFields)
}

// ImportProfiles lists the saved mappings of product imports.
func (s *Service) ImportProfiles(ctx context.Context) ([]tabular.Profile, error) {
	return tabular.Profiles(ctx, s.db, importEntity)
}

// ImportLater stores an uploaded file and queues its import.
func (s *Service) ImportLater(ctx context.Context, file []byte, opts ImportJobOptions) (jobs.Job, error) {
	var j jobs.Job
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		var err error
		j, err = jobs.EnqueueTx(ctx, tx, JobImport, opts, jobs.Options{File: file, MaxAttempts: 1})
		return err
	})
	return j, err
}

// RegisterJobs gives the queue this module's job handlers; suppliers
// resolves supplier codes in imported files.
func (s *Service) RegisterJobs(q *jobs.Queue, suppliers SupplierByCode) {
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
		return s.Import(ctx, rd, ImportOptions{Currency: o.Currency, Profile: o.Profile, Suppliers: suppliers,
			ImportOptions: tabular.ImportOptions{DryRun: o.DryRun, SkipInvalid: o.SkipInvalid,
				Progress: func(rows int) { r.Progress(rows, 0) }}})
	})
}
