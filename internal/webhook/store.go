package webhook

import (
	"context"
	"database/sql"
	"encoding/json"

	"github.com/concord-erp/concord/internal/platform/db"
)

const endpointColumns = `id, url, description, event_types, secret, active, disabled_reason, disabled_at, version, created_at, updated_at`

func insertEndpoint(ctx context.Context, tx *db.Tx, e Endpoint) error {
	types, _ := json.Marshal(e.EventTypes)
	_, err := tx.ExecContext(ctx, `INSERT INTO webhook_endpoint (`+endpointColumns+`) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
		e.ID, e.URL, e.Description, string(types), e.secret, e.Active, e.DisabledReason, e.DisabledAt, e.Version, e.CreatedAt, e.UpdatedAt)
	return err
}

func updateEndpoint(ctx context.Context, tx *db.Tx, e Endpoint, version int64) (sql.Result, error) {
	types, _ := json.Marshal(e.EventTypes)
	return tx.ExecContext(ctx, `UPDATE webhook_endpoint SET url = $1, description = $2, event_types = $3, secret = $4, active = $5,
		disabled_reason = $6, disabled_at = $7, version = $8, updated_at = $9 WHERE id = $10 AND version = $11`,
		e.URL, e.Description, string(types), e.secret, e.Active, e.DisabledReason, e.DisabledAt, e.Version, e.UpdatedAt, e.ID, version)
}

func scanEndpoint(s interface{ Scan(...any) error }) (Endpoint, error) {
	var e Endpoint
	var types string
	var disabled sql.NullTime
	if err := s.Scan(&e.ID, &e.URL, &e.Description, &types, &e.secret, &e.Active, &e.DisabledReason, &disabled, &e.Version,
		&e.CreatedAt, &e.UpdatedAt); err != nil {
		return e, err
	}
	if err := json.Unmarshal([]byte(types), &e.EventTypes); err != nil {
		return e, err
	}
	if e.EventTypes == nil {
		e.EventTypes = []string{}
	}
	if disabled.Valid {
		t := disabled.Time.UTC()
		e.DisabledAt = &t
	}
	e.CreatedAt, e.UpdatedAt = e.CreatedAt.UTC(), e.UpdatedAt.UTC()
	return e, nil
}

func findEndpoint(ctx context.Context, q db.Querier, endpointID string) (Endpoint, error) {
	e, err := scanEndpoint(q.QueryRowContext(ctx, `SELECT `+endpointColumns+` FROM webhook_endpoint WHERE id = $1`, endpointID))
	if err != nil {
		return Endpoint{}, db.NotFound(err, "webhook endpoint")
	}
	return e, nil
}

func findEndpoints(ctx context.Context, q db.Querier, activeOnly bool) ([]Endpoint, error) {
	where := ""
	if activeOnly {
		where = " WHERE active"
	}
	rows, err := q.QueryContext(ctx, `SELECT `+endpointColumns+` FROM webhook_endpoint`+where+` ORDER BY created_at DESC, id DESC`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []Endpoint{}
	for rows.Next() {
		e, err := scanEndpoint(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	return out, rows.Err()
}
