package httpapi

import (
	"bytes"
	"context"
	"time"

	"github.com/concord-erp/concord/internal/billing"
	"github.com/concord-erp/concord/internal/identity"
	"github.com/concord-erp/concord/internal/platform/calendar"
	"github.com/concord-erp/concord/internal/platform/httpx"
	"github.com/concord-erp/concord/internal/platform/page"
)

type invoiceOutput struct {
	ETag     string `header:"ETag"`
	Location string `header:"Location"`
	Body     billing.Invoice
}

func invoiceOut(inv billing.Invoice) *invoiceOutput {
	return &invoiceOutput{ETag: httpx.ETag(inv.Version), Location: "/api/v1/invoices/" + inv.ID, Body: inv}
}

type listInvoicesInput struct {
	page.Params
	CustomerID string `query:"customer_id" maxLength:"64"`
	OrderID    string `query:"order_id" maxLength:"64"`
	Status     string `query:"status" enum:"draft,posted,partially_paid,paid,cancelled"`
	Kind       string `query:"kind" enum:"invoice,credit_note"`
	Q          string `query:"q" maxLength:"100" doc:"Part of the invoice or credit note number, any case."`
	Sort       string `query:"sort" maxLength:"20" doc:"created (the default, newest first as -created), updated (last change), number, invoice_date, due_date, total or status; - first for descending."`
}

type invoicesOutput struct{ Body page.List[billing.Invoice] }

func (s *server) listInvoices(ctx context.Context, in *listInvoicesInput) (*invoicesOutput, error) {
	sort, err := page.ParseSort(in.Sort, billing.InvoiceSorts, "-created")
	if err != nil {
		return nil, err
	}
	f := billing.InvoiceFilter{CustomerID: in.CustomerID, OrderID: in.OrderID, Status: in.Status, Kind: in.Kind, Q: in.Q, Sort: sort, Limit: in.PageSize() + 1}
	if f.After, err = decodeCursor(in.After); err != nil {
		return nil, err
	}
	invs, err := s.deps.Billing.FindInvoices(ctx, f)
	if err != nil {
		return nil, err
	}
	return &invoicesOutput{Body: page.Build(invs, in.PageSize(), func(inv billing.Invoice) any {
		return page.Cursor{Value: inv.SortValue(sort.Field), ID: inv.ID}
	})}, nil
}

type createInvoiceInput struct {
	Body billing.InvoiceInput
}

func (s *server) createInvoice(ctx context.Context, in *createInvoiceInput) (*invoiceOutput, error) {
	inv, err := s.deps.Billing.CreateInvoice(ctx, in.Body)
	if err != nil {
		return nil, err
	}
	return invoiceOut(inv), nil
}

func (s *server) getInvoice(ctx context.Context, in *idPath) (*invoiceOutput, error) {
	inv, err := s.deps.Billing.FindInvoice(ctx, in.ID)
	if err != nil {
		return nil, err
	}
	return invoiceOut(inv), nil
}

type postInvoiceInput struct {
	ID      string `path:"id" maxLength:"64"`
	IfMatch string `header:"If-Match" doc:"ETag of the invoice version; or send version in the body."`
	Body    *struct {
		billing.PostInput
		Version int64 `json:"version,omitempty"`
	}
}

func (s *server) postInvoice(ctx context.Context, in *postInvoiceInput) (*invoiceOutput, error) {
	var body billing.PostInput
	var version int64
	if in.Body != nil {
		body, version = in.Body.PostInput, in.Body.Version
	}
	pre, err := httpx.ParsePrecondition(in.IfMatch, version)
	if err != nil {
		return nil, err
	}
	inv, err := s.deps.Billing.Post(ctx, in.ID, body, pre.Version)
	if err != nil {
		return nil, pre.Check(err)
	}
	return invoiceOut(inv), nil
}

type creditNoteInput struct {
	ID   string `path:"id" maxLength:"64"`
	Body billing.CreditNoteInput
}

func (s *server) creditNote(ctx context.Context, in *creditNoteInput) (*invoiceOutput, error) {
	cn, err := s.deps.Billing.CreditNote(ctx, in.ID, in.Body)
	if err != nil {
		return nil, err
	}
	return invoiceOut(cn), nil
}

type paymentOutput struct {
	ETag     string `header:"ETag"`
	Location string `header:"Location"`
	Body     billing.Payment
}

func paymentOut(p billing.Payment) *paymentOutput {
	return &paymentOutput{ETag: httpx.ETag(p.Version), Location: "/api/v1/payments/" + p.ID, Body: p}
}

type listPaymentsInput struct {
	page.Params
	CustomerID string `query:"customer_id" maxLength:"64"`
	Method     string `query:"method" enum:"bank,cash"`
	Sort       string `query:"sort" maxLength:"20" doc:"created (the default, newest first as -created), number, received_on, amount, unallocated or method; - first for descending."`
}

type paymentsOutput struct{ Body page.List[billing.Payment] }

func (s *server) listPayments(ctx context.Context, in *listPaymentsInput) (*paymentsOutput, error) {
	sort, err := page.ParseSort(in.Sort, billing.PaymentSorts, "-created")
	if err != nil {
		return nil, err
	}
	f := billing.PaymentFilter{CustomerID: in.CustomerID, Method: in.Method, Sort: sort, Limit: in.PageSize() + 1}
	if f.After, err = decodeCursor(in.After); err != nil {
		return nil, err
	}
	ps, err := s.deps.Billing.FindPayments(ctx, f)
	if err != nil {
		return nil, err
	}
	return &paymentsOutput{Body: page.Build(ps, in.PageSize(), func(p billing.Payment) any {
		return page.Cursor{Value: p.SortValue(sort.Field), ID: p.ID}
	})}, nil
}

type receivePaymentInput struct {
	Body billing.PaymentInput
}

func (s *server) receivePayment(ctx context.Context, in *receivePaymentInput) (*paymentOutput, error) {
	p, err := s.deps.Billing.ReceivePayment(ctx, in.Body)
	if err != nil {
		return nil, err
	}
	return paymentOut(p), nil
}

func (s *server) getPayment(ctx context.Context, in *idPath) (*paymentOutput, error) {
	p, err := s.deps.Billing.FindPayment(ctx, in.ID)
	if err != nil {
		return nil, err
	}
	return paymentOut(p), nil
}

type allocateInput struct {
	ID      string `path:"id" maxLength:"64"`
	IfMatch string `header:"If-Match" doc:"ETag of the payment version; or send version in the body."`
	Body    struct {
		billing.AllocationInput
		Version int64 `json:"version,omitempty"`
	}
}

func (s *server) allocate(ctx context.Context, in *allocateInput) (*paymentOutput, error) {
	pre, err := httpx.ParsePrecondition(in.IfMatch, in.Body.Version)
	if err != nil {
		return nil, err
	}
	p, err := s.deps.Billing.Allocate(ctx, in.ID, in.Body.AllocationInput, pre.Version)
	if err != nil {
		return nil, pre.Check(err)
	}
	return paymentOut(p), nil
}

type unallocateInput struct {
	ID      string `path:"id" maxLength:"64"`
	IfMatch string `header:"If-Match" doc:"ETag of the payment version; or send version in the body."`
	Body    struct {
		AllocationID string `json:"allocation_id" maxLength:"64"`
		Version      int64  `json:"version,omitempty"`
	}
}

func (s *server) unallocate(ctx context.Context, in *unallocateInput) (*paymentOutput, error) {
	pre, err := httpx.ParsePrecondition(in.IfMatch, in.Body.Version)
	if err != nil {
		return nil, err
	}
	p, err := s.deps.Billing.Unallocate(ctx, in.ID, in.Body.AllocationID, pre.Version)
	if err != nil {
		return nil, pre.Check(err)
	}
	return paymentOut(p), nil
}

type ageingInput struct {
	AsOf calendar.Date `query:"as_of" format:"date" doc:"Defaults to today."`
}

type ageingOutput struct{ Body billing.Ageing }

func (s *server) ageing(ctx context.Context, in *ageingInput) (*ageingOutput, error) {
	on := in.AsOf
	if on.IsZero() {
		on = calendar.DateOf(time.Now().UTC())
	}
	a, err := s.deps.Billing.ReceivablesAgeing(ctx, on)
	if err != nil {
		return nil, err
	}
	return &ageingOutput{Body: a}, nil
}

type salesReportInput struct {
	GroupBy  string        `query:"group_by" required:"true" enum:"customer,product,category,month,country,sales_rep"`
	From     calendar.Date `query:"from" required:"true" format:"date"`
	To       calendar.Date `query:"to" required:"true" format:"date"`
	Currency string        `query:"currency" maxLength:"3" doc:"Convert everything into this currency at each invoice's day rate."`
}

type salesReportOutput struct{ Body billing.SalesReport }

func (s *server) salesReport(ctx context.Context, in *salesReportInput) (*salesReportOutput, error) {
	rep, err := SalesReport(ctx, s.deps.Billing, s.deps.Identity, billing.SalesQuery{GroupBy: in.GroupBy, From: in.From, To: in.To, Currency: in.Currency})
	if err != nil {
		return nil, err
	}
	return &salesReportOutput{Body: rep}, nil
}

// SalesReport runs the sales analysis and names the sales reps, for the
// API and the command line alike.
func SalesReport(ctx context.Context, b *billing.Service, users *identity.Service, q billing.SalesQuery) (billing.SalesReport, error) {
	rep, err := b.SalesAnalysis(ctx, q)
	if err != nil || q.GroupBy != "sales_rep" {
		return rep, err
	}
	for i, r := range rep.Rows {
		if u, err := users.FindUserByID(ctx, r.Key); err == nil {
			rep.Rows[i].Label = u.Name
		}
	}
	return rep, nil
}

type importStatementInput struct {
	RawBody []byte `contentType:"text/csv" doc:"The statement as CSV with the columns date, amount, currency, reference, counterparty."`
}

type statementImportOutput struct{ Body billing.StatementImport }

func (s *server) importStatement(ctx context.Context, in *importStatementInput) (*statementImportOutput, error) {
	res, err := s.deps.Billing.ImportStatement(ctx, bytes.NewReader(in.RawBody))
	if err != nil {
		return nil, err
	}
	return &statementImportOutput{Body: res}, nil
}

type listStatementLinesInput struct {
	page.Params
	Open bool `query:"open" doc:"Only the lines not yet reconciled."`
}

type statementLinesOutput struct {
	Body page.List[billing.StatementLine]
}

func (s *server) listStatementLines(ctx context.Context, in *listStatementLinesInput) (*statementLinesOutput, error) {
	var after string
	if _, err := page.Decode(in.After, &after); err != nil {
		return nil, err
	}
	ls, err := s.deps.Billing.FindStatementLines(ctx, in.Open, after, in.PageSize()+1)
	if err != nil {
		return nil, err
	}
	return &statementLinesOutput{Body: page.Build(ls, in.PageSize(), func(l billing.StatementLine) any { return l.ID })}, nil
}

type reconcileInput struct {
	ID   string `path:"id" maxLength:"64"`
	Body struct {
		PaymentID string `json:"payment_id" maxLength:"64" doc:"Payment ID or number."`
	}
}

type statementLineOutput struct{ Body billing.StatementLine }

func (s *server) reconcile(ctx context.Context, in *reconcileInput) (*statementLineOutput, error) {
	l, err := s.deps.Billing.Reconcile(ctx, in.ID, in.Body.PaymentID)
	if err != nil {
		return nil, err
	}
	return &statementLineOutput{Body: l}, nil
}

func (s *server) unreconcile(ctx context.Context, in *idPath) (*statementLineOutput, error) {
	l, err := s.deps.Billing.Unreconcile(ctx, in.ID)
	if err != nil {
		return nil, err
	}
	return &statementLineOutput{Body: l}, nil
}

type cycleTimeInput struct {
	From    calendar.Date `query:"from" required:"true" format:"date" doc:"First day the orders became paid."`
	To      calendar.Date `query:"to" required:"true" format:"date" doc:"Last day, inclusive."`
	GroupBy string        `query:"group_by" enum:"month" doc:"Rows per month the orders became paid (the only grouping)."`
}

type cycleTimeOutput struct{ Body billing.CycleTimeReport }

func (s *server) cycleTimeReport(ctx context.Context, in *cycleTimeInput) (*cycleTimeOutput, error) {
	rep, err := s.deps.Billing.OrderCycleTime(ctx, billing.CycleTimeQuery{From: in.From, To: in.To})
	if err != nil {
		return nil, err
	}
	return &cycleTimeOutput{Body: rep}, nil
}
