package tabular

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"runtime"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// readAll opens a CSV and collects every row, failing the test on errors.
func readAll(t *testing.T, r *Reader) []Row {
	t.Helper()
	var rows []Row
	for {
		row, err := r.Next()
		if errors.Is(err, io.EOF) {
			return rows
		}
		require.NoError(t, err)
		rows = append(rows, row)
	}
}

func openCSVString(s string, opts Options) (*Reader, error) {
	return Open(strings.NewReader(s), int64(len(s)), CSV, opts)
}

// requireFileError asserts err is a *FileError with the code and row.
func requireFileError(t *testing.T, err error, code string, row int) *FileError {
	t.Helper()
	var fe *FileError
	require.ErrorAs(t, err, &fe, "want *FileError %s, got %v", code, err)
	require.Equal(t, code, fe.Code, fe.Message)
	require.Equal(t, row, fe.Row, fe.Message)
	require.NotEmpty(t, fe.Message)
	return fe
}

func TestCSVReadsRowsWithNumbersAsAPersonSeesThem(t *testing.T) {
	in := "Code,Name,Notes\r\n" +
		"C1,Acme,plain\r\n" +
		"\r\n" + // blank line: skipped, but it still counts as a line
		"C2,\"Zhang, Wei\",\"two\nlines\"\r\n" +
		"C3,名称,\"say \"\"hi\"\"\"\r\n" +
		",,\r\n" + // blank row: skipped
		"C4,  spaced  ,=SUM(A1)\n"
	r, err := openCSVString(in, Options{})
	require.NoError(t, err)
	defer r.Close()
	require.Equal(t, []string{"Code", "Name", "Notes"}, r.Header())
	rows := readAll(t, r)
	require.Equal(t, []Row{
		{Number: 2, Values: []string{"C1", "Acme", "plain"}},
		{Number: 4, Values: []string{"C2", "Zhang, Wei", "two\nlines"}},
		{Number: 6, Values: []string{"C3", "名称", `say "hi"`}},
		// Values are not trimmed, and a formula is just data when read.
		{Number: 8, Values: []string{"C4", "  spaced  ", "=SUM(A1)"}},
	}, rows)

	// io.EOF stays io.EOF.
	_, err = r.Next()
	require.ErrorIs(t, err, io.EOF)
}

func TestCSVOpenCSVReadsAStreamAndOtherSeparators(t *testing.T) {
	r, err := OpenCSV(strings.NewReader("a;b\n1;2,5\n"), Options{Comma: ';'})
	require.NoError(t, err)
	require.Equal(t, []string{"a", "b"}, r.Header())
	require.Equal(t, []Row{{Number: 2, Values: []string{"1", "2,5"}}}, readAll(t, r))

	_, err = OpenCSV(strings.NewReader("a\n"), Options{Comma: '"'})
	require.Error(t, err)
}

func TestCSVHeaderIsTrimmedAndBOMStripped(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want []string
	}{
		{"utf8 bom", "\xEF\xBB\xBFName , Email\n", []string{"Name", "Email"}},
		{"bom before quoted cell", "\xEF\xBB\xBF\"Name\",\"E-mail\"\n", []string{"Name", "E-mail"}},
		{"bom twice (saved twice)", "\xEF\xBB\xBF\xEF\xBB\xBFName,Email\n", []string{"Name", "Email"}},
		{"no bom", "  Name\t,Email\n", []string{"Name", "Email"}},
		{"unnamed columns kept in place", "Name,,Email,\n", []string{"Name", "", "Email", ""}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := openCSVString(tt.in, Options{})
			require.NoError(t, err)
			require.Equal(t, tt.want, r.Header())
			require.Empty(t, readAll(t, r))
		})
	}
}

func TestCSVFileErrors(t *testing.T) {
	tests := []struct {
		name string
		in   string
		opts Options
		code string
		row  int
		// atOpen: the error comes from Open (header); otherwise from Next.
		atOpen bool
		// message must contain this.
		says string
	}{
		{name: "zero bytes", in: "", code: CodeEmptyFile, atOpen: true},
		{name: "only a BOM", in: "\xEF\xBB\xBF", code: CodeEmptyFile, atOpen: true},
		{name: "only blank lines", in: "\n\r\n\n", code: CodeEmptyFile, atOpen: true},
		{name: "only blank rows", in: ",,\n , \n", code: CodeEmptyFile, atOpen: true},
		{name: "blank first row then data", in: ",,\nName,Email\n", code: CodeNoHeader, row: 1, atOpen: true},
		{name: "duplicate header", in: "Name,Email,name\n", code: CodeDuplicateHeader, row: 1, atOpen: true, says: `"name"`},
		{name: "duplicate after normalizing", in: "Company Name,company_name\n", code: CodeDuplicateHeader, row: 1, atOpen: true},
		{name: "utf-16 LE bom", in: "\xFF\xFEN\x00a\x00", code: CodeUnsupportedEncoding, atOpen: true, says: "save as UTF-8"},
		{name: "utf-16 BE bom", in: "\xFE\xFF\x00N\x00a", code: CodeUnsupportedEncoding, atOpen: true, says: "save as UTF-8"},
		{name: "gbk header", in: "\xc3\xfb\xb3\xc6,Email\n", code: CodeNotUTF8, row: 1, atOpen: true, says: "UTF-8"},
		{name: "latin-1 in row 3", in: "Name\nok\ncaf\xe9\nlater\n", code: CodeNotUTF8, row: 3, says: "column 1"},
		{name: "invalid utf-8 after a multi-line value", in: "a,b\n\"x\ny\",1\nz,\xff\n", code: CodeNotUTF8, row: 4, says: "column 2"},
		{name: "bare quote", in: "Name,Size\nMonitor,24\" wide\n", code: CodeBadCSV, row: 2, says: "double quote"},
		{name: "unclosed quote at end", in: "Name\n\"open\n", code: CodeBadCSV, row: 2},
		{name: "line too long", in: "Name\n" + strings.Repeat("x", 100) + "\n", opts: Options{MaxLineBytes: 50}, code: CodeLineTooLong, row: 2},
		{name: "header too long", in: strings.Repeat("x", 100), opts: Options{MaxLineBytes: 50}, code: CodeLineTooLong, row: 1, atOpen: true},
		{
			name: "unclosed quote swallowing the file",
			in:   "Name\nok\n\"never closed\n" + strings.Repeat("short line\n", 2000),
			opts: Options{MaxLineBytes: 1024}, code: CodeLineTooLong, row: 3, says: "quote",
		},
		{name: "too many rows", in: "Name\na\n\nb\nc\n", opts: Options{MaxRows: 2}, code: CodeTooManyRows, row: 5},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := openCSVString(tt.in, tt.opts)
			if !tt.atOpen {
				require.NoError(t, err)
				for err == nil {
					_, err = r.Next()
				}
				// A file error is sticky: Next keeps saying the same thing.
				_, again := r.Next()
				require.Equal(t, err, again)
			}
			fe := requireFileError(t, err, tt.code, tt.row)
			require.Contains(t, fe.Message, tt.says)
		})
	}
}

func TestCSVRaggedRows(t *testing.T) {
	in := "Code,Name,Email\n" +
		"C1,Acme\n" + // too few: padded
		"C2\n" +
		"C3,Beta,b@x.io,extra,more\n" + // too many: a Problem, values dropped
		"C4,Gamma,g@x.io,,\n" // trailing empty cells: nothing lost, no Problem
	r, err := openCSVString(in, Options{})
	require.NoError(t, err)
	rows := readAll(t, r)
	require.Len(t, rows, 4)
	require.Equal(t, []string{"C1", "Acme", ""}, rows[0].Values)
	require.Empty(t, rows[0].Problems)
	require.Equal(t, []string{"C2", "", ""}, rows[1].Values)
	require.Equal(t, []string{"C3", "Beta", "b@x.io"}, rows[2].Values)
	require.Len(t, rows[2].Problems, 1)
	p := rows[2].Problems[0]
	require.Equal(t, CodeTooManyValues, p.Code)
	require.Equal(t, 4, p.Row)
	require.Contains(t, p.Message, "5 values")
	require.Equal(t, []string{"C4", "Gamma", "g@x.io"}, rows[3].Values)
	require.Empty(t, rows[3].Problems)
}

// endless is a reader of n copies of one byte that never holds them.
type endless struct {
	b    byte
	n    int64
	read int64
}

func (e *endless) Read(p []byte) (int, error) {
	if e.n <= 0 {
		return 0, io.EOF
	}
	k := int(min(int64(len(p)), e.n))
	for i := range p[:k] {
		p[i] = e.b
	}
	e.n -= int64(k)
	e.read += int64(k)
	return k, nil
}

func TestCSVFiftyMegabyteLineFailsFastWithoutBufferingIt(t *testing.T) {
	const fifty = 50 << 20
	for _, tc := range []struct {
		name   string
		prefix string
		row    int
	}{
		{"in the header", "", 1},
		{"in a data row", "Name,Notes\nAcme,ok\n", 3},
		{"inside a quoted value", "Name,Notes\n\"", 2},
	} {
		t.Run(tc.name, func(t *testing.T) {
			body := &endless{b: 'a', n: fifty}
			src := io.MultiReader(strings.NewReader(tc.prefix), body)

			var before, after runtime.MemStats
			runtime.GC()
			runtime.ReadMemStats(&before)
			r, err := OpenCSV(src, Options{})
			for err == nil {
				_, err = r.Next()
			}
			runtime.ReadMemStats(&after)

			requireFileError(t, err, CodeLineTooLong, tc.row)
			// Fail fast: stop reading shortly after the 1 MiB limit…
			require.Less(t, body.read, int64(2<<20), "read %d bytes", body.read)
			// …and never hold anything like the 50 MB line.
			allocated := after.TotalAlloc - before.TotalAlloc
			require.Less(t, allocated, uint64(16<<20), "allocated %d bytes", allocated)
		})
	}
}

func TestCSVLinesUpToTheLimitAreFine(t *testing.T) {
	long := strings.Repeat("x", 1000)
	in := "Name,Notes\r\n" + "a," + long + "\n" + "\"b\",\"" + long[:500] + "\n" + long[:490] + "\"\r\n"
	r, err := openCSVString(in, Options{MaxLineBytes: 1002})
	require.NoError(t, err)
	rows := readAll(t, r)
	require.Len(t, rows, 2)
	require.Equal(t, long, rows[0].Values[1])
}

// TestCSVStreamsHundredThousandRows reads 100,000 rows (about 25 MB) from
// a pipe, as an upload or a generated export would arrive, and checks that
// the heap never holds more than a small window of them.
func TestCSVStreamsHundredThousandRows(t *testing.T) {
	const rows = 100_000
	pr, pw := io.Pipe()
	go func() {
		w, err := NewWriter(pw, CSV, []string{"Code", "Name", "Email", "City", "Notes"})
		if err == nil {
			notes := strings.Repeat("lorem ipsum ", 16)
			for i := 1; i <= rows && err == nil; i++ {
				err = w.Write([]string{
					fmt.Sprintf("C%06d", i), fmt.Sprintf("Customer %d, Ltd.", i),
					fmt.Sprintf("buyer%d@example.com", i), "深圳", notes,
				})
			}
			if err == nil {
				err = w.Close()
			}
		}
		pw.CloseWithError(err)
	}()

	r, err := OpenCSV(pr, Options{})
	require.NoError(t, err)
	n, maxHeap, last := 0, uint64(0), Row{}
	var ms runtime.MemStats
	for {
		row, err := r.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		require.NoError(t, err)
		n++
		last = row
		if n%5000 == 0 {
			runtime.ReadMemStats(&ms)
			maxHeap = max(maxHeap, ms.HeapInuse)
		}
	}
	require.Equal(t, rows, n)
	require.Equal(t, rows+1, last.Number)
	require.Equal(t, fmt.Sprintf("C%06d", rows), last.Values[0])
	require.Less(t, maxHeap, uint64(20<<20), "heap in use reached %d bytes", maxHeap)
}

func TestReaderRowsAreTheCallersToKeep(t *testing.T) {
	r, err := openCSVString("a,b\n1,2\n3,4\n", Options{})
	require.NoError(t, err)
	first, err := r.Next()
	require.NoError(t, err)
	_, err = r.Next()
	require.NoError(t, err)
	require.Equal(t, []string{"1", "2"}, first.Values)
}

func TestDetectFormat(t *testing.T) {
	zip := []byte("PK\x03\x04\x14\x00\x06\x00")
	tests := []struct {
		name string
		file string
		head []byte
		want Format
		code string
	}{
		{"xlsx", "customers.xlsx", zip, XLSX, ""},
		{"xlsx upper case", "C:\\Users\\x\\CUSTOMERS.XLSX", zip, XLSX, ""},
		{"csv", "customers.csv", []byte("Name,Email\n"), CSV, ""},
		{"csv with gbk bytes is still csv", "customers.csv", []byte("\xc3\xfb\xb3\xc6"), CSV, ""},
		{"zip named csv is xlsx", "customers.csv", zip, XLSX, ""},
		{"text without a name", "", []byte("Name,名称\n"), CSV, ""},
		{"utf-16 text without a name", "export", []byte("\xff\xfeN\x00"), CSV, ""},
		{"rune cut at the end of head", "data", []byte("Name,名"[:7]), CSV, ""},
		{"text named xlsx", "customers.xlsx", []byte("Name,Email\n"), "", CodeBadXLSX},
		{"empty xlsx", "customers.xlsx", nil, "", CodeEmptyFile},
		{"legacy xls", "customers.xls", []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}, "", CodeUnsupportedFormat},
		{"encrypted xlsx", "customers.xlsx", []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}, "", CodeUnsupportedFormat},
		{"opendocument", "customers.ods", zip, "", CodeUnsupportedFormat},
		{"binary", "photo", []byte("\x89PNG\r\n\x1a\n\x00\x00"), "", CodeUnsupportedFormat},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := DetectFormat(tt.file, tt.head)
			if tt.code != "" {
				requireFileError(t, err, tt.code, 0)
				return
			}
			require.NoError(t, err)
			require.Equal(t, tt.want, got)
		})
	}
}

func TestFileErrorMessage(t *testing.T) {
	require.Equal(t, "row 3: bad", (&FileError{Code: "x", Message: "bad", Row: 3}).Error())
	require.Equal(t, "bad", (&FileError{Code: "x", Message: "bad"}).Error())
}

func TestOpenRejectsUnknownFormat(t *testing.T) {
	_, err := Open(bytes.NewReader(nil), 0, "ods", Options{})
	require.Error(t, err)
}
