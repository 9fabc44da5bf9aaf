package party

import (
	"testing"

	"github.com/stretchr/testify/require"
)

// TestBlockingKeysKeepLikelyDuplicatesTogether: detection only compares
// parties that share a blocking key, so the keys must not separate the
// pairs that Compare would call likely duplicates. The rate is logged as a
// regression guard.
func TestBlockingKeysKeepLikelyDuplicatesTogether(t *testing.T) {
	pairs := loadPairs(t)
	found, missed := 0, 0
	for _, p := range pairs {
		if !p.duplicate || Compare(p.a, p.b).Score < LikelyDuplicate {
			continue
		}
		a := Party{LegalName: p.a.LegalName, LocalName: p.a.LocalName, TaxID: p.a.TaxID, Email: p.a.Email, Phone: p.a.Phone}
		b := Party{LegalName: p.b.LegalName, LocalName: p.b.LocalName, TaxID: p.b.TaxID, Email: p.b.Email, Phone: p.b.Phone}
		ka, kb := matchKeys(&a), matchKeys(&b)
		shared := false
		for i := range 3 {
			shared = shared || (ka[i] != "" && ka[i] == kb[i])
		}
		for _, x := range ka[3:5] {
			for _, y := range kb[3:5] {
				shared = shared || (x != "" && x == y)
			}
		}
		shared = shared || (ka[5] != "" && ka[5] == kb[5])
		if shared {
			found++
		} else {
			missed++
			t.Logf("not blocked together: %q / %q", p.a.LegalName, p.b.LegalName)
		}
	}
	rate := float64(found) / float64(found+missed)
	t.Logf("blocking keeps %d of %d likely duplicate pairs together (%.3f)", found, found+missed, rate)
	require.GreaterOrEqual(t, rate, 0.95)
}
