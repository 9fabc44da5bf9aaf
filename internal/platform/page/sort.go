package page

import (
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/concord-erp/concord/internal/platform/apperr"
)

// Sort orders a list by one column and then by id, so that a page can end
// anywhere and the next one start right after it (keyset pagination: a
// cursor holds the last row's sort value and id).
type Sort struct {
	Field  string // the API's name, e.g. "total"
	Column string // the SQL column, e.g. "total_minor"
	Desc   bool
	// Numeric compares the cursor's value as an integer.
	Numeric bool
	// Time compares the cursor's value as an instant (see SortField.Time).
	Time bool
	// IDColumn is the tie-breaking id column, "id" if empty; a query that
	// joins another table with an id names its own (e.g. "t.id").
	IDColumn string
}

// SortField is a column a list may be sorted by.
type SortField struct {
	Name, Column string
	Numeric      bool // the cursor's value is compared as an integer
	// Time marks a timestamp column. The cursor holds the instant as
	// TimeValue text, the one form both engines' values round-trip through
	// exactly, and Keyset binds it as a time.Time, which each driver writes
	// as its column's own type: timestamptz on PostgreSQL, and on SQLite the
	// very text the driver stores times as (_time_format=sqlite), so
	// SQLite's text comparison orders it as it orders the column.
	Time bool
}

// TimeValue is an instant as a sort cursor's value: RFC 3339 in UTC with
// every fractional digit the instant has.
func TimeValue(t time.Time) string { return t.UTC().Format(time.RFC3339Nano) }

// ParseSort reads a sort parameter: a field name, "-" first for
// descending. Empty gives def. Errors: validation_failed on "sort".
func ParseSort(param string, fields []SortField, def string) (Sort, error) {
	if param == "" {
		param = def
	}
	name, desc := strings.CutPrefix(param, "-")
	i := slices.IndexFunc(fields, func(f SortField) bool { return f.Name == name })
	if i < 0 {
		var names []string
		for _, f := range fields {
			names = append(names, f.Name)
		}
		return Sort{}, apperr.Invalid("the list cannot be sorted so",
			apperr.Field("sort", "invalid", "one of "+strings.Join(names, ", ")+", with - first for descending"))
	}
	return Sort{Field: name, Column: fields[i].Column, Desc: desc, Numeric: fields[i].Numeric, Time: fields[i].Time}, nil
}

// Cursor is where a sorted page ended.
type Cursor struct {
	Value string `json:"v"`
	ID    string `json:"id"`
}

// Keyset returns the condition that starts a page after c (with the
// arguments numbered from n) and the ORDER BY clause. A cursor whose value
// does not fit the column is ErrInvalidCursor.
func (s Sort) Keyset(c *Cursor, n int) (where string, args []any, orderBy string, err error) {
	dir, cmp := "ASC", ">"
	if s.Desc {
		dir, cmp = "DESC", "<"
	}
	id := s.IDColumn
	if id == "" {
		id = "id"
	}
	orderBy = s.Column + " " + dir + ", " + id + " " + dir
	if c == nil {
		return "", nil, orderBy, nil
	}
	var v any = c.Value
	switch {
	case s.Numeric:
		if v, err = strconv.ParseInt(c.Value, 10, 64); err != nil {
			return "", nil, "", ErrInvalidCursor
		}
	case s.Time:
		t, err := time.Parse(time.RFC3339Nano, c.Value)
		if err != nil {
			return "", nil, "", ErrInvalidCursor
		}
		v = t.UTC()
	}
	// Spelled out rather than a row comparison, which not every planner
	// turns into an index range.
	where = "(" + s.Column + " " + cmp + " $" + strconv.Itoa(n) + " OR (" + s.Column + " = $" + strconv.Itoa(n) +
		" AND " + id + " " + cmp + " $" + strconv.Itoa(n+1) + "))"
	return where, []any{v, c.ID}, orderBy, nil
}

// Or is s, or def when s names no column: a caller inside the module that
// did not ask for an order gets the list's usual one.
func (s Sort) Or(def Sort) Sort {
	if s.Column == "" {
		return def
	}
	return s
}

// Clause is Keyset for a query whose arguments so far are args: it returns
// " AND " and the condition (or "" without a cursor), args with the
// cursor's values appended, and the ORDER BY clause.
func (s Sort) Clause(c *Cursor, args []any) (and string, _ []any, orderBy string, err error) {
	where, more, orderBy, err := s.Keyset(c, len(args)+1)
	if err != nil {
		return "", nil, "", err
	}
	if where != "" {
		and = " AND " + where
	}
	return and, append(args, more...), orderBy, nil
}
