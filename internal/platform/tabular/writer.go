package tabular

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"

	"github.com/xuri/excelize/v2"
)

// Writer streams an export one row at a time. Close must be called: it
// flushes the CSV buffer, and it is where an XLSX file is actually written.
// Close does not close the underlying io.Writer.
type Writer interface {
	// Write writes one row; it must have exactly one value per header
	// column.
	Write(values []string) error
	// Close finishes the file.
	Close() error
}

// NewWriter starts an export to w in format f and writes the header row.
//
// CSV is written for Excel, the program people open exports with:
//   - UTF-8 with a byte order mark: without the BOM, Excel on Windows
//     decodes the file in the user's legacy code page and turns every
//     non-ASCII name (中文, é, ü) into mojibake;
//   - CRLF line endings, as RFC 4180 specifies; every spreadsheet and CSV
//     library reads them, and Windows tools that are strict want them;
//   - formula-injection protection (OWASP "CSV Injection"): a value that
//     starts with '=', '+', '-', '@', a tab or a carriage return would be run
//     as a formula by Excel or LibreOffice, so it is written with a leading
//     single quote ('), which makes it plain text. A value that is a plain
//     decimal number ("-12.50", "+3", "-0.5") is left alone: a number cannot
//     carry a formula, and quoting it would turn every negative amount of an
//     export into text.
//
// XLSX uses excelize's StreamWriter, so rows go to a temporary file rather
// than memory; every cell is a string cell and never a formula, so no
// neutralisation is needed (or done): the value is exactly what the caller
// wrote. A sheet holds at most 1,048,576 rows (Excel's limit) and a cell
// at most 32,767 characters; excelize cuts longer values.
func NewWriter(w io.Writer, f Format, header []string) (Writer, error) {
	if len(header) == 0 {
		return nil, errors.New("tabular: a header needs at least one column")
	}
	switch f {
	case CSV:
		return newCSVWriter(w, header)
	case XLSX:
		return newXLSXWriter(w, header)
	default:
		return nil, fmt.Errorf("tabular: unknown format %q", f)
	}
}

type csvWriter struct {
	w       *csv.Writer
	columns int
	buf     []string
}

func newCSVWriter(w io.Writer, header []string) (*csvWriter, error) {
	if _, err := w.Write(utf8BOM); err != nil {
		return nil, err
	}
	cw := &csvWriter{w: csv.NewWriter(w), columns: len(header)}
	cw.w.UseCRLF = true
	if err := cw.Write(header); err != nil {
		return nil, err
	}
	return cw, nil
}

func (c *csvWriter) Write(values []string) error {
	if len(values) != c.columns {
		return fmt.Errorf("tabular: row has %d values, header has %d columns", len(values), c.columns)
	}
	c.buf = c.buf[:0]
	for _, v := range values {
		c.buf = append(c.buf, Neutralize(v))
	}
	return c.w.Write(c.buf)
}

func (c *csvWriter) Close() error {
	c.w.Flush()
	return c.w.Error()
}

// Neutralize returns v made safe to open in a spreadsheet: a value starting
// with '=', '+', '-', '@', tab or carriage return gets a leading single
// quote, unless it is a plain decimal number (optional sign, digits,
// optional fraction). The CSV writer applies it to every cell; it is
// exported for callers that build spreadsheet text some other way.
func Neutralize(v string) string {
	if v == "" {
		return v
	}
	switch v[0] {
	case '=', '+', '-', '@', '\t', '\r':
		if isDecimal(v) {
			return v
		}
		return "'" + v
	}
	return v
}

// isDecimal reports whether v is [+-]digits[.digits] (or [+-].digits).
// No exponent, no thousands separators, no spaces: "-2+3" or "-1e5" is
// something Excel may compute, so it is not a plain number here.
func isDecimal(v string) bool {
	if v[0] == '+' || v[0] == '-' {
		v = v[1:]
	}
	digits, dot := 0, false
	for i := 0; i < len(v); i++ {
		switch c := v[i]; {
		case c >= '0' && c <= '9':
			digits++
		case c == '.' && !dot:
			dot = true
		default:
			return false
		}
	}
	return digits > 0 && v[len(v)-1] != '.'
}

type xlsxWriter struct {
	w       io.Writer
	file    *excelize.File
	sw      *excelize.StreamWriter
	columns int
	row     int
	buf     []any
}

const sheetName = "Sheet1"

func newXLSXWriter(w io.Writer, header []string) (*xlsxWriter, error) {
	file := excelize.NewFile()
	sw, err := file.NewStreamWriter(sheetName)
	if err != nil {
		_ = file.Close()
		return nil, err
	}
	// Keep the header visible while scrolling through thousands of rows.
	if err := sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
		_ = file.Close()
		return nil, err
	}
	x := &xlsxWriter{w: w, file: file, sw: sw, columns: len(header)}
	if err := x.Write(header); err != nil {
		_ = file.Close()
		return nil, err
	}
	return x, nil
}

func (x *xlsxWriter) Write(values []string) error {
	if len(values) != x.columns {
		return fmt.Errorf("tabular: row has %d values, header has %d columns", len(values), x.columns)
	}
	if x.row >= excelize.TotalRows {
		return fmt.Errorf("tabular: an XLSX sheet holds at most %d rows; export as CSV instead", excelize.TotalRows)
	}
	x.row++
	x.buf = x.buf[:0]
	for _, v := range values {
		x.buf = append(x.buf, v) // a string is always a string cell, never a formula
	}
	cell, err := excelize.CoordinatesToCellName(1, x.row)
	if err != nil {
		return err
	}
	return x.sw.SetRow(cell, x.buf)
}

func (x *xlsxWriter) Close() error {
	defer x.file.Close() // removes the stream writer's temporary file
	if err := x.sw.Flush(); err != nil {
		return err
	}
	_, err := x.file.WriteTo(x.w)
	return err
}
