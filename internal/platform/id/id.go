// Package id makes the opaque, prefixed, sortable identifiers every resource
// carries, e.g. "cus_01JD3M5Q8Z6X7V9T2K4R1N0B8C".
//
// The part after the prefix is a ULID: 48 bits of millisecond time and 80
// bits of randomness in Crockford base32. IDs made later sort after IDs made
// earlier (within one process even in the same millisecond, thanks to a
// monotonic entropy source), which keeps B-tree inserts local and gives
// cursor pagination a stable order. Clients must treat IDs as opaque strings.
package id

import (
	"crypto/rand"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/oklog/ulid/v2"
)

var (
	mu      sync.Mutex
	entropy = ulid.Monotonic(rand.Reader, 0)
)

// New returns a new ID with the given prefix, which must be 1–8 lower-case
// letters (a programming error otherwise, so it panics).
func New(prefix string) string {
	if !validPrefix(prefix) {
		panic(fmt.Sprintf("id: invalid prefix %q", prefix))
	}
	mu.Lock()
	u := ulid.MustNew(ulid.Timestamp(time.Now()), entropy)
	mu.Unlock()
	return prefix + "_" + u.String()
}

// Valid reports whether s is a well-formed ID with the given prefix. Handlers
// use it to turn a malformed path parameter into a clean 404 or 422.
func Valid(prefix, s string) bool {
	p, rest, ok := strings.Cut(s, "_")
	if !ok || p != prefix {
		return false
	}
	_, err := ulid.ParseStrict(rest)
	return err == nil
}

// Time returns the creation time encoded in a valid ID.
func Time(s string) (time.Time, error) {
	_, rest, ok := strings.Cut(s, "_")
	if !ok {
		return time.Time{}, fmt.Errorf("id: %q has no prefix", s)
	}
	u, err := ulid.ParseStrict(rest)
	if err != nil {
		return time.Time{}, fmt.Errorf("id: %q: %w", s, err)
	}
	return ulid.Time(u.Time()), nil
}

func validPrefix(p string) bool {
	if len(p) == 0 || len(p) > 8 {
		return false
	}
	for _, c := range p {
		if c < 'a' || c > 'z' {
			return false
		}
	}
	return true
}
