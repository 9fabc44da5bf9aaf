// Package idempotency makes POST requests safe to retry. A client that sends
// an Idempotency-Key header gets, for every repeat of the same request with
// the same key, the response of the first one, and the request has its
// effect once. A repeat with the same key but a different request is refused
// (422 idempotency_key_reused). Concurrent repeats do not both run: the first
// claims the key, the others wait for its response.
//
// The key row is claimed in its own short transaction before the handler
// runs and completed with the response afterwards. A response with a 5xx
// status is not stored (the use case rolled back), so the key is released and
// the client may retry. Keys expire after a TTL (24 hours by default).
package idempotency

import (
	"bytes"
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strings"
	"time"

	"github.com/concord-erp/concord/internal/platform/apperr"
	"github.com/concord-erp/concord/internal/platform/db"
	"github.com/concord-erp/concord/internal/platform/httpx"
)

// Header is the request header that carries the key.
const Header = "Idempotency-Key"

// ReplayedHeader is set to "true" on a response replayed from storage.
const ReplayedHeader = "Idempotent-Replayed"

// Error codes.
var (
	ErrKeyReused = apperr.New(apperr.KindInvalid, "idempotency_key_reused",
		"this Idempotency-Key was already used for a different request")
	ErrInProgress = apperr.Conflict("idempotency_request_in_progress",
		"a request with this Idempotency-Key is still being processed; retry later")
	ErrBadKey = &apperr.Error{Kind: apperr.KindBadRequest, Code: "invalid_idempotency_key",
		Message: "Idempotency-Key must be 1 to 255 printable ASCII characters",
		Fields:  []apperr.FieldError{{Field: "header.Idempotency-Key", Code: "invalid", Message: "1 to 255 printable ASCII characters"}}}
	ErrBodyTooLarge = apperr.New(apperr.KindTooLarge, "request_too_large", "the request body is too large")
)

// Options tune the middleware; the zero value gives the defaults.
type Options struct {
	// TTL is how long a key is remembered (default 24h).
	TTL time.Duration
	// Wait is how long a repeat waits for a concurrent first request to
	// finish before answering 409 (default 30s).
	Wait time.Duration
	// MaxBody bounds the request body that is hashed (default
	// httpx.MaxBodyBytes, the largest body any request may have).
	MaxBody int64
	// Scope returns the namespace of a request's keys, so that two clients
	// choosing the same key do not collide (default: one namespace).
	Scope func(*http.Request) string
}

// Middleware stores and replays responses of POST requests that carry an
// Idempotency-Key.
type Middleware struct {
	db   *db.DB
	opts Options
}

// New returns the middleware.
func New(d *db.DB, opts Options) *Middleware {
	if opts.TTL == 0 {
		opts.TTL = 24 * time.Hour
	}
	if opts.Wait == 0 {
		opts.Wait = 30 * time.Second
	}
	if opts.MaxBody == 0 {
		opts.MaxBody = httpx.MaxBodyBytes
	}
	if opts.Scope == nil {
		opts.Scope = func(*http.Request) string { return "" }
	}
	return &Middleware{db: d, opts: opts}
}

// storedResponse is what is replayed.
type storedResponse struct {
	status  int
	headers http.Header
	body    []byte
}

// replayedHeaders are the response headers worth replaying; others (Date,
// X-Request-Id) belong to the repeat itself.
var replayedHeaders = []string{"Content-Type", "Location", "ETag", "Cache-Control"}

// Wrap returns next guarded by the middleware.
func (m *Middleware) Wrap(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		key := r.Header.Get(Header)
		if r.Method != http.MethodPost || key == "" {
			next.ServeHTTP(w, r)
			return
		}
		if !validKey(key) {
			httpx.WriteError(w, r, ErrBadKey)
			return
		}
		body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, m.opts.MaxBody))
		if err != nil {
			var tooBig *http.MaxBytesError
			if errors.As(err, &tooBig) {
				httpx.WriteError(w, r, ErrBodyTooLarge)
				return
			}
			httpx.WriteError(w, r, apperr.New(apperr.KindBadRequest, apperr.CodeBadRequest, "cannot read the request body"))
			return
		}
		r.Body = io.NopCloser(bytes.NewReader(body))
		sum := sha256.New()
		io.WriteString(sum, r.Method+" "+r.URL.RequestURI()+"\n")
		sum.Write(body)
		hash := hex.EncodeToString(sum.Sum(nil))
		scope := m.opts.Scope(r)

		stored, err := m.await(r.Context(), scope, key, hash)
		if err != nil {
			httpx.WriteError(w, r, err)
			return
		}
		if stored != nil {
			for k, v := range stored.headers {
				w.Header()[k] = v
			}
			w.Header().Set(ReplayedHeader, "true")
			w.WriteHeader(stored.status)
			w.Write(stored.body)
			return
		}

		// This request owns the key: run it, keep its response, then send it.
		rec := &recorder{header: http.Header{}}
		completed := false
		defer func() {
			if !completed {
				// Panic or 5xx: release the key so a retry can run.
				m.release(context.WithoutCancel(r.Context()), scope, key)
			}
		}()
		next.ServeHTTP(rec, r)
		if rec.status == 0 {
			rec.status = http.StatusOK
		}
		if rec.status < 500 {
			if err := m.complete(context.WithoutCancel(r.Context()), scope, key, rec); err != nil {
				httpx.Logger(r.Context()).Error("storing idempotent response", "error", err)
			} else {
				completed = true
			}
		}
		for k, v := range rec.header {
			w.Header()[k] = v
		}
		w.WriteHeader(rec.status)
		w.Write(rec.body.Bytes())
	})
}

func validKey(k string) bool {
	if len(k) > 255 {
		return false
	}
	for i := 0; i < len(k); i++ {
		if k[i] < 0x21 || k[i] > 0x7e {
			return false
		}
	}
	return true
}

// await claims the key (nil response: run the request) or returns the stored
// response of an earlier request with the key, waiting while that request
// is still running.
func (m *Middleware) await(ctx context.Context, scope, key, hash string) (*storedResponse, error) {
	deadline := time.Now().Add(m.opts.Wait)
	pause := 10 * time.Millisecond
	for {
		owner, stored, storedHash, err := m.claim(ctx, scope, key, hash)
		if err != nil {
			return nil, err
		}
		if owner {
			return nil, nil
		}
		if storedHash != hash {
			return nil, ErrKeyReused
		}
		if stored != nil {
			return stored, nil
		}
		if time.Now().After(deadline) {
			return nil, ErrInProgress
		}
		select {
		case <-ctx.Done():
			return nil, ctx.Err()
		case <-time.After(pause):
		}
		pause = min(pause*2, 200*time.Millisecond)
	}
}

func (m *Middleware) claim(ctx context.Context, scope, key, hash string) (owner bool, stored *storedResponse, storedHash string, err error) {
	err = m.db.InTx(ctx, func(tx *db.Tx) error {
		owner, stored, storedHash = false, nil, ""
		var (
			status    sql.NullInt64
			headers   sql.NullString
			body      []byte
			createdAt time.Time
		)
		err := tx.QueryRowContext(ctx,
			`SELECT request_hash, status, response_headers, response_body, created_at FROM idempotency_key WHERE scope = $1 AND key = $2`,
			scope, key).Scan(&storedHash, &status, &headers, &body, &createdAt)
		switch {
		case errors.Is(err, sql.ErrNoRows):
		case err != nil:
			return err
		case createdAt.Before(tx.Now().Add(-m.opts.TTL)):
			// Expired: forgotten below, with every other expired key.
		default:
			if status.Valid {
				stored = &storedResponse{status: int(status.Int64), headers: http.Header{}, body: body}
				if err := json.Unmarshal([]byte(headers.String), &stored.headers); err != nil {
					return err
				}
			}
			return nil
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM idempotency_key WHERE created_at < $1`, tx.Now().Add(-m.opts.TTL)); err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx,
			`INSERT INTO idempotency_key (scope, key, request_hash, created_at) VALUES ($1, $2, $3, $4) ON CONFLICT (scope, key) DO NOTHING`,
			scope, key, hash, tx.Now())
		if err != nil {
			return err
		}
		n, err := res.RowsAffected()
		if err != nil {
			return err
		}
		// n == 0: a concurrent request claimed the key between our read and
		// our insert; the caller polls again and finds its row.
		owner = n == 1
		storedHash = hash
		return nil
	})
	return owner, stored, storedHash, err
}

// secretWithheld is what a repeat gets instead of a response that carried
// a secret (a new API token, a generated password): the request had its
// effect, but secrets are never stored, so they cannot be shown again.
var secretWithheld = httpx.Problem{Type: "about:blank", Title: http.StatusText(http.StatusConflict), Status: http.StatusConflict,
	Code:   "response_not_replayable",
	Detail: "the first request with this Idempotency-Key succeeded; its response held a secret that is shown only once and was not kept"}

func (m *Middleware) complete(ctx context.Context, scope, key string, rec *recorder) error {
	h := http.Header{}
	for _, k := range replayedHeaders {
		if v := rec.header.Values(k); len(v) > 0 {
			h[k] = v
		}
	}
	status, body := rec.status, rec.body.Bytes()
	// Responses marked no-store hold secrets; keep only the fact of success.
	if strings.Contains(rec.header.Get("Cache-Control"), "no-store") && status < 300 {
		status = secretWithheld.Status
		body, _ = json.Marshal(secretWithheld)
		h = http.Header{"Content-Type": {"application/problem+json"}}
	}
	headers, err := json.Marshal(h)
	if err != nil {
		return err
	}
	return m.db.InTx(ctx, func(tx *db.Tx) error {
		_, err := tx.ExecContext(ctx,
			`UPDATE idempotency_key SET status = $1, response_headers = $2, response_body = $3, completed_at = $4 WHERE scope = $5 AND key = $6`,
			status, string(headers), body, tx.Now(), scope, key)
		return err
	})
}

func (m *Middleware) release(ctx context.Context, scope, key string) {
	err := m.db.InTx(ctx, func(tx *db.Tx) error {
		_, err := tx.ExecContext(ctx, `DELETE FROM idempotency_key WHERE scope = $1 AND key = $2 AND status IS NULL`, scope, key)
		return err
	})
	if err != nil {
		httpx.Logger(ctx).Error("releasing idempotency key", "error", err)
	}
}

// recorder buffers a response so it can be stored before it is sent.
type recorder struct {
	header http.Header
	status int
	body   bytes.Buffer
}

func (r *recorder) Header() http.Header { return r.header }

func (r *recorder) WriteHeader(code int) {
	if r.status == 0 {
		r.status = code
	}
}

func (r *recorder) Write(b []byte) (int, error) {
	if r.status == 0 {
		r.status = http.StatusOK
	}
	return r.body.Write(b)
}
