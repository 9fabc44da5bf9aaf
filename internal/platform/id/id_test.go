package id_test

import (
	"sort"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/concord-erp/concord/internal/platform/id"
)

func TestNewHasPrefixAndIsValid(t *testing.T) {
	s := id.New("cus")
	require.Regexp(t, `^cus_[0-9A-HJKMNP-TV-Z]{26}$`, s)
	require.True(t, id.Valid("cus", s))
	require.False(t, id.Valid("so", s), "another prefix is not valid")
	for _, bad := range []string{"", "cus", "cus_", "cus_123", "cus_01JD3M5Q8Z6X7V9T2K4R1N0B8!", "CUS_" + s[4:]} {
		require.False(t, id.Valid("cus", bad), bad)
	}
}

func TestIDsSortInCreationOrderAndNeverRepeat(t *testing.T) {
	const n = 20000
	ids := make([]string, n)
	for i := range ids {
		ids[i] = id.New("so")
	}
	require.True(t, sort.StringsAreSorted(ids), "IDs made one after another sort in that order")

	seen := map[string]bool{}
	var mu sync.Mutex
	var wg sync.WaitGroup
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range 2000 {
				s := id.New("so")
				mu.Lock()
				require.False(t, seen[s], "duplicate id %s", s)
				seen[s] = true
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	require.Len(t, seen, 16000)
}

func TestTime(t *testing.T) {
	before := time.Now().Truncate(time.Millisecond)
	s := id.New("inv")
	got, err := id.Time(s)
	require.NoError(t, err)
	require.False(t, got.Before(before))
	require.WithinDuration(t, time.Now(), got, time.Second)
	_, err = id.Time("inv_nope")
	require.Error(t, err)
}

func TestBadPrefixPanics(t *testing.T) {
	for _, p := range []string{"", "Cus", "c_s", "toolongprefix", "c1"} {
		require.Panics(t, func() { id.New(p) }, p)
	}
}
