// Package apperr defines the one error type that carries a stable machine code
// from the business modules to the API. Modules return *Error values built with
// the constructors below; the HTTP layer maps Kind to a status in exactly one
// place (httpx). Any other error is an internal error: it is logged and the
// client sees only "internal error".
package apperr

import (
	"errors"
	"fmt"
)

// Kind classifies an error for the transport layer. It decides the HTTP status;
// the Code tells the client precisely what went wrong.
type Kind int

// The kinds of application error.
const (
	KindInternal           Kind = iota // a bug or an outage; never shown in detail
	KindInvalid                        // the input breaks a rule (422)
	KindBadRequest                     // the request cannot be understood (400)
	KindNotFound                       // the resource does not exist or is not visible (404)
	KindConflict                       // the resource's state forbids the change (409)
	KindPreconditionFailed             // If-Match does not match (412)
	KindPreconditionNeeded             // a required precondition header is missing (428)
	KindUnauthenticated                // no or bad credentials (401)
	KindForbidden                      // authenticated but not allowed (403)
	KindRateLimited                    // too many requests (429)
	KindUnavailable                    // a dependency is down; retry later (503)
	KindTooLarge                       // the request body is too large (413)
	KindMethodNotAllowed               // the path exists, the method does not (405)
)

// Stable codes shared by several modules. Module-specific codes live in the
// module's errors.go.
const (
	CodeInternal           = "internal_error"
	CodeValidationFailed   = "validation_failed"
	CodeBadRequest         = "bad_request"
	CodeNotFound           = "not_found"
	CodeVersionConflict    = "version_conflict"
	CodePreconditionFailed = "precondition_failed"
	CodePreconditionNeeded = "precondition_required"
	CodeInvalidState       = "invalid_state"
	CodeAlreadyExists      = "already_exists"
)

// FieldError names one input field at fault. Field is a path such as
// "lines[2].quantity"; Code is a stable machine code such as "required".
type FieldError struct {
	Field   string `json:"field"`
	Code    string `json:"code"`
	Message string `json:"message"`
}

// Error is an application error with a stable code. It is safe to show Message
// to the client.
type Error struct {
	Kind    Kind
	Code    string
	Message string
	Fields  []FieldError
	// Details is optional machine-readable context shown to the client,
	// e.g. the existing parties a new one duplicates.
	Details any
	// Err is an optional cause, kept for logs and errors.Is; never shown.
	Err error
}

// Error implements error.
func (e *Error) Error() string {
	if e.Err != nil {
		return fmt.Sprintf("%s: %s: %v", e.Code, e.Message, e.Err)
	}
	return e.Code + ": " + e.Message
}

// Unwrap returns the cause.
func (e *Error) Unwrap() error { return e.Err }

// Is reports whether target is an *Error with the same Code, so that sentinel
// values such as ErrOrderNotDraft work with errors.Is even when a copy with
// more detail is returned.
func (e *Error) Is(target error) bool {
	t, ok := target.(*Error)
	return ok && t.Code == e.Code && t.Kind == e.Kind
}

// As returns the *Error in err's chain, if any.
func As(err error) (*Error, bool) {
	var e *Error
	if errors.As(err, &e) {
		return e, true
	}
	return nil, false
}

// CodeOf returns the code of err, or CodeInternal when err is not an *Error.
func CodeOf(err error) string {
	if e, ok := As(err); ok {
		return e.Code
	}
	return CodeInternal
}

// KindOf returns the kind of err, or KindInternal when err is not an *Error.
func KindOf(err error) Kind {
	if e, ok := As(err); ok {
		return e.Kind
	}
	return KindInternal
}

// New returns an error of the given kind and code.
func New(kind Kind, code, msg string) *Error {
	return &Error{Kind: kind, Code: code, Message: msg}
}

// Invalid returns a validation error listing the fields at fault.
func Invalid(msg string, fields ...FieldError) *Error {
	return &Error{Kind: KindInvalid, Code: CodeValidationFailed, Message: msg, Fields: fields}
}

// Field is shorthand for a FieldError.
func Field(field, code, msg string) FieldError {
	return FieldError{Field: field, Code: code, Message: msg}
}

// NotFound returns a not-found error for a kind of resource, e.g. "sales order".
func NotFound(resource string) *Error {
	return &Error{Kind: KindNotFound, Code: CodeNotFound, Message: resource + " not found"}
}

// Conflict returns a conflict error with a specific code.
func Conflict(code, msg string) *Error {
	return &Error{Kind: KindConflict, Code: code, Message: msg}
}

// VersionConflict is returned when an update names a version that is no longer
// current: someone else changed the record first.
func VersionConflict(resource string) *Error {
	return &Error{Kind: KindConflict, Code: CodeVersionConflict,
		Message: resource + " was changed by someone else; reload it and try again"}
}

// Internal wraps an unexpected error. Its cause is logged, never shown.
func Internal(err error) *Error {
	return &Error{Kind: KindInternal, Code: CodeInternal, Message: "internal error", Err: err}
}

// Validator collects field errors so that a constructor can report every
// problem at once instead of the first one only.
type Validator struct {
	fields []FieldError
}

// Add records a field error.
func (v *Validator) Add(field, code, msg string) {
	v.fields = append(v.fields, FieldError{Field: field, Code: code, Message: msg})
}

// Check records a field error when ok is false.
func (v *Validator) Check(ok bool, field, code, msg string) {
	if !ok {
		v.Add(field, code, msg)
	}
}

// Err returns a validation error listing every recorded field, or nil.
func (v *Validator) Err() error {
	if len(v.fields) == 0 {
		return nil
	}
	return Invalid("the input is not valid", v.fields...)
}
