package httpapi

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/danielgtaylor/huma/v2"

	"github.com/concord-erp/concord/internal/approval"
	"github.com/concord-erp/concord/internal/billing"
	"github.com/concord-erp/concord/internal/crm"
	"github.com/concord-erp/concord/internal/party"
	"github.com/concord-erp/concord/internal/platform/apperr"
	"github.com/concord-erp/concord/internal/platform/calendar"
	"github.com/concord-erp/concord/internal/platform/httpx"
	"github.com/concord-erp/concord/internal/platform/money"
	"github.com/concord-erp/concord/internal/platform/page"
	"github.com/concord-erp/concord/internal/platform/tabular"
	"github.com/concord-erp/concord/internal/product"
	"github.com/concord-erp/concord/internal/returns"
	"github.com/concord-erp/concord/internal/sales"
	"github.com/concord-erp/concord/internal/support"
)

// column is one column of a list export: its header and how a row's value
// is written (amounts as exact decimals, dates as ISO 8601).
type column[T any] struct {
	Header string
	Value  func(T) string
}

// exportPageSize is how many rows the export asks the list for at a time.
const exportPageSize = page.MaxLimit

const xlsxContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

// formatParam documents the format query parameter every exportable list
// takes; the middleware reads it before the handler sees the request.
var formatParam = &huma.Param{Name: "format", In: "query", Description: "json (the default) answers one page; " +
	"csv or xlsx answers a file with every row the filters select, in the requested sort order, ignoring limit and after.",
	Schema: &huma.Schema{Type: "string", Enum: []any{"json", "csv", "xlsx"}}}

// exportable makes a list operation answer format=csv|xlsx with the whole
// filtered, sorted list as a file. The export is the list handler itself,
// called page after page with the request's own query: the filters, the
// sort, their validation and the permission check are exactly the list's,
// so no list can export rows its JSON would not show, and a bad filter or
// sort gets the same 422 problem.
func exportable[T any](s *server, o huma.Operation, name string, columns func(*lookups) []column[T]) huma.Operation {
	o.Parameters = append(o.Parameters, formatParam)
	o.Middlewares = append(huma.Middlewares{func(ctx huma.Context, next func(huma.Context)) {
		f := tabular.Format(ctx.Query("format"))
		switch f {
		case "", "json":
			next(ctx)
			return
		case tabular.CSV, tabular.XLSX:
		default:
			httpx.WriteHumaError(s.api, ctx, apperr.Invalid("the list cannot be exported so",
				apperr.Field("format", "invalid", "one of json, csv, xlsx")))
			return
		}
		exportList(ctx, next, f, name, columns(&lookups{ctx: ctx.Context(), s: s}))
	}}, o.Middlewares...)
	return o
}

func exportList[T any](ctx huma.Context, next func(huma.Context), f tabular.Format, name string, columns []column[T]) {
	fetch := func(after string) (*pageContext, page.List[T], bool) {
		pc := newPageContext(ctx, after)
		next(pc)
		var l page.List[T]
		if pc.status != 0 && pc.status != http.StatusOK {
			return pc, l, false
		}
		if err := json.Unmarshal(pc.body.Bytes(), &l); err != nil {
			httpx.Logger(ctx.Context()).Error("export: a list page could not be read", "error", err)
			pc.status = http.StatusInternalServerError
			return pc, l, false
		}
		return pc, l, true
	}
	pc, l, ok := fetch("")
	if !ok {
		// The list refused the request (a bad filter or sort, a missing
		// permission): answer its problem document as it is.
		pc.replay(ctx)
		return
	}
	ct := "text/csv; charset=utf-8"
	if f == tabular.XLSX {
		ct = xlsxContentType
	}
	ctx.SetHeader("Content-Type", ct)
	ctx.SetHeader("Content-Disposition", `attachment; filename="`+name+"."+string(f)+`"`)
	ctx.SetStatus(http.StatusOK)
	header := make([]string, len(columns))
	for i, c := range columns {
		header[i] = c.Header
	}
	w, err := tabular.NewWriter(ctx.BodyWriter(), f, header)
	for err == nil {
		row := make([]string, len(columns))
		for _, item := range l.Data {
			for i, c := range columns {
				row[i] = c.Value(item)
			}
			if err = w.Write(row); err != nil {
				break
			}
		}
		if err != nil || l.NextCursor == nil {
			break
		}
		if pc, l, ok = fetch(*l.NextCursor); !ok {
			err = &exportPageError{status: pc.status, body: pc.body.String()}
		}
	}
	if w != nil {
		if cerr := w.Close(); err == nil {
			err = cerr
		}
	}
	if err != nil {
		// The headers are gone: the client sees a truncated file, the log
		// says why.
		httpx.Logger(ctx.Context()).Error("export failed", "list", name, "error", err)
	}
}

type exportPageError struct {
	status int
	body   string
}

func (e *exportPageError) Error() string {
	return "a later page answered " + strconv.Itoa(e.status) + ": " + e.body
}

// innerContext lets pageContext embed huma.Context, whose Context method
// would clash with the embedded field's name.
type innerContext huma.Context

// pageContext is the request as the list handler sees it during an
// export: JSON wanted, one full page after a cursor, and the answer kept
// rather than sent.
type pageContext struct {
	innerContext
	url     url.URL
	status  int
	headers http.Header
	body    bytes.Buffer
}

func newPageContext(ctx huma.Context, after string) *pageContext {
	u := ctx.URL()
	q := u.Query()
	q.Del("format")
	q.Set("limit", strconv.Itoa(exportPageSize))
	q.Del("after")
	if after != "" {
		q.Set("after", after)
	}
	u.RawQuery = q.Encode()
	return &pageContext{innerContext: ctx, url: u, headers: http.Header{}}
}

func (c *pageContext) URL() url.URL { return c.url }

func (c *pageContext) Query(name string) string { return c.url.Query().Get(name) }

func (c *pageContext) Header(name string) string {
	if http.CanonicalHeaderKey(name) == "Accept" {
		return "application/json"
	}
	return c.innerContext.Header(name)
}

func (c *pageContext) SetStatus(code int) { c.status = code }

func (c *pageContext) Status() int { return c.status }

func (c *pageContext) SetHeader(name, value string) { c.headers.Set(name, value) }

func (c *pageContext) AppendHeader(name, value string) { c.headers.Add(name, value) }

func (c *pageContext) BodyWriter() io.Writer { return &c.body }

// replay sends a kept answer to the client.
func (c *pageContext) replay(ctx huma.Context) {
	for k, vs := range c.headers {
		for _, v := range vs {
			ctx.AppendHeader(k, v)
		}
	}
	if c.status == 0 {
		c.status = http.StatusOK
	}
	ctx.SetStatus(c.status)
	_, _ = ctx.BodyWriter().Write(c.body.Bytes())
}

// lookups resolves the IDs a list row holds into what a person reads in a
// file (a customer's code and name), once per ID per export.
type lookups struct {
	ctx     context.Context
	s       *server
	parties map[string]party.Party
	orders  map[string]string
}

// party is the party with id; a party the caller may not read (or that is
// gone) is an empty party, so the file still has the row and its ID.
func (l *lookups) party(id string) party.Party {
	if id == "" {
		return party.Party{}
	}
	if p, ok := l.parties[id]; ok {
		return p
	}
	if l.parties == nil {
		l.parties = map[string]party.Party{}
	}
	p, err := l.s.deps.Party.FindParty(l.ctx, id)
	if err != nil {
		p = party.Party{}
	}
	l.parties[id] = p
	return p
}

// orderNumber is the number of the sales order with id, or the id when
// the caller may not read it.
func (l *lookups) orderNumber(id string) string {
	if id == "" {
		return ""
	}
	if n, ok := l.orders[id]; ok {
		return n
	}
	if l.orders == nil {
		l.orders = map[string]string{}
	}
	n := id
	if o, err := l.s.deps.Sales.FindOrder(l.ctx, id); err == nil {
		n = o.Number
	}
	l.orders[id] = n
	return n
}

// partyColumns are the code and name of the party a row names.
func partyColumns[T any](l *lookups, what string, id func(T) string) []column[T] {
	return []column[T]{
		{what + " code", func(t T) string { return l.party(id(t)).Code }},
		{what, func(t T) string { return l.party(id(t)).LegalName }},
	}
}

// optAmount writes an amount as an exact decimal ("1234.50"), empty if
// absent.
func optAmount(a *money.Amount) string {
	if a == nil {
		return ""
	}
	return a.String()
}

// optDate writes a date as ISO 8601, empty if absent.
func optDate(d *calendar.Date) string {
	if d == nil {
		return ""
	}
	return d.String()
}

// isoTime writes an instant as ISO 8601 in UTC.
func isoTime(t time.Time) string { return t.UTC().Format(time.RFC3339) }

// join concatenates column lists.
func join[T any](parts ...[]column[T]) []column[T] {
	var out []column[T]
	for _, p := range parts {
		out = append(out, p...)
	}
	return out
}

// Every list's export columns: what its screen shows, amounts as exact
// decimals with their currency beside them, dates as ISO 8601.

func partyListColumns(*lookups) []column[party.Party] {
	return []column[party.Party]{
		{"Code", func(p party.Party) string { return p.Code }},
		{"Legal name", func(p party.Party) string { return p.LegalName }},
		{"Local name", func(p party.Party) string { return p.LocalName }},
		{"Roles", func(p party.Party) string { return strings.Join(p.Roles, " ") }},
		{"Lifecycle", func(p party.Party) string { return p.Lifecycle }},
		{"E-mail", func(p party.Party) string { return p.Email }},
		{"Phone", func(p party.Party) string { return p.Phone }},
		{"Country", func(p party.Party) string {
			if len(p.Addresses) == 0 {
				return ""
			}
			return p.Addresses[0].Country
		}},
		{"Tax ID", func(p party.Party) string { return p.TaxID }},
		{"Currency", func(p party.Party) string { return p.Currency }},
		{"Updated at", func(p party.Party) string { return isoTime(p.UpdatedAt) }},
	}
}

func productColumns(*lookups) []column[product.Product] {
	return []column[product.Product]{
		{"Code", func(p product.Product) string { return p.Code }},
		{"Name", func(p product.Product) string { return p.Name }},
		{"Type", func(p product.Product) string { return p.Type }},
		{"Unit", func(p product.Product) string { return p.Unit }},
		{"List price", func(p product.Product) string { return p.ListPrice.String() }},
		{"Currency", func(p product.Product) string { return string(p.ListPrice.Currency()) }},
		{"Standard cost", func(p product.Product) string { return optAmount(p.StandardCost) }},
		{"Active", func(p product.Product) string { return strconv.FormatBool(p.Active) }},
		{"Updated at", func(p product.Product) string { return isoTime(p.UpdatedAt) }},
	}
}

func orderColumns(l *lookups) []column[sales.Order] {
	return join([]column[sales.Order]{
		{"Number", func(o sales.Order) string { return o.Number }},
		{"Order date", func(o sales.Order) string { return o.OrderDate.String() }},
	}, partyColumns(l, "Customer", func(o sales.Order) string { return o.CustomerID }), []column[sales.Order]{
		{"Status", func(o sales.Order) string { return o.Status }},
		{"Reference", func(o sales.Order) string { return o.Reference }},
		{"Subtotal", func(o sales.Order) string { return o.Subtotal.String() }},
		{"Tax", func(o sales.Order) string { return o.Tax.String() }},
		{"Total", func(o sales.Order) string { return o.Total.String() }},
		{"Currency", func(o sales.Order) string { return o.Currency }},
		{"Updated at", func(o sales.Order) string { return isoTime(o.UpdatedAt) }},
	})
}

// decodeCursor reads a sorted list's after parameter: nil on the first page.
func decodeCursor(after string) (*page.Cursor, error) {
	var c page.Cursor
	ok, err := page.Decode(after, &c)
	if err != nil || !ok {
		return nil, err
	}
	return &c, nil
}

func invoiceColumns(l *lookups) []column[billing.Invoice] {
	return join([]column[billing.Invoice]{
		{"Number", func(i billing.Invoice) string { return i.Number }},
		{"Kind", func(i billing.Invoice) string { return i.Kind }},
		{"Invoice date", func(i billing.Invoice) string { return optDate(i.InvoiceDate) }},
		{"Due date", func(i billing.Invoice) string { return optDate(i.DueDate) }},
	}, partyColumns(l, "Customer", func(i billing.Invoice) string { return i.CustomerID }), []column[billing.Invoice]{
		{"Status", func(i billing.Invoice) string { return i.Status }},
		{"Subtotal", func(i billing.Invoice) string { return i.Subtotal.String() }},
		{"Tax", func(i billing.Invoice) string { return i.Tax.String() }},
		{"Total", func(i billing.Invoice) string { return i.Total.String() }},
		{"Residual", func(i billing.Invoice) string { return i.Residual.String() }},
		{"Currency", func(i billing.Invoice) string { return i.Currency }},
	})
}

func paymentColumns(l *lookups) []column[billing.Payment] {
	return join([]column[billing.Payment]{
		{"Number", func(p billing.Payment) string { return p.Number }},
		{"Received on", func(p billing.Payment) string { return p.ReceivedOn.String() }},
	}, partyColumns(l, "Customer", func(p billing.Payment) string { return p.CustomerID }), []column[billing.Payment]{
		{"Method", func(p billing.Payment) string { return p.Method }},
		{"Amount", func(p billing.Payment) string { return p.Amount.String() }},
		{"Unallocated", func(p billing.Payment) string { return p.Unallocated.String() }},
		{"Currency", func(p billing.Payment) string { return string(p.Amount.Currency()) }},
		{"Reference", func(p billing.Payment) string { return p.Reference }},
	})
}

func shipmentColumns(l *lookups) []column[sales.Shipment] {
	return join([]column[sales.Shipment]{
		{"Number", func(sh sales.Shipment) string { return sh.Number }},
		{"Order", func(sh sales.Shipment) string { return l.orderNumber(sh.OrderID) }},
	}, partyColumns(l, "Customer", func(sh sales.Shipment) string { return sh.CustomerID }), []column[sales.Shipment]{
		{"Status", func(sh sales.Shipment) string { return sh.Status }},
		{"Carrier", func(sh sales.Shipment) string { return sh.Carrier }},
		{"Tracking number", func(sh sales.Shipment) string { return sh.TrackingNumber }},
		{"Shipped at", func(sh sales.Shipment) string { return optTime(sh.ShippedAt) }},
		{"Delivered at", func(sh sales.Shipment) string { return optTime(sh.DeliveredAt) }},
	})
}

func quotationColumns(l *lookups) []column[sales.Quotation] {
	return join([]column[sales.Quotation]{
		{"Number", func(q sales.Quotation) string { return q.Number }},
		{"Revision", func(q sales.Quotation) string { return strconv.Itoa(q.Revision) }},
	}, partyColumns(l, "Customer", func(q sales.Quotation) string { return q.CustomerID }), []column[sales.Quotation]{
		{"Status", func(q sales.Quotation) string { return q.Status }},
		{"Expired", func(q sales.Quotation) string { return strconv.FormatBool(q.Expired) }},
		{"Valid until", func(q sales.Quotation) string { return q.ValidUntil.String() }},
		{"Subtotal", func(q sales.Quotation) string { return q.Subtotal.String() }},
		{"Tax", func(q sales.Quotation) string { return q.Tax.String() }},
		{"Total", func(q sales.Quotation) string { return q.Total.String() }},
		{"Currency", func(q sales.Quotation) string { return q.Currency }},
	})
}

// optTime writes an instant as ISO 8601 in UTC, empty if absent.
func optTime(t *time.Time) string {
	if t == nil {
		return ""
	}
	return isoTime(*t)
}

func ticketColumns(l *lookups) []column[support.Ticket] {
	return join([]column[support.Ticket]{
		{"Number", func(t support.Ticket) string { return t.Number }},
		{"Subject", func(t support.Ticket) string { return t.Subject }},
	}, partyColumns(l, "Customer", func(t support.Ticket) string { return t.CustomerID }), []column[support.Ticket]{
		{"Category", func(t support.Ticket) string { return t.Category }},
		{"Priority", func(t support.Ticket) string { return t.Priority }},
		{"Status", func(t support.Ticket) string { return t.Status }},
		{"Channel", func(t support.Ticket) string { return t.Channel }},
		{"Assignee", func(t support.Ticket) string { return t.AssigneeName }},
		{"Created at", func(t support.Ticket) string { return isoTime(t.CreatedAt) }},
		{"Updated at", func(t support.Ticket) string { return isoTime(t.UpdatedAt) }},
	})
}

func leadColumns(*lookups) []column[crm.Lead] {
	return []column[crm.Lead]{
		{"First name", func(l crm.Lead) string { return l.FirstName }},
		{"Last name", func(l crm.Lead) string { return l.LastName }},
		{"Company", func(l crm.Lead) string { return l.CompanyName }},
		{"E-mail", func(l crm.Lead) string { return l.Email }},
		{"Phone", func(l crm.Lead) string { return l.Phone }},
		{"Country", func(l crm.Lead) string { return l.Country }},
		{"Source", func(l crm.Lead) string { return l.Source }},
		{"Score", func(l crm.Lead) string { return strconv.Itoa(l.Score) }},
		{"Status", func(l crm.Lead) string { return l.Status }},
		{"Created at", func(l crm.Lead) string { return isoTime(l.CreatedAt) }},
		{"Updated at", func(l crm.Lead) string { return isoTime(l.UpdatedAt) }},
	}
}

func opportunityColumns(l *lookups) []column[crm.Opportunity] {
	return join([]column[crm.Opportunity]{
		{"Name", func(o crm.Opportunity) string { return o.Name }},
	}, partyColumns(l, "Customer", func(o crm.Opportunity) string { return o.PartyID }), []column[crm.Opportunity]{
		{"Stage", func(o crm.Opportunity) string { return o.StageName }},
		{"Status", func(o crm.Opportunity) string { return o.Status }},
		{"Probability", func(o crm.Opportunity) string { return strconv.Itoa(o.Probability) }},
		{"Amount", func(o crm.Opportunity) string { return o.Amount.String() }},
		{"Weighted amount", func(o crm.Opportunity) string { return o.WeightedAmount.String() }},
		{"Currency", func(o crm.Opportunity) string { return string(o.Amount.Currency()) }},
		{"Expected close", func(o crm.Opportunity) string { return o.ExpectedClose.String() }},
		{"Updated at", func(o crm.Opportunity) string { return isoTime(o.UpdatedAt) }},
	})
}

func activityColumns(l *lookups) []column[crm.Activity] {
	return join([]column[crm.Activity]{
		{"Kind", func(a crm.Activity) string { return a.Kind }},
		{"Title", func(a crm.Activity) string { return a.Title }},
		{"Subject type", func(a crm.Activity) string { return a.SubjectType }},
		{"Subject ID", func(a crm.Activity) string { return a.SubjectID }},
	}, partyColumns(l, "Customer", func(a crm.Activity) string { return a.PartyID }), []column[crm.Activity]{
		{"Due at", func(a crm.Activity) string { return optTime(a.DueAt) }},
		{"Done", func(a crm.Activity) string { return strconv.FormatBool(a.Done) }},
		{"Done at", func(a crm.Activity) string { return optTime(a.DoneAt) }},
		{"Created at", func(a crm.Activity) string { return isoTime(a.CreatedAt) }},
		{"Updated at", func(a crm.Activity) string { return isoTime(a.UpdatedAt) }},
	})
}

func returnColumns(l *lookups) []column[returns.Return] {
	return join([]column[returns.Return]{
		{"Number", func(r returns.Return) string { return r.Number }},
		{"Order", func(r returns.Return) string { return l.orderNumber(r.OrderID) }},
	}, partyColumns(l, "Customer", func(r returns.Return) string { return r.CustomerID }), []column[returns.Return]{
		{"Status", func(r returns.Return) string { return r.Status }},
		{"Reason", func(r returns.Return) string { return r.Reason }},
		{"Disposition", func(r returns.Return) string { return r.Disposition }},
		{"Received at", func(r returns.Return) string { return optTime(r.ReceivedAt) }},
		{"Credited at", func(r returns.Return) string { return optTime(r.CreditedAt) }},
		{"Created at", func(r returns.Return) string { return isoTime(r.CreatedAt) }},
		{"Updated at", func(r returns.Return) string { return isoTime(r.UpdatedAt) }},
	})
}

func approvalColumns(*lookups) []column[approval.Request] {
	return []column[approval.Request]{
		{"Document type", func(r approval.Request) string { return r.DocumentType }},
		{"Document", func(r approval.Request) string { return r.DocumentNumber }},
		{"Amount", func(r approval.Request) string { return r.Amount.String() }},
		{"Currency", func(r approval.Request) string { return string(r.Amount.Currency()) }},
		{"Policy", func(r approval.Request) string { return r.PolicyName }},
		{"Reason", func(r approval.Request) string { return r.ReasonCode }},
		{"Approver role", func(r approval.Request) string { return r.ApproverRole }},
		{"Status", func(r approval.Request) string { return r.Status }},
		{"Requested by", func(r approval.Request) string { return nameOr(r.RequestedName, r.RequestedBy) }},
		{"Requested at", func(r approval.Request) string { return isoTime(r.RequestedAt) }},
		{"Decided by", func(r approval.Request) string { return nameOr(r.DecidedName, r.DecidedBy) }},
		{"Decided at", func(r approval.Request) string { return optTime(r.DecidedAt) }},
		{"Comment", func(r approval.Request) string { return r.Comment }},
	}
}

// nameOr is a person's name, or their ID where the record keeps no name.
func nameOr(name, id string) string {
	if name != "" {
		return name
	}
	return id
}
