// Package httpxtest provides a tiny "notes" resource wired exactly like a
// real module (huma operation → use case in one transaction → outbox,
// sequence, optimistic version, cursor list) so the platform's HTTP building
// blocks can be tested through a real handler on a real database.
package httpxtest

import (
	"context"
	"database/sql"
	"errors"
	"log/slog"
	"net/http"
	"strings"
	"sync/atomic"

	"github.com/danielgtaylor/huma/v2"
	"github.com/prometheus/client_golang/prometheus"

	"github.com/concord-erp/concord/internal/platform/apperr"
	"github.com/concord-erp/concord/internal/platform/db"
	"github.com/concord-erp/concord/internal/platform/httpx"
	"github.com/concord-erp/concord/internal/platform/id"
	"github.com/concord-erp/concord/internal/platform/idempotency"
	"github.com/concord-erp/concord/internal/platform/outbox"
	"github.com/concord-erp/concord/internal/platform/page"
	"github.com/concord-erp/concord/internal/platform/sequence"
)

// Note is the test resource.
type Note struct {
	ID      string `json:"id"`
	Number  string `json:"number"`
	Body    string `json:"body"`
	Version int64  `json:"version"`
}

const createTable = `CREATE TABLE note (id TEXT PRIMARY KEY, number TEXT NOT NULL UNIQUE, body TEXT NOT NULL, version INTEGER NOT NULL)`

// Handler creates the note table in d and returns the full middleware stack
// around the notes API.
func Handler(t interface{ Fatalf(string, ...any) }, d *db.DB) http.Handler {
	if _, err := d.ExecContext(context.Background(), createTable); err != nil {
		t.Fatalf("create note table: %v", err)
	}
	mux := http.NewServeMux()
	api := httpx.NewAPI(mux, "test", "1", "")
	s := &notes{db: d}
	huma.Register(api, huma.Operation{OperationID: "create-note", Method: http.MethodPost, Path: "/api/v1/notes", DefaultStatus: 201}, s.create)
	huma.Register(api, huma.Operation{OperationID: "get-note", Method: http.MethodGet, Path: "/api/v1/notes/{id}"}, s.get)
	huma.Register(api, huma.Operation{OperationID: "update-note", Method: http.MethodPatch, Path: "/api/v1/notes/{id}"}, s.update)
	huma.Register(api, huma.Operation{OperationID: "list-notes", Method: http.MethodGet, Path: "/api/v1/notes"}, s.list)
	huma.Register(api, huma.Operation{OperationID: "boom", Method: http.MethodGet, Path: "/api/v1/boom"},
		func(context.Context, *struct{}) (*struct{}, error) {
			return nil, errors.New("pq: password authentication failed for user secret")
		})
	mux.HandleFunc("GET /api/v1/panic", func(http.ResponseWriter, *http.Request) { panic("kaboom") })
	log := slog.New(slog.DiscardHandler)
	return httpx.Middleware(idempotency.New(d, idempotency.Options{}).Wrap(httpx.Routed(mux, "")), log, httpx.NewMetrics(prometheus.NewRegistry()))
}

type notes struct {
	db    *db.DB
	flaky atomic.Bool // "flaky" notes fail once with an internal error
}

type noteOut struct {
	ETag     string `header:"ETag"`
	Location string `header:"Location"`
	Body     Note
}

type createIn struct {
	Body struct {
		Body string `json:"body" minLength:"1" maxLength:"200"`
	}
}

func (s *notes) create(ctx context.Context, in *createIn) (*noteOut, error) {
	if strings.Contains(in.Body.Body, "forbidden") {
		return nil, apperr.Invalid("the note is not valid", apperr.Field("body", "forbidden_word", "must not say forbidden"))
	}
	n := Note{ID: id.New("note"), Body: in.Body.Body, Version: 1}
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		var err error
		if n.Body == "flaky" && !s.flaky.Swap(true) {
			return errors.New("transient failure")
		}
		if n.Number, err = sequence.NumberTx(ctx, tx, sequence.Key{Type: "NOTE", Year: tx.Now().Year()}); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO note (id, number, body, version) VALUES ($1, $2, $3, $4)`, n.ID, n.Number, n.Body, n.Version); err != nil {
			return err
		}
		_, err = outbox.Append(ctx, tx, outbox.New{Type: "note.created.v1", AggregateType: "note", AggregateID: n.ID, Payload: n})
		return err
	})
	if err != nil {
		return nil, err
	}
	return &noteOut{ETag: httpx.ETag(n.Version), Location: "/api/v1/notes/" + n.ID, Body: n}, nil
}

type getIn struct {
	ID string `path:"id"`
}

func (s *notes) find(ctx context.Context, q db.Querier, noteID string) (Note, error) {
	n := Note{ID: noteID}
	err := q.QueryRowContext(ctx, `SELECT number, body, version FROM note WHERE id = $1`, noteID).Scan(&n.Number, &n.Body, &n.Version)
	return n, db.NotFound(err, "note")
}

func (s *notes) get(ctx context.Context, in *getIn) (*noteOut, error) {
	n, err := s.find(ctx, s.db, in.ID)
	if err != nil {
		return nil, err
	}
	return &noteOut{ETag: httpx.ETag(n.Version), Body: n}, nil
}

type updateIn struct {
	ID      string `path:"id"`
	IfMatch string `header:"If-Match"`
	Body    struct {
		Body    string `json:"body" minLength:"1" maxLength:"200"`
		Version int64  `json:"version,omitempty"`
	}
}

func (s *notes) update(ctx context.Context, in *updateIn) (*noteOut, error) {
	pre, err := httpx.ParsePrecondition(in.IfMatch, in.Body.Version)
	if err != nil {
		return nil, err
	}
	var n Note
	err = s.db.InTx(ctx, func(tx *db.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE note SET body = $1, version = version + 1 WHERE id = $2 AND version = $3`, in.Body.Body, in.ID, pre.Version)
		if err != nil {
			return err
		}
		if err := db.CheckVersion(ctx, tx, res, "note", in.ID, "note"); err != nil {
			return err
		}
		n, err = s.find(ctx, tx, in.ID)
		return err
	})
	if err != nil {
		return nil, pre.Check(err)
	}
	return &noteOut{ETag: httpx.ETag(n.Version), Body: n}, nil
}

type listIn struct {
	page.Params
}

type listOut struct {
	Body page.List[Note]
}

func (s *notes) list(ctx context.Context, in *listIn) (*listOut, error) {
	var after string
	if _, err := page.Decode(in.After, &after); err != nil {
		return nil, err
	}
	size := in.PageSize()
	rows, err := s.db.QueryContext(ctx, `SELECT id, number, body, version FROM note WHERE id > $1 ORDER BY id LIMIT $2`, after, size+1)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Note
	for rows.Next() {
		var n Note
		if err := rows.Scan(&n.ID, &n.Number, &n.Body, &n.Version); err != nil {
			return nil, err
		}
		out = append(out, n)
	}
	if err := rows.Err(); err != nil && !errors.Is(err, sql.ErrNoRows) {
		return nil, err
	}
	return &listOut{Body: page.Build(out, size, func(n Note) any { return n.ID })}, nil
}
