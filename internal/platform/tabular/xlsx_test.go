package tabular

import (
	"archive/zip"
	"bytes"
	"fmt"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"github.com/xuri/excelize/v2"
)

// workbook builds an XLSX in memory with excelize.
func workbook(t *testing.T, build func(f *excelize.File)) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	build(f)
	var buf bytes.Buffer
	_, err := f.WriteTo(&buf)
	require.NoError(t, err)
	return buf.Bytes()
}

// streamRows writes rows (starting at A1) to a sheet with a StreamWriter,
// the only excelize API that writes a formula together with its cached
// value.
func streamRows(t *testing.T, f *excelize.File, sheet string, rows [][]any) {
	t.Helper()
	if idx, _ := f.GetSheetIndex(sheet); idx < 0 {
		_, err := f.NewSheet(sheet)
		require.NoError(t, err)
	}
	sw, err := f.NewStreamWriter(sheet)
	require.NoError(t, err)
	for i, r := range rows {
		if r == nil {
			continue // leave the row out: a gap in the sheet
		}
		require.NoError(t, sw.SetRow(fmt.Sprintf("A%d", i+1), r))
	}
	require.NoError(t, sw.Flush())
}

func openXLSXBytes(b []byte, opts Options) (*Reader, error) {
	return Open(bytes.NewReader(b), int64(len(b)), XLSX, opts)
}

func TestXLSXRoundTrip(t *testing.T) {
	header := []string{"Code", "Name", "Amount", "Notes"}
	rows := [][]string{
		{"C1", "Acme, Inc.", "-12.50", "=SUM(A1:A9)"}, // a formula-looking string stays a string
		{"C2", "深圳市某某有限公司", "1000", "line one\nline two"},
		{"C3", "", "", "@mention +1 -x"},
		{"C4", "  spaced  ", "0", "tab\there"},
	}
	var buf bytes.Buffer
	w, err := NewWriter(&buf, XLSX, header)
	require.NoError(t, err)
	for _, r := range rows {
		require.NoError(t, w.Write(r))
	}
	require.NoError(t, w.Close())

	r, err := openXLSXBytes(buf.Bytes(), Options{})
	require.NoError(t, err)
	defer r.Close()
	require.Equal(t, header, r.Header())
	got := readAll(t, r)
	require.Len(t, got, len(rows))
	for i, row := range got {
		require.Equal(t, i+2, row.Number)
		require.Equal(t, rows[i], row.Values, "XLSX cells are strings: nothing is neutralised or changed")
		require.Empty(t, row.Problems)
	}
}

func TestXLSXManyRowsStream(t *testing.T) {
	const n = 20_000
	var buf bytes.Buffer
	w, err := NewWriter(&buf, XLSX, []string{"Code", "Name"})
	require.NoError(t, err)
	for i := 1; i <= n; i++ {
		require.NoError(t, w.Write([]string{fmt.Sprintf("P%05d", i), fmt.Sprintf("Product %d", i)}))
	}
	require.NoError(t, w.Close())

	r, err := openXLSXBytes(buf.Bytes(), Options{})
	require.NoError(t, err)
	defer r.Close()
	count := 0
	for {
		row, err := r.Next()
		if err == io.EOF {
			break
		}
		require.NoError(t, err)
		count++
		require.Equal(t, count+1, row.Number)
		require.Equal(t, fmt.Sprintf("P%05d", count), row.Values[0])
	}
	require.Equal(t, n, count)
}

func TestXLSXFormulaCells(t *testing.T) {
	b := workbook(t, func(f *excelize.File) {
		streamRows(t, f, "Sheet1", [][]any{
			{"Code", "Qty", "Total", "Label"},
			{"P1", 2, excelize.Cell{Formula: "B2*10", Value: 20}, excelize.Cell{Formula: `"x"&A2`, Value: "xP1"}},
			{"P2", 3, excelize.Cell{Formula: "B3*10"}, "no saved result"},
			{"P4", 5, "", excelize.Cell{Formula: "A5"}, excelize.Cell{Formula: "B5"}}, // beyond the header
		})
	})
	r, err := openXLSXBytes(b, Options{})
	require.NoError(t, err)
	defer r.Close()
	rows := readAll(t, r)
	require.Len(t, rows, 3)

	// A formula with a cached value: the value, no problem.
	require.Equal(t, []string{"P1", "2", "20", "xP1"}, rows[0].Values)
	require.Empty(t, rows[0].Problems)

	// A formula without one: "", never the formula text, and a Problem.
	require.Equal(t, []string{"P2", "3", "", "no saved result"}, rows[1].Values)
	require.Equal(t, []Problem{{
		Row: 3, Column: "Total", Code: CodeFormulaCell,
		Message: "cell C3 holds a formula with no saved result; open the file in Excel, save it, and import it again (or paste the values)",
	}}, rows[1].Problems)

	// Problems name the column by header, or by letter past the header.
	require.Equal(t, []string{"P4", "5", "", ""}, rows[2].Values)
	require.Len(t, rows[2].Problems, 2)
	require.Equal(t, "Label", rows[2].Problems[0].Column)
	require.Equal(t, "E", rows[2].Problems[1].Column)
	for _, p := range rows[2].Problems {
		require.Equal(t, CodeFormulaCell, p.Code)
		require.Equal(t, 4, p.Row)
	}
}

// TestXLSXFormulaCellsAsExcelWritesThem uses sheet XML in the shapes Excel
// and other tools write: an empty saved result (<v></v>), shared formulas,
// rows and cells without references.
func TestXLSXFormulaCellsAsExcelWritesThem(t *testing.T) {
	good := workbook(t, func(f *excelize.File) {
		require.NoError(t, f.SetSheetRow("Sheet1", "A1", &[]any{"x"}))
	})
	sheet := `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>
<row r="1"><c r="A1" t="inlineStr"><is><t>Code</t></is></c><c r="B1" t="inlineStr"><is><t>Label</t></is></c><c r="C1" t="inlineStr"><is><t>Total</t></is></c></row>
<row r="2"><c r="A2" t="inlineStr"><is><t>P1</t></is></c><c r="B2" t="str"><f>IF(1,"","x")</f><v></v></c><c r="C2"><f t="shared" ref="C2:C3" si="0">1+1</f><v>2</v></c></row>
<row r="3"><c r="A3" t="inlineStr"><is><t>P2</t></is></c><c r="B3" t="str"><f>A3</f><v/></c><c r="C3"><f t="shared" si="0"/></c></row>
<row><c t="inlineStr"><is><t>P3</t></is></c><c><f>1</f></c><c><v>7</v></c></row>
</sheetData></worksheet>`
	b := rezip(t, good, map[string]string{"xl/worksheets/sheet1.xml": sheet})
	r, err := openXLSXBytes(b, Options{})
	require.NoError(t, err)
	defer r.Close()
	rows := readAll(t, r)
	require.Len(t, rows, 3)
	require.Equal(t, Row{Number: 2, Values: []string{"P1", "", "2"}}, rows[0], "an empty saved result is a result")
	require.Equal(t, []string{"P2", "", ""}, rows[1].Values)
	require.Len(t, rows[1].Problems, 1, "the shared formula without a result")
	require.Equal(t, "Total", rows[1].Problems[0].Column)
	require.Equal(t, []string{"P3", "", "7"}, rows[2].Values)
	require.Equal(t, 4, rows[2].Number)
	require.Len(t, rows[2].Problems, 1)
	require.Equal(t, "Label", rows[2].Problems[0].Column)
}

func TestXLSXFormulaWrittenByTheCellAPI(t *testing.T) {
	// SetCellFormula writes a formula without computing it, like many
	// generators do; the row of such a cell is not blank, even though its
	// only "value" is "".
	b := workbook(t, func(f *excelize.File) {
		require.NoError(t, f.SetSheetRow("Sheet1", "A1", &[]any{"Name", "Total"}))
		require.NoError(t, f.SetCellFormula("Sheet1", "B2", "SUM(1,2)"))
	})
	r, err := openXLSXBytes(b, Options{})
	require.NoError(t, err)
	rows := readAll(t, r)
	require.Len(t, rows, 1)
	require.Equal(t, 2, rows[0].Number)
	require.Equal(t, []string{"", ""}, rows[0].Values)
	require.Len(t, rows[0].Problems, 1)
	require.Equal(t, "Total", rows[0].Problems[0].Column)
}

func TestXLSXValuesAsAPersonSeesThem(t *testing.T) {
	b := workbook(t, func(f *excelize.File) {
		require.NoError(t, f.SetSheetRow("Sheet1", "A1", &[]any{"Code", "Since", "Price", "Active", "Ratio"}))
		require.NoError(t, f.SetSheetRow("Sheet1", "A3", &[]any{"C1", time.Date(2024, 1, 31, 0, 0, 0, 0, time.UTC), 12.5, true, 0.1}))
		// Row 2 is left empty and row 5 only has a styled, empty cell.
		style, err := f.NewStyle(&excelize.Style{Fill: excelize.Fill{Type: "pattern", Color: []string{"FFFF00"}, Pattern: 1}})
		require.NoError(t, err)
		require.NoError(t, f.SetCellStyle("Sheet1", "C5", "C5", style))
		require.NoError(t, f.SetSheetRow("Sheet1", "A7", &[]any{"C2", "not a date", -3, false}))
	})
	r, err := openXLSXBytes(b, Options{})
	require.NoError(t, err)
	rows := readAll(t, r)
	require.Equal(t, []Row{
		{Number: 3, Values: []string{"C1", "2024-01-31", "12.5", "TRUE", "0.1"}},
		{Number: 7, Values: []string{"C2", "not a date", "-3", "FALSE", ""}},
	}, rows)
}

func TestXLSXSheets(t *testing.T) {
	b := workbook(t, func(f *excelize.File) {
		streamRows(t, f, "Sheet1", [][]any{{"Readme"}, {"Put customers on the next sheet"}})
		streamRows(t, f, "Customers", [][]any{{"Code"}, {"C1"}})
	})
	r, err := openXLSXBytes(b, Options{})
	require.NoError(t, err)
	require.Equal(t, []string{"Readme"}, r.Header(), "the first sheet by default")
	require.NoError(t, r.Close())

	r, err = openXLSXBytes(b, Options{Sheet: "CUSTOMERS"})
	require.NoError(t, err)
	require.Equal(t, []string{"Code"}, r.Header())
	require.Equal(t, []Row{{Number: 2, Values: []string{"C1"}}}, readAll(t, r))
	require.NoError(t, r.Close())

	hidden := workbook(t, func(f *excelize.File) {
		streamRows(t, f, "Sheet1", [][]any{{"Lists"}, {"A"}})
		streamRows(t, f, "Customers", [][]any{{"Code"}, {"C1"}})
		f.SetActiveSheet(1)
		require.NoError(t, f.SetSheetVisible("Sheet1", false))
	})
	r, err = openXLSXBytes(hidden, Options{})
	require.NoError(t, err)
	require.Equal(t, []string{"Code"}, r.Header(), "the first visible sheet by default")
	require.NoError(t, r.Close())

	_, err = openXLSXBytes(b, Options{Sheet: "Suppliers"})
	fe := requireFileError(t, err, CodeBadXLSX, 0)
	require.Contains(t, fe.Message, "Sheet1, Customers")
}

// rezip copies an XLSX, replacing the entries named in replace.
func rezip(t *testing.T, src []byte, replace map[string]string) []byte {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(src), int64(len(src)))
	require.NoError(t, err)
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, f := range zr.File {
		w, err := zw.Create(f.Name)
		require.NoError(t, err)
		if body, ok := replace[f.Name]; ok {
			_, err = io.WriteString(w, body)
		} else {
			var rc io.ReadCloser
			rc, err = f.Open()
			require.NoError(t, err)
			_, err = io.Copy(w, rc)
			rc.Close()
		}
		require.NoError(t, err)
	}
	require.NoError(t, zw.Close())
	return buf.Bytes()
}

func TestXLSXFileErrors(t *testing.T) {
	good := workbook(t, func(f *excelize.File) {
		streamRows(t, f, "Sheet1", [][]any{{"Code", "Name"}, {"C1", "Acme"}, {"C2", "Beta"}, {"C3", "Gamma"}})
	})
	onlyZip := func() []byte {
		var buf bytes.Buffer
		zw := zip.NewWriter(&buf)
		w, _ := zw.Create("hello.txt")
		_, _ = io.WriteString(w, "not a workbook")
		_ = zw.Close()
		return buf.Bytes()
	}()
	sheetXML := func(rows string) string {
		return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` +
			`<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>` + rows
	}

	tests := []struct {
		name   string
		file   []byte
		opts   Options
		code   string
		row    int
		atOpen bool
	}{
		{name: "garbage bytes", file: []byte("this is not a spreadsheet at all, just text"), code: CodeBadXLSX, atOpen: true},
		{name: "zero bytes", file: nil, code: CodeEmptyFile, atOpen: true},
		{name: "a zip that is not a workbook", file: onlyZip, code: CodeBadXLSX, atOpen: true},
		{name: "cut in half", file: good[:len(good)/2], code: CodeBadXLSX, atOpen: true},
		{
			name: "sheet XML cut short after row 2", code: CodeBadXLSX, row: 3,
			file: rezip(t, good, map[string]string{"xl/worksheets/sheet1.xml": sheetXML(
				`<row r="1"><c r="A1" t="inlineStr"><is><t>Code</t></is></c></row>` +
					`<row r="2"><c r="A2" t="inlineStr"><is><t>C1</t></is></c></row><row r="3"><c r="A3" t="inl`)}),
		},
		{
			name: "empty sheet", code: CodeEmptyFile, atOpen: true,
			file: rezip(t, good, map[string]string{"xl/worksheets/sheet1.xml": sheetXML(`</sheetData></worksheet>`)}),
		},
		{
			name: "blank first row", code: CodeNoHeader, row: 1, atOpen: true,
			file: workbook(t, func(f *excelize.File) {
				require.NoError(t, f.SetSheetRow("Sheet1", "A3", &[]any{"Code"}))
			}),
		},
		{
			name: "duplicate header", code: CodeDuplicateHeader, row: 1, atOpen: true,
			file: workbook(t, func(f *excelize.File) {
				require.NoError(t, f.SetSheetRow("Sheet1", "A1", &[]any{"E-mail", "Name", "email"}))
			}),
		},
		{name: "too many rows", file: good, opts: Options{MaxRows: 2}, code: CodeTooManyRows, row: 4},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := openXLSXBytes(tt.file, tt.opts)
			if !tt.atOpen {
				require.NoError(t, err)
				defer r.Close()
				for err == nil {
					_, err = r.Next()
				}
			}
			requireFileError(t, err, tt.code, tt.row)
		})
	}
}

func TestXLSXRaggedAndHeaderOnly(t *testing.T) {
	b := workbook(t, func(f *excelize.File) {
		require.NoError(t, f.SetSheetRow("Sheet1", "A1", &[]any{" Code ", "Name"}))
		require.NoError(t, f.SetSheetRow("Sheet1", "A2", &[]any{"C1"}))
		require.NoError(t, f.SetSheetRow("Sheet1", "A3", &[]any{"C2", "Beta", "extra"}))
	})
	r, err := openXLSXBytes(b, Options{})
	require.NoError(t, err)
	require.Equal(t, []string{"Code", "Name"}, r.Header())
	rows := readAll(t, r)
	require.Len(t, rows, 2)
	require.Equal(t, []string{"C1", ""}, rows[0].Values)
	require.Equal(t, []string{"C2", "Beta"}, rows[1].Values)
	require.Equal(t, CodeTooManyValues, rows[1].Problems[0].Code)

	headerOnly := workbook(t, func(f *excelize.File) {
		require.NoError(t, f.SetSheetRow("Sheet1", "A1", &[]any{"Code", "Name"}))
	})
	r, err = openXLSXBytes(headerOnly, Options{})
	require.NoError(t, err)
	require.Empty(t, readAll(t, r))
	require.NoError(t, r.Close())
}

func TestCSVHeaderOnly(t *testing.T) {
	for _, in := range []string{"Code,Name", "Code,Name\r\n", "\xEF\xBB\xBFCode,Name\n\n,\n"} {
		r, err := openCSVString(in, Options{})
		require.NoError(t, err)
		require.Equal(t, []string{"Code", "Name"}, r.Header())
		require.Empty(t, readAll(t, r))
	}
}

func TestXLSXWriterRefusesWrongWidth(t *testing.T) {
	w, err := NewWriter(io.Discard, XLSX, []string{"a", "b"})
	require.NoError(t, err)
	require.Error(t, w.Write([]string{"1"}))
	require.NoError(t, w.Close())
	_, err = NewWriter(io.Discard, XLSX, nil)
	require.Error(t, err)
	_, err = NewWriter(io.Discard, "ods", []string{"a"})
	require.Error(t, err)
	require.True(t, strings.HasPrefix(string(mustCSV(t, []string{"a"})), "\xEF\xBB\xBF"))
}
