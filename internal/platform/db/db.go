// Package db opens the SQLite or PostgreSQL database behind one API and runs
// use cases in transactions.
//
// Both engines take the same SQL text: placeholders are written $1, $2, …
// (SQLite accepts them as positional parameters) and the schema is kept
// portable (see internal/platform/schema). Only the small Dialect switch below
// knows which engine is in use.
//
// SQLite allows one writer at a time, so a DB keeps a single write connection
// that opens transactions with BEGIN IMMEDIATE; goroutines queue for it in Go
// instead of spinning on SQLITE_BUSY. Reads outside transactions use a
// separate pool and see the last committed state (WAL).
package db

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"math/rand/v2"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // registers the "pgx" driver
	_ "modernc.org/sqlite"             // registers the "sqlite" driver
)

// Dialect names a database engine.
type Dialect string

// The supported engines.
const (
	SQLite   Dialect = "sqlite"
	Postgres Dialect = "postgres"
)

// ForUpdate returns the clause that locks the rows a SELECT reads until the
// transaction ends: FOR UPDATE on PostgreSQL, nothing on SQLite, whose single
// writer already holds the database for the whole transaction.
func (d Dialect) ForUpdate() string {
	if d == Postgres {
		return " FOR UPDATE"
	}
	return ""
}

// Querier is what store functions need: both *DB and *Tx satisfy it.
type Querier interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

var (
	_ Querier = (*DB)(nil)
	_ Querier = (*Tx)(nil)
)

// DB is an open database.
type DB struct {
	read    *sql.DB
	write   *sql.DB // the same pool as read on PostgreSQL
	dialect Dialect
}

// Target is a parsed database URL.
type Target struct {
	Dialect Dialect
	// Path is the SQLite file path; DSN is the PostgreSQL connection string.
	Path string
	DSN  string
}

// ParseURL parses a database URL: sqlite://PATH (relative, e.g.
// sqlite://./data/concord.db, or absolute, e.g. sqlite:///var/lib/concord.db)
// or postgres://… / postgresql://…. It checks the form only; Open checks that
// the database can be reached.
func ParseURL(raw string) (Target, error) {
	if raw == "" {
		return Target{}, errors.New("is empty")
	}
	scheme, rest, ok := strings.Cut(raw, "://")
	if !ok {
		return Target{}, fmt.Errorf("%q is not a URL; use sqlite://PATH or postgres://USER@HOST/DB", raw)
	}
	switch strings.ToLower(scheme) {
	case "sqlite", "sqlite3":
		if rest == "" {
			return Target{}, fmt.Errorf("%q names no file; use e.g. sqlite://./data/concord.db", raw)
		}
		if strings.ContainsAny(rest, "?#") {
			return Target{}, fmt.Errorf("%q: the SQLite path may not contain '?' or '#'", raw)
		}
		return Target{Dialect: SQLite, Path: filepath.Clean(rest)}, nil
	case "postgres", "postgresql":
		if _, err := url.Parse(raw); err != nil {
			return Target{}, fmt.Errorf("%q is not a valid PostgreSQL URL: %v", raw, err)
		}
		return Target{Dialect: Postgres, DSN: raw}, nil
	default:
		return Target{}, fmt.Errorf("unsupported scheme %q; use sqlite://PATH or postgres://USER@HOST/DB", scheme)
	}
}

// Open opens the database named by rawURL and checks that it is reachable and
// writable. On failure it leaves nothing behind: a SQLite file or directory it
// created is removed again.
func Open(ctx context.Context, rawURL string) (*DB, error) {
	t, err := ParseURL(rawURL)
	if err != nil {
		return nil, err
	}
	d := &DB{dialect: t.Dialect}
	switch t.Dialect {
	case SQLite:
		err = d.openSQLite(ctx, t.Path)
	case Postgres:
		err = d.openPostgres(ctx, t.DSN)
	}
	if err != nil {
		return nil, err
	}
	return d, nil
}

func (d *DB) openPostgres(ctx context.Context, dsn string) error {
	pool, err := sql.Open("pgx", dsn)
	if err != nil {
		return fmt.Errorf("cannot open PostgreSQL: %w", err)
	}
	pool.SetMaxOpenConns(25)
	pool.SetMaxIdleConns(25)
	pool.SetConnMaxIdleTime(5 * time.Minute)
	pctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	if err := pool.PingContext(pctx); err != nil {
		pool.Close()
		return fmt.Errorf("cannot reach PostgreSQL: %w", err)
	}
	d.read, d.write = pool, pool
	return nil
}

func (d *DB) openSQLite(ctx context.Context, path string) (err error) {
	// Remember what we create so that a failed start leaves nothing behind.
	var created []string
	defer func() {
		if err != nil {
			for i := len(created) - 1; i >= 0; i-- {
				os.Remove(created[i])
			}
		}
	}()
	dir := filepath.Dir(path)
	if _, serr := os.Stat(dir); serr != nil && !errors.Is(serr, os.ErrNotExist) {
		return fmt.Errorf("cannot use directory %s for the SQLite database: %w", dir, serr)
	} else if serr != nil {
		missing := []string{}
		for p := dir; ; p = filepath.Dir(p) {
			if _, e := os.Stat(p); e == nil || p == filepath.Dir(p) {
				break
			}
			missing = append([]string{p}, missing...)
		}
		if merr := os.MkdirAll(dir, 0o750); merr != nil {
			return fmt.Errorf("cannot create directory for the SQLite database: %w", merr)
		}
		created = append(created, missing...)
	}
	if st, serr := os.Stat(path); serr == nil && st.IsDir() {
		return fmt.Errorf("SQLite path %s is a directory", path)
	}
	// Create the file exclusively: only the process that made it may remove
	// it again, never one that merely raced another node starting on the
	// same new database. An empty file is an empty SQLite database.
	if f, cerr := os.OpenFile(path, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o640); cerr == nil {
		f.Close()
		created = append(created, path, path+"-wal", path+"-shm")
	} else if !errors.Is(cerr, os.ErrExist) {
		return fmt.Errorf("cannot create SQLite database %s: %w", path, cerr)
	}

	const pragmas = "_pragma=busy_timeout(10000)&_pragma=foreign_keys(1)&_pragma=synchronous(NORMAL)&_time_format=sqlite"
	write, err := sql.Open("sqlite", "file:"+path+"?"+pragmas+"&_pragma=journal_mode(WAL)&_txlock=immediate")
	if err != nil {
		return fmt.Errorf("cannot open SQLite database %s: %w", path, err)
	}
	write.SetMaxOpenConns(1)
	write.SetConnMaxIdleTime(0)
	// Writing to the file proves it is writable now rather than at the first
	// request.
	// The name is unique so that nodes starting together do not drop each
	// other's probe.
	probe := "concord_probe_" + strconv.FormatUint(rand.Uint64(), 36)
	for attempt := 1; ; attempt++ {
		// Nodes opening a new database at once may find it briefly locked
		// while one of them switches it to WAL, before the busy timeout
		// applies; that is worth a few short retries.
		_, err = write.ExecContext(ctx, "CREATE TABLE "+probe+" (x INTEGER); DROP TABLE "+probe)
		if err == nil || !retryable(err) || attempt == maxAttempts {
			break
		}
		time.Sleep(time.Duration(attempt*50) * time.Millisecond)
	}
	if err != nil {
		write.Close()
		return fmt.Errorf("cannot write SQLite database %s: %w", path, err)
	}
	read, err := sql.Open("sqlite", "file:"+path+"?"+pragmas)
	if err != nil {
		write.Close()
		return fmt.Errorf("cannot open SQLite database %s: %w", path, err)
	}
	read.SetMaxOpenConns(8)
	d.read, d.write = read, write
	return nil
}

// Dialect reports the engine in use.
func (d *DB) Dialect() Dialect { return d.dialect }

// Close closes the database.
func (d *DB) Close() error {
	err := d.read.Close()
	if d.write != d.read {
		err = errors.Join(err, d.write.Close())
	}
	return err
}

// Ping checks that the database answers.
func (d *DB) Ping(ctx context.Context) error {
	var one int
	return d.read.QueryRowContext(ctx, "SELECT 1").Scan(&one)
}

// Now returns the current time as the DB's clock sees it, in UTC with
// microsecond precision (what both engines store).
func (d *DB) Now() time.Time { return time.Now().UTC().Truncate(time.Microsecond) }

// ExecContext runs a statement outside any transaction.
func (d *DB) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	return d.write.ExecContext(ctx, query, args...)
}

// QueryContext runs a query outside any transaction.
func (d *DB) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	return d.read.QueryContext(ctx, query, args...)
}

// QueryRowContext runs a single-row query outside any transaction.
func (d *DB) QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row {
	return d.read.QueryRowContext(ctx, query, args...)
}

// Conn returns a dedicated connection from the write pool; migrations hold
// one to keep a PostgreSQL advisory lock for their whole run.
func (d *DB) Conn(ctx context.Context) (*sql.Conn, error) { return d.write.Conn(ctx) }

// Tx is a database transaction opened by InTx. Functions that join a caller's
// transaction take a *Tx and end in "Tx"; they never commit or roll back.
type Tx struct {
	*sql.Tx
	dialect      Dialect
	now          time.Time
	beforeCommit []func() error
	batches      []*Batch
}

// Batch is rows of one table a transaction collects and writes just before
// commit (outbox events, audit entries): a use case adds several, and one
// multi-row INSERT costs far less than one round trip each. On PostgreSQL
// all of a transaction's batches go in one statement.
type Batch struct {
	insert string // "INSERT INTO t (c1, …, cn) VALUES "
	width  int
	args   []any
}

// Add collects one row; it takes exactly the columns the batch was made
// with.
func (b *Batch) Add(values ...any) {
	if len(values) != b.width {
		panic(fmt.Sprintf("db: batch of %d columns given %d values", b.width, len(values)))
	}
	b.args = append(b.args, values...)
}

// Batch returns the transaction's batch for insert (an "INSERT INTO t (c1,
// …, cn) VALUES " prefix naming width columns), made on first use. Batches
// are written in the order they were made, after the BeforeCommit hooks,
// so rows those add are written too.
func (t *Tx) Batch(insert string, width int) *Batch {
	for _, b := range t.batches {
		if b.insert == insert {
			return b
		}
	}
	b := &Batch{insert: insert, width: width}
	t.batches = append(t.batches, b)
	return b
}

// maxCombined bounds the parameters of the one statement that writes every
// batch on PostgreSQL (its limit is 65,535); more are written batch by
// batch.
const maxCombined = 30_000

func (t *Tx) flush(ctx context.Context) error {
	var full []*Batch
	n := 0
	for _, b := range t.batches {
		if len(b.args) > 0 {
			full = append(full, b)
			n += len(b.args)
		}
	}
	defer t.discard()
	if t.dialect != Postgres || len(full) < 2 || n > maxCombined {
		for _, b := range full {
			if err := t.InsertRows(ctx, b.insert, b.width, b.args); err != nil {
				return fmt.Errorf("db: write batched rows: %w", err)
			}
		}
		return nil
	}
	// One round trip: every batch but the last as a data-modifying WITH
	// clause of the last one's INSERT.
	var q strings.Builder
	args := make([]any, 0, n)
	for i, b := range full {
		last := i == len(full)-1
		switch {
		case !last && i == 0:
			q.WriteString("WITH ")
		case !last:
			q.WriteString(", ")
		default:
			q.WriteString(" ")
		}
		if !last {
			fmt.Fprintf(&q, "b%d AS (", i)
		}
		q.WriteString(b.insert)
		for r := range len(b.args) / b.width {
			if r > 0 {
				q.WriteByte(',')
			}
			q.WriteString(Placeholders(len(args)+r*b.width, b.width))
		}
		args = append(args, b.args...)
		if !last {
			q.WriteString(")")
		}
	}
	if _, err := t.ExecContext(ctx, q.String(), args...); err != nil {
		return fmt.Errorf("db: write batched rows: %w", err)
	}
	return nil
}

// discard forgets every batch's rows unwritten.
func (t *Tx) discard() {
	for _, b := range t.batches {
		b.args = b.args[:0]
	}
}

// BeforeCommit has fn run when the use case's function has succeeded, just
// before the commit, in the order registered; an error rolls back. Work
// that takes a lock every writing transaction needs, such as the audit
// chain's head, belongs here: taken in the middle of a use case and held
// to the commit, such a lock deadlocks with a transaction that holds a
// lock this one goes on to wait for.
func (t *Tx) BeforeCommit(fn func() error) { t.beforeCommit = append(t.beforeCommit, fn) }

// Now returns the time the transaction began, so every row written by one
// use case carries the same timestamp.
func (t *Tx) Now() time.Time { return t.now }

// Dialect reports the engine in use.
func (t *Tx) Dialect() Dialect { return t.dialect }

// Savepoint runs fn inside a savepoint of the transaction: when fn fails,
// only its own changes are undone and the transaction can go on (an import
// skipping one bad row).
func (t *Tx) Savepoint(ctx context.Context, fn func() error) error {
	// Rows batched so far belong to the work before the savepoint: written
	// now, they survive its rollback, and the batches then hold only fn's.
	if err := t.flush(ctx); err != nil {
		return err
	}
	if _, err := t.ExecContext(ctx, "SAVEPOINT concord_sp"); err != nil {
		return err
	}
	pending := len(t.beforeCommit)
	if err := fn(); err != nil {
		t.beforeCommit = t.beforeCommit[:pending] // what the undone work registered goes too
		t.discard()
		if _, rerr := t.ExecContext(ctx, "ROLLBACK TO SAVEPOINT concord_sp"); rerr != nil {
			return errors.Join(err, rerr)
		}
		_, rerr := t.ExecContext(ctx, "RELEASE SAVEPOINT concord_sp")
		return errors.Join(err, rerr)
	}
	_, err := t.ExecContext(ctx, "RELEASE SAVEPOINT concord_sp")
	return err
}

// Lock serialises the transactions that take the same named lock until they
// end, for check-then-write rules that no row lock covers (e.g. "at least
// one admin remains"). On PostgreSQL it is a transaction-scoped advisory
// lock; SQLite's single writer already serialises write transactions.
func (t *Tx) Lock(ctx context.Context, name string) error {
	if t.dialect != Postgres {
		return nil
	}
	_, err := t.ExecContext(ctx, "SELECT pg_advisory_xact_lock(hashtext($1))", name)
	return err
}

// maxAttempts bounds how often InTx runs fn when the engine reports a
// serialization failure, a deadlock or a busy database.
const maxAttempts = 5

// InTx runs fn in a transaction and commits it when fn returns nil. When the
// engine asks for a retry (PostgreSQL serialization failure or deadlock,
// SQLite busy), fn runs again in a new transaction up to a bounded number of
// times, so fn must not have effects outside the transaction. A panic in fn
// rolls back and is re-raised.
func (d *DB) InTx(ctx context.Context, fn func(tx *Tx) error) error {
	for attempt := 1; ; attempt++ {
		err := d.inTxOnce(ctx, fn)
		if err == nil || attempt == maxAttempts || !retryable(err) {
			return err
		}
		backoff := time.Duration(attempt*attempt)*5*time.Millisecond + rand.N(5*time.Millisecond)
		select {
		case <-ctx.Done():
			return err
		case <-time.After(backoff):
		}
	}
}

// InTxOnce is InTx without retries, for work that cannot be repeated, such
// as an import reading a stream.
func (d *DB) InTxOnce(ctx context.Context, fn func(tx *Tx) error) error {
	return d.inTxOnce(ctx, fn)
}

func (d *DB) inTxOnce(ctx context.Context, fn func(tx *Tx) error) (err error) {
	sqlTx, err := d.write.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("begin transaction: %w", err)
	}
	tx := &Tx{Tx: sqlTx, dialect: d.dialect, now: d.Now()}
	defer func() {
		if p := recover(); p != nil {
			_ = sqlTx.Rollback()
			panic(p)
		}
		if err != nil {
			_ = sqlTx.Rollback()
		}
	}()
	if err = fn(tx); err != nil {
		return err
	}
	for _, hook := range tx.beforeCommit {
		if err = hook(); err != nil {
			return err
		}
	}
	if err = tx.flush(ctx); err != nil {
		return err
	}
	if err = sqlTx.Commit(); err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	return nil
}

// Placeholders returns "($from+1, $from+2, …, $from+n)": one row of a
// multi-row INSERT or an IN list whose arguments follow from earlier ones.
func Placeholders(from, n int) string {
	var b strings.Builder
	b.WriteByte('(')
	for i := range n {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteByte('$')
		b.WriteString(strconv.Itoa(from + i + 1))
	}
	b.WriteByte(')')
	return b.String()
}

// insertChunk bounds the rows of one INSERT, keeping the bound parameters
// well below either engine's limit (32,766 on SQLite, 65,535 on PostgreSQL).
const insertChunk = 500

// InsertRows runs insert (an "INSERT INTO t (c1, …, cn) VALUES" prefix)
// with args as rows of width values each, as few statements as the
// parameter limit allows.
func (t *Tx) InsertRows(ctx context.Context, insert string, width int, args []any) error {
	for len(args) > 0 {
		n := min(len(args)/width, insertChunk)
		var b strings.Builder
		b.WriteString(insert)
		for i := range n {
			if i > 0 {
				b.WriteByte(',')
			}
			b.WriteString(Placeholders(i*width, width))
		}
		if _, err := t.ExecContext(ctx, b.String(), args[:n*width]...); err != nil {
			return err
		}
		args = args[n*width:]
	}
	return nil
}

// Contains is the pattern for LIKE ... ESCAPE '\' that finds q, lowercased,
// anywhere in a lowercased column. It is empty for a blank q, so one query
// can skip the filter when its argument is the empty string. The % and _ in
// q match themselves, not any text.
func Contains(q string) string {
	q = strings.TrimSpace(q)
	if q == "" {
		return ""
	}
	return "%" + strings.ToLower(strings.NewReplacer(`\`, `\\`, "%", `\%`, "_", `\_`).Replace(q)) + "%"
}
