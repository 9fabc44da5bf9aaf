package party

import (
	"context"
	"slices"

	"github.com/concord-erp/concord/internal/platform/quality"
)

// PermQuality allows reading data-quality reports.
const PermQuality = "party.quality.read"

func isCustomer(p Party) bool { return slices.Contains(p.Roles, RoleCustomer) }

func hasBilling(p Party) bool {
	return slices.ContainsFunc(p.Addresses, func(a Address) bool { return a.Type == "billing" })
}

// looksChinese reports whether the tax ID should be a Unified Social Credit
// Code: the party is in China or the ID has the code's length.
func looksChinese(p Party) bool {
	if len(p.TaxID) == 18 {
		return true
	}
	return slices.ContainsFunc(p.Addresses, func(a Address) bool { return a.Country == "CN" }) && p.TaxID != ""
}

// rules are the data-quality rules for parties. Formats that the API
// enforces on every write (e-mail, phone) are checked again because data
// may arrive by import or predate a rule.
var rules = []quality.Rule[Party]{
	{Field: "legal_name", Code: "required", Message: "the registered name is missing", Weight: 3,
		Applies: quality.Always[Party], OK: func(p Party) bool { return p.LegalName != "" }},
	{Field: "contact", Code: "no_contact_channel", Message: "no e-mail, phone or contact person to reach", Weight: 2,
		Applies: quality.Always[Party], OK: func(p Party) bool { return p.Email != "" || p.Phone != "" || len(p.Contacts) > 0 }},
	{Field: "addresses", Code: "no_billing_address", Message: "customers need a billing address", Weight: 2,
		Applies: isCustomer, OK: hasBilling},
	{Field: "currency", Code: "required", Message: "no default currency", Weight: 1,
		Applies: quality.Always[Party], OK: func(p Party) bool { return p.Currency != "" }},
	{Field: "tax_id", Code: "required", Message: "no tax ID", Weight: 1,
		Applies: func(p Party) bool { return p.Kind == KindOrganization }, OK: func(p Party) bool { return p.TaxID != "" }},
	{Field: "email", Code: "invalid_email", Message: "the e-mail address is malformed", Weight: 1,
		Applies: func(p Party) bool { return p.Email != "" }, OK: func(p Party) bool { return quality.ValidEmail(p.Email) }},
	{Field: "phone", Code: "invalid_phone", Message: "the phone number is malformed", Weight: 1,
		Applies: func(p Party) bool { return p.Phone != "" }, OK: func(p Party) bool { return quality.ValidPhone(p.Phone) }},
	{Field: "addresses.country", Code: "invalid_country", Message: "an address has no valid ISO country code", Weight: 1,
		Applies: func(p Party) bool { return len(p.Addresses) > 0 },
		OK: func(p Party) bool {
			return !slices.ContainsFunc(p.Addresses, func(a Address) bool { return !quality.ValidCountry(a.Country) })
		}},
	{Field: "tax_id", Code: "invalid_uscc", Message: "not a valid Unified Social Credit Code (check character)", Weight: 2,
		Applies: looksChinese, OK: func(p Party) bool { return quality.ValidUSCC(p.TaxID) }},
	{Field: "tax_id", Code: "invalid_eu_vat", Message: "not a valid EU VAT number format", Weight: 2,
		Applies: func(p Party) bool { return quality.LooksLikeEUVAT(p.TaxID) }, OK: func(p Party) bool { return quality.ValidEUVAT(p.TaxID) }},
}

// Score scores one party against the quality rules.
func Score(p Party) (int, []quality.Issue) { return quality.Score(rules, p) }

// Quality scores every party (not only the principal's: it is a data
// steward's report) and keeps the worst ones. It streams through the table
// a page at a time.
func (s *Service) Quality(ctx context.Context, worst int) (*quality.Report, error) {
	if _, err := principal(ctx); err != nil {
		return nil, err
	}
	rep := quality.NewReport("party", worst)
	for after := ""; ; {
		page, err := findParties(ctx, s.db, Filter{After: after, Limit: 500})
		if err != nil {
			return nil, err
		}
		for _, p := range page {
			score, issues := Score(p)
			rep.Add(quality.Record{ID: p.ID, Code: p.Code, Name: p.LegalName, Score: score, Issues: issues})
			dups, _, err := findDuplicates(ctx, s.db, &p, "")
			if err != nil {
				return nil, err
			}
			if len(dups) > 0 && dups[0].Likely {
				rep.Duplicates++
			}
		}
		if len(page) < 500 {
			return rep, nil
		}
		after = page[len(page)-1].ID
	}
}
