package support

import "testing"

func TestPercent(t *testing.T) {
	for _, c := range []struct {
		met, breached int
		want          string
	}{{3, 1, "75.00"}, {2, 1, "66.67"}, {1, 2, "33.33"}, {1, 0, "100.00"}, {0, 1, "0.00"}, {0, 0, ""}, {1, 7, "12.50"}} {
		if got := percent(Compliance{Met: c.met, Breached: c.breached}); got != c.want {
			t.Errorf("%d met, %d breached: %q, want %q", c.met, c.breached, got, c.want)
		}
	}
}
