package calendar

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

func TestParseDate(t *testing.T) {
	for _, s := range []string{"2026-01-05", "2024-02-29", "2000-02-29", "0001-01-01", "9999-12-31"} {
		d, err := ParseDate(s)
		require.NoError(t, err, s)
		require.Equal(t, s, d.String())
	}
	for _, s := range []string{"", "2026-02-29", "1900-02-29", "2026-13-01", "2026-00-10", "2026-04-31", "2026-1-5",
		"2026/01/05", "20260105", " 2026-01-05", "2026-01-05 ", "2026-01-05T00:00:00Z", "0000-01-01", "+026-01-05", "2026-0a-05"} {
		_, err := ParseDate(s)
		require.ErrorIs(t, err, ErrDate, "%q", s)
	}
}

func TestDateArithmetic(t *testing.T) {
	d := func(s string) Date {
		v, err := ParseDate(s)
		require.NoError(t, err)
		return v
	}
	require.Equal(t, d("2027-01-04"), d("2026-12-05").AddDays(30))
	require.Equal(t, d("2024-02-29"), d("2024-02-28").AddDays(1))
	require.Equal(t, d("2026-03-01"), d("2026-02-28").AddDays(1))
	require.Equal(t, d("2026-02-28"), d("2026-03-01").AddDays(-1))
	require.Equal(t, d("2024-02-29"), d("2024-02-10").EndOfMonth())
	require.Equal(t, d("2026-02-28"), d("2026-02-28").EndOfMonth())
	require.Equal(t, d("2100-02-28"), d("2100-02-01").EndOfMonth(), "2100 is not a leap year")
	require.Equal(t, d("2026-12-31"), d("2026-12-01").EndOfMonth())
	require.Equal(t, d("2026-03-02"), NewDate(2026, time.February, 30), "normalized like time.Date")
	require.True(t, d("2026-01-01").Before(d("2026-01-02")))
	require.True(t, d("2026-01-02").After(d("2026-01-01")))
	require.Equal(t, 0, d("2026-01-02").Compare(d("2026-01-02")))
	require.True(t, Date{}.IsZero())
	require.Equal(t, d("2026-06-30"), DateOf(time.Date(2026, 6, 30, 23, 30, 0, 0, time.FixedZone("CST", 8*3600))),
		"the calendar date where the time is, not in UTC")

	var v struct {
		Day Date `json:"day"`
	}
	require.NoError(t, json.Unmarshal([]byte(`{"day":"2024-02-29"}`), &v))
	require.Equal(t, d("2024-02-29"), v.Day)
	b, err := json.Marshal(v)
	require.NoError(t, err)
	require.JSONEq(t, `{"day":"2024-02-29"}`, string(b))
	require.Error(t, json.Unmarshal([]byte(`{"day":"2026-02-29"}`), &v))
}
