package support

import (
	"strconv"
	"strings"
	"time"

	"github.com/concord-erp/concord/internal/platform/apperr"
	"github.com/concord-erp/concord/internal/platform/calendar"
)

// Calendar is the business time SLA targets are counted in: working hours
// per weekday in a time zone, less holidays.
type Calendar struct {
	ID        string         `json:"id"`
	Name      string         `json:"name"`
	TimeZone  string         `json:"time_zone" doc:"IANA time zone of the working hours, e.g. Europe/Berlin."`
	Hours     []WorkingHours `json:"hours" doc:"At most one window per weekday; a weekday without one is not worked."`
	Holidays  []Holiday      `json:"holidays" doc:"Days not worked although their weekday is."`
	Version   int64          `json:"version"`
	CreatedAt time.Time      `json:"created_at"`
	UpdatedAt time.Time      `json:"updated_at"`
}

// WorkingHours is the window worked on a weekday, local time.
type WorkingHours struct {
	Day  string `json:"day" enum:"mon,tue,wed,thu,fri,sat,sun"`
	From string `json:"from" pattern:"^([01][0-9]|2[0-3]):[0-5][0-9]$" doc:"HH:MM, e.g. 09:00."`
	To   string `json:"to" pattern:"^([01][0-9]|2[0-4]):[0-5][0-9]$" doc:"HH:MM after from, e.g. 17:00; 24:00 is midnight."`
}

// Holiday is a day off.
type Holiday struct {
	Date calendar.Date `json:"date" format:"date"`
	Name string        `json:"name" maxLength:"100"`
}

// CalendarInput creates or replaces a calendar.
type CalendarInput struct {
	Name     string         `json:"name" minLength:"1" maxLength:"100"`
	TimeZone string         `json:"time_zone" minLength:"1" maxLength:"64"`
	Hours    []WorkingHours `json:"hours" minItems:"1" maxItems:"7"`
	Holidays []Holiday      `json:"holidays,omitempty" maxItems:"1000"`
	Version  int64          `json:"version,omitempty" doc:"The version being replaced (or If-Match)."`
}

var weekdays = map[string]time.Weekday{"sun": time.Sunday, "mon": time.Monday, "tue": time.Tuesday, "wed": time.Wednesday,
	"thu": time.Thursday, "fri": time.Friday, "sat": time.Saturday}

// minutesOf reads "HH:MM" as minutes after midnight.
func minutesOf(hhmm string) (int, bool) {
	h, m, ok := strings.Cut(hhmm, ":")
	if !ok {
		return 0, false
	}
	hi, err1 := strconv.Atoi(h)
	mi, err2 := strconv.Atoi(m)
	if err1 != nil || err2 != nil || hi < 0 || mi < 0 || mi > 59 || hi*60+mi > 24*60 {
		return 0, false
	}
	return hi*60 + mi, true
}

func (in *CalendarInput) check() error {
	var v apperr.Validator
	in.Name = strings.TrimSpace(in.Name)
	v.Check(in.Name != "", "name", "required", "a name")
	if in.TimeZone == "" || in.TimeZone == "Local" {
		v.Add("time_zone", "invalid", "an IANA time zone such as Europe/Berlin")
	} else if _, err := time.LoadLocation(in.TimeZone); err != nil {
		v.Add("time_zone", "invalid", "an IANA time zone such as Europe/Berlin")
	}
	seen := map[string]bool{}
	for i, h := range in.Hours {
		f := "hours[" + strconv.Itoa(i) + "]."
		if _, ok := weekdays[h.Day]; !ok {
			v.Add(f+"day", "invalid", "one of mon, tue, wed, thu, fri, sat, sun")
		} else if seen[h.Day] {
			v.Add(f+"day", "duplicate", "one window per weekday")
		}
		seen[h.Day] = true
		from, ok1 := minutesOf(h.From)
		to, ok2 := minutesOf(h.To)
		v.Check(ok1 && from < 24*60, f+"from", "invalid", "HH:MM")
		v.Check(ok2 && (!ok1 || to > from), f+"to", "invalid", "HH:MM after from")
	}
	days := map[calendar.Date]bool{}
	for i, h := range in.Holidays {
		f := "holidays[" + strconv.Itoa(i) + "]."
		v.Check(!h.Date.IsZero(), f+"date", "required", "a date")
		v.Check(!days[h.Date], f+"date", "duplicate", "each day once")
		days[h.Date] = true
		in.Holidays[i].Name = strings.TrimSpace(h.Name)
	}
	return v.Err()
}

// window returns the working window of a local day, if it is worked.
func (c Calendar) window(loc *time.Location, y int, m time.Month, d int) (open, close time.Time, ok bool) {
	day := time.Date(y, m, d, 12, 0, 0, 0, loc)
	for _, h := range c.Holidays {
		if h.Date == calendar.NewDate(y, m, d) {
			return open, close, false
		}
	}
	for _, h := range c.Hours {
		if weekdays[h.Day] != day.Weekday() {
			continue
		}
		from, _ := minutesOf(h.From)
		to, _ := minutesOf(h.To)
		return time.Date(y, m, d, 0, from, 0, 0, loc), time.Date(y, m, d, 0, to, 0, 0, loc), true
	}
	return open, close, false
}

// maxDays bounds the search for working time: a calendar of holidays only
// has no due time rather than an endless loop.
const maxDays = 3700

// Add returns the moment d of business time after start: time outside the
// working windows, on holidays and on weekdays without hours does not
// count. Windows are local times of the calendar's zone, so a daylight
// saving change moves them with the clock. ok is false when the calendar
// has no working time in the next ten years.
func (c Calendar) Add(start time.Time, d time.Duration) (due time.Time, ok bool) {
	loc, err := time.LoadLocation(c.TimeZone)
	if err != nil {
		return time.Time{}, false
	}
	t := start.In(loc)
	for range maxDays {
		y, m, dd := t.Date()
		if open, close, worked := c.window(loc, y, m, dd); worked {
			if t.Before(open) {
				t = open
			}
			if t.Before(close) {
				avail := close.Sub(t)
				if d <= avail {
					return t.Add(d).UTC(), true
				}
				d -= avail
			}
		}
		t = time.Date(y, m, dd+1, 0, 0, 0, 0, loc)
	}
	return time.Time{}, false
}
