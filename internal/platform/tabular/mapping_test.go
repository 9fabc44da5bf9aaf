package tabular

import (
	"testing"

	"github.com/stretchr/testify/require"
)

var customerFields = []Field{
	{Name: "code", Aliases: []string{"Customer Code", "Customer No", "客户编码"}, Required: true},
	{Name: "legal_name", Aliases: []string{"Company Name", "CompanyName", "Name", "名称"}, Required: true},
	{Name: "email", Aliases: []string{"E-mail Address", "Mail"}},
	{Name: "phone", Aliases: []string{"Telephone", "电话"}},
	{Name: "vat_id", Aliases: []string{"Tax ID", "税号"}, Required: true},
}

func TestNormalize(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Company Name", "companyname"},
		{"company_name", "companyname"},
		{"COMPANY-NAME", "companyname"},
		{" Company name: ", "companyname"},
		{"Ｅｍａｉｌ", "email"}, // full-width, as typed with a Chinese IME
		{"名称（中文）", "名称中文"},
		{"E-mail", "email"},
		{"#", ""},
		{"\uFEFFCode", "code"},
		{"Größe", "größe"},
	}
	for _, tt := range tests {
		require.Equal(t, tt.want, normalize(tt.in), "normalize(%q)", tt.in)
	}
}

func TestAutoMap(t *testing.T) {
	tests := []struct {
		name     string
		header   []string
		want     Mapping
		problems []string // codes:columns
	}{
		{
			name:   "exact field names",
			header: []string{"code", "legal_name", "email", "phone", "vat_id"},
			want:   Mapping{"code": "code", "legal_name": "legal_name", "email": "email", "phone": "phone", "vat_id": "vat_id"},
		},
		{
			name:   "aliases, case and punctuation",
			header: []string{"Customer No.", "COMPANY NAME", "E-Mail address", "Tax-ID", "Unrelated"},
			want:   Mapping{"code": "Customer No.", "legal_name": "COMPANY NAME", "email": "E-Mail address", "vat_id": "Tax-ID"},
		},
		{
			name:   "chinese headers",
			header: []string{"客户编码", "名称", "电话", "税号"},
			want:   Mapping{"code": "客户编码", "legal_name": "名称", "phone": "电话", "vat_id": "税号"},
		},
		{
			name:     "missing required columns",
			header:   []string{"Company Name", "Mail"},
			want:     Mapping{"legal_name": "Company Name", "email": "Mail"},
			problems: []string{"missing_column:code", "missing_column:vat_id"},
		},
		{
			name:     "empty header",
			header:   nil,
			want:     Mapping{},
			problems: []string{"missing_column:code", "missing_column:legal_name", "missing_column:vat_id"},
		},
		{
			name:     "punctuation-only headers match nothing",
			header:   []string{"#", "-", ""},
			want:     Mapping{},
			problems: []string{"missing_column:code", "missing_column:legal_name", "missing_column:vat_id"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m, problems := AutoMap(tt.header, customerFields)
			require.Equal(t, tt.want, m)
			var got []string
			for _, p := range problems {
				require.Equal(t, 1, p.Row)
				require.NotEmpty(t, p.Message)
				got = append(got, p.Code+":"+p.Column)
			}
			require.Equal(t, tt.problems, got)
		})
	}
}

func TestAutoMapANameBeatsAnotherFieldsAlias(t *testing.T) {
	fields := []Field{
		{Name: "legal_name", Aliases: []string{"Name"}},
		{Name: "name", Aliases: []string{"Display Name"}},
		{Name: "trade_name", Aliases: []string{"Name", "Brand"}},
	}
	m, problems := AutoMap([]string{"Name", "Company", "legal name"}, fields)
	require.Empty(t, problems)
	// "Name" is the name field's own name; legal_name gets its own column;
	// trade_name's alias "Name" is taken, so it stays unmapped.
	require.Equal(t, Mapping{"name": "Name", "legal_name": "legal name"}, m)
}

func TestBindAndGet(t *testing.T) {
	header := []string{"Customer No.", "Company Name", "Email", ""}
	m := Mapping{"code": "Customer No.", "legal_name": "company_name", "email": "Email", "phone": ""}
	b, err := m.Bind(header)
	require.NoError(t, err)

	row := Row{Number: 2, Values: []string{" C1 ", "Acme", "", "x"}}
	require.Equal(t, "C1", b.Get(row, "code"), "values are trimmed")
	require.Equal(t, "Acme", b.Get(row, "legal_name"), "matched by normalized name")
	require.Equal(t, "", b.Get(row, "email"))
	require.Equal(t, "", b.Get(row, "phone"), "mapped to \"\" means not mapped")
	require.Equal(t, "", b.Get(row, "nope"))
	require.Equal(t, "", b.Get(Row{}, "code"), "short rows read as empty")

	require.True(t, b.Has("email"))
	require.False(t, b.Has("phone"))
	require.Equal(t, "Company Name", b.Column("legal_name"))
	require.Equal(t, "", b.Column("phone"))
}

func TestBindUnknownColumn(t *testing.T) {
	_, err := Mapping{"code": "Code", "email": "E-mail", "phone": "Tel"}.Bind([]string{"Code", "Name"})
	fe := requireFileError(t, err, CodeUnknownColumn, 1)
	require.Equal(t, `the file has no column "E-mail" (for email), "Tel" (for phone)`, fe.Message)
}

func TestAutoMapThenBindOnARealFile(t *testing.T) {
	r, err := openCSVString("\xEF\xBB\xBFCustomer Code,Company Name,Tax ID,Notes\nC1, Acme ,DE123,hi\n", Options{})
	require.NoError(t, err)
	m, problems := AutoMap(r.Header(), customerFields)
	require.Empty(t, problems)
	b, err := m.Bind(r.Header())
	require.NoError(t, err)
	row, err := r.Next()
	require.NoError(t, err)
	require.Equal(t, "C1", b.Get(row, "code"))
	require.Equal(t, "Acme", b.Get(row, "legal_name"))
	require.Equal(t, "DE123", b.Get(row, "vat_id"))
	require.False(t, b.Has("email"))
}
