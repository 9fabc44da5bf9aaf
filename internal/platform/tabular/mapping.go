package tabular

import (
	"fmt"
	"slices"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// Field describes one target field of an import, for AutoMap: its Name
// (e.g. "legal_name"), the other column names people use for it (e.g.
// "Company Name", "CompanyName", "名称"), and whether a file without it is
// unusable.
type Field struct {
	Name     string
	Aliases  []string
	Required bool
}

// Mapping maps a target field name to the source column (a header as
// returned by Reader.Header) that feeds it. A field mapped to "" counts as
// not mapped, which is what a "(do not import)" choice in a mapping screen
// produces. Several fields may read the same column.
type Mapping map[string]string

// normalize reduces a column name to what identifies it for people: NFKC
// (full-width "ＩＤ" is "ID"), lower case, and only letters, digits and
// combining marks, so "Company Name", "company_name", "COMPANY-NAME" and
// "Company name:" are the same column.
func normalize(s string) string {
	s = norm.NFKC.String(s)
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		if unicode.IsLetter(r) || unicode.IsNumber(r) || unicode.IsMark(r) {
			b.WriteRune(unicode.ToLower(r))
		}
	}
	return b.String()
}

// AutoMap proposes a Mapping from a file's header to the fields, matching
// names case-insensitively and ignoring spaces, underscores, dashes and
// punctuation, against each field's Name and then its Aliases.
//
// A field's own Name wins over another field's alias, and a column is given
// to at most one field: fields are matched by Name first, then by Aliases
// in the order given, to columns not yet taken. Columns with no matching
// field are left out (callers can list them as "not imported").
//
// Problems are missing_column (Row 1, Column = the field name) for each
// required field with no column; the caller decides whether that stops the
// import. The returned Mapping is usable even with problems.
func AutoMap(header []string, fields []Field) (Mapping, []Problem) {
	// Columns by normalized name, in header order.
	columns := make(map[string][]int, len(header))
	for i, h := range header {
		if n := normalize(h); n != "" { // a name made only of punctuation matches nothing
			columns[n] = append(columns[n], i)
		}
	}
	taken := make([]bool, len(header))
	m := make(Mapping, len(fields))
	claim := func(field, want string) bool {
		for _, i := range columns[want] {
			if !taken[i] {
				taken[i] = true
				m[field] = header[i]
				return true
			}
		}
		return false
	}
	for _, f := range fields {
		if _, done := m[f.Name]; !done {
			claim(f.Name, normalize(f.Name))
		}
	}
	for _, f := range fields {
		if _, done := m[f.Name]; done {
			continue
		}
		for _, a := range f.Aliases {
			if claim(f.Name, normalize(a)) {
				break
			}
		}
	}

	var problems []Problem
	for _, f := range fields {
		if _, ok := m[f.Name]; ok || !f.Required {
			continue
		}
		looked := append([]string{f.Name}, f.Aliases...)
		problems = append(problems, Problem{
			Row:     1,
			Column:  f.Name,
			Code:    CodeMissingColumn,
			Message: fmt.Sprintf("the file has no column for %q (looked for: %s)", f.Name, strings.Join(looked, ", ")),
		})
	}
	return m, problems
}

// Binding is a Mapping resolved against one header: field name → column
// index, computed once so that reading a field of each of 100,000 rows is a
// map lookup and a slice index.
type Binding struct {
	index  map[string]int
	column map[string]string
}

// Bind resolves the mapping against header. A source column matches its
// header exactly (after trimming spaces) or, failing that, by normalized
// name, so a mapping saved from an earlier file still fits a file whose
// header differs only in case or punctuation. A mapped column missing from
// header is a *FileError with code unknown_column (Row 1) naming every such
// column.
func (m Mapping) Bind(header []string) (*Binding, error) {
	b := &Binding{index: make(map[string]int, len(m)), column: make(map[string]string, len(m))}
	exact := make(map[string]int, len(header))
	normalized := make(map[string]int, len(header))
	for i := len(header) - 1; i >= 0; i-- { // backwards, so the first column wins
		exact[strings.TrimSpace(header[i])] = i
		if n := normalize(header[i]); n != "" {
			normalized[n] = i
		}
	}
	var unknown []string
	for field, src := range m {
		src = strings.TrimSpace(src)
		if src == "" {
			continue
		}
		i, ok := exact[src]
		if !ok {
			i, ok = normalized[normalize(src)]
		}
		if !ok {
			unknown = append(unknown, fmt.Sprintf("%q (for %s)", src, field))
			continue
		}
		b.index[field] = i
		b.column[field] = header[i]
	}
	if len(unknown) > 0 {
		slices.Sort(unknown) // map order is random; messages must not be
		return nil, fileError(CodeUnknownColumn, 1, "the file has no column %s", strings.Join(unknown, ", "))
	}
	return b, nil
}

// Get returns the value of field in row, trimmed of surrounding spaces (a
// stray space from a spreadsheet never belongs in a code, a name or an
// e-mail). A field that is not mapped reads as "", like an empty cell; use
// Has to tell the two apart.
func (b *Binding) Get(row Row, field string) string {
	i, ok := b.index[field]
	if !ok || i >= len(row.Values) {
		return ""
	}
	return unneutralize(strings.TrimSpace(row.Values[i]))
}

// unneutralize undoes Neutralize, so that a file exported by Concord
// imports back unchanged: the quote it put before a leading '=', '+', '-',
// '@', tab or carriage return goes again.
func unneutralize(v string) string {
	if len(v) > 1 && v[0] == '\'' && strings.ContainsRune("=+-@\t\r", rune(v[1])) {
		return v[1:]
	}
	return v
}

// Has reports whether field is mapped to a column. An import that updates
// records uses it to leave a field alone when its column is absent, and to
// clear it when the column is present but the cell is empty.
func (b *Binding) Has(field string) bool {
	_, ok := b.index[field]
	return ok
}

// Column returns the header of the column that feeds field ("" if none),
// for the Column of a Problem about that field's value: people know their
// column names, not our field names.
func (b *Binding) Column(field string) string {
	return b.column[field]
}
