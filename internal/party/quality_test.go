package party

import (
	"testing"

	"github.com/stretchr/testify/require"
)

func codes(p Party) []string {
	_, issues := Score(p)
	var out []string
	for _, is := range issues {
		out = append(out, is.Field+":"+is.Code)
	}
	return out
}

func TestQualityRules(t *testing.T) {
	good := Party{Kind: KindOrganization, Roles: []string{RoleCustomer}, LegalName: "厦门航空有限公司", Currency: "CNY",
		TaxID: "91350100M000100Y43", Email: "ap@example.cn", Addresses: []Address{{Type: "billing", Country: "CN"}}}
	score, issues := Score(good)
	require.Equal(t, 100, score)
	require.Empty(t, issues)

	bad := good
	bad.TaxID = "91350100M000100Y44"
	require.Equal(t, []string{"tax_id:invalid_uscc"}, codes(bad), "a wrong check character is caught")

	eu := Party{Kind: KindOrganization, Roles: []string{RoleSupplier}, LegalName: "Plutzer Lebensmittelgroßmärkte AG", Currency: "EUR",
		TaxID: "DE12345678", Phone: "+49 69 555 0", Addresses: []Address{{Type: "billing", Country: "DE"}}}
	require.Equal(t, []string{"tax_id:invalid_eu_vat"}, codes(eu))
	eu.TaxID = "DE123456789"
	require.Empty(t, codes(eu))

	bare := Party{Kind: KindOrganization, Roles: []string{RoleCustomer}, LegalName: "Bare Ltd", Addresses: []Address{{Type: "shipping", Country: "XX"}}}
	require.ElementsMatch(t, []string{"contact:no_contact_channel", "addresses:no_billing_address", "currency:required",
		"tax_id:required", "addresses.country:invalid_country"}, codes(bare))
	score, _ = Score(bare)
	require.Less(t, score, 50)
}
