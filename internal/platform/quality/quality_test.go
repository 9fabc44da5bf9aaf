package quality_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/concord-erp/concord/internal/platform/quality"
)

func TestUSCC(t *testing.T) {
	for _, good := range []string{"91350100M000100Y43", "91110000600037341L"} {
		require.True(t, quality.ValidUSCC(good), good)
	}
	for _, bad := range []string{"91350100M000100Y44", "91350100M000100Y4", "91350100I000100Y43", "", "913501OOM000100Y43"} {
		require.False(t, quality.ValidUSCC(bad), bad)
	}
}

func TestEUVAT(t *testing.T) {
	for _, good := range []string{"DE123456789", "ATU12345678", "FR40303265045", "NL123456789B01", "EL123456789", "BE0123456789"} {
		require.True(t, quality.ValidEUVAT(good), good)
		require.True(t, quality.LooksLikeEUVAT(good), good)
	}
	for _, bad := range []string{"DE12345678", "ATU1234567", "NL123456789X01", "XX123456789", "DE"} {
		require.False(t, quality.ValidEUVAT(bad), bad)
	}
	require.False(t, quality.LooksLikeEUVAT("91350100M000100Y43"), "a Chinese code is not a VAT number")
}

func TestFormats(t *testing.T) {
	require.True(t, quality.ValidPhone("+49 (30) 123-4567"))
	require.True(t, quality.ValidPhone("030.3007 4321"))
	require.False(t, quality.ValidPhone("call me"))
	require.False(t, quality.ValidPhone("12345"))
	require.True(t, quality.ValidEmail("a@b.example"))
	require.False(t, quality.ValidEmail("Maria <a@b.example>"))
	require.True(t, quality.ValidCountry("CN"))
	require.False(t, quality.ValidCountry("XX"))
}

type rec struct{ name, email string }

func TestScoreAndReport(t *testing.T) {
	rules := []quality.Rule[rec]{
		{Field: "name", Code: "required", Weight: 3, Applies: quality.Always[rec], OK: func(r rec) bool { return r.name != "" }},
		{Field: "email", Code: "invalid_email", Weight: 1, Applies: func(r rec) bool { return r.email != "" },
			OK: func(r rec) bool { return quality.ValidEmail(r.email) }},
	}
	s, issues := quality.Score(rules, rec{name: "A", email: "a@b.example"})
	require.Equal(t, 100, s)
	require.Empty(t, issues)
	s, issues = quality.Score(rules, rec{name: "A"})
	require.Equal(t, 100, s, "an absent optional field is not a format error")
	require.Empty(t, issues)
	s, issues = quality.Score(rules, rec{email: "bad"})
	require.Equal(t, 0, s)
	require.Len(t, issues, 2)
	s, _ = quality.Score(rules, rec{name: "A", email: "bad"})
	require.Equal(t, 75, s)

	rep := quality.NewReport("party", 2)
	for i, sc := range []int{100, 40, 75, 10, 90} {
		r := quality.Record{ID: string(rune('a' + i)), Score: sc}
		if sc < 100 {
			r.Issues = []quality.Issue{{Field: "name", Code: "required"}}
		}
		rep.Add(r)
	}
	require.Equal(t, 5, rep.Records)
	require.Equal(t, 4, rep.Invalid)
	require.Equal(t, 63, rep.AverageScore)
	require.Equal(t, 4, rep.ByRule["name:required"])
	require.Len(t, rep.Worst, 2)
	require.Equal(t, 10, rep.Worst[0].Score)
	require.Equal(t, 40, rep.Worst[1].Score)
}
