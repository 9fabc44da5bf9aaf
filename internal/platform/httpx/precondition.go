package httpx

import (
	"strconv"
	"strings"

	"github.com/concord-erp/concord/internal/platform/apperr"
)

// ETag returns the strong entity tag of a record version, e.g. "3". GET
// responses send it; clients echo it in If-Match when they update.
func ETag(version int64) string { return `"` + strconv.FormatInt(version, 10) + `"` }

// Precondition is the version a client expects to overwrite, taken from the
// If-Match header or from the version field of the body.
type Precondition struct {
	Version    int64
	FromHeader bool
}

// Errors of ParsePrecondition.
var (
	ErrPreconditionRequired = &apperr.Error{Kind: apperr.KindPreconditionNeeded, Code: apperr.CodePreconditionNeeded,
		Message: "send the version you are changing, in If-Match or in the version field, so no one else's change is overwritten",
		Fields:  []apperr.FieldError{{Field: "version", Code: "required", Message: "required when If-Match is absent"}}}
	ErrBadIfMatch = &apperr.Error{Kind: apperr.KindBadRequest, Code: "invalid_if_match",
		Message: `If-Match must be one entity tag as returned in ETag, e.g. "3"`,
		Fields:  []apperr.FieldError{{Field: "header.If-Match", Code: "invalid", Message: `want an ETag such as "3"`}}}
	ErrVersionMismatch = apperr.Invalid("If-Match and version disagree",
		apperr.Field("version", "mismatch", "must equal the version in If-Match"))
)

// ParsePrecondition reads the expected version of an update from the If-Match
// header and/or the body's version (0 when absent). At least one is
// required; when both are given they must agree.
func ParsePrecondition(ifMatch string, bodyVersion int64) (Precondition, error) {
	if ifMatch == "" {
		if bodyVersion <= 0 {
			return Precondition{}, ErrPreconditionRequired
		}
		return Precondition{Version: bodyVersion}, nil
	}
	// If-Match compares strongly (RFC 9110 §13.1.1): a weak tag never matches.
	tag := strings.TrimSpace(ifMatch)
	if len(tag) < 3 || tag[0] != '"' || tag[len(tag)-1] != '"' {
		return Precondition{}, ErrBadIfMatch
	}
	v, err := strconv.ParseInt(tag[1:len(tag)-1], 10, 64)
	if err != nil || v <= 0 {
		return Precondition{}, ErrBadIfMatch
	}
	if bodyVersion != 0 && bodyVersion != v {
		return Precondition{}, ErrVersionMismatch
	}
	return Precondition{Version: v, FromHeader: true}, nil
}

// Check adapts the error of an update made with p: a version conflict is a
// 412 Precondition Failed when the client used If-Match (HTTP semantics) and
// a 409 when it sent the version in the body. The code stays
// version_conflict either way.
func (p Precondition) Check(err error) error {
	if ae, ok := apperr.As(err); ok && p.FromHeader && ae.Code == apperr.CodeVersionConflict {
		cp := *ae
		cp.Kind = apperr.KindPreconditionFailed
		return &cp
	}
	return err
}
