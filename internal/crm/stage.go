package crm

import (
	"context"
	"strings"
	"time"

	"github.com/concord-erp/concord/internal/platform/apperr"
	"github.com/concord-erp/concord/internal/platform/audit"
	"github.com/concord-erp/concord/internal/platform/db"
	"github.com/concord-erp/concord/internal/platform/id"
)

// Stage is a step of the sales pipeline. Opportunities in a won stage are
// won, in a lost stage lost, in any other stage open.
type Stage struct {
	ID          string    `json:"id"`
	Name        string    `json:"name"`
	Position    int       `json:"position" doc:"Order of the stage in the pipeline, lowest first."`
	Probability int       `json:"probability" doc:"Default probability (0–100 percent) of an opportunity entering the stage."`
	Won         bool      `json:"won"`
	Lost        bool      `json:"lost"`
	Version     int64     `json:"version"`
	CreatedAt   time.Time `json:"created_at"`
	UpdatedAt   time.Time `json:"updated_at"`
}

// StageInput is what a client sets on a stage.
type StageInput struct {
	Name        string `json:"name" maxLength:"80"`
	Position    int    `json:"position" minimum:"0" maximum:"100000"`
	Probability int    `json:"probability" minimum:"0" maximum:"100"`
	Won         bool   `json:"won,omitempty"`
	Lost        bool   `json:"lost,omitempty"`
	Version     int64  `json:"version,omitempty" doc:"The version being replaced (or If-Match)."`
}

// Errors of stages.
var (
	ErrStageExists = &apperr.Error{Kind: apperr.KindConflict, Code: "stage_exists", Message: "a stage with this name exists",
		Fields: []apperr.FieldError{{Field: "name", Code: "taken", Message: "already used"}}}
	ErrStageInUse = apperr.Conflict("stage_in_use", "opportunities are in this stage; move them first")
)

func (in *StageInput) validate() error {
	in.Name = strings.TrimSpace(in.Name)
	var v apperr.Validator
	v.Check(in.Name != "", "name", "required", "the stage's name")
	v.Check(in.Probability >= 0 && in.Probability <= 100, "probability", "out_of_range", "0 to 100")
	v.Check(!(in.Won && in.Lost), "lost", "conflict", "a stage cannot be both won and lost")
	if in.Won {
		v.Check(in.Probability == 100, "probability", "won_not_100", "a won stage has probability 100")
	}
	if in.Lost {
		v.Check(in.Probability == 0, "probability", "lost_not_0", "a lost stage has probability 0")
	}
	return v.Err()
}

const stageColumns = `id, name, position, probability, is_won, is_lost, version, created_at, updated_at`

func scanStage(s interface{ Scan(...any) error }) (Stage, error) {
	var st Stage
	err := s.Scan(&st.ID, &st.Name, &st.Position, &st.Probability, &st.Won, &st.Lost, &st.Version, &st.CreatedAt, &st.UpdatedAt)
	st.CreatedAt, st.UpdatedAt = st.CreatedAt.UTC(), st.UpdatedAt.UTC()
	return st, err
}

func findStage(ctx context.Context, q db.Querier, key string) (Stage, error) {
	st, err := scanStage(q.QueryRowContext(ctx, `SELECT `+stageColumns+` FROM crm_stage WHERE id = $1 OR name = $1`, key))
	if err != nil {
		return Stage{}, db.NotFound(err, "stage")
	}
	return st, nil
}

func findStages(ctx context.Context, q db.Querier) ([]Stage, error) {
	rows, err := q.QueryContext(ctx, `SELECT `+stageColumns+` FROM crm_stage ORDER BY position, name`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []Stage{}
	for rows.Next() {
		st, err := scanStage(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, st)
	}
	return out, rows.Err()
}

// FindStages lists the pipeline's stages in order.
func (s *Service) FindStages(ctx context.Context) ([]Stage, error) { return findStages(ctx, s.db) }

// FindStage returns a stage by ID or name. Errors: not_found.
func (s *Service) FindStage(ctx context.Context, key string) (Stage, error) {
	return findStage(ctx, s.db, key)
}

// CreateStage adds a stage. Errors: validation_failed, stage_exists.
func (s *Service) CreateStage(ctx context.Context, in StageInput) (Stage, error) {
	if err := in.validate(); err != nil {
		return Stage{}, err
	}
	st := Stage{ID: id.New("stg"), Name: in.Name, Position: in.Position, Probability: in.Probability, Won: in.Won, Lost: in.Lost, Version: 1}
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		st.CreatedAt, st.UpdatedAt = tx.Now(), tx.Now()
		if _, err := tx.ExecContext(ctx, `INSERT INTO crm_stage (`+stageColumns+`) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
			st.ID, st.Name, st.Position, st.Probability, st.Won, st.Lost, st.Version, st.CreatedAt, st.UpdatedAt); err != nil {
			if db.IsUniqueViolation(err) {
				return ErrStageExists
			}
			return err
		}
		return record(ctx, tx, eventAggregateStage, st.ID, audit.ActionCreate, EventStageCreated, nil, st)
	})
	return st, err
}

// ReplaceStage changes a stage; opportunities in it keep their own
// probability. Errors: not_found, validation_failed, stage_exists,
// version_conflict, stage_in_use (won or lost changed while opportunities
// are in it).
func (s *Service) ReplaceStage(ctx context.Context, key string, in StageInput, version int64) (Stage, error) {
	if err := in.validate(); err != nil {
		return Stage{}, err
	}
	var after Stage
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		before, err := findStage(ctx, tx, key)
		if err != nil {
			return err
		}
		if before.Won != in.Won || before.Lost != in.Lost {
			// The status of the opportunities in it would silently change.
			if n, err := countInStage(ctx, tx, before.ID); err != nil {
				return err
			} else if n > 0 {
				return ErrStageInUse
			}
		}
		after = before
		after.Name, after.Position, after.Probability, after.Won, after.Lost = in.Name, in.Position, in.Probability, in.Won, in.Lost
		after.Version, after.UpdatedAt = before.Version+1, tx.Now()
		res, err := tx.ExecContext(ctx, `UPDATE crm_stage SET name = $1, position = $2, probability = $3, is_won = $4, is_lost = $5,
			version = $6, updated_at = $7 WHERE id = $8 AND version = $9`,
			after.Name, after.Position, after.Probability, after.Won, after.Lost, after.Version, after.UpdatedAt, after.ID, version)
		if db.IsUniqueViolation(err) {
			return ErrStageExists
		}
		if err != nil {
			return err
		}
		if err := db.CheckVersion(ctx, tx, res, "crm_stage", after.ID, "stage"); err != nil {
			return err
		}
		return record(ctx, tx, eventAggregateStage, after.ID, audit.ActionUpdate, EventStageUpdated, before, after)
	})
	return after, err
}

// DeleteStage removes a stage no opportunity is in. Errors: not_found,
// stage_in_use.
func (s *Service) DeleteStage(ctx context.Context, key string) error {
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		st, err := findStage(ctx, tx, key)
		if err != nil {
			return err
		}
		if n, err := countInStage(ctx, tx, st.ID); err != nil {
			return err
		} else if n > 0 {
			return ErrStageInUse
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM crm_stage WHERE id = $1`, st.ID); err != nil {
			return err
		}
		return record(ctx, tx, eventAggregateStage, st.ID, audit.ActionDelete, EventStageDeleted, st, st)
	})
}

func countInStage(ctx context.Context, q db.Querier, stageID string) (int, error) {
	var n int
	err := q.QueryRowContext(ctx, `SELECT COUNT(*) FROM crm_opportunity WHERE stage_id = $1`, stageID).Scan(&n)
	return n, err
}
