package party

import (
	"encoding/csv"
	"os"
	"strconv"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestNormalizeName(t *testing.T) {
	cases := []struct{ in, want string }{
		// Full width, legal forms, punctuation.
		{"ACME Trading Co., Ltd.", "acme trading"},
		{"Acme Trading Company Limited", "acme trading"},
		{"ＡＣＭＥ　Trading", "acme trading"},
		{"ＳＵＮＲＩＳＥ　ＥＬＥＣＴＲＯＮＩＣＳ　ＣＯ．，ＬＴＤ．", "sunrise electronics"},
		{"  Bigfoot   Breweries,  Inc. ", "bigfoot breweries"},
		{"Frankenversand GmbH & Co. KG", "frankenversand"},
		{"Die Wandernde Kuh e.K.", "wandernde kuh"},
		{"Tortuga Restaurante S.A. de C.V.", "tortuga restaurante"},
		{"Wolski Zajazd Sp. z o.o.", "wolski zajazd"},
		{"Vaffeljernet A/S", "vaffeljernet"},
		{"Grandma Kelly's Homestead", "grandma kellys homestead"},
		{"The Big Cheese", "big cheese"},
		// Accents and letters Unicode does not decompose.
		{"Société Générale S.A.", "societe generale"},
		{"Heli Süßwaren GmbH", "heli susswaren"},
		{"Ørsted A/S", "orsted"},
		// "&" and "and" in several languages read the same.
		{"Smith & Sons Ltd", "smith sons"},
		{"Smith and Sons Limited", "smith sons"},
		{"Piccolo und mehr", "piccolo mehr"},
		{"Blondel père et fils", "blondel pere fils"},
		{"A & B Trading", "ab trading"},
		// Abbreviations.
		{"Acme Intl. Trading", "acme international trading"},
		{"Hoffmann Bros. Bau GmbH", "hoffmann brothers bau"},
		// Chinese and Japanese legal forms, full-width brackets.
		{"上海华美贸易有限公司", "上海华美贸易"},
		{"北京东方机械有限责任公司", "北京东方机械"},
		{"苏州金禾精密机械股份有限公司", "苏州金禾精密机械"},
		{"青岛海洋食品集团有限公司", "青岛海洋食品"},
		{"华美贸易（上海）有限公司", "华美贸易 上海"},
		{"株式会社さくらフーズ", "さくらフーズ"},
		{"さくらフーズ㈱", "さくらフーズ"},
		{"ACME贸易有限公司", "acme 贸易"},
		// A name is never reduced to nothing.
		{"Company Limited", "company"},
		{"有限公司", "有限公司"},
		{"", ""},
		{" ,.- ", ""},
	}
	for _, c := range cases {
		require.Equal(t, c.want, NormalizeName(c.in), "NormalizeName(%q)", c.in)
	}
}

func TestNormalizePhone(t *testing.T) {
	cases := []struct{ in, want string }{
		{"+49 (30) 123-45", "493012345"},
		{"+49 (0)30 123-45", "493012345"},
		{"0049 30 12345", "493012345"},
		{"030 12345", "3012345"},
		{"(503) 555-9931", "5035559931"},
		{"+1 503 555 9931 ext. 12", "15035559931"},
		{"＋８６　２１　６２３４　５６７８", "862162345678"},
		{"", ""},
	}
	for _, c := range cases {
		require.Equal(t, c.want, NormalizePhone(c.in), "NormalizePhone(%q)", c.in)
	}
}

func TestPhonesMatch(t *testing.T) {
	cases := []struct {
		a, b Candidate
		want bool
	}{
		{Candidate{Phone: "+49 30 1234567"}, Candidate{Phone: "030 1234567"}, true},
		{Candidate{Phone: "+49 30 1234567"}, Candidate{Phone: "030 1234567", Country: "DE"}, true},
		{Candidate{Phone: "+43 30 1234567"}, Candidate{Phone: "030 1234567", Country: "DE"}, false},
		{Candidate{Phone: "+39 06 1234 5678"}, Candidate{Phone: "06 1234 5678", Country: "IT"}, true},
		{Candidate{Phone: "+1 503 555 9931"}, Candidate{Phone: "(503) 555-9931", Country: "US"}, true},
		{Candidate{Phone: "+49 30 1234567"}, Candidate{Phone: "+43 30 1234567"}, false},
		// Too short to compare by trailing digits.
		{Candidate{Phone: "12345"}, Candidate{Phone: "+49 30 12345"}, false},
		{Candidate{Phone: ""}, Candidate{Phone: ""}, false},
	}
	for _, c := range cases {
		require.Equal(t, c.want, PhonesMatch(c.a, c.b), "PhonesMatch(%q, %q)", c.a.Phone, c.b.Phone)
		require.Equal(t, c.want, PhonesMatch(c.b, c.a), "PhonesMatch(%q, %q)", c.b.Phone, c.a.Phone)
	}
}

func TestNormalizeEmailAndTaxID(t *testing.T) {
	require.Equal(t, "info@acme-trading.com", NormalizeEmail("  Info@ACME-Trading.com "))
	require.Equal(t, "DE811234567", NormalizeTaxID("de 811.234-567"))
	require.Equal(t, "12345678000190", NormalizeTaxID("12.345.678/0001-90"))
}

func TestMatchJaroWinkler(t *testing.T) {
	// Reference values from Winkler's papers and the usual test pairs.
	cases := []struct {
		a, b string
		want float64
	}{
		{"martha", "marhta", 0.961},
		{"dwayne", "duane", 0.840},
		{"dixon", "dicksonx", 0.813},
		{"same", "same", 1},
		{"abc", "xyz", 0},
	}
	for _, c := range cases {
		require.InDelta(t, c.want, jaroWinkler([]rune(c.a), []rune(c.b)), 0.001, "%s/%s", c.a, c.b)
	}
}

func TestMatchNameSimilarity(t *testing.T) {
	sim := func(a, b string) float64 { return nameSimilarity(NormalizeName(a), NormalizeName(b)) }
	require.Equal(t, 1.0, sim("Acme Trading", "ACME Trading Ltd"))
	require.Equal(t, 1.0, sim("Ottilies Käseladen", "Ottilies Kaeseladen"))
	require.Greater(t, sim("Blauer See Delikatessen", "Blauer See Delikatesen"), 0.9)
	require.Greater(t, sim("Hotel Adler", "Adler Hotel"), 0.9)
	require.Less(t, sim("Deutsche Bank", "Deutsche Bahn"), similarNameFloor)
	require.Less(t, sim("Acme Trading", "Acme Foods"), differentNameCeiling)
	require.Less(t, sim("上海华美贸易有限公司", "上海华美物流有限公司"), similarNameFloor)
}

func TestMatchCandidateOf(t *testing.T) {
	p := Party{LegalName: "Acme", LocalName: "艾克美", TaxID: "DE811234567", Email: "a@acme.de", Phone: "030 1234567",
		Addresses: []Address{{Type: "shipping", Country: "AT"}, {Type: "billing", Default: true, Country: "DE"}, {Type: "other", Country: "FR"}}}
	require.Equal(t, Candidate{LegalName: "Acme", LocalName: "艾克美", TaxID: "DE811234567", Email: "a@acme.de", Phone: "030 1234567", Country: "DE"}, CandidateOf(p))
	require.Equal(t, "AT", CandidateOf(Party{Addresses: []Address{{Country: "AT"}, {Country: "FR"}}}).Country)
	require.Empty(t, CandidateOf(Party{}).Country)
}

// requireExplained checks that the reasons account for every point of m.
func requireExplained(t *testing.T, m Match) {
	t.Helper()
	sum := 0
	for _, r := range m.Reasons {
		require.NotEmpty(t, r.Code)
		require.NotEmpty(t, r.Detail)
		require.NotZero(t, r.Points, "reason %s carries no points", r.Code)
		sum += r.Points
	}
	require.Equal(t, min(max(sum, 0), 100), m.Score, "reasons %+v", m.Reasons)
}

func reasonCodes(m Match) []string {
	var codes []string
	for _, r := range m.Reasons {
		codes = append(codes, r.Code)
	}
	return codes
}

func TestCompareAcme(t *testing.T) {
	variants := []Candidate{
		{LegalName: "ACME Trading Co., Ltd."},
		{LegalName: "Acme Trading Company Limited"},
		{LegalName: "ＡＣＭＥ　Trading"},
	}
	for _, a := range variants {
		for _, b := range variants {
			m := Compare(a, b)
			require.GreaterOrEqual(t, m.Score, LikelyDuplicate, "%q vs %q: %+v", a.LegalName, b.LegalName, m)
			require.Contains(t, reasonCodes(m), ReasonSameName)
			requireExplained(t, m)
		}
	}
	foods := Candidate{LegalName: "Acme Foods"}
	for _, a := range variants {
		m := Compare(a, foods)
		require.Less(t, m.Score, PossibleDuplicate, "%q vs %q: %+v", a.LegalName, foods.LegalName, m)
		requireExplained(t, m)
	}
}

func TestCompareReasons(t *testing.T) {
	cases := []struct {
		name  string
		a, b  Candidate
		codes []string
		score int
	}{
		{
			name:  "everything equal is capped at 100",
			a:     Candidate{LegalName: "Acme Trading Ltd", TaxID: "GB123456789", Email: "info@acme.co.uk", Phone: "+44 20 7946 0958"},
			b:     Candidate{LegalName: "ACME Trading Limited", TaxID: "GB 123 456 789", Email: "INFO@acme.co.uk", Phone: "020 7946 0958"},
			codes: []string{ReasonSameTaxID, ReasonSameEmail, ReasonSamePhone, ReasonSameName},
			score: 100,
		},
		{
			name:  "same name but different tax IDs",
			a:     Candidate{LegalName: "Acme Trading Ltd", TaxID: "GB298341177"},
			b:     Candidate{LegalName: "Acme Trading GmbH", TaxID: "DE814452290"},
			codes: []string{ReasonDifferentTaxID, ReasonSameName},
			score: pointsSameName + pointsDifferentTaxID,
		},
		{
			name:  "VAT number with and without country prefix",
			a:     Candidate{LegalName: "Nordlicht Medien GmbH", TaxID: "DE811234567"},
			b:     Candidate{LegalName: "Nordlicht Medien", TaxID: "811234567"},
			codes: []string{ReasonSameTaxID, ReasonSameName},
			score: 100,
		},
		{
			name:  "shared accountant's e-mail, different names",
			a:     Candidate{LegalName: "Schneider Steuerberatung", Email: "buchhaltung@kanzlei-schneider.de"},
			b:     Candidate{LegalName: "Weber Metallbau GmbH", Email: "buchhaltung@kanzlei-schneider.de"},
			codes: []string{ReasonSameEmail, ReasonDifferentName},
			score: pointsSameEmail + pointsDifferentName,
		},
		{
			name:  "company domain counts, free-mail domain does not",
			a:     Candidate{Email: "a@acme.de"},
			b:     Candidate{Email: "b@acme.de"},
			codes: []string{ReasonSameEmailDomain},
			score: pointsSameEmailDomain,
		},
		{
			name:  "free-mail domain",
			a:     Candidate{Email: "a@gmail.com"},
			b:     Candidate{Email: "b@gmail.com"},
			codes: nil,
			score: 0,
		},
		{
			name:  "Chinese name in the legal name field matches the other's local name",
			a:     Candidate{LegalName: "上海华美贸易有限公司"},
			b:     Candidate{LegalName: "Shanghai Huamei Trading Co., Ltd.", LocalName: "上海华美贸易有限公司"},
			codes: []string{ReasonSameName},
			score: pointsSameName,
		},
		{
			name:  "legal and local names both equal",
			a:     Candidate{LegalName: "Golden Dragon Trading Limited", LocalName: "金龙贸易有限公司"},
			b:     Candidate{LegalName: "Golden Dragon Trading Ltd", LocalName: "金龙贸易有限公司"},
			codes: []string{ReasonSameName, ReasonSameLocalName},
			score: pointsSameName + pointsSameName/3,
		},
		{
			name:  "similar names with different numbers",
			a:     Candidate{LegalName: "7-Eleven Store 4411"},
			b:     Candidate{LegalName: "7-Eleven Store 4417"},
			codes: []string{ReasonSimilarName, ReasonDifferentNumber},
		},
		{
			name:  "typo",
			a:     Candidate{LegalName: "Blauer See Delikatessen"},
			b:     Candidate{LegalName: "Blauer See Delikatesen"},
			codes: []string{ReasonSimilarName},
		},
		{
			name:  "empty candidates",
			codes: nil,
			score: 0,
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			m := Compare(c.a, c.b)
			require.Equal(t, c.codes, reasonCodes(m), "%+v", m.Reasons)
			requireExplained(t, m)
			if c.score != 0 || c.codes == nil {
				require.Equal(t, c.score, m.Score, "%+v", m.Reasons)
			}
			require.Equal(t, m.Score, Compare(c.b, c.a).Score, "Compare is symmetric")
		})
	}
}

func TestCompareTypoIsLikely(t *testing.T) {
	m := Compare(Candidate{LegalName: "Blauer See Delikatessen"}, Candidate{LegalName: "Blauer See Delikatesen"})
	require.GreaterOrEqual(t, m.Score, LikelyDuplicate, "%+v", m)
}

// labelledPair is one row of testdata/duplicate_pairs.csv.
type labelledPair struct {
	a, b      Candidate
	duplicate bool
}

func loadPairs(t *testing.T) []labelledPair {
	t.Helper()
	f, err := os.Open("testdata/duplicate_pairs.csv")
	require.NoError(t, err)
	defer f.Close()
	r := csv.NewReader(f)
	r.Comment = '#'
	rows, err := r.ReadAll()
	require.NoError(t, err)
	require.Equal(t, []string{"a_legal_name", "a_local_name", "a_tax_id", "a_email", "a_phone",
		"b_legal_name", "b_local_name", "b_tax_id", "b_email", "b_phone", "duplicate"}, rows[0])
	var pairs []labelledPair
	for i, row := range rows[1:] {
		dup, err := strconv.ParseBool(row[10])
		require.NoError(t, err, "row %d", i+2)
		pairs = append(pairs, labelledPair{
			a:         Candidate{LegalName: row[0], LocalName: row[1], TaxID: row[2], Email: row[3], Phone: row[4]},
			b:         Candidate{LegalName: row[5], LocalName: row[6], TaxID: row[7], Email: row[8], Phone: row[9]},
			duplicate: dup,
		})
	}
	return pairs
}

// TestComparePairs is a regression guard on the labelled pairs: a change to
// the rules or the points must keep precision and recall at
// LikelyDuplicate. bench/dedupe prints the full table.
func TestComparePairs(t *testing.T) {
	pairs := loadPairs(t)
	require.GreaterOrEqual(t, len(pairs), 240)
	var tp, fp, fn, tn, dups int
	for _, p := range pairs {
		m := Compare(p.a, p.b)
		requireExplained(t, m)
		require.Equal(t, m.Score, Compare(p.b, p.a).Score, "Compare is symmetric on %q vs %q", p.a.LegalName, p.b.LegalName)
		flagged := m.Score >= LikelyDuplicate
		switch {
		case flagged && p.duplicate:
			tp++
		case flagged:
			fp++
			t.Logf("false positive (%d): %q vs %q %v", m.Score, p.a.LegalName, p.b.LegalName, m.Reasons)
		case p.duplicate:
			fn++
			t.Logf("false negative (%d): %q vs %q %v", m.Score, p.a.LegalName, p.b.LegalName, m.Reasons)
		default:
			tn++
		}
		if p.duplicate {
			dups++
		}
	}
	precision := float64(tp) / float64(tp+fp)
	recall := float64(tp) / float64(tp+fn)
	t.Logf("%d pairs, %d duplicates; at LikelyDuplicate=%d: precision %.3f, recall %.3f (TP %d, FP %d, FN %d, TN %d)",
		len(pairs), dups, LikelyDuplicate, precision, recall, tp, fp, fn, tn)
	ratio := float64(dups) / float64(len(pairs))
	require.InDelta(t, 0.4, ratio, 0.1, "about 40%% of the pairs should be duplicates")
	require.GreaterOrEqual(t, precision, 0.95)
	require.GreaterOrEqual(t, recall, 0.90)
}

func FuzzNormalizeName(f *testing.F) {
	for _, s := range []string{
		"ACME Trading Co., Ltd.", "ＡＣＭＥ　Trading", "上海华美贸易有限公司", "株式会社さくらフーズ",
		"A & B and C", "Wolski Zajazd Sp. z o.o.", "Company Limited", "Ｍａｙｕｍｉ＇ｓ", "ﬁ ß İ ǅ", "e\u0301 \u0301x", "0\xf2ǅ", "A'\u034f", "株式会社\u032eﬆ㍓ß乩٫",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n := NormalizeName(s)
		require.Equal(t, n, NormalizeName(n), "NormalizeName(%q) is not idempotent", s)
	})
}
