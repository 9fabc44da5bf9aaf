package support

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/concord-erp/concord/internal/platform/calendar"
)

func berlin(t *testing.T, s string) time.Time {
	loc, err := time.LoadLocation("Europe/Berlin")
	require.NoError(t, err)
	v, err := time.ParseInLocation("2006-01-02 15:04", s, loc)
	require.NoError(t, err)
	return v
}

func TestBusinessTime(t *testing.T) {
	c := Calendar{TimeZone: "Europe/Berlin", Holidays: []Holiday{{Date: calendar.NewDate(2026, 12, 25), Name: "Christmas"}}}
	for _, d := range []string{"mon", "tue", "wed", "thu", "fri"} {
		c.Hours = append(c.Hours, WorkingHours{Day: d, From: "09:00", To: "17:00"})
	}
	for _, tc := range []struct {
		name, start string
		d           time.Duration
		want        string
	}{
		{"inside one day", "2026-12-21 10:00", 2 * time.Hour, "2026-12-21 12:00"},
		{"before opening starts at opening", "2026-12-21 07:30", time.Hour, "2026-12-21 10:00"},
		{"after closing goes to the next day", "2026-12-21 18:00", time.Hour, "2026-12-22 10:00"},
		{"exactly at closing", "2026-12-21 09:00", 8 * time.Hour, "2026-12-21 17:00"},
		{"across the holiday and the weekend", "2026-12-24 16:00", 2 * time.Hour, "2026-12-28 10:00"},
		{"started on a Saturday", "2026-12-26 11:00", 30 * time.Minute, "2026-12-28 09:30"},
		{"several days", "2026-12-21 13:00", 24 * time.Hour, "2026-12-24 13:00"},
		{"several days over the holiday", "2026-12-23 13:00", 16 * time.Hour, "2026-12-28 13:00"},
		{"across the change to summer time", "2026-03-27 16:00", 2 * time.Hour, "2026-03-30 10:00"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, ok := c.Add(berlin(t, tc.start), tc.d)
			require.True(t, ok)
			require.Equal(t, berlin(t, tc.want).UTC(), got)
		})
	}
	_, ok := Calendar{TimeZone: "UTC"}.Add(time.Now(), time.Hour)
	require.False(t, ok, "no working time at all")
}
