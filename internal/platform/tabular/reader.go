package tabular

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"
)

// DefaultMaxLineBytes is the default for Options.MaxLineBytes: 1 MiB is far
// more than any honest row of master data and small enough to hold.
const DefaultMaxLineBytes = 1 << 20

// Options tunes a Reader. The zero value is ready to use.
type Options struct {
	// MaxLineBytes (CSV only) is the longest line accepted, in bytes (default
	// DefaultMaxLineBytes). It bounds each physical line and each row (a
	// row whose quoted value spans lines counts all its lines, which is how
	// an unclosed quote is caught before it swallows the file). Over the
	// limit, reading fails with line_too_long as soon as it is seen, without
	// buffering the rest of the line.
	MaxLineBytes int
	// MaxRows is the largest number of data rows (header and blank rows not
	// counted) accepted; 0 means unlimited. Row MaxRows+1 fails with
	// too_many_rows.
	MaxRows int
	// Sheet (XLSX only) is the sheet to read, matched case-insensitively
	// like Excel does (default: the first visible sheet). A missing sheet
	// fails with bad_xlsx.
	Sheet string
	// Comma (CSV only) is the field separator (default ','). Excel in some European
	// locales saves CSV with ';'.
	Comma rune
}

// Row is one data row of the file.
//
// Number is the 1-based row number as a person sees it (header = 1): the
// line where the record starts in a CSV file (what a text editor shows, and
// what Excel shows unless a quoted value spans lines), the sheet row in XLSX.
//
// Values always has exactly one value per header column: a row with fewer
// values is padded with "" (spreadsheets drop trailing empty cells, so this
// is normal, not a problem); non-empty values beyond the header are dropped
// and reported as a too_many_values Problem. Values are not trimmed.
//
// Problems lists what is wrong with this row (too_many_values,
// formula_cell). The Row is the caller's to keep: nothing in it is reused.
type Row struct {
	Number   int
	Values   []string
	Problems []Problem
}

// source is one file format's row iterator. next returns the row number,
// the raw values, and the 0-based columns that hold an XLSX formula with no
// saved result.
type source interface {
	next() (num int, values []string, formulaCols []int, err error)
	close() error
}

// Reader streams the rows of one CSV file or one XLSX sheet. It is not safe
// for concurrent use. Close it when done: an XLSX Reader may hold temporary
// files.
type Reader struct {
	src    source
	opts   Options
	header []string
	rows   int   // data rows returned so far, for MaxRows
	err    error // sticky: once a Reader fails it keeps failing the same way
}

// Open reads a file that can be read at any offset: an upload saved to a
// temporary file, an *os.File, a *bytes.Reader. XLSX needs this because a
// zip's directory sits at its end; CSV is read front to back. For a CSV
// stream that cannot seek (a pipe, a request body) use OpenCSV.
//
// Open reads the header row. Errors are *FileError with codes empty_file,
// no_header and duplicate_header (both formats), unsupported_encoding,
// not_utf8, line_too_long and bad_csv (CSV), bad_xlsx (XLSX); an unknown
// format or an invalid Options.Comma is a plain error (a caller bug); any
// other error is an I/O error from src.
//
// XLSX values are the text the cell displays: shared strings resolved,
// number formats applied ("12.50", "10.00%"), Excel's default date and
// date-time formats as "2024-01-31" and "2024-01-31 12:00", booleans as
// TRUE/FALSE, formulas never evaluated (their saved result, or "" and a
// formula_cell Problem). Memory: excelize keeps the
// compressed file in memory and spills worksheets over 16 MB (uncompressed)
// to temporary files, which Close removes; rows are then streamed. Callers
// should cap the upload size.
func Open(src io.ReaderAt, size int64, f Format, opts Options) (*Reader, error) {
	switch f {
	case CSV:
		return OpenCSV(io.NewSectionReader(src, 0, size), opts)
	case XLSX:
		s, err := openXLSX(src, size, opts.Sheet)
		if err != nil {
			return nil, err
		}
		return newReader(s, opts)
	default:
		return nil, fmt.Errorf("tabular: unknown format %q", f)
	}
}

// OpenCSV reads a CSV stream front to back without ever holding more than
// one line (bounded by Options.MaxLineBytes) in memory. A UTF-8 byte order
// mark is skipped. It reads the header row; errors are as for Open.
func OpenCSV(r io.Reader, opts Options) (*Reader, error) {
	s, err := openCSV(r, opts)
	if err != nil {
		return nil, err
	}
	return newReader(s, opts)
}

func newReader(s source, opts Options) (*Reader, error) {
	r := &Reader{src: s, opts: opts}
	if err := r.readHeader(); err != nil {
		_ = s.close()
		return nil, err
	}
	return r, nil
}

// readHeader takes the first row as the header. A blank first row followed
// by data is no_header rather than silently using a later row: a title row
// or a stray blank row means the layout is not what the user thinks.
func (r *Reader) readHeader() error {
	num, values, _, err := r.src.next()
	if errors.Is(err, io.EOF) {
		return fileError(CodeEmptyFile, 0, "the file is empty")
	}
	if err != nil {
		return err
	}
	if isBlank(values) {
		// Look ahead to tell an empty file (only blank rows) from a missing
		// header. This streams, so it costs time but no memory.
		for {
			_, more, fcols, err := r.src.next()
			if errors.Is(err, io.EOF) {
				return fileError(CodeEmptyFile, 0, "the file has no data: every row is blank")
			}
			if err != nil {
				return err
			}
			if !isBlank(more) || len(fcols) > 0 {
				return fileError(CodeNoHeader, num, "row %d is blank; the first row must hold the column names", num)
			}
		}
	}
	header := make([]string, len(values))
	for i, v := range values {
		header[i] = strings.TrimSpace(v)
	}
	// Some tools write the BOM into the first cell itself (or a CSV was
	// saved twice with a BOM); it is never part of a name.
	header[0] = strings.TrimSpace(strings.TrimPrefix(header[0], "\uFEFF"))

	seen := make(map[string]int, len(header))
	for i, h := range header {
		n := normalize(h)
		if n == "" {
			continue // unnamed columns are allowed; they just cannot be mapped
		}
		if j, ok := seen[n]; ok {
			return fileError(CodeDuplicateHeader, num,
				"columns %d (%q) and %d (%q) have the same name; rename one of them", j+1, header[j], i+1, h)
		}
		seen[n] = i
	}
	r.header = header
	return nil
}

// Header returns the column names of the first row, trimmed of spaces, with
// a byte order mark removed from the first. Unnamed columns are "". The
// slice is shared: do not modify it.
func (r *Reader) Header() []string {
	return r.header
}

// Next returns the next data row, skipping blank rows (every value empty or
// spaces: spreadsheets are full of them and they carry nothing), or io.EOF
// after the last row. Errors are *FileError with codes not_utf8,
// line_too_long, bad_csv, bad_xlsx and too_many_rows, or I/O errors from the
// input; after an error Next keeps returning it. Row-level issues are in
// Row.Problems, not errors.
func (r *Reader) Next() (Row, error) {
	for {
		if r.err != nil {
			return Row{}, r.err
		}
		num, values, fcols, err := r.src.next()
		if err != nil {
			r.err = err
			return Row{}, err
		}
		if len(fcols) == 0 && isBlank(values) {
			continue
		}
		r.rows++
		if r.opts.MaxRows > 0 && r.rows > r.opts.MaxRows {
			r.err = fileError(CodeTooManyRows, num,
				"the file has more than %d rows; split it into smaller files", r.opts.MaxRows)
			return Row{}, r.err
		}
		return r.makeRow(num, values, fcols), nil
	}
}

func (r *Reader) makeRow(num int, values []string, fcols []int) Row {
	row := Row{Number: num, Values: make([]string, len(r.header))}
	copy(row.Values, values)
	for _, v := range values[min(len(values), len(r.header)):] {
		if v != "" {
			// Empty trailing cells (a trailing comma, a formatted cell) lose
			// nothing; only real data beyond the header is worth a word.
			row.Problems = append(row.Problems, Problem{
				Row:     num,
				Code:    CodeTooManyValues,
				Message: fmt.Sprintf("row %d has %d values but the header has %d columns; the values after column %d are ignored", num, len(values), len(r.header), len(r.header)),
			})
			break
		}
	}
	for _, c := range fcols {
		cell, _ := excelize.CoordinatesToCellName(c+1, num)
		row.Problems = append(row.Problems, Problem{
			Row:     num,
			Column:  r.columnName(c),
			Code:    CodeFormulaCell,
			Message: fmt.Sprintf("cell %s holds a formula with no saved result; open the file in Excel, save it, and import it again (or paste the values)", cell),
		})
	}
	return row
}

// columnName names column c (0-based) for a Problem: its header, or its
// spreadsheet letter when it is unnamed.
func (r *Reader) columnName(c int) string {
	if c < len(r.header) && r.header[c] != "" {
		return r.header[c]
	}
	name, _ := excelize.ColumnNumberToName(c + 1)
	return name
}

// Close releases the Reader's resources (XLSX temporary files). It does not
// close the input.
func (r *Reader) Close() error {
	if r.src == nil {
		return nil
	}
	err := r.src.close()
	r.src = nil
	if r.err == nil {
		r.err = errors.New("tabular: reader closed")
	}
	return err
}

func isBlank(values []string) bool {
	for _, v := range values {
		if strings.TrimSpace(v) != "" {
			return false
		}
	}
	return true
}

// checkUTF8 returns a not_utf8 *FileError when a value holds invalid UTF-8.
func checkUTF8(num int, values []string) error {
	for i, v := range values {
		if !utf8.ValidString(v) {
			return fileError(CodeNotUTF8, num,
				"row %d, column %d is not UTF-8 text (the file is probably in a local encoding such as GBK or Windows-1252); %s",
				num, i+1, saveAsCSVMsg)
		}
	}
	return nil
}

// OpenBytes opens an uploaded file held in memory, telling CSV from XLSX
// by its first bytes. Errors: a *FileError (unsupported_format and the
// codes of Open).
func OpenBytes(file []byte, opts Options) (*Reader, error) {
	f, err := DetectFormat("upload", file[:min(len(file), 512)])
	if err != nil {
		return nil, err
	}
	return Open(bytes.NewReader(file), int64(len(file)), f, opts)
}
