package httpx

import (
	"context"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"regexp"
	"runtime/debug"
	"strconv"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/concord-erp/concord/internal/platform/apperr"
	"github.com/concord-erp/concord/internal/platform/id"
)

type ctxKey int

const (
	requestIDKey ctxKey = iota
	loggerKey
	routeKey
	clientIPKey
)

// ClientIP returns the address of the client (the peer of the connection;
// forwarded headers are not trusted).
func ClientIP(ctx context.Context) string {
	s, _ := ctx.Value(clientIPKey).(string)
	return s
}

// Routed wraps the ServeMux so that the pattern it matched is known to the
// outer middleware (for metric labels) even when inner middleware passed a
// copy of the request down, and so that "no such path" (404) and "wrong
// method" (405, with Allow) are problem documents like every other error.
// catchAll, when not empty, is a GET pattern that matches every path (a
// single-page app): a path only it matches does not exist for other
// methods either, so those get 404, not 405.
func Routed(mux *http.ServeMux, catchAll string) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if h, pattern := mux.Handler(r); pattern == "" {
			rec := &headerRecorder{header: http.Header{}}
			h.ServeHTTP(rec, r)
			kind, code := apperr.KindNotFound, apperr.CodeNotFound
			if rec.status == http.StatusMethodNotAllowed && !onlyCatchAll(mux, r, catchAll) {
				kind, code = apperr.KindMethodNotAllowed, "method_not_allowed"
				w.Header().Set("Allow", rec.header.Get("Allow"))
			}
			WriteError(w, r, apperr.New(kind, code, "no such endpoint: "+r.Method+" "+r.URL.Path))
			return
		}
		mux.ServeHTTP(w, r)
		if p, ok := r.Context().Value(routeKey).(*string); ok {
			*p = r.Pattern
		}
	})
}

// onlyCatchAll reports whether the path exists only through the catch-all
// GET pattern.
func onlyCatchAll(mux *http.ServeMux, r *http.Request, catchAll string) bool {
	if catchAll == "" {
		return false
	}
	get := r.Clone(r.Context())
	get.Method = http.MethodGet
	_, pattern := mux.Handler(get)
	return pattern == catchAll
}

// headerRecorder keeps the status and headers of the mux's own 404/405
// answer and drops its plain-text body.
type headerRecorder struct {
	header http.Header
	status int
}

func (h *headerRecorder) Header() http.Header         { return h.header }
func (h *headerRecorder) Write(b []byte) (int, error) { return len(b), nil }
func (h *headerRecorder) WriteHeader(code int)        { h.status = code }

// MaxBodyBytes bounds every request body (file imports are the largest);
// operations set lower limits of their own (huma's default is 1 MiB).
const MaxBodyBytes = 64 << 20

// securityHeaders suit a single-page app served from this origin that talks
// only to its own API. Styles allow inline because the UI library injects
// them at run time.
var securityHeaders = map[string]string{
	"Content-Security-Policy": "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; " +
		"font-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'",
	"X-Content-Type-Options": "nosniff",
	"Referrer-Policy":        "strict-origin-when-cross-origin",
	"X-Frame-Options":        "DENY",
	"Permissions-Policy":     "camera=(), microphone=(), geolocation=()",
}

// RequestID returns the ID of the request being served, or "".
func RequestID(ctx context.Context) string {
	s, _ := ctx.Value(requestIDKey).(string)
	return s
}

// Logger returns the request's logger (carrying its request ID), or the
// default logger outside a request.
func Logger(ctx context.Context) *slog.Logger {
	if l, ok := ctx.Value(loggerKey).(*slog.Logger); ok {
		return l
	}
	return slog.Default()
}

// A caller-supplied request ID is kept only when it is short and plain, so
// that it cannot inject anything into logs or headers.
var validRequestID = regexp.MustCompile(`^[A-Za-z0-9._:-]{1,128}$`)

// RequestIDHeader carries the request ID in both directions.
const RequestIDHeader = "X-Request-Id"

// statusRecorder remembers the status and size of a response.
type statusRecorder struct {
	http.ResponseWriter
	status int
	bytes  int
}

func (r *statusRecorder) WriteHeader(code int) {
	if r.status == 0 {
		r.status = code
	}
	r.ResponseWriter.WriteHeader(code)
}

func (r *statusRecorder) Write(b []byte) (int, error) {
	if r.status == 0 {
		r.status = http.StatusOK
	}
	n, err := r.ResponseWriter.Write(b)
	r.bytes += n
	return n, err
}

// Unwrap lets http.ResponseController reach the underlying writer.
func (r *statusRecorder) Unwrap() http.ResponseWriter { return r.ResponseWriter }

// Metrics holds the HTTP metrics of one server.
type Metrics struct {
	requests *prometheus.CounterVec
	duration *prometheus.HistogramVec
}

// NewMetrics registers the HTTP metrics with reg.
func NewMetrics(reg prometheus.Registerer) *Metrics {
	m := &Metrics{
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "concord_http_requests_total",
			Help: "HTTP requests served, by method, route pattern and status code.",
		}, []string{"method", "route", "status"}),
		duration: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "concord_http_request_duration_seconds",
			Help:    "Time to serve HTTP requests, by method and route pattern.",
			Buckets: prometheus.DefBuckets,
		}, []string{"method", "route"}),
	}
	reg.MustRegister(m.requests, m.duration)
	return m
}

// Middleware wraps next with, from the outside in: request ID, panic
// recovery, access log and metrics.
func Middleware(next http.Handler, log *slog.Logger, m *Metrics) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		rid := r.Header.Get(RequestIDHeader)
		if !validRequestID.MatchString(rid) {
			rid = id.New("req")
		}
		h := w.Header()
		h.Set(RequestIDHeader, rid)
		for k, v := range securityHeaders {
			h.Set(k, v)
		}
		reqLog := log.With(slog.String("request_id", rid))
		route := ""
		ip, _, err := net.SplitHostPort(r.RemoteAddr)
		if err != nil {
			ip = r.RemoteAddr
		}
		ctx := context.WithValue(r.Context(), requestIDKey, rid)
		ctx = context.WithValue(ctx, loggerKey, reqLog)
		ctx = context.WithValue(ctx, routeKey, &route)
		ctx = context.WithValue(ctx, clientIPKey, ip)
		r = r.WithContext(ctx)
		r.Body = http.MaxBytesReader(w, r.Body, MaxBodyBytes)
		rec := &statusRecorder{ResponseWriter: w}

		defer func() {
			if p := recover(); p != nil {
				if p == http.ErrAbortHandler {
					panic(p)
				}
				reqLog.ErrorContext(ctx, "panic", slog.Any("panic", p), slog.String("stack", string(debug.Stack())))
				if rec.status == 0 {
					WriteError(rec, r, apperr.Internal(fmt.Errorf("panic: %v", p)))
				}
			}
			// The pattern (recorded by Routed), not the raw path, keeps
			// metric cardinality bounded.
			if route == "" {
				route = "unmatched"
			}
			status := rec.status
			if status == 0 {
				status = http.StatusOK
			}
			elapsed := time.Since(start)
			if m != nil {
				m.requests.WithLabelValues(r.Method, route, strconv.Itoa(status)).Inc()
				m.duration.WithLabelValues(r.Method, route).Observe(elapsed.Seconds())
			}
			level := slog.LevelInfo
			if status >= 500 {
				level = slog.LevelError
			}
			reqLog.LogAttrs(ctx, level, "request",
				slog.String("method", r.Method),
				slog.String("path", r.URL.Path),
				slog.String("route", route),
				slog.Int("status", status),
				slog.Int("bytes", rec.bytes),
				slog.Duration("duration", elapsed),
				slog.String("remote", r.RemoteAddr),
			)
		}()
		next.ServeHTTP(rec, r)
	})
}
