// Package schema holds the embedded, numbered, forward-only SQL migrations,
// one set per engine with matching numbers, and applies them.
//
// A migration file is named NNNN_module_subject.up.sql and exists in both
// sqlite/ and postgres/. Each migration runs in its own transaction together
// with the row that records it in schema_migration, so a failed migration
// leaves no trace. Several nodes may start at once: on PostgreSQL they queue
// on an advisory lock; on SQLite the single writer and BEGIN IMMEDIATE
// serialise them, and each migration re-checks inside its transaction
// whether another process applied it first.
package schema

import (
	"context"
	"embed"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strconv"
	"strings"

	"github.com/concord-erp/concord/internal/platform/db"
)

//go:embed sqlite/*.sql postgres/*.sql
var files embed.FS

// Migration is one numbered schema change.
type Migration struct {
	Version int
	Name    string
	SQL     string
}

// Migrations returns the migrations for an engine in version order.
func Migrations(d db.Dialect) ([]Migration, error) {
	dir := string(d)
	entries, err := fs.ReadDir(files, dir)
	if err != nil {
		return nil, err
	}
	var out []Migration
	for _, e := range entries {
		name := e.Name()
		base, ok := strings.CutSuffix(name, ".up.sql")
		if !ok {
			return nil, fmt.Errorf("migration %s/%s: name must end in .up.sql", dir, name)
		}
		num, _, _ := strings.Cut(base, "_")
		v, err := strconv.Atoi(num)
		if err != nil || v <= 0 {
			return nil, fmt.Errorf("migration %s/%s: name must start with a positive number", dir, name)
		}
		body, err := fs.ReadFile(files, path.Join(dir, name))
		if err != nil {
			return nil, err
		}
		out = append(out, Migration{Version: v, Name: base, SQL: string(body)})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Version < out[j].Version })
	for i := 1; i < len(out); i++ {
		if out[i].Version == out[i-1].Version {
			return nil, fmt.Errorf("migrations %s and %s share version %d", out[i-1].Name, out[i].Name, out[i].Version)
		}
	}
	return out, nil
}

func createTable(d db.Dialect) string {
	ts := "TIMESTAMP"
	if d == db.Postgres {
		ts = "TIMESTAMPTZ"
	}
	return `CREATE TABLE IF NOT EXISTS schema_migration (
	version INTEGER PRIMARY KEY,
	name TEXT NOT NULL,
	applied_at ` + ts + ` NOT NULL
)`
}

// Migrate applies every migration not yet applied and returns the names of
// those it applied.
func Migrate(ctx context.Context, d *db.DB) ([]string, error) {
	ms, err := Migrations(d.Dialect())
	if err != nil {
		return nil, err
	}
	if d.Dialect() == db.Postgres {
		// The lock is per schema so that isolated test schemas do not wait
		// for each other.
		conn, err := d.Conn(ctx)
		if err != nil {
			return nil, err
		}
		defer conn.Close()
		const key = "hashtext('concord.schema.migrate.' || current_schema())"
		if _, err := conn.ExecContext(ctx, "SELECT pg_advisory_lock("+key+")"); err != nil {
			return nil, fmt.Errorf("take migration lock: %w", err)
		}
		defer conn.ExecContext(context.WithoutCancel(ctx), "SELECT pg_advisory_unlock("+key+")")
	}
	if err := d.InTx(ctx, func(tx *db.Tx) error {
		_, err := tx.ExecContext(ctx, createTable(d.Dialect()))
		return err
	}); err != nil {
		return nil, fmt.Errorf("create schema_migration: %w", err)
	}
	var applied []string
	for _, m := range ms {
		done := false
		err := d.InTx(ctx, func(tx *db.Tx) error {
			var n int
			if err := tx.QueryRowContext(ctx, "SELECT COUNT(*) FROM schema_migration WHERE version = $1", m.Version).Scan(&n); err != nil {
				return err
			}
			if n > 0 {
				return nil
			}
			if _, err := tx.ExecContext(ctx, m.SQL); err != nil {
				return err
			}
			done = true
			_, err := tx.ExecContext(ctx, "INSERT INTO schema_migration (version, name, applied_at) VALUES ($1, $2, $3)", m.Version, m.Name, tx.Now())
			return err
		})
		if err != nil {
			return applied, fmt.Errorf("migration %s: %w", m.Name, err)
		}
		if done {
			applied = append(applied, m.Name)
		}
	}
	return applied, nil
}

// Version returns the highest applied migration version, 0 for an empty
// database.
func Version(ctx context.Context, q db.Querier) (int, error) {
	var v int
	err := q.QueryRowContext(ctx, "SELECT COALESCE(MAX(version), 0) FROM schema_migration").Scan(&v)
	return v, err
}
