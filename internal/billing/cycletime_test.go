package billing

import "testing"

func TestCycleStats(t *testing.T) {
	for _, c := range []struct {
		days             []int
		avg, median, p90 string
	}{
		{[]int{3, 5}, "4.00", "4.00", "5.00"},
		{[]int{1, 2, 2}, "1.67", "2.00", "2.00"}, // 5/3 = 1.666… rounds up
		{[]int{10, 1, 2, 3, 4, 5, 6, 7, 8, 9}, "5.50", "5.50", "9.00"},
		{[]int{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11}, "6.00", "6.00", "10.00"}, // ⌈9.9⌉ = 10th
		{[]int{-1, 0}, "-0.50", "-0.50", "0.00"},                            // paid before the order date
	} {
		st := cycleStats(c.days)
		if st.Average != c.avg || st.Median != c.median || st.P90 != c.p90 {
			t.Errorf("%v: got %s %s %s, want %s %s %s", c.days, st.Average, st.Median, st.P90, c.avg, c.median, c.p90)
		}
	}
	if st := cycleStats(nil); st.Orders != 0 || st.Average != "" || st.Min != nil {
		t.Errorf("no orders: %+v", st)
	}
}
