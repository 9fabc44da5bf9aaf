package identity

import (
	"net/mail"
	"strings"
	"time"

	"github.com/concord-erp/concord/internal/platform/apperr"
)

// User is a person who signs in to Concord.
type User struct {
	ID        string    `json:"id"`
	Email     string    `json:"email"`
	Name      string    `json:"name"`
	Locale    string    `json:"locale" enum:"en,zh-CN"`
	TimeZone  string    `json:"time_zone" doc:"IANA time zone used to display times, e.g. Europe/Berlin or Asia/Shanghai."`
	Active    bool      `json:"active"`
	Roles     []string  `json:"roles"`
	Version   int64     `json:"version"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
}

// Locales the product speaks.
var Locales = []string{"en", "zh-CN"}

// normalizeEmail gives the form used for uniqueness and sign-in: e-mail
// addresses are compared without regard to case.
func normalizeEmail(s string) string { return strings.ToLower(strings.TrimSpace(s)) }

func validEmail(s string) bool {
	a, err := mail.ParseAddress(s)
	return err == nil && a.Address == s && len(s) <= 254
}

func validLocale(s string) bool {
	for _, l := range Locales {
		if l == s {
			return true
		}
	}
	return false
}

func validTimeZone(s string) bool {
	if s == "" || s == "Local" {
		return false
	}
	_, err := time.LoadLocation(s)
	return err == nil
}

// checkProfile validates the fields a user or an admin may set.
func checkProfile(v *apperr.Validator, name, locale, tz string) {
	v.Check(strings.TrimSpace(name) != "" && len(name) <= 200, "name", "required", "1 to 200 characters")
	v.Check(validLocale(locale), "locale", "invalid", "one of en, zh-CN")
	v.Check(validTimeZone(tz), "time_zone", "invalid", "an IANA time zone such as Europe/Berlin")
}

func checkNewPassword(v *apperr.Validator, field, pw string) {
	v.Check(len([]rune(pw)) >= MinPasswordLength && len(pw) <= 200, field, "too_short", "at least 10 characters")
}
