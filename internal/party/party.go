package party

import (
	"net/mail"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/concord-erp/concord/internal/platform/apperr"
	"github.com/concord-erp/concord/internal/platform/id"
	"github.com/concord-erp/concord/internal/platform/money"
)

// Kinds of party.
const (
	KindOrganization = "organization"
	KindPerson       = "person"
)

// Invoice bases: what an invoice drafted from an order bills.
const (
	InvoiceDelivered = "delivered"
	InvoiceOrdered   = "ordered"
)

// Roles a party plays.
const (
	RoleCustomer = "customer"
	RoleSupplier = "supplier"
)

// Lifecycle stages of a party, from first contact to gone.
var Lifecycles = []string{"lead", "prospect", "customer", "inactive", "churned"}

// Party is an organisation or a person Concord deals with.
type Party struct {
	ID           string        `json:"id"`
	Code         string        `json:"code" doc:"Unique business code, e.g. CUST-00042; assigned from the role's pattern when not given."`
	Kind         string        `json:"kind" enum:"organization,person"`
	Roles        []string      `json:"roles" doc:"customer, supplier or both."`
	LegalName    string        `json:"legal_name"`
	LocalName    string        `json:"local_name,omitempty" doc:"Name in the local script, e.g. a Chinese company name."`
	TaxID        string        `json:"tax_id,omitempty"`
	Email        string        `json:"email,omitempty"`
	Phone        string        `json:"phone,omitempty"`
	Website      string        `json:"website,omitempty"`
	Currency     string        `json:"currency,omitempty" doc:"Default ISO 4217 currency of documents with this party."`
	PaymentTerms string        `json:"payment_terms,omitempty" doc:"Code of the default payment terms, e.g. net30."`
	CreditLimit  *money.Amount `json:"credit_limit,omitempty" doc:"Open receivables plus open orders may not exceed it without approval."`
	// AcceptsBackorders lets an order be confirmed with less stock than it
	// asks for: the shortfall is recorded as a backorder.
	AcceptsBackorders bool `json:"accepts_backorders"`
	// InvoiceBasis is what an invoice drafted from the customer's order
	// bills when the request does not say.
	InvoiceBasis string    `json:"invoice_basis" enum:"delivered,ordered"`
	PriceList    string    `json:"price_list,omitempty"`
	Tags         []string  `json:"tags"`
	Lifecycle    string    `json:"lifecycle" enum:"lead,prospect,customer,inactive,churned"`
	OwnerID      string    `json:"owner_id,omitempty" doc:"The user responsible (e.g. the sales rep)."`
	Addresses    []Address `json:"addresses"`
	Contacts     []Contact `json:"contacts"`
	Version      int64     `json:"version"`
	CreatedAt    time.Time `json:"created_at"`
	UpdatedAt    time.Time `json:"updated_at"`
}

// Address is a postal address of a party.
type Address struct {
	ID         string `json:"id,omitempty"`
	Type       string `json:"type" enum:"billing,shipping,other" required:"false" doc:"Defaults to billing."`
	Line1      string `json:"line1" maxLength:"200"`
	Line2      string `json:"line2,omitempty" maxLength:"200"`
	City       string `json:"city" maxLength:"100"`
	Region     string `json:"region,omitempty" maxLength:"100"`
	PostalCode string `json:"postal_code,omitempty" maxLength:"20"`
	Country    string `json:"country" doc:"ISO 3166-1 alpha-2 code, e.g. DE, CN." maxLength:"2"`
	Default    bool   `json:"default" required:"false" doc:"The default address of its type."`
}

// Contact is a person at an organisation.
type Contact struct {
	ID    string `json:"id,omitempty"`
	Name  string `json:"name" maxLength:"200"`
	Title string `json:"title,omitempty" maxLength:"100"`
	Email string `json:"email,omitempty" maxLength:"254"`
	Phone string `json:"phone,omitempty" maxLength:"50"`
}

// Input is what a client sets on a party; the rest is derived.
type Input struct {
	Code              string        `json:"code,omitempty" maxLength:"40" doc:"Leave empty to have one assigned."`
	Kind              string        `json:"kind,omitempty" enum:"organization,person" doc:"Defaults to organization."`
	Roles             []string      `json:"roles" minItems:"1"`
	LegalName         string        `json:"legal_name" maxLength:"300"`
	LocalName         string        `json:"local_name,omitempty" maxLength:"300"`
	TaxID             string        `json:"tax_id,omitempty" maxLength:"50"`
	Email             string        `json:"email,omitempty" maxLength:"254"`
	Phone             string        `json:"phone,omitempty" maxLength:"50"`
	Website           string        `json:"website,omitempty" maxLength:"300"`
	Currency          string        `json:"currency,omitempty" maxLength:"3"`
	PaymentTerms      string        `json:"payment_terms,omitempty" maxLength:"40"`
	CreditLimit       *money.Amount `json:"credit_limit,omitempty"`
	AcceptsBackorders bool          `json:"accepts_backorders,omitempty" doc:"Confirm orders with a shortfall as backorders instead of refusing them."`
	InvoiceBasis      string        `json:"invoice_basis,omitempty" enum:"delivered,ordered" doc:"What invoices of the customer's orders bill by default: delivered quantities (the default) or everything ordered."`
	PriceList         string        `json:"price_list,omitempty" maxLength:"40"`
	Tags              []string      `json:"tags,omitempty"`
	Lifecycle         string        `json:"lifecycle,omitempty" enum:"lead,prospect,customer,inactive,churned" doc:"Defaults to customer for customers, else prospect."`
	OwnerID           string        `json:"owner_id,omitempty" maxLength:"64" doc:"Defaults to the creating user."`
	Addresses         []Address     `json:"addresses,omitempty"`
	Contacts          []Contact     `json:"contacts,omitempty"`
	// AllowDuplicate confirms that the party is new although it looks like
	// an existing one.
	AllowDuplicate bool `json:"allow_duplicate,omitempty" doc:"Keep both although the party looks like an existing one (likely_duplicate)."`
}

var (
	codeFormat = regexp.MustCompile(`^[A-Z0-9][A-Z0-9._-]{0,39}$`)
	country    = regexp.MustCompile(`^[A-Z]{2}$`)
	phoneChars = regexp.MustCompile(`^\+?[0-9 ()./-]{4,30}$`)
	tagFormat  = regexp.MustCompile(`^[\p{L}\p{N} _-]{1,40}$`)
)

func validEmail(s string) bool {
	a, err := mail.ParseAddress(s)
	return err == nil && a.Address == s
}

// normalize trims the input and fills defaults.
func (in *Input) normalize() {
	in.Code = strings.ToUpper(strings.TrimSpace(in.Code))
	in.LegalName = strings.TrimSpace(in.LegalName)
	in.LocalName = strings.TrimSpace(in.LocalName)
	in.TaxID = strings.ToUpper(strings.ReplaceAll(strings.TrimSpace(in.TaxID), " ", ""))
	in.Email = strings.TrimSpace(in.Email)
	in.Currency = strings.ToUpper(strings.TrimSpace(in.Currency))
	if in.Kind == "" {
		in.Kind = KindOrganization
	}
	slices.Sort(in.Roles)
	in.Roles = slices.Compact(in.Roles)
	if in.Lifecycle == "" {
		in.Lifecycle = "prospect"
		if slices.Contains(in.Roles, RoleCustomer) {
			in.Lifecycle = "customer"
		}
	}
	for i := range in.Tags {
		in.Tags[i] = strings.TrimSpace(in.Tags[i])
	}
	slices.Sort(in.Tags)
	in.Tags = slices.Compact(in.Tags)
	if in.Tags == nil {
		in.Tags = []string{}
	}
	for i := range in.Addresses {
		a := &in.Addresses[i]
		a.Country = strings.ToUpper(strings.TrimSpace(a.Country))
		if a.Type == "" {
			a.Type = "billing"
		}
	}
}

// validate reports every problem of a normalised input at once.
func (in *Input) validate() error {
	var v apperr.Validator
	v.Check(in.Code == "" || codeFormat.MatchString(in.Code), "code", "invalid", "1 to 40 upper-case letters, digits, '.', '_' or '-'")
	v.Check(in.Kind == KindOrganization || in.Kind == KindPerson, "kind", "invalid", "organization or person")
	v.Check(len(in.Roles) > 0, "roles", "required", "customer, supplier or both")
	for i, r := range in.Roles {
		v.Check(r == RoleCustomer || r == RoleSupplier, "roles["+strconv.Itoa(i)+"]", "invalid", "customer or supplier")
	}
	v.Check(in.LegalName != "", "legal_name", "required", "the registered name")
	v.Check(in.Email == "" || validEmail(in.Email), "email", "invalid", "an e-mail address such as orders@example.com")
	v.Check(in.Phone == "" || phoneChars.MatchString(in.Phone), "phone", "invalid", "digits with an optional leading + and separators")
	if in.Currency != "" {
		_, err := money.ParseCurrency(in.Currency)
		v.Check(err == nil, "currency", "invalid", "an ISO 4217 code such as EUR or CNY")
	}
	if in.CreditLimit != nil {
		v.Check(!in.CreditLimit.IsNegative(), "credit_limit", "negative", "must not be negative")
	}
	v.Check(slices.Contains(Lifecycles, in.Lifecycle), "lifecycle", "invalid", "one of "+strings.Join(Lifecycles, ", "))
	v.Check(in.OwnerID == "" || id.Valid("usr", in.OwnerID), "owner_id", "invalid", "a user ID")
	for i, t := range in.Tags {
		v.Check(tagFormat.MatchString(t), "tags["+strconv.Itoa(i)+"]", "invalid", "1 to 40 letters, digits, spaces, '_' or '-'")
	}
	defaults := map[string]int{}
	for i, a := range in.Addresses {
		f := "addresses[" + strconv.Itoa(i) + "]."
		v.Check(a.Type == "billing" || a.Type == "shipping" || a.Type == "other", f+"type", "invalid", "billing, shipping or other")
		v.Check(strings.TrimSpace(a.Line1) != "", f+"line1", "required", "street and number")
		v.Check(strings.TrimSpace(a.City) != "", f+"city", "required", "the city")
		v.Check(country.MatchString(a.Country), f+"country", "invalid", "an ISO 3166-1 alpha-2 code such as DE")
		if a.Default {
			defaults[a.Type]++
			v.Check(defaults[a.Type] == 1, f+"default", "duplicate", "only one default address per type")
		}
	}
	for i, c := range in.Contacts {
		f := "contacts[" + strconv.Itoa(i) + "]."
		v.Check(strings.TrimSpace(c.Name) != "", f+"name", "required", "the contact's name")
		v.Check(c.Email == "" || validEmail(c.Email), f+"email", "invalid", "an e-mail address")
		v.Check(c.Phone == "" || phoneChars.MatchString(c.Phone), f+"phone", "invalid", "digits with an optional leading + and separators")
	}
	return v.Err()
}

// apply copies a validated input onto p. Addresses and contacts keep their
// IDs only when p already had them; all others get new IDs, so a client can
// never reach into another party's rows.
func (in *Input) apply(p *Party) {
	known := map[string]bool{}
	for _, a := range p.Addresses {
		known[a.ID] = true
	}
	for _, c := range p.Contacts {
		known[c.ID] = true
	}
	p.Kind, p.Roles, p.LegalName, p.LocalName, p.TaxID = in.Kind, in.Roles, in.LegalName, in.LocalName, in.TaxID
	p.Email, p.Phone, p.Website, p.Currency, p.PaymentTerms = in.Email, in.Phone, in.Website, in.Currency, in.PaymentTerms
	p.CreditLimit, p.PriceList, p.Tags, p.Lifecycle = in.CreditLimit, in.PriceList, in.Tags, in.Lifecycle
	p.AcceptsBackorders, p.InvoiceBasis = in.AcceptsBackorders, in.InvoiceBasis
	if p.InvoiceBasis == "" {
		p.InvoiceBasis = InvoiceDelivered
	}
	p.Addresses, p.Contacts = slices.Clone(in.Addresses), slices.Clone(in.Contacts)
	for i := range p.Addresses {
		if !known[p.Addresses[i].ID] {
			p.Addresses[i].ID = id.New("adr")
		}
	}
	for i := range p.Contacts {
		if !known[p.Contacts[i].ID] {
			p.Contacts[i].ID = id.New("con")
		}
	}
	if p.Addresses == nil {
		p.Addresses = []Address{}
	}
	if p.Contacts == nil {
		p.Contacts = []Contact{}
	}
}

// codePatterns give new parties their code by main role; "{seq:N}" is the
// next number of the series, zero-padded to N digits.
var codePatterns = map[string]string{
	RoleCustomer: "CUST-{seq:5}",
	RoleSupplier: "SUPP-{seq:5}",
}

var seqPlaceholder = regexp.MustCompile(`\{seq:(\d)\}`)

// formatCode renders a code pattern with number n.
func formatCode(pattern string, n int64) string {
	return seqPlaceholder.ReplaceAllStringFunc(pattern, func(m string) string {
		width, _ := strconv.Atoi(m[5:6])
		s := strconv.FormatInt(n, 10)
		if len(s) < width {
			s = strings.Repeat("0", width-len(s)) + s
		}
		return s
	})
}
