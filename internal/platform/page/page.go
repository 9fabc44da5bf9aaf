// Package page implements cursor pagination for list endpoints.
//
// A list is read in keyset order (for example by ID, which sorts by creation
// time): the cursor encodes the sort key of the last item returned and the
// next page starts strictly after it. Unlike offsets, a cursor neither
// repeats nor skips items when rows are inserted while a client pages
// through. Cursors are opaque to clients (base64url-encoded JSON).
package page

import (
	"encoding/base64"
	"encoding/json"

	"github.com/concord-erp/concord/internal/platform/apperr"
)

// MaxLimit is the largest page size a client may ask for.
const MaxLimit = 200

// Params are the query parameters every list endpoint accepts. Embed it in
// a huma input struct.
type Params struct {
	Limit int    `query:"limit" minimum:"1" maximum:"200" default:"50" doc:"Maximum number of items to return (1–200)."`
	After string `query:"after" maxLength:"512" doc:"Cursor from the next_cursor of the previous page; omit for the first page."`
}

// List is one page of a list response.
type List[T any] struct {
	Data       []T     `json:"data" doc:"The items of this page."`
	NextCursor *string `json:"next_cursor" nullable:"true" doc:"Pass as after to get the next page; null on the last page."`
}

// ErrInvalidCursor is returned for a cursor this server did not make.
var ErrInvalidCursor = apperr.Invalid("the cursor is not valid; start again without after",
	apperr.Field("after", "invalid_cursor", "not a cursor returned by this list"))

// Encode makes a cursor from a sort key (any JSON-marshalable value).
func Encode(key any) string {
	b, err := json.Marshal(key)
	if err != nil {
		// Keys are IDs, times and numbers chosen by the caller's code.
		panic("page: cursor key cannot be marshalled: " + err.Error())
	}
	return base64.RawURLEncoding.EncodeToString(b)
}

// Decode reads the sort key out of a cursor made by Encode into dst. An
// empty cursor leaves dst unchanged and returns false.
func Decode(cursor string, dst any) (bool, error) {
	if cursor == "" {
		return false, nil
	}
	b, err := base64.RawURLEncoding.DecodeString(cursor)
	if err != nil {
		return false, ErrInvalidCursor
	}
	if err := json.Unmarshal(b, dst); err != nil {
		return false, ErrInvalidCursor
	}
	return true, nil
}

// PageSize returns the page size to use: the limit asked for, or the
// default of 50, capped at MaxLimit.
func (p Params) PageSize() int {
	switch {
	case p.Limit <= 0:
		return 50
	case p.Limit > MaxLimit:
		return MaxLimit
	default:
		return p.Limit
	}
}

// Build makes a page from rows fetched with LIMIT size+1: the extra row, if
// present, only tells that there is a next page. key returns an item's sort
// key for the cursor.
func Build[T any](rows []T, size int, key func(T) any) List[T] {
	l := List[T]{Data: rows}
	if l.Data == nil {
		l.Data = []T{}
	}
	if len(rows) > size {
		l.Data = rows[:size]
		c := Encode(key(rows[size-1]))
		l.NextCursor = &c
	}
	return l
}
