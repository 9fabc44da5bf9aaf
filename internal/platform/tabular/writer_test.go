package tabular

import (
	"bytes"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// mustCSV writes header and rows as CSV and returns the bytes.
func mustCSV(t *testing.T, header []string, rows ...[]string) []byte {
	t.Helper()
	var buf bytes.Buffer
	w, err := NewWriter(&buf, CSV, header)
	require.NoError(t, err)
	for _, r := range rows {
		require.NoError(t, w.Write(r))
	}
	require.NoError(t, w.Close())
	return buf.Bytes()
}

func TestNeutralize(t *testing.T) {
	tests := []struct{ in, want string }{
		{"", ""},
		{"Acme", "Acme"},
		{"=SUM(A1:A2)", "'=SUM(A1:A2)"},
		{"=1+1", "'=1+1"},
		{`=HYPERLINK("http://evil","x")`, `'=HYPERLINK("http://evil","x")`},
		{"+41 22 123 45 67", "'+41 22 123 45 67"},
		{"-2+3", "'-2+3"},
		{"-1e5", "'-1e5"},
		{"@SUM(A1)", "'@SUM(A1)"},
		{"\t=1", "'\t=1"},
		{"\r=1", "'\r=1"},
		{"-", "'-"},
		{"+", "'+"},
		{"-.", "'-."},
		{"-5.", "'-5."},
		{"-- a note", "'-- a note"},
		// Plain decimal numbers stay numbers.
		{"-12.50", "-12.50"},
		{"-0.5", "-0.5"},
		{"-.5", "-.5"},
		{"+3", "+3"},
		{"-1000000", "-1000000"},
		{"12.50", "12.50"},
		// Only the first character matters.
		{"a=b", "a=b"},
		{" =1", " =1"},
	}
	for _, tt := range tests {
		require.Equal(t, tt.want, Neutralize(tt.in), "Neutralize(%q)", tt.in)
	}
}

func TestCSVWriterOutput(t *testing.T) {
	got := string(mustCSV(t, []string{"Code", "=Name"},
		[]string{"C1", "=cmd|' /C calc'!A0"},
		[]string{"-12.50", "Zhang, \"Wei\""},
		[]string{"C3", "line1\nline2"},
	))
	want := "\xEF\xBB\xBF" + // BOM so Excel reads UTF-8
		"Code,'=Name\r\n" + // headers are cells too
		"C1,'=cmd|' /C calc'!A0\r\n" +
		"-12.50,\"Zhang, \"\"Wei\"\"\"\r\n" +
		"C3,\"line1\r\nline2\"\r\n"
	require.Equal(t, want, got)
}

func TestCSVWriterRefusesWrongWidth(t *testing.T) {
	var buf bytes.Buffer
	w, err := NewWriter(&buf, CSV, []string{"a", "b"})
	require.NoError(t, err)
	require.Error(t, w.Write([]string{"1", "2", "3"}))
	require.NoError(t, w.Close())
}

func TestCSVRoundTrip(t *testing.T) {
	header := []string{"Code", "Name", "Amount", "Notes"}
	rows := [][]string{
		{"C1", "Acme, Inc.", "-12.50", "=SUM(A1:A9)"},
		{"C2", "深圳市某某有限公司", "1000", "line one\nline two"},
		{"C3", "", "", "@mention"},
		{"C4", `say "hi"`, "+7", "ok"},
	}
	b := mustCSV(t, header, rows...)
	r, err := Open(bytes.NewReader(b), int64(len(b)), CSV, Options{})
	require.NoError(t, err)
	require.Equal(t, header, r.Header())
	got := readAll(t, r)
	require.Len(t, got, len(rows))
	for i, row := range got {
		want := make([]string, len(rows[i]))
		for j, v := range rows[i] {
			want[j] = Neutralize(v) // what comes back is what was written
		}
		require.Equal(t, want, row.Values)
	}
	require.Equal(t, "'=SUM(A1:A9)", got[0].Values[3])
	require.Equal(t, "-12.50", got[0].Values[2])
	// Row numbers are lines: the multi-line value of row 3 pushes row 4.
	require.Equal(t, []int{2, 3, 5, 6}, []int{got[0].Number, got[1].Number, got[2].Number, got[3].Number})
	require.True(t, strings.HasPrefix(string(b), "\xEF\xBB\xBFCode,"))
}
