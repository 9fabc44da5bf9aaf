package tabular

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"regexp"
	"sort"

	"github.com/concord-erp/concord/internal/platform/apperr"
	"github.com/concord-erp/concord/internal/platform/audit"
	"github.com/concord-erp/concord/internal/platform/db"
)

// Profile is a named, saved Mapping for one entity's imports, so a file
// that arrives every month from the same system maps the same way.
type Profile struct {
	Entity  string  `json:"entity" doc:"What the profile imports, e.g. parties or products."`
	Name    string  `json:"name"`
	Mapping Mapping `json:"mapping" doc:"Field name → column header of the file."`
}

var profileName = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9 ._-]{0,59}$`)

// ErrNoProfile is returned for a profile name that does not exist.
var ErrNoProfile = apperr.NotFound("import mapping profile")

// SaveProfile stores (or replaces) a profile after checking that it maps
// only the given fields. The change is audited.
func SaveProfile(ctx context.Context, d *db.DB, p Profile, fields []Field) error {
	var v apperr.Validator
	v.Check(profileName.MatchString(p.Name), "name", "invalid", "1 to 60 letters, digits, spaces, '.', '_' or '-'")
	known := map[string]bool{}
	for _, f := range fields {
		known[f.Name] = true
	}
	keys := make([]string, 0, len(p.Mapping))
	for k := range p.Mapping {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		v.Check(known[k], "mapping."+k, "unknown_field", "not a field of this import")
	}
	if err := v.Err(); err != nil {
		return err
	}
	raw, err := json.Marshal(p.Mapping)
	if err != nil {
		return err
	}
	return d.InTx(ctx, func(tx *db.Tx) error {
		var before sql.NullString
		err := tx.QueryRowContext(ctx, `SELECT mapping FROM import_profile WHERE entity = $1 AND name = $2`, p.Entity, p.Name).Scan(&before)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO import_profile (entity, name, mapping, updated_at) VALUES ($1, $2, $3, $4)
			ON CONFLICT (entity, name) DO UPDATE SET mapping = excluded.mapping, updated_at = excluded.updated_at`,
			p.Entity, p.Name, string(raw), tx.Now()); err != nil {
			return err
		}
		var old any
		if before.Valid {
			old = map[string]json.RawMessage{"mapping": json.RawMessage(before.String)}
		}
		return audit.RecordTx(ctx, tx, "import_profile", p.Entity+"/"+p.Name, audit.ActionUpdate, old, p)
	})
}

// LoadProfile returns a saved profile. Errors: not_found.
func LoadProfile(ctx context.Context, q db.Querier, entity, name string) (Profile, error) {
	var raw string
	err := q.QueryRowContext(ctx, `SELECT mapping FROM import_profile WHERE entity = $1 AND name = $2`, entity, name).Scan(&raw)
	if errors.Is(err, sql.ErrNoRows) {
		return Profile{}, ErrNoProfile
	}
	if err != nil {
		return Profile{}, err
	}
	p := Profile{Entity: entity, Name: name}
	return p, json.Unmarshal([]byte(raw), &p.Mapping)
}

// Profiles lists an entity's saved profiles by name.
func Profiles(ctx context.Context, q db.Querier, entity string) ([]Profile, error) {
	rows, err := q.QueryContext(ctx, `SELECT name, mapping FROM import_profile WHERE entity = $1 ORDER BY name`, entity)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []Profile{}
	for rows.Next() {
		p := Profile{Entity: entity}
		var raw string
		if err := rows.Scan(&p.Name, &raw); err != nil {
			return nil, err
		}
		if err := json.Unmarshal([]byte(raw), &p.Mapping); err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, rows.Err()
}
