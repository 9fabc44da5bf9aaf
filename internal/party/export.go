package party

import (
	"context"
	"strings"

	"github.com/concord-erp/concord/internal/platform/tabular"
)

// ExportColumns are the columns of an export, named like the import fields
// so that an exported file imports back unchanged.
var ExportColumns = []string{"code", "legal_name", "local_name", "kind", "roles", "tax_id", "email", "phone", "website",
	"currency", "payment_terms", "credit_limit", "lifecycle", "tags", "address", "address2", "city", "region",
	"postal_code", "country", "contact_name", "contact_title", "contact_email", "contact_phone"}

// Export writes the parties the principal may see that match f to w, a page
// at a time, and returns how many it wrote. The first billing address and
// the first contact are exported.
func (s *Service) Export(ctx context.Context, f Filter, w tabular.Writer) (int, error) {
	n := 0
	for {
		f.Limit = 500
		page, err := s.FindParties(ctx, f)
		if err != nil {
			return n, err
		}
		for _, p := range page {
			if err := w.Write(exportRow(p)); err != nil {
				return n, err
			}
			n++
		}
		if len(page) < f.Limit {
			return n, nil
		}
		f.After = page[len(page)-1].ID
	}
}

func exportRow(p Party) []string {
	limit := ""
	if p.CreditLimit != nil {
		limit = p.CreditLimit.String()
	}
	var a Address
	for _, x := range p.Addresses {
		if x.Type == "billing" {
			a = x
			break
		}
	}
	var c Contact
	if len(p.Contacts) > 0 {
		c = p.Contacts[0]
	}
	return []string{p.Code, p.LegalName, p.LocalName, p.Kind, strings.Join(p.Roles, ","), p.TaxID, p.Email, p.Phone, p.Website,
		p.Currency, p.PaymentTerms, limit, p.Lifecycle, strings.Join(p.Tags, ","), a.Line1, a.Line2, a.City, a.Region,
		a.PostalCode, a.Country, c.Name, c.Title, c.Email, c.Phone}
}
