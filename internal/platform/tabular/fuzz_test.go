package tabular

import (
	"bytes"
	"errors"
	"io"
	"strings"
	"testing"
)

func FuzzCSV(f *testing.F) {
	for _, seed := range []string{
		"",
		"\xEF\xBB\xBFName,Email\r\nAcme,a@x.io\r\n",
		"\xFF\xFEN\x00",
		"a,b\n1,2,3\n4\n",
		"a,a\n",
		",,\nx\n",
		"a\n\"unclosed\n",
		"a\nb\"c\n",
		"a\n\xff\n",
		"a,b\n\"x\ny\",z\n\n\n,\n",
		strings.Repeat("x", 300) + "\n",
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		opts := Options{MaxLineBytes: 128, MaxRows: 50}
		r, err := Open(bytes.NewReader(data), int64(len(data)), CSV, opts)
		if err != nil {
			var fe *FileError
			if !errors.As(err, &fe) || fe.Code == "" || fe.Message == "" {
				t.Fatalf("Open: want a *FileError, got %T %v", err, err)
			}
			return
		}
		defer r.Close()
		header := r.Header()
		if len(header) == 0 {
			t.Fatal("a header with no column")
		}
		last := 0
		for {
			row, err := r.Next()
			if errors.Is(err, io.EOF) {
				return
			}
			if err != nil {
				var fe *FileError
				if !errors.As(err, &fe) || fe.Code == "" || fe.Row <= 0 && fe.Code != CodeLineTooLong {
					t.Fatalf("Next: want a *FileError with a row, got %T %v", err, err)
				}
				return
			}
			if len(row.Values) != len(header) {
				t.Fatalf("row %d has %d values, header %d", row.Number, len(row.Values), len(header))
			}
			if row.Number <= last {
				t.Fatalf("row numbers must increase: %d after %d", row.Number, last)
			}
			last = row.Number
			for _, p := range row.Problems {
				if p.Row != row.Number || p.Code == "" {
					t.Fatalf("bad problem %+v in row %d", p, row.Number)
				}
			}
		}
	})
}

func FuzzAutoMap(f *testing.F) {
	f.Add("Company Name|E-mail|名称", "legal_name|email", "Company Name|名称")
	f.Add("", "", "")
	f.Add("#|-|__", "#|x", "-")
	f.Add("Ｅｍａｉｌ|email", "email|e_mail", "E-MAIL")
	f.Fuzz(func(t *testing.T, headerText, namesText, aliasText string) {
		header := strings.Split(headerText, "|")
		aliases := strings.Split(aliasText, "|")
		var fields []Field
		for i, name := range strings.Split(namesText, "|") {
			fields = append(fields, Field{Name: name, Aliases: aliases, Required: i%2 == 0})
		}
		m, problems := AutoMap(header, fields)

		// Every mapped column exists, no column is given to two fields,
		// and the mapping binds.
		used := map[string]bool{}
		for field, src := range m {
			found := false
			for _, h := range header {
				found = found || h == src
			}
			if !found {
				t.Fatalf("field %q mapped to %q, not in the header", field, src)
			}
			if used[src] && countOf(header, src) < 2 {
				t.Fatalf("column %q given twice", src)
			}
			used[src] = true
		}
		b, err := m.Bind(header)
		if err != nil {
			t.Fatalf("Bind of an AutoMap result: %v", err)
		}
		row := Row{Values: header}
		for field := range m {
			_ = b.Get(row, field)
		}
		// Exactly the unmapped required fields are reported.
		missing := 0
		seen := map[string]bool{}
		for _, fl := range fields {
			if fl.Required && !seen[fl.Name] {
				if _, ok := m[fl.Name]; !ok {
					missing++
				}
			}
			seen[fl.Name] = true
		}
		if len(problems) < missing {
			t.Fatalf("%d problems for %d missing required fields", len(problems), missing)
		}
		for _, p := range problems {
			if p.Code != CodeMissingColumn || p.Row != 1 {
				t.Fatalf("unexpected problem %+v", p)
			}
		}
	})
}

func countOf(list []string, s string) int {
	n := 0
	for _, v := range list {
		if v == s {
			n++
		}
	}
	return n
}
