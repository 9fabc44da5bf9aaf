package identity

import (
	"context"
	"encoding/json"
	"strings"
	"time"

	"github.com/concord-erp/concord/internal/platform/apperr"
	"github.com/concord-erp/concord/internal/platform/audit"
	"github.com/concord-erp/concord/internal/platform/authz"
	"github.com/concord-erp/concord/internal/platform/db"
	"github.com/concord-erp/concord/internal/platform/id"
)

// SavedView is one user's named state of a list in the web UI: its
// filters, sort and columns. Only its owner sees it.
type SavedView struct {
	ID        string         `json:"id"`
	List      string         `json:"list" doc:"The list it belongs to, e.g. sales-orders."`
	Name      string         `json:"name"`
	State     map[string]any `json:"state" doc:"What the list keeps: filters, sort, visible columns; the UI defines it."`
	CreatedAt time.Time      `json:"created_at"`
}

// SavedViewInput is a new saved view.
type SavedViewInput struct {
	List  string         `json:"list" minLength:"1" maxLength:"40" pattern:"^[a-z0-9-]+$"`
	Name  string         `json:"name" minLength:"1" maxLength:"60"`
	State map[string]any `json:"state"`
}

// maxViewState bounds a view's state: filters and columns, not data.
const maxViewState = 8 << 10

// Errors of saved views.
var (
	ErrViewExists = &apperr.Error{Kind: apperr.KindConflict, Code: "view_exists", Message: "you have a view of this list with this name",
		Fields: []apperr.FieldError{{Field: "name", Code: "taken", Message: "choose another name or delete the other view"}}}
	errNoUser = apperr.New(apperr.KindForbidden, "no_user", "saved views belong to users; this principal is not one")
)

// EventViewSaved and EventViewDeleted are the saved views' events.
const (
	EventViewSaved   = "identity.saved_view.created.v1"
	EventViewDeleted = "identity.saved_view.deleted.v1"
)

func viewOwner(ctx context.Context) (string, error) {
	p := authz.FromContext(ctx)
	if p == nil {
		return "", authz.ErrUnauthenticated
	}
	if p.UserID == "" {
		return "", errNoUser
	}
	return p.UserID, nil
}

// SavedViews lists the signed-in user's views of a list, by name.
func (s *Service) SavedViews(ctx context.Context, list string) ([]SavedView, error) {
	user, err := viewOwner(ctx)
	if err != nil {
		return nil, err
	}
	rows, err := s.db.QueryContext(ctx, `SELECT id, list, name, state, created_at FROM identity_saved_view
		WHERE user_id = $1 AND list = $2 ORDER BY name`, user, list)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []SavedView{}
	for rows.Next() {
		var v SavedView
		var state string
		if err := rows.Scan(&v.ID, &v.List, &v.Name, &state, &v.CreatedAt); err != nil {
			return nil, err
		}
		if err := json.Unmarshal([]byte(state), &v.State); err != nil {
			return nil, err
		}
		v.CreatedAt = v.CreatedAt.UTC()
		out = append(out, v)
	}
	return out, rows.Err()
}

// SaveView stores a new view for the signed-in user. Errors:
// validation_failed, view_exists.
func (s *Service) SaveView(ctx context.Context, in SavedViewInput) (SavedView, error) {
	user, err := viewOwner(ctx)
	if err != nil {
		return SavedView{}, err
	}
	state, _ := json.Marshal(in.State)
	var v apperr.Validator
	v.Check(strings.TrimSpace(in.Name) != "", "name", "required", "the view's name")
	v.Check(len(state) <= maxViewState, "state", "too_large", "at most 8 KiB")
	if err := v.Err(); err != nil {
		return SavedView{}, err
	}
	if in.State == nil {
		in.State, state = map[string]any{}, []byte("{}")
	}
	view := SavedView{ID: id.New("vw"), List: in.List, Name: strings.TrimSpace(in.Name), State: in.State}
	err = s.db.InTx(ctx, func(tx *db.Tx) error {
		view.CreatedAt = tx.Now()
		if _, err := tx.ExecContext(ctx, `INSERT INTO identity_saved_view (id, user_id, list, name, state, created_at)
			VALUES ($1, $2, $3, $4, $5, $6)`, view.ID, user, view.List, view.Name, string(state), view.CreatedAt); err != nil {
			if db.IsUniqueViolation(err) {
				return ErrViewExists
			}
			return err
		}
		return change(ctx, tx, "saved_view", view.ID, audit.ActionCreate, EventViewSaved, nil, view)
	})
	return view, err
}

// DeleteView deletes one of the signed-in user's views. Errors:
// not_found (also for another user's view).
func (s *Service) DeleteView(ctx context.Context, viewID string) error {
	user, err := viewOwner(ctx)
	if err != nil {
		return err
	}
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		var v SavedView
		var state string
		err := tx.QueryRowContext(ctx, `SELECT id, list, name, state, created_at FROM identity_saved_view WHERE id = $1 AND user_id = $2`,
			viewID, user).Scan(&v.ID, &v.List, &v.Name, &state, &v.CreatedAt)
		if err != nil {
			return db.NotFound(err, "saved view")
		}
		_ = json.Unmarshal([]byte(state), &v.State)
		if _, err := tx.ExecContext(ctx, `DELETE FROM identity_saved_view WHERE id = $1`, viewID); err != nil {
			return err
		}
		return change(ctx, tx, "saved_view", v.ID, audit.ActionDelete, EventViewDeleted, v, nil)
	})
}
