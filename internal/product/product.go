package product

import (
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/concord-erp/concord/internal/platform/apperr"
	"github.com/concord-erp/concord/internal/platform/id"
	"github.com/concord-erp/concord/internal/platform/money"
)

// Types of product. Stockable and manufactured products have stock;
// consumables are bought and used without stock keeping; services are
// neither.
var Types = []string{"stockable", "consumable", "service", "manufactured"}

// Product is an item Concord sells, buys, stocks or makes.
type Product struct {
	ID              string            `json:"id"`
	Code            string            `json:"code" doc:"SKU, unique."`
	Barcode         string            `json:"barcode,omitempty" doc:"EAN/UPC/GTIN or an internal barcode; unique when set."`
	Name            string            `json:"name"`
	Names           map[string]string `json:"names" doc:"Localized names by locale, e.g. {\"zh-CN\": \"绿茶\"}."`
	CategoryID      string            `json:"category_id,omitempty"`
	Unit            string            `json:"unit" doc:"Code of the unit of measure, e.g. pcs, kg."`
	Type            string            `json:"type" enum:"stockable,consumable,service,manufactured"`
	ListPrice       money.Amount      `json:"list_price"`
	StandardCost    *money.Amount     `json:"standard_cost,omitempty"`
	TaxCategory     string            `json:"tax_category,omitempty" doc:"e.g. standard, reduced, exempt."`
	Active          bool              `json:"active"`
	ReorderPoint    *money.Quantity   `json:"reorder_point,omitempty" doc:"Reorder when available stock falls below this."`
	ReorderQuantity *money.Quantity   `json:"reorder_quantity,omitempty"`
	LeadTimeDays    int               `json:"lead_time_days"`
	Suppliers       []Supplier        `json:"suppliers"`
	Version         int64             `json:"version"`
	CreatedAt       time.Time         `json:"created_at"`
	UpdatedAt       time.Time         `json:"updated_at"`
}

// Supplier is a party that sells a product to us, with its terms.
type Supplier struct {
	PartyID      string          `json:"party_id" maxLength:"64"`
	SupplierCode string          `json:"supplier_code,omitempty" maxLength:"60" doc:"The supplier's own code for the product."`
	Price        money.Amount    `json:"price"`
	MinQuantity  *money.Quantity `json:"min_quantity,omitempty"`
	LeadTimeDays int             `json:"lead_time_days" required:"false" minimum:"0" maximum:"3650"`
	Preferred    bool            `json:"preferred" required:"false"`
}

// Input is what a client sets on a product.
type Input struct {
	Code            string            `json:"code" maxLength:"60"`
	Barcode         string            `json:"barcode,omitempty" maxLength:"60"`
	Name            string            `json:"name" maxLength:"300"`
	Names           map[string]string `json:"names,omitempty"`
	CategoryID      string            `json:"category_id,omitempty" maxLength:"64"`
	Unit            string            `json:"unit,omitempty" maxLength:"20" doc:"Defaults to pcs."`
	Type            string            `json:"type,omitempty" enum:"stockable,consumable,service,manufactured" doc:"Defaults to stockable."`
	ListPrice       money.Amount      `json:"list_price"`
	StandardCost    *money.Amount     `json:"standard_cost,omitempty"`
	TaxCategory     string            `json:"tax_category,omitempty" maxLength:"40"`
	Active          *bool             `json:"active,omitempty" doc:"Defaults to true."`
	ReorderPoint    *money.Quantity   `json:"reorder_point,omitempty"`
	ReorderQuantity *money.Quantity   `json:"reorder_quantity,omitempty"`
	LeadTimeDays    int               `json:"lead_time_days,omitempty" minimum:"0" maximum:"3650"`
	Suppliers       []Supplier        `json:"suppliers,omitempty"`
}

var (
	codeFormat    = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._/-]{0,59}$`)
	barcodeFormat = regexp.MustCompile(`^[0-9A-Za-z-]{4,60}$`)
	locales       = []string{"en", "zh-CN"}
)

func (in *Input) normalize() {
	in.Code = strings.TrimSpace(in.Code)
	in.Barcode = strings.TrimSpace(in.Barcode)
	in.Name = strings.TrimSpace(in.Name)
	if in.Unit == "" {
		in.Unit = "pcs"
	}
	if in.Type == "" {
		in.Type = "stockable"
	}
	if in.Names == nil {
		in.Names = map[string]string{}
	}
	if in.Suppliers == nil {
		in.Suppliers = []Supplier{}
	}
}

// validate checks the input; units is the set of known unit codes.
func (in *Input) validate(units map[string]bool) error {
	var v apperr.Validator
	v.Check(codeFormat.MatchString(in.Code), "code", "invalid", "1 to 60 letters, digits, '.', '_', '/' or '-'")
	v.Check(in.Barcode == "" || barcodeFormat.MatchString(in.Barcode), "barcode", "invalid", "4 to 60 letters, digits or '-'")
	if barcodeFormat.MatchString(in.Barcode) && isDigits(in.Barcode) && (len(in.Barcode) == 8 || len(in.Barcode) == 12 || len(in.Barcode) == 13 || len(in.Barcode) == 14) {
		v.Check(validGTIN(in.Barcode), "barcode", "check_digit", "the GTIN check digit is wrong")
	}
	v.Check(in.Name != "", "name", "required", "the product name")
	for loc, n := range in.Names {
		v.Check(slices.Contains(locales, loc), "names."+loc, "invalid", "locales are en and zh-CN")
		v.Check(strings.TrimSpace(n) != "", "names."+loc, "required", "a name, or leave the locale out")
	}
	v.Check(in.CategoryID == "" || id.Valid("pcat", in.CategoryID), "category_id", "invalid", "a product category ID")
	v.Check(units[in.Unit], "unit", "unknown_unit", "a unit of measure code such as pcs or kg")
	v.Check(slices.Contains(Types, in.Type), "type", "invalid", "one of "+strings.Join(Types, ", "))
	v.Check(in.ListPrice.Currency() != "", "list_price", "required", "a price with its currency")
	v.Check(!in.ListPrice.IsNegative(), "list_price", "negative", "must not be negative")
	if in.StandardCost != nil {
		v.Check(!in.StandardCost.IsNegative(), "standard_cost", "negative", "must not be negative")
	}
	for f, q := range map[string]*money.Quantity{"reorder_point": in.ReorderPoint, "reorder_quantity": in.ReorderQuantity} {
		v.Check(q == nil || !q.IsNegative(), f, "negative", "must not be negative")
	}
	preferred := 0
	seen := map[string]bool{}
	for i, s := range in.Suppliers {
		f := "suppliers[" + strconv.Itoa(i) + "]."
		v.Check(id.Valid("pty", s.PartyID), f+"party_id", "invalid", "a party ID")
		v.Check(!seen[s.PartyID], f+"party_id", "duplicate", "each supplier once")
		seen[s.PartyID] = true
		v.Check(s.Price.Currency() != "" && !s.Price.IsNegative(), f+"price", "invalid", "a non-negative price with its currency")
		if s.Preferred {
			preferred++
			v.Check(preferred == 1, f+"preferred", "duplicate", "only one preferred supplier")
		}
	}
	return v.Err()
}

func isDigits(s string) bool {
	for _, c := range s {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

// validGTIN checks the mod-10 check digit of GTIN-8/12/13/14 (EAN, UPC).
func validGTIN(s string) bool {
	sum := 0
	for i := len(s) - 2; i >= 0; i-- {
		d := int(s[i] - '0')
		if (len(s)-2-i)%2 == 0 {
			d *= 3
		}
		sum += d
	}
	return (10-sum%10)%10 == int(s[len(s)-1]-'0')
}

func (in *Input) apply(p *Product) {
	p.Code, p.Barcode, p.Name, p.Names, p.CategoryID, p.Unit, p.Type = in.Code, in.Barcode, in.Name, in.Names, in.CategoryID, in.Unit, in.Type
	p.ListPrice, p.StandardCost, p.TaxCategory = in.ListPrice, in.StandardCost, in.TaxCategory
	p.Active = in.Active == nil || *in.Active
	p.ReorderPoint, p.ReorderQuantity, p.LeadTimeDays, p.Suppliers = in.ReorderPoint, in.ReorderQuantity, in.LeadTimeDays, in.Suppliers
}
