// Package httpx holds the HTTP plumbing shared by the whole API: RFC 9457
// problem responses (and the one place where error kinds become HTTP
// statuses), request IDs, access logs, metrics, panic recovery, the huma
// configuration and graceful serving. It knows nothing about the business.
package httpx

import (
	"context"
	"encoding/json"
	"log/slog"
	"net/http"
	"regexp"
	"strings"

	"github.com/danielgtaylor/huma/v2"

	"github.com/concord-erp/concord/internal/platform/apperr"
)

// Problem is an RFC 9457 problem document with Concord's extensions: a stable
// machine Code, the request ID, and the fields at fault.
type Problem struct {
	Type      string              `json:"type" doc:"A URI reference identifying the problem type; about:blank when the code says it all."`
	Title     string              `json:"title" doc:"Short summary of the HTTP status."`
	Status    int                 `json:"status" doc:"HTTP status code."`
	Detail    string              `json:"detail,omitempty" doc:"Human-readable explanation of this occurrence."`
	Instance  string              `json:"instance,omitempty" doc:"The request path."`
	Code      string              `json:"code" doc:"Stable machine-readable error code, e.g. validation_failed, insufficient_stock, version_conflict."`
	RequestID string              `json:"request_id,omitempty" doc:"The request ID, also in the X-Request-Id header; quote it when reporting a problem."`
	Errors    []apperr.FieldError `json:"errors,omitempty" doc:"The input fields at fault, for validation errors."`
	Details   any                 `json:"details,omitempty" doc:"Machine-readable context of some errors, e.g. the likely duplicates of a new party."`
}

// Error implements error.
func (p *Problem) Error() string { return p.Code + ": " + p.Detail }

// GetStatus implements huma.StatusError.
func (p *Problem) GetStatus() int { return p.Status }

// ContentType implements huma.ContentTypeFilter so problems are sent as
// application/problem+json.
func (p *Problem) ContentType(ct string) string {
	if ct == "application/json" {
		return "application/problem+json"
	}
	return ct
}

// statusOf is the only map from error kind to HTTP status.
func statusOf(k apperr.Kind) int {
	switch k {
	case apperr.KindInvalid:
		return http.StatusUnprocessableEntity
	case apperr.KindBadRequest:
		return http.StatusBadRequest
	case apperr.KindNotFound:
		return http.StatusNotFound
	case apperr.KindConflict:
		return http.StatusConflict
	case apperr.KindPreconditionFailed:
		return http.StatusPreconditionFailed
	case apperr.KindPreconditionNeeded:
		return http.StatusPreconditionRequired
	case apperr.KindUnauthenticated:
		return http.StatusUnauthorized
	case apperr.KindForbidden:
		return http.StatusForbidden
	case apperr.KindRateLimited:
		return http.StatusTooManyRequests
	case apperr.KindUnavailable:
		return http.StatusServiceUnavailable
	case apperr.KindTooLarge:
		return http.StatusRequestEntityTooLarge
	case apperr.KindMethodNotAllowed:
		return http.StatusMethodNotAllowed
	default:
		return http.StatusInternalServerError
	}
}

// codeOfStatus names the errors that the HTTP machinery itself produces
// (routing, decoding, schema validation).
func codeOfStatus(status int) string {
	switch status {
	case http.StatusBadRequest:
		return apperr.CodeBadRequest
	case http.StatusNotFound:
		return apperr.CodeNotFound
	case http.StatusMethodNotAllowed:
		return "method_not_allowed"
	case http.StatusNotAcceptable:
		return "not_acceptable"
	case http.StatusRequestEntityTooLarge:
		return "request_too_large"
	case http.StatusUnsupportedMediaType:
		return "unsupported_media_type"
	case http.StatusUnprocessableEntity:
		return apperr.CodeValidationFailed
	case http.StatusPreconditionFailed:
		return apperr.CodePreconditionFailed
	case http.StatusNotModified:
		return "not_modified"
	default:
		if status >= 500 {
			return apperr.CodeInternal
		}
		return strings.ReplaceAll(strings.ToLower(http.StatusText(status)), " ", "_")
	}
}

// ProblemOf turns any error into the problem the client sees. Errors that are
// not *apperr.Error are internal: they are logged with the request ID and
// the client learns nothing of their content.
func ProblemOf(ctx context.Context, err error) *Problem {
	if p, ok := err.(*Problem); ok {
		return p
	}
	if ae, ok := apperr.As(err); ok && ae.Kind != apperr.KindInternal {
		status := statusOf(ae.Kind)
		return &Problem{Type: "about:blank", Title: http.StatusText(status), Status: status,
			Detail: ae.Message, Code: ae.Code, Errors: ae.Fields, Details: ae.Details}
	}
	Logger(ctx).ErrorContext(ctx, "internal error", slog.Any("error", err))
	return &Problem{Type: "about:blank", Title: http.StatusText(500), Status: 500,
		Detail: "internal error; quote the request ID when reporting it", Code: apperr.CodeInternal}
}

// WriteError writes err as a problem response. Handlers outside huma (and
// middleware) use it; huma handlers simply return the error.
func WriteError(w http.ResponseWriter, r *http.Request, err error) {
	p := ProblemOf(r.Context(), err)
	p.Instance = r.URL.Path
	p.RequestID = RequestID(r.Context())
	w.Header().Set("Content-Type", "application/problem+json")
	w.Header().Set("Cache-Control", "no-store")
	if p.Status == http.StatusTooManyRequests {
		w.Header().Set("Retry-After", retryAfter)
	}
	w.WriteHeader(p.Status)
	_ = json.NewEncoder(w).Encode(p)
}

// retryAfter is the Retry-After of rate-limited requests, in seconds: every
// limit in Concord counts over a window of one minute.
const retryAfter = "60"

var requiredProperty = regexp.MustCompile(`^expected required property (\S+) to be present$`)

// humaError replaces huma's default error constructor, so that errors from
// handlers, from request decoding and from schema validation all become
// Problems with a code.
func humaError(hctx huma.Context, status int, msg string, errs ...error) huma.StatusError {
	ctx := context.Background()
	if hctx != nil {
		ctx = hctx.Context()
	}
	var p *Problem
	if status == http.StatusInternalServerError && len(errs) == 1 {
		// A handler returned a plain error: classify it.
		p = ProblemOf(ctx, errs[0])
	} else {
		p = &Problem{Type: "about:blank", Title: http.StatusText(status), Status: status, Detail: msg, Code: codeOfStatus(status)}
		for _, e := range errs {
			if e == nil {
				continue
			}
			p.Errors = append(p.Errors, fieldOf(e))
		}
		if status == http.StatusBadRequest && len(p.Errors) > 0 {
			// huma says "validation failed" for a body it cannot parse.
			p.Code = "malformed_request"
			p.Detail = "the request could not be parsed: " + p.Errors[0].Message
		}
		if status >= 500 {
			Logger(ctx).ErrorContext(ctx, "internal error", slog.String("detail", msg), slog.Any("errors", errs))
			p.Detail = "internal error; quote the request ID when reporting it"
			p.Errors = nil
		}
	}
	if hctx != nil {
		p.Instance = hctx.URL().Path
		p.RequestID = RequestID(ctx)
		if p.Status == http.StatusTooManyRequests {
			hctx.SetHeader("Retry-After", retryAfter)
		}
	}
	return p
}

// fieldOf converts a huma validation detail into a field error. Huma reports
// a missing property at its parent ("body") with the name in the message;
// the client wants the missing field itself.
func fieldOf(e error) apperr.FieldError {
	var d *huma.ErrorDetail
	if ed, ok := e.(huma.ErrorDetailer); ok {
		d = ed.ErrorDetail()
	} else {
		return apperr.FieldError{Code: "invalid", Message: e.Error()}
	}
	field, code := d.Location, "invalid"
	if m := requiredProperty.FindStringSubmatch(d.Message); m != nil {
		field, code = field+"."+m[1], "required"
	}
	if field == "body" {
		field = ""
	}
	field = strings.TrimPrefix(field, "body.")
	return apperr.FieldError{Field: field, Code: code, Message: d.Message}
}
