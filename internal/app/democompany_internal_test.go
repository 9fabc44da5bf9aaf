package app

import (
	"testing"

	"github.com/stretchr/testify/require"
)

// TestDemoCompanyIsTheSameEveryRun: a load that stopped half-way is
// completed by the next run, which must therefore generate the same data.
func TestDemoCompanyIsTheSameEveryRun(t *testing.T) {
	c := newDemoCompany()
	require.Equal(t, c, newDemoCompany())
	require.Len(t, c.Products, 100)
	customers, codes := 0, map[string]bool{}
	for _, p := range c.Parties {
		if !p.Supplier {
			customers++
		}
		require.False(t, codes[p.Code], "codes are unique: %s", p.Code)
		codes[p.Code] = true
	}
	require.Equal(t, 50, customers)
	require.Equal(t, demoMarker, c.Parties[0].Code, "the marker is the first party a load creates")
	require.Equal(t, "4006381333931", gtin13("400638133393"), "the GS1 check digit")
}
