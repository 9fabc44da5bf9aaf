package identity

import (
	"context"
	"database/sql"
	"encoding/json"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/concord-erp/concord/internal/platform/db"
)

const userColumns = `id, email, name, locale, time_zone, active, version, created_at, updated_at`

type scanner interface{ Scan(...any) error }

func scanUser(s scanner) (User, error) {
	var u User
	err := s.Scan(&u.ID, &u.Email, &u.Name, &u.Locale, &u.TimeZone, &u.Active, &u.Version, &u.CreatedAt, &u.UpdatedAt)
	u.CreatedAt, u.UpdatedAt = u.CreatedAt.UTC(), u.UpdatedAt.UTC()
	return u, err
}

func findUser(ctx context.Context, q db.Querier, id string) (User, error) {
	u, err := scanUser(q.QueryRowContext(ctx, `SELECT `+userColumns+` FROM identity_user WHERE id = $1`, id))
	if err != nil {
		return User{}, db.NotFound(err, "user")
	}
	u.Roles, err = userRoles(ctx, q, u.ID)
	return u, err
}

func findUserByEmail(ctx context.Context, q db.Querier, email string) (User, string, error) {
	var hash string
	row := q.QueryRowContext(ctx, `SELECT `+userColumns+`, password_hash FROM identity_user WHERE email_norm = $1`, normalizeEmail(email))
	var u User
	err := row.Scan(&u.ID, &u.Email, &u.Name, &u.Locale, &u.TimeZone, &u.Active, &u.Version, &u.CreatedAt, &u.UpdatedAt, &hash)
	if err != nil {
		return User{}, "", db.NotFound(err, "user")
	}
	u.Roles, err = userRoles(ctx, q, u.ID)
	return u, hash, err
}

func userRoles(ctx context.Context, q db.Querier, userID string) ([]string, error) {
	rows, err := q.QueryContext(ctx, `SELECT role FROM identity_user_role WHERE user_id = $1 ORDER BY role`, userID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	roles := []string{}
	for rows.Next() {
		var r string
		if err := rows.Scan(&r); err != nil {
			return nil, err
		}
		roles = append(roles, r)
	}
	return roles, rows.Err()
}

func setUserRoles(ctx context.Context, tx *db.Tx, userID string, roles []string) error {
	if _, err := tx.ExecContext(ctx, `DELETE FROM identity_user_role WHERE user_id = $1`, userID); err != nil {
		return err
	}
	for _, r := range roles {
		if _, err := tx.ExecContext(ctx, `INSERT INTO identity_user_role (user_id, role) VALUES ($1, $2)`, userID, r); err != nil {
			return err
		}
	}
	return nil
}

// UserFilter selects users for FindUsers.
type UserFilter struct {
	// Q matches e-mail or name, case-insensitively.
	Q      string
	Active *bool
	Role   string
	After  string // ID cursor
	Limit  int
}

func findUsers(ctx context.Context, q db.Querier, f UserFilter) ([]User, error) {
	where := []string{"id > $1"}
	args := []any{f.After}
	if f.Q != "" {
		args = append(args, "%"+strings.ToLower(f.Q)+"%")
		where = append(where, "(email_norm LIKE $2 OR LOWER(name) LIKE $2)")
	}
	if f.Active != nil {
		args = append(args, *f.Active)
		where = append(where, "active = $"+strconv.Itoa(len(args)))
	}
	if f.Role != "" {
		args = append(args, f.Role)
		where = append(where, "id IN (SELECT user_id FROM identity_user_role WHERE role = $"+strconv.Itoa(len(args))+")")
	}
	args = append(args, f.Limit)
	rows, err := q.QueryContext(ctx, `SELECT `+userColumns+` FROM identity_user WHERE `+strings.Join(where, " AND ")+
		` ORDER BY id LIMIT $`+strconv.Itoa(len(args)), args...)
	if err != nil {
		return nil, err
	}
	var users []User
	for rows.Next() {
		u, err := scanUser(rows)
		if err != nil {
			rows.Close()
			return nil, err
		}
		users = append(users, u)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	for i := range users {
		if users[i].Roles, err = userRoles(ctx, q, users[i].ID); err != nil {
			return nil, err
		}
	}
	return users, nil
}

// customRoles returns the roles stored in the database, by name.
func customRoles(ctx context.Context, q db.Querier) (map[string]Role, error) {
	rows, err := q.QueryContext(ctx, `SELECT name, description, permissions, version, created_at, updated_at FROM identity_role`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]Role{}
	for rows.Next() {
		var r Role
		var perms string
		if err := rows.Scan(&r.Name, &r.Description, &perms, &r.Version, &r.CreatedAt, &r.UpdatedAt); err != nil {
			return nil, err
		}
		if err := json.Unmarshal([]byte(perms), &r.Permissions); err != nil {
			return nil, err
		}
		r.CreatedAt, r.UpdatedAt = r.CreatedAt.UTC(), r.UpdatedAt.UTC()
		out[r.Name] = r
	}
	return out, rows.Err()
}

// allRoles returns built-in and custom roles, sorted by name.
func allRoles(ctx context.Context, q db.Querier) ([]Role, error) {
	custom, err := customRoles(ctx, q)
	if err != nil {
		return nil, err
	}
	out := BuiltinRoles()
	for _, r := range custom {
		out = append(out, r)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out, nil
}

// grantsOf returns the permission patterns of the given roles.
func grantsOf(ctx context.Context, q db.Querier, roles []string) ([]string, error) {
	var custom map[string]Role
	var grants []string
	for _, name := range roles {
		if r, ok := builtinRole(name); ok {
			grants = append(grants, r.Permissions...)
			continue
		}
		if custom == nil {
			var err error
			if custom, err = customRoles(ctx, q); err != nil {
				return nil, err
			}
		}
		grants = append(grants, custom[name].Permissions...)
	}
	return grants, nil
}

func revokeSessions(ctx context.Context, tx *db.Tx, userID, except string) error {
	_, err := tx.ExecContext(ctx, `UPDATE identity_session SET revoked_at = $1 WHERE user_id = $2 AND id <> $3 AND revoked_at IS NULL`,
		tx.Now(), userID, except)
	return err
}

func nullTime(t sql.NullTime) *time.Time {
	if !t.Valid {
		return nil
	}
	u := t.Time.UTC()
	return &u
}
