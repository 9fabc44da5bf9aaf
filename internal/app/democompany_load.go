package app

import (
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"slices"
	"strings"
	"time"

	"github.com/concord-erp/concord/internal/approval"
	"github.com/concord-erp/concord/internal/identity"
	"github.com/concord-erp/concord/internal/inventory"
	"github.com/concord-erp/concord/internal/ledger"
	"github.com/concord-erp/concord/internal/party"
	"github.com/concord-erp/concord/internal/platform/apperr"
	"github.com/concord-erp/concord/internal/platform/authz"
	"github.com/concord-erp/concord/internal/platform/calendar"
	"github.com/concord-erp/concord/internal/platform/money"
	"github.com/concord-erp/concord/internal/product"
	"github.com/concord-erp/concord/internal/sales"
)

// demoRates are the demo company's exchange rates from USD, in 1/10000:
// round figures, not market data.
var demoRates = map[money.Currency]int64{"USD": 10000, "EUR": 9200, "CNY": 72000}

// convert turns USD cents into the minor units of cur at the demo rate,
// rounded to a multiple of 5 as a price list shows.
func convert(cents int64, cur money.Currency) int64 {
	return (cents*demoRates[cur] + 25000) / 50000 * 5
}

// percentOf takes pct percent of a price, rounded to a multiple of 5
// minor units like the list prices.
func percentOf(minor, pct int64) int64 { return (minor*pct + 250) / 500 * 5 }

// demoLoad is one run of the demo company loader. Every step creates only
// what is missing, so a load that stopped half-way completes on the next
// run and a complete one adds nothing.
type demoLoad struct {
	ctx     context.Context
	svc     *services
	company demoCompany
	users   map[string]demoUser // by role
	parties map[string]string   // code → party ID
	// products and warehouses map codes to IDs, and warehouses to their
	// storage location.
	products   map[string]string
	warehouses map[string]inventory.Warehouse
	// fresh holds the warehouses this run created, which hold no stock.
	fresh   map[string]bool
	created map[string]int
}

// loadDemoCompany loads the demo company into an empty database, or
// completes one loaded before, through the modules' services as the system
// principal "demo". A database holding other data is left alone. It prints
// what was added and the demo users' credentials, which it also keeps in
// demo-credentials.txt next to a SQLite database.
func loadDemoCompany(ctx context.Context, svc *services, dbURL string, out io.Writer) error {
	ctx = authz.WithPrincipal(ctx, authz.System("demo"))
	some, err := svc.party.FindParties(ctx, party.Filter{Limit: 1})
	if err != nil {
		return err
	}
	if len(some) > 0 {
		if _, err := svc.party.FindParty(ctx, demoMarker); apperr.CodeOf(err) == apperr.CodeNotFound {
			fmt.Fprintln(out, "The database already holds other data, so the demo company was not loaded.")
			return nil
		} else if err != nil {
			return err
		}
	}
	l := &demoLoad{ctx: ctx, svc: svc, company: newDemoCompany(), users: map[string]demoUser{}, parties: map[string]string{},
		products: map[string]string{}, warehouses: map[string]inventory.Warehouse{}, fresh: map[string]bool{}, created: map[string]int{}}
	var roles []string
	for _, r := range identity.BuiltinRoles() {
		roles = append(roles, r.Name)
	}
	path := credentialsPath(dbURL)
	users, err := ensureDemoUsers(ctx, svc.identity, path, roles)
	if err != nil {
		return fmt.Errorf("demo users: %w", err)
	}
	for _, u := range users {
		l.users[u.Role] = u
	}
	steps := []struct {
		name string
		run  func() error
	}{
		{"reference data", l.reference}, {"parties", l.loadParties}, {"products", l.loadProducts},
		{"warehouses", l.loadWarehouses}, {"stock", l.loadStock}, {"price lists", l.priceLists},
		{"approval policies", l.approvalPolicies}, {"sales documents", l.documents}, {"customer service", l.service}, {"CRM", l.crm},
	}
	for _, s := range steps {
		if err := s.run(); err != nil {
			return fmt.Errorf("demo company, %s: %w", s.name, err)
		}
	}
	l.report(out)
	printCredentials(out, path, users)
	return nil
}

// report prints what this run added.
func (l *demoLoad) report(out io.Writer) {
	var parts []string
	for _, k := range []string{"customers", "suppliers", "categories", "products", "warehouses", "stock adjustments",
		"price lists", "taxes", "payment terms", "exchange rates", "approval policies", "past orders (shipped and invoiced)", "sales orders",
		"quotations", "shipments", "leads", "opportunities", "activities", "agents", "SLA calendars", "SLA policies", "articles", "tickets"} {
		if n := l.created[k]; n > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", n, k))
		}
	}
	if len(parts) == 0 {
		fmt.Fprintln(out, "The demo company is loaded already; nothing was added.")
		return
	}
	fmt.Fprintf(out, "Demo company loaded (Concord Demo Electric, a manufacturer-distributor of electrical components): %s.\n",
		strings.Join(parts, ", "))
}

// ensure runs create unless find says the record exists, and counts it.
func (l *demoLoad) ensure(kind string, find func() error, create func() error) error {
	err := find()
	if apperr.CodeOf(err) != apperr.CodeNotFound {
		return err
	}
	if err := create(); err != nil {
		return err
	}
	l.created[kind]++
	return nil
}

// reference makes the currencies USD, EUR and CNY usable and adds the
// exchange rates, taxes and payment terms the demo documents use.
func (l *demoLoad) reference() error {
	ctx, led := l.ctx, l.svc.ledger
	for cur := range demoRates {
		c, err := led.FindCurrency(ctx, string(cur))
		if err != nil {
			return err
		}
		if !c.Active {
			active := true
			if _, err := led.UpdateCurrency(ctx, string(c.Code), ledger.CurrencyUpdate{Active: &active}, c.Version); err != nil {
				return err
			}
		}
		if cur == "USD" {
			continue
		}
		_, err = led.CreateRate(ctx, ledger.RateInput{Base: "USD", Quote: string(cur), Rate: ledger.FactorOf(demoRates[cur] * 1_000_000).String(),
			ValidOn: "2024-01-01", Source: "demo"})
		if err == nil {
			l.created["exchange rates"]++
		} else if apperr.CodeOf(err) != ledger.ErrRateExists.Code {
			return err
		}
	}
	taxes := []ledger.TaxInput{
		{Code: "VAT20", Name: "VAT 20%", Rate: "20.00", AccountCode: "2100"},
		{Code: "CN-VAT13", Name: "China VAT 13% (增值税)", Rate: "13.00", AccountCode: "2100"},
		{Code: "ZERO", Name: "Zero-rated (export)", Rate: "0.00", AccountCode: "2100"},
	}
	for _, t := range taxes {
		err := l.ensure("taxes", func() error { _, err := led.FindTax(ctx, t.Code); return err },
			func() error { _, err := led.CreateTax(ctx, t); return err })
		if err != nil {
			return err
		}
	}
	term := ledger.PaymentTermInput{Code: "net30eom", Name: "Net 30, end of month", NetDays: 30, EndOfMonth: true}
	return l.ensure("payment terms", func() error { _, err := led.FindPaymentTerm(ctx, term.Code); return err },
		func() error { _, err := led.CreatePaymentTerm(ctx, term); return err })
}

// regionTag groups customers into the sales regions marketing segments by.
func regionTag(country string) string {
	switch country {
	case "US", "CA":
		return "americas"
	case "CN", "TW", "JP", "SG", "AU", "NZ":
		return "apac"
	default:
		return "emea"
	}
}

// loadParties creates the suppliers and customers. Customers in China
// belong to the sales manager, the others to the sales rep, so each sees
// a book of their own.
func (l *demoLoad) loadParties() error {
	for _, p := range l.company.Parties {
		cur, err := money.ParseCurrency(p.Currency)
		if err != nil {
			return err
		}
		in := party.Input{Code: p.Code, Roles: []string{party.RoleCustomer}, LegalName: p.LegalName, LocalName: p.LocalName,
			Email: p.Email, Phone: p.Phone, Website: p.Website, Currency: p.Currency, PaymentTerms: p.PaymentTerms,
			Tags: []string{regionTag(p.Country)}, OwnerID: l.users["sales_rep"].ID,
			Addresses: []party.Address{{Type: "billing", Line1: p.Line1, City: p.City, Region: p.Region, PostalCode: p.PostalCode,
				Country: p.Country, Default: true}},
			Contacts: []party.Contact{{Name: p.Contact, Title: p.ContactTitle, Email: p.ContactEmail}}}
		kind := "customers"
		switch {
		case p.Supplier:
			in.Roles, in.Tags, in.OwnerID, kind = []string{party.RoleSupplier}, nil, "", "suppliers"
		case p.Country == "CN":
			in.OwnerID = l.users["sales_manager"].ID
		}
		if p.Dealer {
			// Dealers restock from us and would rather wait than go without.
			in.Tags, in.AcceptsBackorders = append(in.Tags, "dealer"), true
		}
		if p.CreditLimit > 0 {
			limit := money.New(p.CreditLimit*100, cur)
			in.CreditLimit = &limit
		}
		err = l.ensure(kind, func() error {
			found, err := l.svc.party.FindParty(l.ctx, p.Code)
			l.parties[p.Code] = found.ID
			return err
		}, func() error {
			created, err := l.svc.party.CreateParty(l.ctx, in)
			l.parties[p.Code] = created.ID
			return err
		})
		if err != nil {
			return fmt.Errorf("%s: %w", p.Code, err)
		}
	}
	return nil
}

// loadProducts creates the category tree and the products with their
// suppliers, who are paid in their own currency.
func (l *demoLoad) loadProducts() error {
	ctx, prod := l.ctx, l.svc.product
	cats, err := prod.FindCategories(ctx)
	if err != nil {
		return err
	}
	byPath := map[string]string{}
	for _, c := range cats {
		byPath[c.Path] = c.ID
	}
	for _, path := range demoCategories {
		if byPath[path] != "" {
			continue
		}
		parent, name := "", path
		if i := strings.LastIndex(path, " / "); i >= 0 {
			parent, name = byPath[path[:i]], path[i+3:]
		}
		c, err := prod.CreateCategory(ctx, product.CategoryInput{Name: name, ParentID: parent})
		if err != nil {
			return err
		}
		byPath[path] = c.ID
		l.created["categories"]++
	}
	suppliers := map[string]money.Currency{}
	for _, p := range l.company.Parties {
		suppliers[p.Code] = money.Currency(p.Currency)
	}
	for i, p := range l.company.Products {
		in := product.Input{Code: p.Code, Barcode: p.Barcode, Name: p.Name, Names: map[string]string{"zh-CN": p.NameZH},
			CategoryID: byPath[p.Category], Unit: p.Unit, Type: p.Type, ListPrice: money.New(p.ListCents, "USD"),
			TaxCategory: "standard", LeadTimeDays: p.LeadTimeDays}
		cost := money.New(p.CostCents, "USD")
		in.StandardCost = &cost
		if p.StockMain > 0 {
			point, qty := money.QuantityFromInt(p.StockMain/5), money.QuantityFromInt(p.StockMain/2)
			if i%12 == 5 {
				// A few products start below their reorder point (a quarter
				// above all their opening stock), so the warehouse has
				// something to reorder.
				point, qty = money.QuantityFromInt(p.StockMain+p.StockSH+p.StockMain/4), money.QuantityFromInt(p.StockMain)
			}
			in.ReorderPoint, in.ReorderQuantity = &point, &qty
		}
		for i, code := range p.Suppliers {
			cur := suppliers[code]
			in.Suppliers = append(in.Suppliers, product.Supplier{PartyID: l.parties[code], Preferred: i == 0,
				Price: money.New(convert(p.CostCents, cur), cur), LeadTimeDays: p.LeadTimeDays})
		}
		err := l.ensure("products", func() error {
			found, err := prod.FindProduct(ctx, p.Code)
			l.products[p.Code] = found.ID
			return err
		}, func() error {
			created, err := prod.CreateProduct(ctx, in)
			l.products[p.Code] = created.ID
			return err
		})
		if err != nil {
			return fmt.Errorf("%s: %w", p.Code, err)
		}
	}
	return nil
}

// demoWarehouses are the main warehouse in Ohio and the Shanghai one, each
// with receiving, two storage areas and shipping; opening stock goes to A.
var demoWarehouses = []inventory.WarehouseInput{
	{Code: "MAIN", Name: "Main warehouse", Address: "2400 Logistics Parkway, Columbus, OH 43217", Country: "US"},
	{Code: "SHA", Name: "Shanghai warehouse (上海仓)", Address: "上海市浦东新区外高桥保税区富特北路211号", Country: "CN"},
}

func (l *demoLoad) loadWarehouses() error {
	for _, w := range demoWarehouses {
		w.Locations = []inventory.Location{{Code: "RECV", Name: "Receiving", Type: "receiving"},
			{Code: "A", Name: "Storage A (bulk)", Type: "storage"}, {Code: "B", Name: "Storage B (small parts)", Type: "storage"},
			{Code: "SHIP", Name: "Shipping", Type: "shipping"}}
		err := l.ensure("warehouses", func() error {
			found, err := l.svc.inventory.FindWarehouse(l.ctx, w.Code)
			l.warehouses[w.Code] = found
			return err
		}, func() error {
			created, err := l.svc.inventory.CreateWarehouse(l.ctx, w)
			l.warehouses[w.Code], l.fresh[w.Code] = created, true
			return err
		})
		if err != nil {
			return err
		}
	}
	return nil
}

// storage is the location opening stock goes to.
func storage(w inventory.Warehouse) string {
	for _, loc := range w.Locations {
		if loc.Code == "A" {
			return loc.ID
		}
	}
	return ""
}

// loadStock books the opening stock as adjustments, once per product and
// warehouse: a product with stock there is left alone. A warehouse made by
// this run is known to be empty, which saves a read per product.
func (l *demoLoad) loadStock() error {
	for _, p := range l.company.Products {
		for code, qty := range map[string]int64{"MAIN": p.StockMain, "SHA": p.StockSH} {
			if qty == 0 {
				continue
			}
			w := l.warehouses[code]
			if !l.fresh[code] {
				have, err := l.svc.inventory.Availability(l.ctx, l.products[p.Code], w.ID)
				if err != nil {
					return err
				}
				if have.OnHand.Sign() > 0 {
					continue
				}
			}
			if _, err := l.svc.inventory.Adjust(l.ctx, inventory.AdjustmentInput{ProductID: l.products[p.Code], LocationID: storage(w),
				Quantity: money.QuantityFromInt(qty), Reason: "opening stock"}); err != nil {
				return fmt.Errorf("%s in %s: %w", p.Code, code, err)
			}
			l.created["stock adjustments"]++
		}
	}
	return nil
}

// priceLists creates the base lists in EUR and CNY (USD prices are the
// products' list prices) and, per currency, the dealer list for customers
// tagged dealer: 15% off, 20% off from 100 units of the parts sold in
// bulk.
func (l *demoLoad) priceLists() error {
	for _, cur := range []money.Currency{"USD", "EUR", "CNY"} {
		var base, dealer []product.PriceItem
		for _, p := range l.company.Products {
			price := convert(p.ListCents, cur)
			id := l.products[p.Code]
			base = append(base, product.PriceItem{ProductID: id, UnitPrice: money.New(price, cur)})
			dealer = append(dealer, product.PriceItem{ProductID: id, UnitPrice: money.New(percentOf(price, 85), cur)})
			if p.StockMain >= 1000 && p.Unit == "pcs" {
				dealer = append(dealer, product.PriceItem{ProductID: id, MinQuantity: money.QuantityFromInt(100),
					UnitPrice: money.New(percentOf(price, 80), cur)})
			}
		}
		lists := []product.PriceListInput{{Code: "DEALER-" + string(cur), Name: "Dealer prices " + string(cur), Currency: string(cur),
			Segment: "dealer", Items: dealer}}
		if cur != "USD" {
			lists = append(lists, product.PriceListInput{Code: "BASE-" + string(cur), Name: "Base prices " + string(cur),
				Currency: string(cur), Items: base})
		}
		for _, in := range lists {
			err := l.ensure("price lists", func() error { _, err := l.svc.product.FindPriceList(l.ctx, in.Code); return err },
				func() error { _, err := l.svc.product.CreatePriceList(l.ctx, in); return err })
			if err != nil {
				return fmt.Errorf("%s: %w", in.Code, err)
			}
		}
	}
	return nil
}

// taxOf is the tax of a customer's lines by its currency: EU VAT, Chinese
// VAT, or zero-rated export.
var taxOf = map[string]string{"EUR": "VAT20", "CNY": "CN-VAT13", "USD": "ZERO"}

// documents enters the open sales documents, once (when the database has
// no sales order yet), as the sales users themselves, so each finds their
// own: the rep's orders ship from MAIN, the manager's Chinese ones from
// SHA. Most orders are confirmed, which reserves their stock; some stay
// drafts and one is cancelled; two wait for approval, and the warehouse
// has shipped one and is picking another. Two years of history come first.
func (l *demoLoad) documents() error {
	existing, err := l.svc.sales.FindOrders(l.ctx, sales.Filter{Limit: 1})
	if err != nil || len(existing) > 0 {
		return err
	}
	r := rand.New(rand.NewPCG(demoSeed, 2))
	today := calendar.DateOf(time.Now().UTC())
	if err := l.history(r, today); err != nil {
		return err
	}
	for _, seller := range []struct {
		role, warehouse string
		orders, quotes  int
	}{{"sales_rep", "MAIN", 9, 3}, {"sales_manager", "SHA", 6, 2}} {
		p, err := l.svc.identity.PrincipalOf(l.ctx, l.users[seller.role].ID)
		if err != nil {
			return err
		}
		ctx := authz.WithPrincipal(l.ctx, p)
		var customers []demoParty
		for _, c := range l.company.Parties {
			if !c.Supplier && (c.Country == "CN") == (seller.warehouse == "SHA") {
				customers = append(customers, c)
			}
		}
		for i := range seller.orders + seller.quotes {
			c := customers[r.IntN(len(customers))]
			lines := l.lines(r, c, seller.warehouse)
			if i >= seller.orders {
				if err := l.quotation(ctx, i-seller.orders, c, lines); err != nil {
					return err
				}
				continue
			}
			due := today.AddDays(7 + r.IntN(28))
			o, err := l.svc.sales.CreateOrder(ctx, sales.OrderInput{CustomerID: l.parties[c.Code],
				WarehouseID: l.warehouses[seller.warehouse].ID, RequestedDate: &due, Lines: lines})
			if err != nil {
				return fmt.Errorf("order for %s: %w", c.Code, err)
			}
			l.created["sales orders"]++
			if i%3 == 2 {
				continue // a draft
			}
			if o, err = l.svc.sales.Confirm(ctx, o.ID, o.Version); err != nil {
				return fmt.Errorf("confirm %s: %w", o.Number, err)
			}
			if i == seller.orders-2 {
				if _, err := l.svc.sales.Cancel(ctx, o.ID, o.Version); err != nil {
					return err
				}
			}
		}
	}
	if err := l.waitingOrders(r); err != nil {
		return err
	}
	return l.shipments()
}

// waitingOrders enters two of the rep's orders that wait for approval: a
// large one in the finance inbox and a 20% discount for the sales manager.
func (l *demoLoad) waitingOrders(r *rand.Rand) error {
	p, err := l.svc.identity.PrincipalOf(l.ctx, l.users["sales_rep"].ID)
	if err != nil {
		return err
	}
	ctx := authz.WithPrincipal(l.ctx, p)
	var c demoParty
	for _, x := range l.company.Parties {
		if !x.Supplier && x.Country != "CN" && x.Currency != "CNY" {
			c = x
			break
		}
	}
	cur, err := money.ParseCurrency(c.Currency)
	if err != nil {
		return err
	}
	large := l.lines(r, c, "MAIN")[:1]
	price := money.New(convert(60_000_00, cur), cur)
	large[0].Quantity, large[0].UnitPrice = money.QuantityFromInt(1), &price
	discounted := l.lines(r, c, "MAIN")[:1]
	twenty := ledger.PercentFromPPM(200_000)
	discounted[0].DiscountPercent = &twenty
	for _, lines := range [][]sales.LineInput{large, discounted} {
		o, err := l.svc.sales.CreateOrder(ctx, sales.OrderInput{CustomerID: l.parties[c.Code], WarehouseID: l.warehouses["MAIN"].ID, Lines: lines})
		if err != nil {
			return err
		}
		l.created["sales orders"]++
		if _, err := l.svc.sales.Confirm(ctx, o.ID, o.Version); err != nil {
			return fmt.Errorf("confirm %s: %w", o.Number, err)
		}
	}
	return nil
}

// shipments has the warehouse ship the oldest confirmed order and start
// picking the next one.
func (l *demoLoad) shipments() error {
	p, err := l.svc.identity.PrincipalOf(l.ctx, l.users["warehouse"].ID)
	if err != nil {
		return err
	}
	ctx := authz.WithPrincipal(l.ctx, p)
	confirmed, err := l.svc.sales.FindOrders(ctx, sales.Filter{Status: sales.Confirmed, Limit: 100})
	if err != nil {
		return err
	}
	for i := len(confirmed) - 1; i >= max(len(confirmed)-2, 0); i-- {
		sh, err := l.svc.sales.CreateShipment(ctx, sales.ShipmentInput{OrderID: confirmed[i].ID})
		if err != nil {
			return fmt.Errorf("ship %s: %w", confirmed[i].Number, err)
		}
		l.created["shipments"]++
		if i == len(confirmed)-1 {
			if _, err := l.svc.sales.Ship(ctx, sh.ID, sales.ShipInput{Carrier: "DHL Express", TrackingNumber: "JD014600006281230815"}, sh.Version); err != nil {
				return err
			}
		}
	}
	return nil
}

// historyPerMonth is how many past orders each of the last 24 months has.
const historyPerMonth = 10

// history enters two years of past sales for the analyses: orders in each
// of the 24 months before this one, each customer's seller and warehouse as
// for the open orders, shipped two to five days after ordering, invoiced on
// the ship date and paid 30 days later (the recent ones of a few customers
// not yet), at today's prices (RecordHistory, which moves no stock).
func (l *demoLoad) history(r *rand.Rand, today calendar.Date) error {
	var customers []demoParty
	for _, c := range l.company.Parties {
		if !c.Supplier {
			customers = append(customers, c)
		}
	}
	first := calendar.NewDate(today.Year(), today.Month()-24, 1)
	for m := range 24 {
		month := calendar.NewDate(first.Year(), first.Month()+time.Month(m), 1)
		for k := range historyPerMonth {
			c := customers[r.IntN(len(customers))]
			seller, warehouse := "sales_rep", "MAIN"
			if c.Country == "CN" {
				seller, warehouse = "sales_manager", "SHA"
			}
			ordered := month.AddDays(r.IntN(28))
			shipped := ordered.AddDays(2 + r.IntN(4))
			o, _, err := l.svc.sales.RecordHistory(l.ctx, sales.HistoricalOrder{Reference: fmt.Sprintf("HIST-%s-%02d", month.String()[:7], k),
				CustomerID: l.parties[c.Code], OwnerID: l.users[seller].ID, WarehouseID: l.warehouses[warehouse].ID, OrderDate: ordered,
				ShippedOn: shipped, Carrier: "DHL Express", Lines: l.lines(r, c, warehouse)})
			if err != nil {
				return fmt.Errorf("past order for %s: %w", c.Code, err)
			}
			// Invoices are paid 30 days after they are issued, but not
			// yet when that day is still to come, and every fourth
			// customer of the last four months pays late: receivables
			// and their ageing have something to show.
			pay := !shipped.AddDays(historyPaymentDays).After(today) && (k%4 != 0 || m < 20)
			if err := invoiceHistory(l.ctx, l.svc.billing, o, shipped, pay); err != nil {
				return fmt.Errorf("invoicing past order %s: %w", o.Number, err)
			}
			l.created["past orders (shipped and invoiced)"]++
		}
	}
	return nil
}

// demoPolicies are the company's approval rules besides the credit limit
// every database starts with: large orders (from 50,000 USD, converted at
// the day's rate) go to finance, discounts above 15% to the sales manager.
var demoPolicies = []approval.PolicyInput{
	{Name: "Large order", DocumentType: sales.DocumentType, ReasonCode: "large_order", Expression: "true", ApproverRole: "finance",
		Priority: 20},
	{Name: "High discount", DocumentType: sales.DocumentType, ReasonCode: "high_discount",
		Expression: "order.lines.exists(l, l.discount_percent > 15.0)", ApproverRole: "sales_manager", Priority: 30},
}

// approvalPolicies creates the demo policies.
func (l *demoLoad) approvalPolicies() error {
	for _, in := range demoPolicies {
		if in.Name == "Large order" {
			usd, _ := money.ParseCurrency("USD")
			band := money.New(50_000_00, usd)
			in.MinAmount = &band
		}
		err := l.ensure("approval policies", func() error {
			_, err := l.svc.approval.FindPolicy(l.ctx, in.Name)
			return err
		}, func() error {
			_, err := l.svc.approval.CreatePolicy(l.ctx, in)
			return err
		})
		if err != nil {
			return fmt.Errorf("%s: %w", in.Name, err)
		}
	}
	return nil
}

// lines picks one to four products kept in the warehouse, in quantities
// far below its stock, and sometimes installation hours.
func (l *demoLoad) lines(r *rand.Rand, c demoParty, warehouse string) []sales.LineInput {
	var picked []string
	var lines []sales.LineInput
	for n := 1 + r.IntN(4); len(lines) < n; {
		p := l.company.Products[r.IntN(len(l.company.Products))]
		stock := p.StockMain
		if warehouse == "SHA" {
			stock = p.StockSH
		}
		if stock < 20 || slices.Contains(picked, p.Code) {
			continue
		}
		picked = append(picked, p.Code)
		lines = append(lines, sales.LineInput{ProductID: l.products[p.Code], Quantity: money.QuantityFromInt(1 + r.Int64N(stock/20)),
			TaxCode: taxOf[c.Currency]})
	}
	if r.IntN(4) == 0 {
		lines = append(lines, sales.LineInput{ProductID: l.products["SV-INST-01"], Quantity: money.QuantityFromInt(4 + r.Int64N(12)),
			TaxCode: taxOf[c.Currency]})
	}
	return lines
}

// quotation creates the n-th quotation of a seller: the first is sent,
// the second accepted (it becomes a draft order), the others stay drafts.
func (l *demoLoad) quotation(ctx context.Context, n int, c demoParty, lines []sales.LineInput) error {
	q, err := l.svc.sales.CreateQuotation(ctx, sales.QuotationInput{CustomerID: l.parties[c.Code], Lines: lines})
	if err != nil {
		return fmt.Errorf("quotation for %s: %w", c.Code, err)
	}
	l.created["quotations"]++
	switch n {
	case 0:
		_, err = l.svc.sales.SendQuotation(ctx, q.ID, q.Version)
	case 1:
		if q, err = l.svc.sales.SendQuotation(ctx, q.ID, q.Version); err == nil {
			_, _, err = l.svc.sales.ConvertQuotation(ctx, q.ID, q.Version)
			l.created["sales orders"]++
		}
	}
	return err
}
