package app_test

import (
	"encoding/json"
	"errors"
	"io"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/concord-erp/concord/internal/platform/page"
	"github.com/concord-erp/concord/internal/platform/tabular"
)

// walkList reads a list page by page (limit 2, following next_cursor) with
// the query q and returns each row's value of field (a dotted JSON path),
// failing if a row comes twice.
func walkList(t *testing.T, e *env, token, path, q, field string) []string {
	t.Helper()
	var got []string
	seen := map[string]bool{}
	after := ""
	for range 100 {
		var pg struct {
			Data       []map[string]any `json:"data"`
			NextCursor *string          `json:"next_cursor"`
		}
		r := e.do(token, "GET", path+"?limit=2&"+q+"&after="+url.QueryEscape(after), nil)
		require.Equal(t, 200, r.Status, "%s", r.Body)
		r.JSON(t, &pg)
		for _, row := range pg.Data {
			id, _ := row["id"].(string)
			require.False(t, seen[id], "row %s came twice", id)
			seen[id] = true
			got = append(got, jsonField(row, field))
		}
		if pg.NextCursor == nil {
			return got
		}
		after = *pg.NextCursor
	}
	t.Fatal("the list never ended")
	return nil
}

// jsonField reads a dotted path ("total.amount") out of a decoded row.
func jsonField(row map[string]any, field string) string {
	var v any = row
	for _, k := range strings.Split(field, ".") {
		m, _ := v.(map[string]any)
		v = m[k]
	}
	switch x := v.(type) {
	case string:
		return x
	case nil:
		return ""
	default:
		b, _ := json.Marshal(x)
		return string(b)
	}
}

// requireSorted checks that a list sorted by sort, ascending and then
// descending, pages through want (the hand-expected ascending values of
// field), and that an unknown sort is refused on its parameter.
func requireSorted(t *testing.T, e *env, token, path, filter, sort, field string, want []string) {
	t.Helper()
	q := "sort=" + sort
	if filter != "" {
		q = filter + "&" + q
	}
	require.Equal(t, want, walkList(t, e, token, path, q, field), "ascending by %s", sort)
	desc := make([]string, len(want))
	for i, v := range want {
		desc[len(want)-1-i] = v
	}
	q = strings.Replace(q, "sort="+sort, "sort=-"+sort, 1)
	require.Equal(t, desc, walkList(t, e, token, path, q, field), "descending by %s", sort)
	r := e.do(token, "GET", path+"?sort=no_such_column", nil)
	require.Equal(t, 422, r.Status, "%s", r.Body)
	require.Equal(t, "validation_failed", code(t, r))
	require.Contains(t, string(r.Body), `"field":"sort"`)
}

// exportList downloads a list as a file in format (csv or xlsx) and reads
// it back with the tabular reader: the header and the rows.
func exportList(t *testing.T, e *env, token, pathAndQuery, format string) ([]string, [][]string) {
	t.Helper()
	sep := "?"
	if strings.Contains(pathAndQuery, "?") {
		sep = "&"
	}
	r := e.do(token, "GET", pathAndQuery+sep+"format="+format, nil)
	require.Equal(t, 200, r.Status, "%s", r.Body)
	require.Contains(t, r.Header.Get("Content-Disposition"), "attachment")
	rd, err := tabular.OpenBytes(r.Body, tabular.Options{})
	require.NoError(t, err)
	defer rd.Close()
	var rows [][]string
	for {
		row, err := rd.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		require.NoError(t, err)
		rows = append(rows, append([]string(nil), row.Values...))
	}
	return rd.Header(), rows
}

// requireExport exports a list as CSV and as XLSX, checks both have the
// header and the same rows, and returns the rows.
func requireExport(t *testing.T, e *env, token, pathAndQuery string, header []string) [][]string {
	t.Helper()
	h, rows := exportList(t, e, token, pathAndQuery, "csv")
	require.Equal(t, header, h, "csv")
	h, xrows := exportList(t, e, token, pathAndQuery, "xlsx")
	require.Equal(t, header, h, "xlsx")
	require.Equal(t, rows, xrows, "the XLSX holds what the CSV holds")
	return rows
}

// column picks one column of exported rows.
func column(header []string, rows [][]string, name string) []string {
	i := -1
	for j, h := range header {
		if h == name {
			i = j
		}
	}
	var out []string
	for _, r := range rows {
		out = append(out, r[i])
	}
	return out
}

// TestProductListSortAndExport: products sort by price and name across
// pages, and the filtered list exports whole, in the sort order, with
// exact prices.
func TestProductListSortAndExport(t *testing.T) {
	forEngine(t, func(t *testing.T, e *env) {
		steward := e.token(e.user("sam@example.com", "data_steward"))
		for _, p := range []struct{ code, name, typ, price string }{
			{"P-3", "Crayon", "stockable", "7.00"}, {"P-1", "Eraser", "stockable", "0.80"},
			{"P-5", "Binder", "stockable", "1234.05"}, {"P-2", "Atlas", "consumable", "7.00"},
			{"P-4", "Drill", "stockable", "7.00"}, {"S-1", "Setup", "service", "99.00"},
		} {
			r := e.do(steward, "POST", "/api/v1/products", map[string]any{"code": p.code, "name": p.name, "type": p.typ,
				"list_price": map[string]any{"amount": p.price, "currency": "EUR"}})
			require.Equal(t, 201, r.Status, "%s", r.Body)
		}
		// Equal prices are ordered by id, that is by creation.
		requireSorted(t, e, steward, "/api/v1/products", "type=stockable", "list_price", "code", []string{"P-1", "P-3", "P-4", "P-5"})
		requireSorted(t, e, steward, "/api/v1/products", "", "name", "name",
			[]string{"Atlas", "Binder", "Crayon", "Drill", "Eraser", "Setup"})

		header := []string{"Code", "Name", "Type", "Unit", "List price", "Currency", "Standard cost", "Active", "Updated at"}
		rows := requireExport(t, e, steward, "/api/v1/products?type=stockable&sort=-list_price", header)
		require.Equal(t, []string{"P-5", "P-4", "P-3", "P-1"}, column(header, rows, "Code"))
		require.Equal(t, []string{"1234.05", "7.00", "7.00", "0.80"}, column(header, rows, "List price"))
		require.Equal(t, []string{"EUR", "EUR", "EUR", "EUR"}, column(header, rows, "Currency"))
		r := e.do(steward, "GET", "/api/v1/products?format=pdf", nil)
		require.Equal(t, 422, r.Status)
		require.Contains(t, string(r.Body), `"field":"format"`)
		// The list's permission guards its export.
		require.Equal(t, 401, e.do("", "GET", "/api/v1/products?format=csv", nil).Status)
	})
}

// TestInvoiceAndPaymentListsSortAndExport: invoices sort by total and
// number, payments by amount, across pages; both export whole with exact
// amounts and the customer's name.
func TestInvoiceAndPaymentListsSortAndExport(t *testing.T) {
	forEngine(t, func(t *testing.T, e *env) {
		f := newBillingFixture(t, e)
		var numbers []string
		for _, qty := range []string{"3", "1", "5", "2"} {
			_, o := f.confirm(t, f.orderWith(t, qty, "18.00", "0"))
			r := e.do(f.fin, "POST", "/api/v1/invoices", map[string]any{"order_id": o.ID, "basis": "ordered"})
			require.Equal(t, 201, r.Status, "%s", r.Body)
			var inv invoiceJSON
			r.JSON(t, &inv)
			r = e.do(f.fin, "POST", "/api/v1/invoices/"+inv.ID+"/post", map[string]any{"version": inv.Version})
			require.Equal(t, 200, r.Status, "%s", r.Body)
			r.JSON(t, &inv)
			numbers = append(numbers, inv.Number)
		}
		requireSorted(t, e, f.fin, "/api/v1/invoices", "status=posted", "total", "total.amount",
			[]string{"18.00", "36.00", "54.00", "90.00"})
		requireSorted(t, e, f.fin, "/api/v1/invoices", "", "number", "number", numbers)
		// Each was posted right after it was created.
		requireSorted(t, e, f.fin, "/api/v1/invoices", "", "updated", "number", numbers)

		header := []string{"Number", "Kind", "Invoice date", "Due date", "Customer code", "Customer", "Status",
			"Subtotal", "Tax", "Total", "Residual", "Currency"}
		rows := requireExport(t, e, f.fin, "/api/v1/invoices?status=posted&sort=-total", header)
		require.Equal(t, []string{"90.00", "54.00", "36.00", "18.00"}, column(header, rows, "Total"))
		require.Equal(t, []string{numbers[2], numbers[0], numbers[3], numbers[1]}, column(header, rows, "Number"))
		require.Equal(t, "Alfreds Futterkiste", rows[0][5])
		require.Regexp(t, `^\d{4}-\d{2}-\d{2}$`, rows[0][2], "dates are ISO")
		_, none := exportList(t, e, f.fin, "/api/v1/invoices?status=paid", "csv")
		require.Empty(t, none, "the filter applies to the file")

		for _, amount := range []string{"250.50", "10.00", "3.00", "1000.00", "10.00"} {
			f.pay(t, amount)
		}
		requireSorted(t, e, f.fin, "/api/v1/payments", "", "amount", "amount.amount",
			[]string{"3.00", "10.00", "10.00", "250.50", "1000.00"})
		pheader := []string{"Number", "Received on", "Customer code", "Customer", "Method", "Amount", "Unallocated", "Currency", "Reference"}
		rows = requireExport(t, e, f.fin, "/api/v1/payments?method=bank&sort=-amount", pheader)
		require.Equal(t, []string{"1000.00", "250.50", "10.00", "10.00", "3.00"}, column(pheader, rows, "Amount"))
		require.Equal(t, "bank transfer", rows[0][8])
		_, none = exportList(t, e, f.fin, "/api/v1/payments?method=cash", "xlsx")
		require.Empty(t, none)
	})
}

// TestQuotationAndShipmentListsSortAndExport: quotations sort by total,
// shipments by number, across pages; both export whole.
func TestQuotationAndShipmentListsSortAndExport(t *testing.T) {
	forEngine(t, func(t *testing.T, e *env) {
		f := newApprovalFixture(t, e, "100")
		for _, qty := range []string{"3", "1", "5", "2"} {
			r := e.do(f.rep, "POST", "/api/v1/quotations", map[string]any{"customer_id": f.customer,
				"lines": []map[string]any{{"product_id": f.product, "quantity": qty}}})
			require.Equal(t, 201, r.Status, "%s", r.Body)
		}
		requireSorted(t, e, f.rep, "/api/v1/quotations", "status=draft", "total", "total.amount",
			[]string{"18.00", "36.00", "54.00", "90.00"})
		header := []string{"Number", "Revision", "Customer code", "Customer", "Status", "Expired", "Valid until",
			"Subtotal", "Tax", "Total", "Currency"}
		rows := requireExport(t, e, f.rep, "/api/v1/quotations?sort=-total", header)
		require.Equal(t, []string{"90.00", "54.00", "36.00", "18.00"}, column(header, rows, "Total"))
		require.Equal(t, "Alfreds Futterkiste", rows[0][3])

		var orders, shipments []string
		for _, qty := range []string{"1", "2", "3"} {
			_, o := f.confirm(t, f.orderWith(t, qty, "18.00", "0"))
			_, sh, c := f.shipment(t, o.ID)
			require.Empty(t, c)
			var got orderJSON
			e.do(f.rep, "GET", "/api/v1/sales-orders/"+o.ID, nil).JSON(t, &got)
			orders = append(orders, got.Number)
			shipments = append(shipments, sh.Number)
		}
		requireSorted(t, e, f.wh, "/api/v1/shipments", "status=to_pick", "number", "number", shipments)
		sheader := []string{"Number", "Order", "Customer code", "Customer", "Status", "Carrier", "Tracking number", "Shipped at", "Delivered at"}
		rows = requireExport(t, e, f.wh, "/api/v1/shipments?sort=-number", sheader)
		require.Equal(t, []string{shipments[2], shipments[1], shipments[0]}, column(sheader, rows, "Number"))
		require.Equal(t, []string{orders[2], orders[1], orders[0]}, column(sheader, rows, "Order"))
	})
}

// TestTicketListSortAndExport: tickets sort by urgency (not by the
// priority's name) and by subject across pages, and export whole.
func TestTicketListSortAndExport(t *testing.T) {
	forEngine(t, func(t *testing.T, e *env) {
		f := newSupportFixture(t, e)
		tickets := map[string]ticketJSON{}
		for _, tk := range []struct{ subject, priority string }{
			{"Damaged box", "high"}, {"Billing question", "low"}, {"Cannot log in", "urgent"},
			{"Address change", "normal"}, {"Exchange", "high"},
		} {
			tickets[tk.subject] = f.ticket(t, map[string]any{"subject": tk.subject, "priority": tk.priority, "category": "general"})
		}
		requireSorted(t, e, f.boss, "/api/v1/tickets", "", "priority", "subject",
			[]string{"Billing question", "Address change", "Damaged box", "Exchange", "Cannot log in"})
		requireSorted(t, e, f.boss, "/api/v1/tickets", "category=general", "subject", "subject",
			[]string{"Address change", "Billing question", "Cannot log in", "Damaged box", "Exchange"})
		// Changing a ticket makes it the last changed, whatever its creation.
		billing := tickets["Billing question"]
		ok[ticketJSON](t, e.do(f.boss, "PATCH", "/api/v1/tickets/"+billing.ID, map[string]any{"category": "billing", "version": billing.Version}))
		requireSorted(t, e, f.boss, "/api/v1/tickets", "", "updated", "subject",
			[]string{"Damaged box", "Cannot log in", "Address change", "Exchange", "Billing question"})
		header := []string{"Number", "Subject", "Customer code", "Customer", "Category", "Priority", "Status", "Channel",
			"Assignee", "Created at", "Updated at"}
		rows := requireExport(t, e, f.boss, "/api/v1/tickets?priority=high&sort=-subject", header)
		require.Equal(t, []string{"Exchange", "Damaged box"}, column(header, rows, "Subject"))
		require.Equal(t, "Around the Horn", rows[0][3])
	})
}

// badTimeCursor is a cursor whose sort value is no instant: a list sorted
// by a timestamp refuses it as a cursor it did not make.
var badTimeCursor = page.Encode(page.Cursor{Value: "yesterday", ID: "x_1"})

// TestLeadAndOpportunityListsSortAndExport: leads sort by when they last
// changed (a timestamp, not the creation order) and by company, across
// pages on both engines; opportunities by amount and last change; both
// export whole.
func TestLeadAndOpportunityListsSortAndExport(t *testing.T) {
	forEngine(t, func(t *testing.T, e *env) {
		f := newSalesFixture(t, e, "1")
		leads := map[string]leadJSON{}
		for _, c := range []string{"Cedar", "Alder", "Birch", "Dogwood"} {
			leads[c] = created[leadJSON](t, e.do(f.rep, "POST", "/api/v1/leads", map[string]any{"last_name": c + " Buyer",
				"company_name": c + " Ltd", "email": "buyer@" + strings.ToLower(c) + ".example"}))
		}
		// Contacting a lead changes it: Birch, then Alder, changed last.
		for _, c := range []string{"Birch", "Alder"} {
			step[leadJSON](t, e, f.rep, "/api/v1/leads/"+leads[c].ID+"/contact", leads[c].Version)
		}
		requireSorted(t, e, f.rep, "/api/v1/leads", "", "updated", "company_name",
			[]string{"Cedar Ltd", "Dogwood Ltd", "Birch Ltd", "Alder Ltd"})
		requireSorted(t, e, f.rep, "/api/v1/leads", "status=new", "company_name", "company_name",
			[]string{"Cedar Ltd", "Dogwood Ltd"})
		r := e.do(f.rep, "GET", "/api/v1/leads?sort=updated&after="+badTimeCursor, nil)
		require.Equal(t, 422, r.Status, "%s", r.Body)
		require.Equal(t, "invalid_cursor", fieldCodes(t, r)["after"])

		header := []string{"First name", "Last name", "Company", "E-mail", "Phone", "Country", "Source", "Score", "Status",
			"Created at", "Updated at"}
		rows := requireExport(t, e, f.rep, "/api/v1/leads?sort=-updated", header)
		require.Equal(t, []string{"Alder Ltd", "Birch Ltd", "Dogwood Ltd", "Cedar Ltd"}, column(header, rows, "Company"))
		require.Equal(t, []string{"contacted", "contacted", "new", "new"}, column(header, rows, "Status"))
		require.Regexp(t, `^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$`, rows[0][10], "instants are RFC 3339 UTC")

		opps := map[string]opportunityJSON{}
		for _, amount := range []string{"500.00", "1500.00", "20.00"} {
			opps[amount] = created[opportunityJSON](t, e.do(f.rep, "POST", "/api/v1/opportunities", map[string]any{"name": "Deal " + amount,
				"party_id": f.customer, "amount": eur(amount), "expected_close": "2027-03-15"}))
		}
		requireSorted(t, e, f.rep, "/api/v1/opportunities", "status=open", "amount", "amount.amount", []string{"20.00", "500.00", "1500.00"})
		// Moving the first one on makes it the last changed.
		ok[opportunityJSON](t, e.do(f.rep, "POST", "/api/v1/opportunities/"+opps["500.00"].ID+"/stage",
			map[string]any{"stage_id": "stg_qualification", "version": opps["500.00"].Version}))
		requireSorted(t, e, f.rep, "/api/v1/opportunities", "", "updated", "name", []string{"Deal 1500.00", "Deal 20.00", "Deal 500.00"})
		oheader := []string{"Name", "Customer code", "Customer", "Stage", "Status", "Probability", "Amount", "Weighted amount",
			"Currency", "Expected close", "Updated at"}
		rows = requireExport(t, e, f.rep, "/api/v1/opportunities?sort=-amount", oheader)
		require.Equal(t, []string{"1500.00", "500.00", "20.00"}, column(oheader, rows, "Amount"))
		require.Equal(t, []string{"EUR", "EUR", "EUR"}, column(oheader, rows, "Currency"))
		require.Equal(t, "Alfreds Futterkiste", rows[0][2])
	})
}

// TestActivityListSortAndExport: activities sort by due time (one without
// a due time by when it was logged) and by last change, both timestamps,
// across pages on both engines, and export whole.
func TestActivityListSortAndExport(t *testing.T) {
	forEngine(t, func(t *testing.T, e *env) {
		f := newSalesFixture(t, e, "1")
		now := time.Now().UTC()
		ids := map[string]string{}
		for _, a := range []struct {
			title string
			due   time.Duration
		}{{"In two hours", 2 * time.Hour}, {"An hour ago", -time.Hour}, {"Logged now", 0}, {"In an hour", time.Hour},
			{"Half an hour ago", -30 * time.Minute}} {
			body := map[string]any{"kind": "task", "subject_type": "party", "subject_id": f.customer, "title": a.title}
			if a.due != 0 {
				// Sub-second due times: the cursor must carry every digit.
				body["due_at"] = now.Add(a.due).Add(123456 * time.Microsecond).Format(time.RFC3339Nano)
			} else {
				body["kind"] = "note"
			}
			ids[a.title] = created[struct{ ID string }](t, e.do(f.rep, "POST", "/api/v1/activities", body)).ID
		}
		requireSorted(t, e, f.rep, "/api/v1/activities", "", "due", "title",
			[]string{"An hour ago", "Half an hour ago", "Logged now", "In an hour", "In two hours"})
		var act struct{ Version int64 }
		e.do(f.rep, "GET", "/api/v1/activities/"+ids["An hour ago"], nil).JSON(t, &act)
		step[struct{ ID string }](t, e, f.rep, "/api/v1/activities/"+ids["An hour ago"]+"/complete", act.Version)
		requireSorted(t, e, f.rep, "/api/v1/activities", "kind=task", "updated", "title",
			[]string{"In two hours", "In an hour", "Half an hour ago", "An hour ago"})
		r := e.do(f.rep, "GET", "/api/v1/activities?sort=-due&after="+badTimeCursor, nil)
		require.Equal(t, "invalid_cursor", fieldCodes(t, r)["after"])

		header := []string{"Kind", "Title", "Subject type", "Subject ID", "Customer code", "Customer", "Due at", "Done", "Done at",
			"Created at", "Updated at"}
		rows := requireExport(t, e, f.rep, "/api/v1/activities?sort=-due&done=false", header)
		require.Equal(t, []string{"In two hours", "In an hour", "Logged now", "Half an hour ago"}, column(header, rows, "Title"))
		require.Equal(t, []string{"task", "task", "note", "task"}, column(header, rows, "Kind"))
		require.Equal(t, "", rows[2][6], "a note has no due time")
		require.Equal(t, "Alfreds Futterkiste", rows[0][5])
	})
}

// TestApprovalAndOrderListsSortByTime: the finance inbox sorts by amount
// and by when approval was requested, orders by when they last changed,
// across pages on both engines; the inbox exports whole.
func TestApprovalAndOrderListsSortByTime(t *testing.T) {
	forEngine(t, func(t *testing.T, e *env) {
		f := newApprovalFixture(t, e, "100")
		var numbers []string
		var drafts []orderApprovalJSON
		for _, price := range []string{"60000.00", "50000.00", "70000.00"} {
			o := f.orderWith(t, "1", price, "0")
			drafts = append(drafts, o)
			r, o := f.confirm(t, o)
			require.Equal(t, 200, r.Status, "%s", r.Body)
			require.Equal(t, "pending_approval", o.Status)
			var got orderJSON
			e.do(f.rep, "GET", "/api/v1/sales-orders/"+o.ID, nil).JSON(t, &got)
			numbers = append(numbers, got.Number)
		}
		pending := "status=pending&actionable=true"
		requireSorted(t, e, f.fin, "/api/v1/approvals", pending, "amount", "amount.amount", []string{"50000.00", "60000.00", "70000.00"})
		requireSorted(t, e, f.fin, "/api/v1/approvals", pending, "requested_at", "document_number", numbers)
		r := e.do(f.fin, "GET", "/api/v1/approvals?sort=requested_at&after="+badTimeCursor, nil)
		require.Equal(t, "invalid_cursor", fieldCodes(t, r)["after"])
		header := []string{"Document type", "Document", "Amount", "Currency", "Policy", "Reason", "Approver role", "Status",
			"Requested by", "Requested at", "Decided by", "Decided at", "Comment"}
		rows := requireExport(t, e, f.fin, "/api/v1/approvals?"+pending+"&sort=-amount", header)
		require.Equal(t, []string{numbers[2], numbers[0], numbers[1]}, column(header, rows, "Document"))
		require.Equal(t, []string{"70000.00", "60000.00", "50000.00"}, column(header, rows, "Amount"))
		require.Equal(t, "Large order", rows[0][4])

		// A new draft is the last changed until the first order is
		// approved.
		fresh := f.orderWith(t, "1", "10.00", "0")
		var req []approvalJSON
		for _, a := range inbox(t, e, f.fin) {
			if a.DocumentID == drafts[0].ID {
				req = append(req, a)
			}
		}
		require.Len(t, req, 1)
		ok[approvalJSON](t, e.do(f.fin, "POST", "/api/v1/approvals/"+req[0].ID+"/approve", map[string]any{}))
		requireSorted(t, e, f.rep, "/api/v1/sales-orders", "", "updated", "id",
			[]string{drafts[1].ID, drafts[2].ID, fresh.ID, drafts[0].ID})
	})
}

// TestReturnListSortAndExport: returns sort by number and by last change
// across pages on both engines, and export whole with the order's number.
func TestReturnListSortAndExport(t *testing.T) {
	forEngine(t, func(t *testing.T, e *env) {
		f := newBillingFixture(t, e)
		_, o := f.confirm(t, f.orderWith(t, "5", "10.00", "0"))
		_, sh, _ := f.shipment(t, o.ID)
		f.ship(t, sh)
		agent := e.token(e.user("sue@example.com", "service_agent"))
		var rmas []returnJSON
		for _, reason := range []string{"damaged", "wrong colour", "not needed"} {
			rmas = append(rmas, created[returnJSON](t, e.do(agent, "POST", "/api/v1/returns", map[string]any{"order_id": o.ID, "reason": reason,
				"lines": []map[string]any{{"order_line": 0, "quantity": "1"}}})))
		}
		requireSorted(t, e, agent, "/api/v1/returns", "status=authorized", "number", "number",
			[]string{rmas[0].Number, rmas[1].Number, rmas[2].Number})
		step[returnJSON](t, e, agent, "/api/v1/returns/"+rmas[0].ID+"/cancel", rmas[0].Version)
		requireSorted(t, e, agent, "/api/v1/returns", "", "updated", "number",
			[]string{rmas[1].Number, rmas[2].Number, rmas[0].Number})
		header := []string{"Number", "Order", "Customer code", "Customer", "Status", "Reason", "Disposition", "Received at",
			"Credited at", "Created at", "Updated at"}
		rows := requireExport(t, e, agent, "/api/v1/returns?sort=-updated", header)
		require.Equal(t, []string{"cancelled", "authorized", "authorized"}, column(header, rows, "Status"))
		require.Equal(t, []string{"damaged", "not needed", "wrong colour"}, column(header, rows, "Reason"))
		var ord orderJSON
		e.do(f.rep, "GET", "/api/v1/sales-orders/"+o.ID, nil).JSON(t, &ord)
		require.Equal(t, ord.Number, rows[0][1])
	})
}

// TestListsFindByNumber: orders, quotations and invoices are found by part of
// their number in any case (orders also by the customer's reference) on
// both engines; % and _ are taken literally, and the export follows q.
func TestListsFindByNumber(t *testing.T) {
	forEngine(t, func(t *testing.T, e *env) {
		f := newBillingFixture(t, e)
		var orders []orderJSON
		for _, ref := range []string{"PO-4711/B", "", "po-9000"} {
			r := e.do(f.rep, "POST", "/api/v1/sales-orders", map[string]any{"customer_id": f.customer, "reference": ref,
				"lines": []map[string]any{{"product_id": f.product, "quantity": "1"}}})
			orders = append(orders, created[orderJSON](t, r))
		}
		for _, o := range orders {
			require.Regexp(t, `^SO-\d{4}-\d{5}$`, o.Number)
		}
		find := func(path, q string) []string {
			return walkList(t, e, f.fin, path, "q="+url.QueryEscape(q), "number")
		}
		require.Equal(t, []string{orders[1].Number}, find("/api/v1/sales-orders", strings.ToLower(orders[1].Number)))
		require.Equal(t, []string{orders[0].Number}, find("/api/v1/sales-orders", "4711/b"), "by the customer's reference")
		require.Equal(t, []string{orders[2].Number, orders[0].Number}, find("/api/v1/sales-orders", "PO-"))
		require.Len(t, find("/api/v1/sales-orders", " so- "), 3, "blanks around q do not count")
		require.Empty(t, find("/api/v1/sales-orders", "%"), "% is no wildcard")
		require.Empty(t, find("/api/v1/sales-orders", "SO_"), "_ is no wildcard")

		var quotes []string
		for range 2 {
			r := e.do(f.rep, "POST", "/api/v1/quotations", map[string]any{"customer_id": f.customer,
				"lines": []map[string]any{{"product_id": f.product, "quantity": "1"}}})
			quotes = append(quotes, created[orderJSON](t, r).Number)
		}
		require.Equal(t, []string{quotes[1]}, find("/api/v1/quotations", strings.ToLower(quotes[1])))
		require.Len(t, find("/api/v1/quotations", "qt-"), 2)

		var invoices []string
		for _, o := range orders[:2] {
			_, c := f.confirm(t, orderApprovalJSON{ID: o.ID, Version: o.Version})
			inv := created[invoiceJSON](t, e.do(f.fin, "POST", "/api/v1/invoices", map[string]any{"order_id": c.ID, "basis": "ordered"}))
			r := e.do(f.fin, "POST", "/api/v1/invoices/"+inv.ID+"/post", map[string]any{"version": inv.Version})
			require.Equal(t, 200, r.Status, "%s", r.Body)
			r.JSON(t, &inv)
			invoices = append(invoices, inv.Number)
		}
		require.Equal(t, []string{invoices[0]}, find("/api/v1/invoices", strings.ToLower(invoices[0])))
		require.Empty(t, find("/api/v1/invoices", orders[0].Number), "an invoice is not found by its order's number")
		header := []string{"Number", "Kind", "Invoice date", "Due date", "Customer code", "Customer", "Status",
			"Subtotal", "Tax", "Total", "Residual", "Currency"}
		rows := requireExport(t, e, f.fin, "/api/v1/invoices?q="+url.QueryEscape(invoices[1]), header)
		require.Equal(t, []string{invoices[1]}, column(header, rows, "Number"), "the export follows q")

		r := e.do(f.fin, "GET", "/api/v1/invoices?q="+strings.Repeat("x", 101), nil)
		require.Equal(t, 422, r.Status, "%s", r.Body)
		require.Contains(t, string(r.Body), "query.q")
	})
}

// TestCustomerListSortAndExport: customers sort by name, code and lifecycle
// across pages on both engines, are found by a literal q, and export whole
// as CSV and Excel in the list's order; the import's CSV (Accept: text/csv)
// is still there.
func TestCustomerListSortAndExport(t *testing.T) {
	forEngine(t, func(t *testing.T, e *env) {
		rep := e.token(e.user("rep@example.com", "sales_rep"))
		for _, c := range []struct{ code, name, lifecycle, country string }{
			{"C-3", "Crayon Works", "customer", "DE"}, {"C-1", "Eraser & Co", "prospect", "FR"},
			{"C-5", "Binder_Plus", "customer", "CN"}, {"C-2", "Atlas 100% Ltd", "churned", "GB"},
			{"C-4", "Drill AG", "customer", "AT"},
		} {
			r := e.do(rep, "POST", "/api/v1/parties", map[string]any{"roles": []string{"customer"}, "code": c.code, "legal_name": c.name,
				"lifecycle": c.lifecycle, "addresses": []map[string]any{{"type": "billing", "line1": "Main St 1", "city": "Town", "country": c.country}}})
			require.Equal(t, 201, r.Status, "%s", r.Body)
		}
		names := []string{"Atlas 100% Ltd", "Binder_Plus", "Crayon Works", "Drill AG", "Eraser & Co"}
		requireSorted(t, e, rep, "/api/v1/parties", "role=customer", "legal_name", "legal_name", names)
		requireSorted(t, e, rep, "/api/v1/parties", "role=customer", "code", "code", []string{"C-1", "C-2", "C-3", "C-4", "C-5"})
		// Equal stages are ordered by id, that is by creation.
		requireSorted(t, e, rep, "/api/v1/parties", "role=customer&lifecycle=customer", "lifecycle", "code", []string{"C-3", "C-5", "C-4"})
		require.Equal(t, []string{"Atlas 100% Ltd"}, walkList(t, e, rep, "/api/v1/parties", "q=100%25", "legal_name"), "% is literal")
		require.Equal(t, []string{"Binder_Plus"}, walkList(t, e, rep, "/api/v1/parties", "q=r_p", "legal_name"), "_ is literal")

		header := []string{"Code", "Legal name", "Local name", "Roles", "Lifecycle", "E-mail", "Phone", "Country", "Tax ID", "Currency", "Updated at"}
		rows := requireExport(t, e, rep, "/api/v1/parties?role=customer&sort=-legal_name", header)
		require.Equal(t, []string{"Eraser & Co", "Drill AG", "Crayon Works", "Binder_Plus", "Atlas 100% Ltd"}, column(header, rows, "Legal name"))
		require.Equal(t, []string{"FR", "AT", "DE", "CN", "GB"}, column(header, rows, "Country"))
		require.Equal(t, "customer", rows[0][3])

		r := e.do(rep, "GET", "/api/v1/parties?role=customer", nil, "Accept", "text/csv")
		require.Equal(t, 200, r.Status, "%s", r.Body)
		require.Contains(t, strings.SplitN(string(r.Body), "\n", 2)[0], "code,legal_name,local_name,kind,roles", "the import's columns")
	})
}
