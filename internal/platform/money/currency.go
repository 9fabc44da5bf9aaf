package money

import "fmt"

// Currency is an ISO 4217 alphabetic currency code in upper case, such as
// "USD". Values that did not come from ParseCurrency or a literal of a known
// code may be invalid; check Valid before trusting one.
type Currency string

// exponents maps each supported code to its ISO 4217 minor-unit exponent,
// the number of decimal digits an amount in that currency carries.
//
// The table follows ISO 4217 List One as published on 2026-01-01. Fund
// codes (BOV, CHE, CHW, CLF, COU, MXV, USN, UYI, UYW), units of account
// (XAD, XDR, XSU, XUA, XB*), precious metals and the testing codes are left
// out on purpose: they are not currencies an invoice is settled in, and
// several have no defined minor unit. Withdrawn codes (for example ANG,
// BGN, HRK, SLL, ZWL) are also absent, so a caller meeting one in old data
// gets an explicit error rather than a guessed exponent.
var exponents = map[Currency]int{
	"AED": 2, // UAE dirham
	"AFN": 2, // Afghani
	"ALL": 2, // Lek
	"AMD": 2, // Armenian dram
	"AOA": 2, // Kwanza
	"ARS": 2, // Argentine peso
	"AUD": 2, // Australian dollar
	"AWG": 2, // Aruban florin
	"AZN": 2, // Azerbaijan manat
	"BAM": 2, // Convertible mark
	"BBD": 2, // Barbados dollar
	"BDT": 2, // Taka
	"BHD": 3, // Bahraini dinar
	"BIF": 0, // Burundi franc
	"BMD": 2, // Bermudian dollar
	"BND": 2, // Brunei dollar
	"BOB": 2, // Boliviano
	"BRL": 2, // Brazilian real
	"BSD": 2, // Bahamian dollar
	"BTN": 2, // Ngultrum
	"BWP": 2, // Pula
	"BYN": 2, // Belarusian ruble
	"BZD": 2, // Belize dollar
	"CAD": 2, // Canadian dollar
	"CDF": 2, // Congolese franc
	"CHF": 2, // Swiss franc
	"CLP": 0, // Chilean peso
	"CNY": 2, // Yuan renminbi
	"COP": 2, // Colombian peso
	"CRC": 2, // Costa Rican colon
	"CUP": 2, // Cuban peso
	"CVE": 2, // Cabo Verde escudo
	"CZK": 2, // Czech koruna
	"DJF": 0, // Djibouti franc
	"DKK": 2, // Danish krone
	"DOP": 2, // Dominican peso
	"DZD": 2, // Algerian dinar
	"EGP": 2, // Egyptian pound
	"ERN": 2, // Nakfa
	"ETB": 2, // Ethiopian birr
	"EUR": 2, // Euro
	"FJD": 2, // Fiji dollar
	"FKP": 2, // Falkland Islands pound
	"GBP": 2, // Pound sterling
	"GEL": 2, // Lari
	"GHS": 2, // Ghana cedi
	"GIP": 2, // Gibraltar pound
	"GMD": 2, // Dalasi
	"GNF": 0, // Guinean franc
	"GTQ": 2, // Quetzal
	"GYD": 2, // Guyana dollar
	"HKD": 2, // Hong Kong dollar
	"HNL": 2, // Lempira
	"HTG": 2, // Gourde
	"HUF": 2, // Forint
	"IDR": 2, // Rupiah
	"ILS": 2, // New Israeli sheqel
	"INR": 2, // Indian rupee
	"IQD": 3, // Iraqi dinar
	"IRR": 2, // Iranian rial
	"ISK": 0, // Iceland krona
	"JMD": 2, // Jamaican dollar
	"JOD": 3, // Jordanian dinar
	"JPY": 0, // Yen
	"KES": 2, // Kenyan shilling
	"KGS": 2, // Som
	"KHR": 2, // Riel
	"KMF": 0, // Comorian franc
	"KPW": 2, // North Korean won
	"KRW": 0, // Won
	"KWD": 3, // Kuwaiti dinar
	"KYD": 2, // Cayman Islands dollar
	"KZT": 2, // Tenge
	"LAK": 2, // Lao kip
	"LBP": 2, // Lebanese pound
	"LKR": 2, // Sri Lanka rupee
	"LRD": 2, // Liberian dollar
	"LSL": 2, // Loti
	"LYD": 3, // Libyan dinar
	"MAD": 2, // Moroccan dirham
	"MDL": 2, // Moldovan leu
	"MGA": 2, // Malagasy ariary
	"MKD": 2, // Denar
	"MMK": 2, // Kyat
	"MNT": 2, // Tugrik
	"MOP": 2, // Pataca
	"MRU": 2, // Ouguiya
	"MUR": 2, // Mauritius rupee
	"MVR": 2, // Rufiyaa
	"MWK": 2, // Malawi kwacha
	"MXN": 2, // Mexican peso
	"MYR": 2, // Malaysian ringgit
	"MZN": 2, // Mozambique metical
	"NAD": 2, // Namibia dollar
	"NGN": 2, // Naira
	"NIO": 2, // Cordoba oro
	"NOK": 2, // Norwegian krone
	"NPR": 2, // Nepalese rupee
	"NZD": 2, // New Zealand dollar
	"OMR": 3, // Rial Omani
	"PAB": 2, // Balboa
	"PEN": 2, // Sol
	"PGK": 2, // Kina
	"PHP": 2, // Philippine peso
	"PKR": 2, // Pakistan rupee
	"PLN": 2, // Zloty
	"PYG": 0, // Guarani
	"QAR": 2, // Qatari rial
	"RON": 2, // Romanian leu
	"RSD": 2, // Serbian dinar
	"RUB": 2, // Russian ruble
	"RWF": 0, // Rwanda franc
	"SAR": 2, // Saudi riyal
	"SBD": 2, // Solomon Islands dollar
	"SCR": 2, // Seychelles rupee
	"SDG": 2, // Sudanese pound
	"SEK": 2, // Swedish krona
	"SGD": 2, // Singapore dollar
	"SHP": 2, // Saint Helena pound
	"SLE": 2, // Leone
	"SOS": 2, // Somali shilling
	"SRD": 2, // Surinam dollar
	"SSP": 2, // South Sudanese pound
	"STN": 2, // Dobra
	"SVC": 2, // El Salvador colon
	"SYP": 2, // Syrian pound
	"SZL": 2, // Lilangeni
	"THB": 2, // Baht
	"TJS": 2, // Somoni
	"TMT": 2, // Turkmenistan new manat
	"TND": 3, // Tunisian dinar
	"TOP": 2, // Pa'anga
	"TRY": 2, // Turkish lira
	"TTD": 2, // Trinidad and Tobago dollar
	"TWD": 2, // New Taiwan dollar
	"TZS": 2, // Tanzanian shilling
	"UAH": 2, // Hryvnia
	"UGX": 0, // Uganda shilling
	"USD": 2, // US dollar
	"UYU": 2, // Peso uruguayo
	"UZS": 2, // Uzbekistan sum
	"VED": 2, // Bolivar soberano (digital)
	"VES": 2, // Bolivar soberano
	"VND": 0, // Dong
	"VUV": 0, // Vatu
	"WST": 2, // Tala
	"XAF": 0, // CFA franc BEAC
	"XCD": 2, // East Caribbean dollar
	"XCG": 2, // Caribbean guilder
	"XOF": 0, // CFA franc BCEAO
	"XPF": 0, // CFP franc
	"YER": 2, // Yemeni rial
	"ZAR": 2, // Rand
	"ZMW": 2, // Zambian kwacha
	"ZWG": 2, // Zimbabwe gold
}

// ParseCurrency returns the Currency for a three-letter ISO 4217 code. Input
// is case-insensitive and normalized to upper case; anything that is not
// exactly three ASCII letters naming a supported code yields an error
// wrapping ErrUnknownCurrency.
func ParseCurrency(s string) (Currency, error) {
	if len(s) != 3 {
		return "", fmt.Errorf("%w: %q", ErrUnknownCurrency, s)
	}
	var b [3]byte
	for i := range 3 {
		c := s[i]
		switch {
		case 'A' <= c && c <= 'Z':
			b[i] = c
		case 'a' <= c && c <= 'z':
			b[i] = c - ('a' - 'A')
		default:
			return "", fmt.Errorf("%w: %q", ErrUnknownCurrency, s)
		}
	}
	cur := Currency(b[:])
	if !cur.Valid() {
		return "", fmt.Errorf("%w: %q", ErrUnknownCurrency, s)
	}
	return cur, nil
}

// Valid reports whether c is a supported ISO 4217 code. It is
// case-sensitive: "usd" is not valid, use ParseCurrency to normalize.
func (c Currency) Valid() bool {
	_, ok := exponents[c]
	return ok
}

// Exponent returns the number of minor-unit digits of c: 2 for USD (cents),
// 0 for JPY, 3 for KWD. It returns 0 for a code that is not Valid; New
// refuses such codes, so the zero Amount is the only Amount that has one.
func (c Currency) Exponent() int {
	return exponents[c]
}
