package party

import "strings"

// countryNames maps the country names found in spreadsheets (English,
// German, French, Spanish and Chinese spellings, common abbreviations) to
// ISO 3166-1 alpha-2 codes, so imports accept "Germany" or "德国" as well
// as "DE".
var countryNames = map[string]string{}

func init() {
	for code, names := range map[string]string{
		"AR": "argentina|阿根廷", "AT": "austria|österreich|奥地利", "AU": "australia|澳大利亚", "BE": "belgium|belgique|belgien|比利时",
		"BR": "brazil|brasil|巴西", "CA": "canada|加拿大", "CH": "switzerland|schweiz|suisse|瑞士", "CN": "china|prc|中国|中华人民共和国",
		"CZ": "czech republic|czechia|捷克", "DE": "germany|deutschland|allemagne|德国", "DK": "denmark|danmark|丹麦",
		"ES": "spain|españa|espana|西班牙", "FI": "finland|suomi|芬兰", "FR": "france|法国", "GB": "uk|united kingdom|great britain|england|英国",
		"GR": "greece|希腊", "HK": "hong kong|香港", "IE": "ireland|爱尔兰", "IN": "india|印度", "IT": "italy|italia|意大利",
		"JP": "japan|日本", "KR": "korea|south korea|韩国", "MX": "mexico|méxico|墨西哥", "NL": "netherlands|holland|nederland|荷兰",
		"NO": "norway|norge|挪威", "NZ": "new zealand|新西兰", "PL": "poland|polska|波兰", "PT": "portugal|葡萄牙", "RU": "russia|俄罗斯",
		"SE": "sweden|sverige|瑞典", "SG": "singapore|新加坡", "TW": "taiwan|台湾", "US": "usa|us|united states|united states of america|美国",
		"VE": "venezuela|委内瑞拉", "ZA": "south africa|南非",
	} {
		for _, n := range strings.Split(names, "|") {
			countryNames[n] = code
		}
	}
}

// countryCode turns a country name or code into an ISO alpha-2 code; input
// it does not know is returned upper-cased for validation to report.
func countryCode(s string) string {
	s = strings.TrimSpace(s)
	if c, ok := countryNames[strings.ToLower(s)]; ok {
		return c
	}
	return strings.ToUpper(s)
}
