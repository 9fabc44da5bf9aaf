package party

import (
	"context"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"github.com/concord-erp/concord/internal/platform/apperr"
	"github.com/concord-erp/concord/internal/platform/db"
)

// Duplicate is a party that looks like another, with the evidence.
type Duplicate struct {
	ID        string   `json:"id"`
	Code      string   `json:"code"`
	LegalName string   `json:"legal_name"`
	Score     int      `json:"score" doc:"0–100; at least 50 is a likely duplicate, at least 30 a possible one."`
	Likely    bool     `json:"likely"`
	Reasons   []Reason `json:"reasons"`
}

// matchKeys returns the blocking keys of a party, in column order
// (match_tax, match_email, match_phone, match_name, match_local,
// match_word): two parties are compared only when they share one, which
// keeps detection to a few indexed lookups however many parties there are.
// TestBlockingKeysKeepLikelyDuplicatesTogether measures what the keys keep.
func matchKeys(p *Party) []any {
	c := CandidateOf(*p)
	phone := NormalizePhone(c.Phone)
	if len(phone) > minPhoneDigits {
		phone = phone[len(phone)-minPhoneDigits:]
	}
	if len(phone) < minPhoneDigits {
		phone = ""
	}
	return []any{withoutCountryPrefix(NormalizeTaxID(c.TaxID)), NormalizeEmail(c.Email), phone, nameKey(c.LegalName),
		nameKey(c.LocalName), longestWord(c.LegalName)}
}

// keyFold makes spelling variants of one word equal for blocking: accents
// dropped, ß as ss, and the German ae/oe/ue spellings as plain vowels.
func keyFold(s string) string {
	var b strings.Builder
	for _, r := range norm.NFKD.String(s) {
		if unicode.Is(unicode.Mn, r) {
			continue
		}
		if r == 'ß' {
			b.WriteString("ss")
			continue
		}
		b.WriteRune(r)
	}
	return umlautSpellings.Replace(b.String())
}

// longestWord is the longest word of the normalised name (the
// alphabetically last of equally long ones), which survives reordered words
// ("Müller Transporte" / "Transporte Müller") and a typo elsewhere.
func longestWord(name string) string {
	best := ""
	for _, w := range strings.Fields(keyFold(NormalizeName(name))) {
		if n, m := utf8.RuneCountInString(w), utf8.RuneCountInString(best); n > m || (n == m && w > best) {
			best = w
		}
	}
	if utf8.RuneCountInString(best) < 4 {
		return "" // short words ("ab", "the") would block too much together
	}
	return best
}

// nameKey is the first two words of the normalised name (legal forms are
// already gone, so "ACME Trading Co., Ltd." and "ＡＣＭＥ Trading" share
// "acme trading"), or its first four characters in Chinese or Japanese,
// which have no spaces. One word would put every "China …" or "Customer …"
// into one block and make each check compare hundreds of parties.
func nameKey(name string) string {
	n := keyFold(NormalizeName(name))
	if r, _ := utf8.DecodeRuneInString(n); isCJKRune(r) {
		if utf8.RuneCountInString(n) > 4 {
			return string([]rune(n)[:4])
		}
		return n
	}
	words := strings.Fields(n)
	if len(words) > 2 {
		words = words[:2]
	}
	return strings.Join(words, " ")
}

// commonWord is how many parties may share a longest word before it stops
// being a blocking key.
const commonWord = 50

// findDuplicates scores the parties that share a blocking key with p
// (other than p itself and except) and returns those at
// PossibleDuplicate or more, best first.
func findDuplicates(ctx context.Context, q db.Querier, p *Party, except string) ([]Duplicate, []Party, error) {
	k := matchKeys(p)
	// A word shared by many parties ("trading", "international") identifies
	// nothing and would make every check compare a crowd: it is used only
	// while at most commonWord parties carry it.
	if k[5] != "" {
		var n int
		if err := q.QueryRowContext(ctx, `SELECT COUNT(*) FROM (SELECT 1 FROM party WHERE match_word = $1 LIMIT $2) w`,
			k[5], commonWord+1).Scan(&n); err != nil {
			return nil, nil, err
		}
		if n > commonWord {
			k[5] = ""
		}
	}
	// Only non-empty keys go into the query: an empty key would match (and
	// make the index walk over) every party without one.
	args := []any{p.ID, except}
	var terms []string
	add := func(column string, values ...any) {
		var ph []string
		for _, v := range values {
			if v != "" {
				args = append(args, v)
				ph = append(ph, "$"+strconv.Itoa(len(args)))
			}
		}
		if len(ph) > 0 {
			terms = append(terms, column+" IN ("+strings.Join(ph, ", ")+")")
		}
	}
	add("match_tax", k[0])
	add("match_email", k[1])
	add("match_phone", k[2])
	add("match_name", k[3], k[4])
	add("match_local", k[3], k[4])
	add("match_word", k[5])
	if len(terms) == 0 {
		return nil, nil, nil
	}
	rows, err := q.QueryContext(ctx, `SELECT `+partyColumns+` FROM party WHERE id <> $1 AND id <> $2 AND (`+
		strings.Join(terms, " OR ")+`) ORDER BY id LIMIT 200`, args...)
	if err != nil {
		return nil, nil, err
	}
	var cands []Party
	for rows.Next() {
		c, err := scanParty(rows)
		if err != nil {
			rows.Close()
			return nil, nil, err
		}
		cands = append(cands, c)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, nil, err
	}
	// Candidates are compared without their addresses (one query, not one
	// per candidate): the country only refines phone numbers, and the
	// blocking keys already matched the phone's last digits.
	me := CandidateOf(*p)
	me.Country = ""
	var out []Duplicate
	var parties []Party
	for _, c := range cands {
		m := Compare(me, CandidateOf(c))
		if m.Score < PossibleDuplicate {
			continue
		}
		out = append(out, Duplicate{ID: c.ID, Code: c.Code, LegalName: c.LegalName, Score: m.Score, Likely: m.Score >= LikelyDuplicate, Reasons: m.Reasons})
		parties = append(parties, c)
	}
	// Sort both slices together, best first.
	idx := make([]int, len(out))
	for i := range idx {
		idx[i] = i
	}
	slices.SortStableFunc(idx, func(a, b int) int { return out[b].Score - out[a].Score })
	so, sp := make([]Duplicate, len(out)), make([]Party, len(out))
	for i, j := range idx {
		so[i], sp[i] = out[j], parties[j]
	}
	return so, sp, nil
}

// ErrLikelyDuplicate stops a create or update that looks like an existing
// party; the client may confirm with allow_duplicate.
var ErrLikelyDuplicate = apperr.Conflict("likely_duplicate", "this looks like an existing party; merge them, or send allow_duplicate: true to keep both")

// checkDuplicates returns ErrLikelyDuplicate, with the visible candidates
// as details, when p has a likely duplicate. Candidates the principal may
// not see are counted but not shown.
func checkDuplicates(ctx context.Context, q db.Querier, p *Party) error {
	actor, err := principal(ctx)
	if err != nil {
		return err
	}
	dups, parties, err := findDuplicates(ctx, q, p, "")
	if err != nil {
		return err
	}
	var shown []Duplicate
	hidden := 0
	for i, d := range dups {
		if !d.Likely {
			continue
		}
		if visible(actor, parties[i]) != nil {
			hidden++
			continue
		}
		shown = append(shown, d)
	}
	if len(shown) == 0 && hidden == 0 {
		return nil
	}
	e := *ErrLikelyDuplicate
	e.Details = map[string]any{"duplicates": shown, "hidden": hidden}
	if len(shown) > 0 {
		e.Fields = []apperr.FieldError{{Field: "legal_name", Code: "likely_duplicate",
			Message: "looks like " + shown[0].Code + " " + shown[0].LegalName}}
	} else {
		e.Fields = []apperr.FieldError{{Field: "legal_name", Code: "likely_duplicate",
			Message: "looks like a party owned by someone else; ask a data steward"}}
	}
	return &e
}

// CheckDuplicates scores the parties that look like in (a party being
// entered), without storing anything; except excludes a party (the one
// being edited). Only parties the principal may see are listed.
func (s *Service) CheckDuplicates(ctx context.Context, in Input, except string) ([]Duplicate, error) {
	actor, err := principal(ctx)
	if err != nil {
		return nil, err
	}
	in.normalize()
	var p Party
	in.apply(&p)
	dups, parties, err := findDuplicates(ctx, s.db, &p, except)
	if err != nil {
		return nil, err
	}
	out := []Duplicate{}
	for i, d := range dups {
		if visible(actor, parties[i]) == nil {
			out = append(out, d)
		}
	}
	return out, nil
}

// FindDuplicates lists the parties that look like a stored party.
// Errors: not_found.
func (s *Service) FindDuplicates(ctx context.Context, partyID string) ([]Duplicate, error) {
	p, err := s.FindParty(ctx, partyID)
	if err != nil {
		return nil, err
	}
	return s.CheckDuplicates(ctx, inputOf(p), p.ID)
}
