package app

import (
	"fmt"
	"math/rand/v2"
	"strings"
)

// The demo company is a manufacturer-distributor of electrical components
// with a main warehouse in the United States and one in Shanghai. Its data
// is generated from the fixed lists below by a seeded random source, so
// every load builds the same company (a load that stopped half-way can be
// run again and only adds what is missing). All names are invented; phone
// numbers and e-mail domains are fictitious (.example, 555-01xx).

// demoSeed fixes the demo company; change it and every load makes another.
const demoSeed = 20260101

// demoParty is a customer or supplier of the demo company.
type demoParty struct {
	Code, LegalName, LocalName string
	Supplier                   bool
	Dealer                     bool // tagged dealer: buys at the dealer price lists
	Currency, PaymentTerms     string
	CreditLimit                int64 // whole units of Currency; 0 for none
	Line1, City, Region        string
	PostalCode, Country        string
	Email, Phone               string
	Contact, ContactTitle      string
	ContactEmail               string
	Website                    string
}

// demoProduct is a product of the demo company; prices are in USD cents.
type demoProduct struct {
	Code, Name, NameZH string
	Category           string // path, e.g. "Components / Circuit protection"
	Type, Unit         string
	Barcode            string
	ListCents          int64
	CostCents          int64
	Suppliers          []string // party codes; the first is preferred
	LeadTimeDays       int
	StockMain, StockSH int64 // opening stock in whole units
}

// demoCompany is the whole generated data set.
type demoCompany struct {
	Parties  []demoParty
	Products []demoProduct
}

// customerSeeds are the customers: legal name, local (Chinese) name,
// street, city, region, postal code, country, currency, dealer.
var customerSeeds = []struct {
	name, local, street, city, region, postal, country, currency string
	dealer                                                       bool
}{
	{"Brightline Electrical Supply Inc.", "", "", "Columbus", "OH", "43215", "US", "USD", true},
	{"Summit Industrial Controls LLC", "", "", "Denver", "CO", "80202", "US", "USD", false},
	{"Bayside Electric Contractors Inc.", "", "", "Oakland", "CA", "94607", "US", "USD", false},
	{"Lone Star Switchgear Co.", "", "", "Houston", "TX", "77002", "US", "USD", false},
	{"Great Plains Lighting Distributors", "", "", "Omaha", "NE", "68102", "US", "USD", true},
	{"Harbor Point Marine Electric", "", "", "Norfolk", "VA", "23510", "US", "USD", false},
	{"Cascade Power Systems Inc.", "", "", "Portland", "OR", "97204", "US", "USD", false},
	{"Keystone Building Services LLC", "", "", "Pittsburgh", "PA", "15222", "US", "USD", false},
	{"Magnolia Electrical Wholesale", "", "", "Atlanta", "GA", "30303", "US", "USD", true},
	{"Redwood Automation Partners", "", "", "Sacramento", "CA", "95814", "US", "USD", false},
	{"Ironbridge Facility Maintenance", "", "", "Cleveland", "OH", "44113", "US", "USD", false},
	{"Northern Lights Electrical Ltd.", "", "", "Toronto", "ON", "M5H 2N2", "CA", "USD", false},
	{"Maple Leaf Industrial Supply Inc.", "", "", "Vancouver", "BC", "V6B 1A1", "CA", "USD", true},
	{"Hoffmann Elektrotechnik GmbH", "", "", "Stuttgart", "", "70173", "DE", "EUR", false},
	{"Weber & Söhne Schaltanlagen GmbH", "", "", "Dortmund", "", "44135", "DE", "EUR", false},
	{"Van Dijk Installatietechniek B.V.", "", "", "Rotterdam", "", "3011 AD", "NL", "EUR", false},
	{"Groupe Lefèvre Électricité SAS", "", "", "Lyon", "", "69002", "FR", "EUR", true},
	{"Rossi Impianti Elettrici S.r.l.", "", "", "Milano", "", "20121", "IT", "EUR", false},
	{"Elektro Nowak Sp. z o.o.", "", "", "Kraków", "", "31-001", "PL", "EUR", false},
	{"Instalaciones Martín S.L.", "", "", "Valencia", "", "46002", "ES", "EUR", false},
	{"Virtanen Sähkö Oy", "", "", "Tampere", "", "33100", "FI", "EUR", false},
	{"Dubois Maintenance Industrielle SARL", "", "", "Lille", "", "59000", "FR", "EUR", false},
	{"Brandt Gebäudetechnik GmbH", "", "", "Hamburg", "", "20095", "DE", "EUR", true},
	{"O'Connor Electrical Wholesale Ltd.", "", "", "Dublin", "", "D02 X285", "IE", "EUR", true},
	{"Steiner Elektro GmbH", "", "", "Graz", "", "8010", "AT", "EUR", false},
	{"Southern Cross Electrical Pty Ltd", "", "", "Brisbane", "QLD", "4000", "AU", "USD", false},
	{"Lion City Engineering Pte. Ltd.", "", "", "Singapore", "", "068914", "SG", "USD", false},
	{"Al Noor Electrical Trading LLC", "", "", "Dubai", "", "", "AE", "USD", true},
	{"Kiwi Sparks Electrical Ltd.", "", "", "Auckland", "", "1010", "NZ", "USD", false},
	{"Cape Industrial Electric (Pty) Ltd", "", "", "Cape Town", "WC", "8001", "ZA", "USD", false},
	{"Shanghai Huasheng Electronics Co., Ltd.", "上海华盛电子有限公司", "浦东新区张江路88号", "上海", "上海市", "201203", "CN", "CNY", true},
	{"Beijing Zhongke Automation Engineering Co., Ltd.", "北京中科自动化工程有限公司", "海淀区中关村大街27号", "北京", "北京市", "100080", "CN", "CNY", false},
	{"Shenzhen Pengcheng Smart Building Technology Co., Ltd.", "深圳鹏城智能建筑科技有限公司", "南山区科技园南路15号", "深圳", "广东省", "518057", "CN", "CNY", false},
	{"Guangzhou Yuexiu Electrical Installation Co., Ltd.", "广州越秀电气安装有限公司", "越秀区中山五路120号", "广州", "广东省", "510030", "CN", "CNY", false},
	{"Hangzhou Xihu Lighting Engineering Co., Ltd.", "杭州西湖照明工程有限公司", "西湖区文三路398号", "杭州", "浙江省", "310013", "CN", "CNY", false},
	{"Suzhou Gusu Industrial Automation Co., Ltd.", "苏州姑苏工业自动化有限公司", "工业园区星湖街218号", "苏州", "江苏省", "215123", "CN", "CNY", false},
	{"Nanjing Jinling Power Equipment Co., Ltd.", "南京金陵电力设备有限公司", "江宁区天元中路56号", "南京", "江苏省", "211100", "CN", "CNY", true},
	{"Wuhan Changjiang Electromechanical Co., Ltd.", "武汉长江机电有限公司", "江汉区建设大道568号", "武汉", "湖北省", "430022", "CN", "CNY", false},
	{"Chengdu Tianfu Construction Electrical Co., Ltd.", "成都天府建设电气有限公司", "高新区天府大道北段1700号", "成都", "四川省", "610041", "CN", "CNY", false},
	{"Chongqing Shancheng Switchgear Co., Ltd.", "重庆山城开关设备有限公司", "渝北区金开大道88号", "重庆", "重庆市", "401122", "CN", "CNY", false},
	{"Tianjin Binhai Port Electric Co., Ltd.", "天津滨海港口电气有限公司", "滨海新区新港路36号", "天津", "天津市", "300456", "CN", "CNY", false},
	{"Qingdao Haiyun Marine Electrical Co., Ltd.", "青岛海运船舶电气有限公司", "市南区香港中路76号", "青岛", "山东省", "266071", "CN", "CNY", false},
	{"Xiamen Ludao Electronic Trading Co., Ltd.", "厦门鹭岛电子贸易有限公司", "思明区湖滨南路357号", "厦门", "福建省", "361004", "CN", "CNY", true},
	{"Xi'an Qinchuan Power Technology Co., Ltd.", "西安秦川电力科技有限公司", "雁塔区高新路52号", "西安", "陕西省", "710075", "CN", "CNY", false},
	{"Ningbo Beilun Mechanical & Electrical Co., Ltd.", "宁波北仑机电有限公司", "北仑区明州路477号", "宁波", "浙江省", "315800", "CN", "CNY", false},
	{"Changsha Xiangjiang Building Materials Co., Ltd.", "长沙湘江建材有限公司", "岳麓区麓山南路932号", "长沙", "湖南省", "410083", "CN", "CNY", false},
	{"Zhengzhou Zhongyuan Electrical Wholesale Co., Ltd.", "郑州中原电器批发有限公司", "金水区花园路139号", "郑州", "河南省", "450003", "CN", "CNY", true},
	{"Dalian Bohai Shipbuilding Supplies Co., Ltd.", "大连渤海船舶配套有限公司", "中山区人民路23号", "大连", "辽宁省", "116001", "CN", "CNY", false},
	{"Foshan Nanhai Lighting Factory Co., Ltd.", "佛山南海灯饰厂有限公司", "南海区桂城南海大道北68号", "佛山", "广东省", "528200", "CN", "CNY", false},
	{"Hefei Huihuang New Energy Technology Co., Ltd.", "合肥辉煌新能源科技有限公司", "高新区望江西路800号", "合肥", "安徽省", "230088", "CN", "CNY", false},
}

// supplierSeeds are the suppliers: legal name, local name, street, city,
// region, postal code, country, currency.
var supplierSeeds = []struct{ name, local, street, city, region, postal, country, currency string }{
	{"Ningbo Jintai Copper Co., Ltd.", "宁波金泰铜业有限公司", "江北区长兴路689号", "宁波", "浙江省", "315020", "CN", "CNY"},
	{"Jiangsu Huaxin Plastics Co., Ltd.", "江苏华信塑胶有限公司", "武进区常武中路18号", "常州", "江苏省", "213161", "CN", "CNY"},
	{"Tianjin Hongda Steel Trading Co., Ltd.", "天津宏达钢材贸易有限公司", "东丽区津塘公路396号", "天津", "天津市", "300300", "CN", "CNY"},
	{"Wenzhou Ouyi Electric Co., Ltd.", "温州欧意电气有限公司", "龙湾区永强大道1288号", "温州", "浙江省", "325024", "CN", "CNY"},
	{"Yueqing Lianxing Relay Co., Ltd.", "乐清联兴继电器有限公司", "柳市镇长江路55号", "乐清", "浙江省", "325604", "CN", "CNY"},
	{"Dongguan Jiexin Connector Co., Ltd.", "东莞捷鑫连接器有限公司", "长安镇振安中路203号", "东莞", "广东省", "523850", "CN", "CNY"},
	{"Shenzhen Guangyao Lighting Technology Co., Ltd.", "深圳光耀照明科技有限公司", "宝安区福永街道凤凰路12号", "深圳", "广东省", "518103", "CN", "CNY"},
	{"Hangzhou Jingce Instruments Co., Ltd.", "杭州精测仪器有限公司", "滨江区江南大道3850号", "杭州", "浙江省", "310053", "CN", "CNY"},
	{"Taizhou Ruifeng Tools Co., Ltd.", "台州瑞丰工具有限公司", "黄岩区劳动北路101号", "台州", "浙江省", "318020", "CN", "CNY"},
	{"Hsinchu Adhesive Tapes Co., Ltd.", "新竹胶带股份有限公司", "东区光复路二段101号", "新竹", "", "300", "TW", "USD"},
	{"Kessler Werkzeuge GmbH", "", "", "Wuppertal", "", "42103", "DE", "EUR"},
	{"Rheinland Kabelwerke GmbH", "", "", "Köln", "", "50667", "DE", "EUR"},
	{"Great Lakes Polymer Supply Inc.", "", "", "Milwaukee", "WI", "53202", "US", "USD"},
	{"Keystone Fuse & Control LLC", "", "", "Allentown", "PA", "18101", "US", "USD"},
	{"Osaka Precision Relay K.K.", "", "", "Osaka", "", "530-0001", "JP", "USD"},
}

// supplierCode is the code of the i-th supplier seed (0-based).
func supplierCode(i int) string { return fmt.Sprintf("SU-%04d", 2001+i) }

// demoMarker is the code of the first party a load creates: a database
// holding it holds (part of) the demo company.
var demoMarker = supplierCode(0)

var (
	westernFirst = []string{"James", "Mary", "Robert", "Linda", "Michael", "Sarah", "David", "Karen", "Thomas", "Anna",
		"Peter", "Laura", "Stefan", "Julia", "Marc", "Sophie", "Luca", "Elena", "Piotr", "Carmen", "Mikko", "Claire"}
	westernLast = []string{"Miller", "Johnson", "Walker", "Hughes", "Fischer", "Schneider", "de Vries", "Martin", "Bianchi",
		"Kowalski", "García", "Laine", "Bernard", "Murphy", "Gruber", "Taylor", "Nguyen", "Patel", "Khan", "Wilson"}
	chineseNames = []string{"王伟", "李娜", "张敏", "刘洋", "陈静", "杨磊", "赵丽", "黄勇", "周杰", "吴芳", "徐强", "孙婷",
		"马超", "朱红", "胡斌", "郭晶", "何平", "林峰", "高燕", "罗军"}
	streets      = []string{"Main Street", "Industrial Parkway", "Commerce Drive", "Harbor Road", "Station Road", "Market Street", "Mill Lane", "Park Avenue"}
	europeStreet = []string{"Hauptstraße", "Industrieweg", "Rue de l'Industrie", "Via Roma", "ul. Przemysłowa", "Calle Mayor", "Teollisuuskatu", "Bahnhofstraße"}
	titles       = []string{"Purchasing Manager", "Buyer", "Operations Director", "Project Engineer"}
	titlesZH     = []string{"采购经理", "采购专员", "运营总监", "项目工程师"}
	callingCode  = map[string]string{"US": "+1", "CA": "+1", "DE": "+49", "NL": "+31", "FR": "+33", "IT": "+39", "PL": "+48",
		"ES": "+34", "FI": "+358", "IE": "+353", "AT": "+43", "AU": "+61", "SG": "+65", "AE": "+971", "NZ": "+64", "ZA": "+27",
		"CN": "+86", "TW": "+886", "JP": "+81"}
)

// domainOf makes a fictitious e-mail domain from a company name's first
// two words: "Lone Star Switchgear Co." → lone-star.example.
func domainOf(name string) string {
	var words []string
	for _, w := range strings.Fields(strings.ToLower(name)) {
		w = strings.Map(func(r rune) rune {
			if r >= 'a' && r <= 'z' {
				return r
			}
			return -1
		}, w)
		if w != "" {
			words = append(words, w)
		}
	}
	return strings.Join(words[:min(2, len(words))], "-") + ".example"
}

// phone makes a fictitious number; North American ones use 555-01xx,
// the range reserved for fiction.
func phone(r *rand.Rand, country string) string {
	if country == "US" || country == "CA" {
		return fmt.Sprintf("+1 %03d 555 01%02d", 200+r.IntN(700), r.IntN(100))
	}
	return fmt.Sprintf("%s %d %04d %04d", callingCode[country], 10+r.IntN(80), r.IntN(10000), r.IntN(10000))
}

func newDemoParty(r *rand.Rand, code, name, local, street, city, region, postal, country, currency string) demoParty {
	p := demoParty{Code: code, LegalName: name, LocalName: local, City: city, Region: region, PostalCode: postal,
		Country: country, Currency: currency, Line1: street, Phone: phone(r, country)}
	domain := domainOf(name)
	p.Website = "https://www." + domain
	p.Email, p.ContactEmail = "info@"+domain, "purchasing@"+domain
	switch {
	case country == "CN" || country == "TW":
		p.Contact = chineseNames[r.IntN(len(chineseNames))]
		p.ContactTitle = titlesZH[r.IntN(len(titlesZH))]
	default:
		p.Contact = westernFirst[r.IntN(len(westernFirst))] + " " + westernLast[r.IntN(len(westernLast))]
		p.ContactTitle = titles[r.IntN(len(titles))]
	}
	if p.Line1 == "" {
		list := streets
		if currency == "EUR" {
			list = europeStreet
		}
		p.Line1 = fmt.Sprintf("%d %s", 1+r.IntN(400), list[r.IntN(len(list))])
	}
	return p
}

// creditLimits are typical limits in USD; CNY limits are seven times as
// many yuan, EUR ones the same number of euros.
var creditLimits = []int64{10_000, 25_000, 50_000, 100_000, 250_000}

func newDemoCompany() demoCompany {
	r := rand.New(rand.NewPCG(demoSeed, demoSeed))
	var c demoCompany
	for i, s := range supplierSeeds {
		p := newDemoParty(r, supplierCode(i), s.name, s.local, s.street, s.city, s.region, s.postal, s.country, s.currency)
		p.Supplier, p.PaymentTerms = true, []string{"net30", "net60"}[r.IntN(2)]
		c.Parties = append(c.Parties, p)
	}
	terms := map[string][]string{"USD": {"net30", "2_10_net30", "net30"}, "EUR": {"net30", "net60", "net30eom"}, "CNY": {"due", "net30", "net60"}}
	for i, s := range customerSeeds {
		p := newDemoParty(r, fmt.Sprintf("CU-%04d", 1001+i), s.name, s.local, s.street, s.city, s.region, s.postal, s.country, s.currency)
		p.Dealer = s.dealer
		p.PaymentTerms = terms[s.currency][r.IntN(3)]
		p.CreditLimit = creditLimits[r.IntN(len(creditLimits))]
		if s.currency == "CNY" {
			p.CreditLimit *= 7
		}
		c.Parties = append(c.Parties, p)
	}
	for _, f := range productFamilies {
		for j, v := range f.variants {
			c.Products = append(c.Products, f.product(r, len(c.Products), j, v))
		}
	}
	return c
}

// variant is one size or rating of a product family, in English and
// Chinese ("" for a family of one).
type variant struct{ en, zh string }

// same is a variant written alike in both languages, e.g. "16A".
func same(vs ...string) []variant {
	out := make([]variant, len(vs))
	for i, v := range vs {
		out[i] = variant{v, v}
	}
	return out
}

// family is a product line: its variants get ascending prices from
// baseCents, stepPct per variant, and stock in proportion to how fast such
// items move.
type family struct {
	code, name, zh, category, typ, unit string
	baseCents                           int64
	stepPct                             int64 // price increase per variant in percent of baseCents
	suppliers                           []int // supplier seeds, preferred first
	stock                               int64 // typical opening stock in the main warehouse
	variants                            []variant
}

var one = []variant{{"", ""}}

const (
	catRaw        = "Raw materials"
	catCopper     = catRaw + " / Copper and brass"
	catPlastics   = catRaw + " / Plastics"
	catSteel      = catRaw + " / Steel"
	catComponents = "Components"
	catProtection = catComponents + " / Circuit protection"
	catSwitching  = catComponents + " / Switching"
	catConnect    = catComponents + " / Connection"
	catFinished   = "Finished goods"
	catBoards     = catFinished + " / Distribution and control"
	catCables     = catFinished + " / Cables and power strips"
	catLighting   = catFinished + " / Lighting"
	catTools      = "Tools and accessories"
	catServices   = "Services"
)

// demoCategories lists the category tree, parents first.
var demoCategories = []string{catRaw, catCopper, catPlastics, catSteel, catComponents, catProtection, catSwitching,
	catConnect, catFinished, catBoards, catCables, catLighting, catTools, catServices}

// productFamilies are the company's 100 products.
var productFamilies = []family{
	{"RM-CUW", "Copper wire, bare", "裸铜线", catCopper, "stockable", "kg", 1180, 5, []int{0, 11}, 4000, same("1.5 mm²", "2.5 mm²", "4 mm²", "6 mm²")},
	{"RM-BRS", "Brass strip", "黄铜带", catCopper, "stockable", "kg", 960, 8, []int{0}, 1500, same("0.3 mm", "0.5 mm", "0.8 mm")},
	{"RM-PVC", "PVC compound, flame-retardant", "阻燃PVC料", catPlastics, "stockable", "kg", 210, 0, []int{1, 12},
		6000, []variant{{"grey", "灰色"}, {"white", "白色"}, {"black", "黑色"}}},
	{"RM-PA6", "Nylon PA66 granulate", "尼龙PA66颗粒", catPlastics, "stockable", "kg", 340, 15, []int{1, 12},
		3000, []variant{{"natural", "本色"}, {"black", "黑色"}, {"30% glass-filled", "30%玻纤增强"}}},
	{"RM-STL", "Galvanised steel sheet", "镀锌钢板", catSteel, "stockable", "kg", 145, 10, []int{2}, 8000, same("1.0 mm", "1.5 mm")},
	{"CP-MCB", "Miniature circuit breaker 1P C-curve", "小型断路器 1P C型", catProtection, "stockable", "pcs", 420, 6, []int{3},
		1200, same("6A", "10A", "16A", "20A", "25A", "32A", "40A")},
	{"CP-MCB3", "Miniature circuit breaker 3P C-curve", "小型断路器 3P C型", catProtection, "stockable", "pcs", 1350, 12, []int{3},
		400, same("16A", "25A", "32A", "63A")},
	{"CP-RCD", "Residual current device 2P 30 mA", "剩余电流保护器 2P 30mA", catProtection, "stockable", "pcs", 1890, 15, []int{3},
		300, same("25A", "40A", "63A")},
	{"CP-FUS", "Cartridge fuse 10×38 gG", "圆筒形熔断器 10×38 gG", catProtection, "stockable", "pcs", 85, 4, []int{13, 3},
		3000, same("2A", "4A", "6A", "10A", "16A", "25A")},
	{"CP-REL", "General-purpose relay", "通用继电器", catSwitching, "stockable", "pcs", 310, 10, []int{4, 14},
		800, same("12 V DC", "24 V DC", "230 V AC")},
	{"CP-CON", "Contactor 3P", "交流接触器 3P", catSwitching, "stockable", "pcs", 1640, 35, []int{4}, 250, same("9A", "18A", "32A")},
	{"CP-ISO", "Rotary isolator switch", "旋转隔离开关", catSwitching, "stockable", "pcs", 980, 30, []int{4}, 300, same("20A", "32A", "63A")},
	{"CP-TB", "DIN rail terminal block", "导轨式接线端子", catConnect, "stockable", "pcs", 42, 20, []int{5},
		5000, same("2.5 mm²", "4 mm²", "6 mm²", "10 mm²")},
	{"CP-GLD", "Cable gland IP68", "IP68电缆防水接头", catConnect, "stockable", "pcs", 65, 25, []int{5}, 4000, same("M16", "M20", "M25", "M32")},
	{"CP-LUG", "Copper cable lug", "铜接线鼻子", catConnect, "stockable", "pcs", 38, 30, []int{5, 0}, 4000, same("16 mm²", "25 mm²", "35 mm²", "50 mm²")},
	{"CP-DIN", "DIN rail 35 mm, 1 m", "35mm导轨 1米", catConnect, "stockable", "pcs", 230, 10, []int{5}, 1000,
		[]variant{{"perforated", "冲孔"}, {"solid", "无孔"}}},
	{"FG-DB", "Distribution board, surface-mounted", "明装配电箱", catBoards, "manufactured", "pcs", 3800, 30, nil,
		120, []variant{{"8-way", "8回路"}, {"12-way", "12回路"}, {"18-way", "18回路"}, {"24-way", "24回路"}, {"36-way", "36回路"}}},
	{"FG-MCP", "Motor control panel", "电机控制柜", catBoards, "manufactured", "pcs", 42000, 45, nil, 15, same("4 kW", "7.5 kW", "15 kW")},
	{"FG-PS", "Power strip with surge protection", "防雷插座排", catCables, "manufactured", "pcs", 1450, 25, nil,
		400, []variant{{"4 outlets", "4位"}, {"6 outlets", "6位"}, {"8 outlets", "8位"}}},
	{"FG-EXT", "Extension cord reel", "电缆卷盘", catCables, "manufactured", "pcs", 3200, 50, nil, 150, same("15 m", "25 m", "50 m")},
	{"FG-CAB", "Power cable H07RN-F 3G", "橡套电缆 H07RN-F 3芯", catCables, "manufactured", "m", 190, 45, nil,
		5000, same("1.5 mm²", "2.5 mm²", "4 mm²")},
	{"FG-LED", "LED panel light", "LED平板灯", catLighting, "manufactured", "pcs", 2700, 20, nil,
		300, same("600×600 36 W", "300×1200 40 W", "600×1200 60 W")},
	{"FG-HBL", "LED high-bay light", "LED工矿灯", catLighting, "manufactured", "pcs", 6400, 30, nil, 120, same("100 W", "150 W", "200 W")},
	{"TL-CRP", "Ratchet crimping tool", "棘轮压线钳", catTools, "stockable", "pcs", 3600, 60, []int{8, 10}, 80, same("0.5–6 mm²", "10–35 mm²")},
	{"TL-STR", "Automatic wire stripper 0.2–6 mm²", "自动剥线钳 0.2–6mm²", catTools, "stockable", "pcs", 1900, 0, []int{8, 10}, 120, one},
	{"TL-SCR", "Insulated screwdriver set 1000 V", "1000V绝缘螺丝刀套装", catTools, "stockable", "pcs", 2400, 40, []int{10, 8},
		100, []variant{{"6 pieces", "6件套"}, {"9 pieces", "9件套"}}},
	{"TL-DMM", "Digital multimeter CAT III", "数字万用表 CAT III", catTools, "stockable", "pcs", 4500, 50, []int{7}, 90, same("600 V", "1000 V")},
	{"TL-VT", "Two-pole voltage tester", "双极验电器", catTools, "stockable", "pcs", 2900, 0, []int{7}, 100, one},
	{"TL-CLP", "Clamp meter AC/DC 400 A", "交直流钳形表 400A", catTools, "stockable", "pcs", 6800, 0, []int{7}, 60, one},
	{"TL-IRT", "Insulation resistance tester 1 kV", "绝缘电阻测试仪 1kV", catTools, "stockable", "pcs", 24000, 0, []int{7}, 20, one},
	{"AC-TAPE", "PVC insulating tape 19 mm × 20 m", "PVC电工胶带 19mm×20m", catTools, "stockable", "pcs", 55, 0, []int{9},
		6000, []variant{{"black", "黑色"}, {"red", "红色"}, {"blue", "蓝色"}, {"green/yellow", "黄绿色"}}},
	{"AC-TIE", "Cable ties, pack of 100", "尼龙扎带 100根装", catTools, "stockable", "pcs", 240, 40, []int{9}, 2000, same("200 mm", "300 mm")},
	{"SV-INST", "On-site installation", "现场安装", catServices, "service", "h", 8500, 0, nil, 0, one},
	{"SV-CAL", "Tester calibration with certificate", "仪表校准（含证书）", catServices, "service", "pcs", 6000, 0, nil, 0, one},
	{"SV-ENG", "Panel design and engineering", "配电柜设计", catServices, "service", "h", 11000, 0, nil, 0, one},
}

// product makes the j-th variant of the family, the n-th product overall.
func (f family) product(r *rand.Rand, n, j int, v variant) demoProduct {
	p := demoProduct{Code: fmt.Sprintf("%s-%02d", f.code, j+1), Name: f.name, NameZH: f.zh, Category: f.category,
		Type: f.typ, Unit: f.unit, LeadTimeDays: 3 + r.IntN(40)}
	if v.en != "" {
		p.Name += " " + v.en
		p.NameZH += " " + v.zh
	}
	price := f.baseCents * (100 + f.stepPct*int64(j))
	p.ListCents = (price + 250) / 500 * 5 // to 5 cents, as a price list shows
	// Bought goods cost 55–70% of the list price; made goods a bit less.
	margin := 55 + r.IntN(16)
	if f.typ == "manufactured" {
		margin -= 10
	}
	p.CostCents = p.ListCents * int64(margin) / 100
	for _, s := range f.suppliers {
		p.Suppliers = append(p.Suppliers, supplierCode(s))
	}
	if f.typ != "service" {
		p.Barcode = gtin13(fmt.Sprintf("69%05d%05d", 12345, 1+n))
		// Stock varies ±50% per item; Shanghai holds about a third as much,
		// and nothing of the heaviest raw materials.
		p.StockMain = f.stock/2 + r.Int64N(f.stock+1)
		if f.category != catSteel && r.IntN(10) < 8 {
			p.StockSH = p.StockMain / 3
		}
	}
	return p
}

// gtin13 appends the GS1 mod-10 check digit to 12 digits.
func gtin13(digits string) string {
	sum := 0
	for i, c := range digits {
		d := int(c - '0')
		if i%2 == 1 {
			d *= 3
		}
		sum += d
	}
	return digits + fmt.Sprint((10-sum%10)%10)
}
