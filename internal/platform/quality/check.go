// Package quality scores master-data records against declarative rules
// (required fields, formats such as e-mail, phone, ISO country codes,
// China's Unified Social Credit Code and EU VAT numbers), summarises a whole
// entity type, and keeps one snapshot per day so that a sudden rise in
// invalid or duplicate records shows as an anomaly.
package quality

import (
	"net/mail"
	"regexp"
	"strings"
)

// ValidEmail reports whether s is a plain e-mail address.
func ValidEmail(s string) bool {
	a, err := mail.ParseAddress(s)
	return err == nil && a.Address == s
}

// ValidPhone reports whether s, stripped of spaces, dots, dashes and
// parentheses, is an optional "+" and 7 to 15 digits (the E.164 length
// range).
func ValidPhone(s string) bool {
	digits := 0
	for i, c := range s {
		switch {
		case c >= '0' && c <= '9':
			digits++
		case c == '+' && i == 0:
		case c == ' ' || c == '-' || c == '.' || c == '(' || c == ')' || c == '/':
		default:
			return false
		}
	}
	return digits >= 7 && digits <= 15
}

// countries are the ISO 3166-1 alpha-2 codes in use.
var countries = map[string]bool{}

func init() {
	for _, c := range strings.Fields(`AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS
		BT BV BW BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE EG EH ER ES ET FI FJ FK FM FO FR
		GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP KE KG KH KI
		KM KN KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT MU MV MW MX MY MZ NA NC
		NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW PY QA RE RO RS RU RW SA SB SC SD SE SG SH SI SJ SK SL SM
		SN SO SR SS ST SV SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG UM US UY UZ VA VC VE VG VI VN VU WF WS YE YT ZA
		ZM ZW`) {
		countries[c] = true
	}
}

// ValidCountry reports whether s is an ISO 3166-1 alpha-2 code in use.
func ValidCountry(s string) bool { return countries[s] }

// usccChars is the alphabet of the Unified Social Credit Code (GB
// 32100-2015): digits and upper-case letters without I, O, S, V and Z.
const usccChars = "0123456789ABCDEFGHJKLMNPQRTUWXY"

var usccWeights = [17]int{1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28}

// ValidUSCC reports whether s is an 18-character Unified Social Credit Code
// with a correct check character (mod 31 over the first 17).
func ValidUSCC(s string) bool {
	if len(s) != 18 {
		return false
	}
	sum := 0
	for i := range 17 {
		v := strings.IndexByte(usccChars, s[i])
		if v < 0 {
			return false
		}
		sum += v * usccWeights[i]
	}
	check := (31 - sum%31) % 31
	return s[17] == usccChars[check]
}

// euVAT holds the format of each EU member state's VAT number after its
// two-letter prefix (Greece uses EL). Formats only: whether a number is
// registered needs VIES, which is an online service.
var euVAT = map[string]*regexp.Regexp{
	"AT": regexp.MustCompile(`^U\d{8}$`), "BE": regexp.MustCompile(`^[01]\d{9}$`), "BG": regexp.MustCompile(`^\d{9,10}$`),
	"CY": regexp.MustCompile(`^\d{8}[A-Z]$`), "CZ": regexp.MustCompile(`^\d{8,10}$`), "DE": regexp.MustCompile(`^\d{9}$`),
	"DK": regexp.MustCompile(`^\d{8}$`), "EE": regexp.MustCompile(`^\d{9}$`), "EL": regexp.MustCompile(`^\d{9}$`),
	"ES": regexp.MustCompile(`^[A-Z0-9]\d{7}[A-Z0-9]$`), "FI": regexp.MustCompile(`^\d{8}$`),
	"FR": regexp.MustCompile(`^[A-HJ-NP-Z0-9]{2}\d{9}$`), "HR": regexp.MustCompile(`^\d{11}$`), "HU": regexp.MustCompile(`^\d{8}$`),
	"IE": regexp.MustCompile(`^\d{7}[A-W][A-I]?$|^\d[A-Z+*]\d{5}[A-W]$`), "IT": regexp.MustCompile(`^\d{11}$`),
	"LT": regexp.MustCompile(`^(\d{9}|\d{12})$`), "LU": regexp.MustCompile(`^\d{8}$`), "LV": regexp.MustCompile(`^\d{11}$`),
	"MT": regexp.MustCompile(`^\d{8}$`), "NL": regexp.MustCompile(`^\d{9}B\d{2}$`), "PL": regexp.MustCompile(`^\d{10}$`),
	"PT": regexp.MustCompile(`^\d{9}$`), "RO": regexp.MustCompile(`^\d{2,10}$`), "SE": regexp.MustCompile(`^\d{12}$`),
	"SI": regexp.MustCompile(`^\d{8}$`), "SK": regexp.MustCompile(`^\d{10}$`),
}

// ValidEUVAT reports whether s looks like an EU VAT number: a member-state
// prefix followed by that state's format, e.g. DE123456789.
func ValidEUVAT(s string) bool {
	if len(s) < 4 {
		return false
	}
	re, ok := euVAT[s[:2]]
	return ok && re.MatchString(s[2:])
}

// LooksLikeEUVAT reports whether s starts with an EU VAT prefix, so that the
// VAT format rule applies to it.
func LooksLikeEUVAT(s string) bool {
	if len(s) < 4 {
		return false
	}
	if _, ok := euVAT[s[:2]]; !ok {
		return false
	}
	return s[2] >= '0' && s[2] <= '9' || s[:3] == "ATU"
}
