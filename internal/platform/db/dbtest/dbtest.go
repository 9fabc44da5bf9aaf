// Package dbtest runs storage tests on both engines: SQLite in a temporary
// directory and PostgreSQL in a schema of its own, so tests are isolated from
// each other and may run in parallel.
//
// PostgreSQL comes from CONCORD_TEST_POSTGRES_URL (default
// postgres://root@127.0.0.1:5432/test?sslmode=disable). When it cannot be
// reached the PostgreSQL half fails when CI=true and is skipped, with a
// message saying so, elsewhere.
package dbtest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"net/url"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/concord-erp/concord/internal/platform/db"
	"github.com/concord-erp/concord/internal/platform/schema"
)

// DefaultPostgresURL is used when CONCORD_TEST_POSTGRES_URL is not set.
const DefaultPostgresURL = "postgres://root@127.0.0.1:5432/test?sslmode=disable"

// PostgresURL returns the server the tests use.
func PostgresURL() string {
	if u := os.Getenv("CONCORD_TEST_POSTGRES_URL"); u != "" {
		return u
	}
	return DefaultPostgresURL
}

var (
	pgOnce  sync.Once
	pgAdmin *sql.DB
	pgErr   error
)

func admin() (*sql.DB, error) {
	pgOnce.Do(func() {
		pgAdmin, pgErr = sql.Open("pgx", PostgresURL())
		if pgErr == nil {
			pgErr = pgAdmin.Ping()
		}
	})
	return pgAdmin, pgErr
}

// Run runs fn once per engine, as subtests named "sqlite" and "postgres",
// each with a freshly migrated, empty database.
func Run(t *testing.T, fn func(t *testing.T, d *db.DB)) {
	t.Helper()
	for _, dialect := range []db.Dialect{db.SQLite, db.Postgres} {
		t.Run(string(dialect), func(t *testing.T) {
			fn(t, Open(t, dialect))
		})
	}
}

// Open returns a freshly migrated, empty database of the given engine that
// is dropped when the test ends.
func Open(t testing.TB, dialect db.Dialect) *db.DB {
	t.Helper()
	rawURL := URL(t, dialect)
	d, err := db.Open(context.Background(), rawURL)
	if err != nil {
		t.Fatalf("open %s: %v", dialect, err)
	}
	t.Cleanup(func() { d.Close() })
	if _, err := schema.Migrate(context.Background(), d); err != nil {
		t.Fatalf("migrate %s: %v", dialect, err)
	}
	return d
}

// URL returns the URL of a new, empty database of the given engine that is
// dropped when the test ends; tests that exercise Open or the binary use it.
func URL(t testing.TB, dialect db.Dialect) string {
	t.Helper()
	if dialect == db.SQLite {
		return "sqlite://" + filepath.Join(t.TempDir(), "concord.db")
	}
	adm, err := admin()
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("PostgreSQL at %s is required in CI: %v", PostgresURL(), err)
		}
		t.Skipf("SKIPPING PostgreSQL half: %s unreachable (%v); set CONCORD_TEST_POSTGRES_URL", PostgresURL(), err)
	}
	var b [6]byte
	_, _ = rand.Read(b[:])
	name := "t_" + hex.EncodeToString(b[:])
	if _, err := adm.Exec("CREATE SCHEMA " + name); err != nil {
		t.Fatalf("create schema: %v", err)
	}
	t.Cleanup(func() { _, _ = adm.Exec("DROP SCHEMA " + name + " CASCADE") })
	u, err := url.Parse(PostgresURL())
	if err != nil {
		t.Fatalf("CONCORD_TEST_POSTGRES_URL: %v", err)
	}
	q := u.Query()
	q.Set("search_path", name)
	u.RawQuery = q.Encode()
	return u.String()
}
