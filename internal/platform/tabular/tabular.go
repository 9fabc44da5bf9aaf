// Package tabular reads and writes the CSV and XLSX files behind every
// master-data import and export (customers, suppliers, products…).
//
// It streams: a file of 100,000+ rows is read one row at a time and written
// one row at a time, so memory stays flat whatever the file size. It knows
// nothing about the business: callers map columns to their fields (AutoMap,
// Mapping.Bind) and validate the values themselves.
//
// Failures come back as values, never as panics:
//   - a *FileError stops the whole file (the file is not UTF-8, a line is
//     absurdly long, the workbook is broken…) and carries a stable Code;
//   - a Problem concerns one row or one column and lets the rest of the file
//     go on (a row with too many values, a formula without a saved result, a
//     required column that is missing). The caller decides whether a Problem
//     rejects the row, the file, or nothing.
//
// Codes are part of the API: the HTTP layer and the UI show them, and import
// reports store them, so they never change meaning.
package tabular

import (
	"bytes"
	"fmt"
	"strings"
	"unicode/utf8"
)

// Format is the kind of file a Reader reads or a Writer writes.
type Format string

// The formats this package reads and writes.
const (
	CSV  Format = "csv"
	XLSX Format = "xlsx"
)

// Codes of a *FileError: the whole file cannot be read.
const (
	// CodeEmptyFile: the file holds no row at all (no bytes, only a BOM,
	// only blank lines, or a sheet with no cells).
	CodeEmptyFile = "empty_file"
	// CodeNoHeader: the first row is blank although data follows; the first
	// row must hold the column names.
	CodeNoHeader = "no_header"
	// CodeDuplicateHeader: two columns have the same name once case, spaces
	// and punctuation are ignored, so a mapping could not tell them apart.
	CodeDuplicateHeader = "duplicate_header"
	// CodeNotUTF8: a CSV row holds bytes that are not valid UTF-8 (typically
	// a file saved as GBK, Big5 or Windows-1252).
	CodeNotUTF8 = "not_utf8"
	// CodeUnsupportedEncoding: a CSV file starts with a UTF-16 byte order
	// mark ("Unicode text" in Excel).
	CodeUnsupportedEncoding = "unsupported_encoding"
	// CodeLineTooLong: one physical line of a CSV file is longer than
	// Options.MaxLineBytes.
	CodeLineTooLong = "line_too_long"
	// CodeBadCSV: a CSV row has a stray or unclosed double quote.
	CodeBadCSV = "bad_csv"
	// CodeBadXLSX: the file is not a readable workbook, or the requested
	// sheet does not exist.
	CodeBadXLSX = "bad_xlsx"
	// CodeTooManyRows: the file has more data rows than Options.MaxRows.
	CodeTooManyRows = "too_many_rows"
	// CodeUnsupportedFormat: DetectFormat recognised a file it cannot read
	// (legacy .xls, OpenDocument, Numbers, binary data).
	CodeUnsupportedFormat = "unsupported_format"
	// CodeUnknownColumn: a Mapping names a source column that the header
	// does not have (returned by Mapping.Bind).
	CodeUnknownColumn = "unknown_column"
)

// Codes of a Problem: one row or column is wrong, the rest of the file is
// still readable.
const (
	// CodeTooManyValues: a row has non-empty values beyond the last header
	// column; they are dropped from Row.Values.
	CodeTooManyValues = "too_many_values"
	// CodeFormulaCell: an XLSX cell holds a formula with no saved (cached)
	// result; its value is returned as "".
	CodeFormulaCell = "formula_cell"
	// CodeMissingColumn: AutoMap found no column for a required field.
	CodeMissingColumn = "missing_column"
)

// Problem is something wrong with one row or one column that does not stop
// the file. Row is the row number as a person sees it in the file (header =
// 1); Column is the column's header name, or the field name for
// missing_column. The JSON shape is what import reports and the API return.
type Problem struct {
	Row     int    `json:"row"`
	Column  string `json:"column"`
	Code    string `json:"code"`
	Message string `json:"message"`
}

// FileError is a failure that stops reading the whole file. Code is one of
// the Code* constants of a file error; Row is the row where it was found, or
// 0 when it concerns no particular row. Get it with errors.As.
type FileError struct {
	Code    string `json:"code"`
	Message string `json:"message"`
	Row     int    `json:"row,omitempty"`
}

// Error returns the message, prefixed with the row when there is one.
func (e *FileError) Error() string {
	if e.Row > 0 {
		return fmt.Sprintf("row %d: %s", e.Row, e.Message)
	}
	return e.Message
}

func fileError(code string, row int, format string, args ...any) *FileError {
	return &FileError{Code: code, Row: row, Message: fmt.Sprintf(format, args...)}
}

// Magic numbers at the start of files we must recognise.
var (
	zipMagic     = []byte("PK\x03\x04")
	oleMagic     = []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1} // legacy .xls, encrypted .xlsx
	utf8BOM      = []byte{0xEF, 0xBB, 0xBF}
	utf16LEBOM   = []byte{0xFF, 0xFE}
	utf16BEBOM   = []byte{0xFE, 0xFF}
	saveAsCSVMsg = `save as UTF-8: in Excel, use Save As "CSV UTF-8 (Comma delimited) (*.csv)" and import the new file`
)

// DetectFormat tells CSV from XLSX by the file name's extension and the
// first bytes of the file (pass at least 8; fewer is fine for tiny files).
// The content wins over the name when they disagree in a harmless way: a zip
// named ".csv" is read as XLSX. Errors are *FileError with code
// unsupported_format (legacy .xls, encrypted workbooks, OpenDocument,
// binary data), bad_xlsx (named .xlsx but not a zip) or empty_file (named
// .xlsx, no bytes).
func DetectFormat(name string, head []byte) (Format, error) {
	ext := ""
	if i := strings.LastIndexByte(name, '.'); i >= 0 {
		ext = strings.ToLower(name[i:])
	}
	switch ext {
	case ".xls", ".ods", ".numbers", ".xlsb":
		return "", fileError(CodeUnsupportedFormat, 0,
			"%s files cannot be imported; save the file as Excel Workbook (*.xlsx) or CSV UTF-8 and import it again", ext)
	}
	if bytes.HasPrefix(head, oleMagic) {
		// An OLE container is either a pre-2007 .xls or a password-protected
		// .xlsx; we can read neither.
		return "", fileError(CodeUnsupportedFormat, 0,
			"the file is an old Excel (.xls) or a password-protected workbook; remove the password and save it as Excel Workbook (*.xlsx) or CSV UTF-8")
	}
	if bytes.HasPrefix(head, zipMagic) {
		return XLSX, nil
	}
	switch ext {
	case ".xlsx", ".xlsm", ".xltx", ".xltm":
		if len(head) == 0 {
			return "", fileError(CodeEmptyFile, 0, "the file is empty")
		}
		return "", fileError(CodeBadXLSX, 0, "the file is named %s but is not an Excel workbook", ext)
	case ".csv", ".txt":
		return CSV, nil
	}
	// No telling extension: text (or a text BOM) is CSV, anything else is
	// something we cannot read. A cut in the middle of a UTF-8 sequence at
	// the end of head must not count against it.
	if len(head) == 0 || bytes.HasPrefix(head, utf16LEBOM) || bytes.HasPrefix(head, utf16BEBOM) || looksLikeText(head) {
		return CSV, nil
	}
	return "", fileError(CodeUnsupportedFormat, 0, "the file is neither CSV nor an Excel workbook (*.xlsx)")
}

// looksLikeText reports whether head is text: no NUL bytes and valid UTF-8,
// except possibly a rune cut off at the end. Legacy encodings (GBK…) fail
// here, which is fine: a .csv name still makes them CSV, and the reader then
// reports not_utf8 with the row.
func looksLikeText(head []byte) bool {
	if bytes.IndexByte(head, 0) >= 0 {
		return false
	}
	for len(head) > 0 {
		r, size := utf8.DecodeRune(head)
		if r == utf8.RuneError && size <= 1 {
			return !utf8.FullRune(head) // a cut rune at the end is fine
		}
		head = head[size:]
	}
	return true
}
