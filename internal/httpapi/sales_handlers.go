package httpapi

import (
	"context"

	"github.com/concord-erp/concord/internal/platform/httpx"
	"github.com/concord-erp/concord/internal/platform/money"
	"github.com/concord-erp/concord/internal/platform/page"
	"github.com/concord-erp/concord/internal/sales"
)

type orderOutput struct {
	ETag     string `header:"ETag"`
	Location string `header:"Location"`
	Body     sales.Order
}

func orderOut(o sales.Order) *orderOutput {
	return &orderOutput{ETag: httpx.ETag(o.Version), Location: "/api/v1/sales-orders/" + o.ID, Body: o}
}

type createOrderInput struct {
	Body sales.OrderInput
}

func (s *server) createOrder(ctx context.Context, in *createOrderInput) (*orderOutput, error) {
	o, err := s.deps.Sales.CreateOrder(ctx, in.Body)
	if err != nil {
		return nil, err
	}
	return orderOut(o), nil
}

type replaceOrderInput struct {
	ID      string `path:"id" maxLength:"64"`
	IfMatch string `header:"If-Match" doc:"The ETag of the version being replaced; or send version in the body."`
	Body    struct {
		sales.OrderInput
		Version int64 `json:"version,omitempty" doc:"The version being replaced, when If-Match is not used."`
	}
}

func (s *server) replaceOrder(ctx context.Context, in *replaceOrderInput) (*orderOutput, error) {
	pre, err := httpx.ParsePrecondition(in.IfMatch, in.Body.Version)
	if err != nil {
		return nil, err
	}
	o, err := s.deps.Sales.UpdateOrder(ctx, in.ID, in.Body.OrderInput, pre.Version)
	if err != nil {
		return nil, pre.Check(err)
	}
	return orderOut(o), nil
}

type listOrdersInput struct {
	page.Params
	Status     string `query:"status" enum:"draft,pending_approval,confirmed,partially_delivered,delivered,invoiced,paid,closed,cancelled"`
	CustomerID string `query:"customer_id" maxLength:"64"`
	Q          string `query:"q" maxLength:"100" doc:"Part of the order number or of the customer's reference (their purchase order number), any case."`
	Sort       string `query:"sort" maxLength:"20" doc:"created (the default, newest first as -created), updated (last change), number, order_date, total or status; - first for descending."`
}

type ordersOutput struct{ Body page.List[sales.Order] }

func (s *server) listOrders(ctx context.Context, in *listOrdersInput) (*ordersOutput, error) {
	sort, err := page.ParseSort(in.Sort, sales.OrderSorts, "-created")
	if err != nil {
		return nil, err
	}
	f := sales.Filter{Status: in.Status, CustomerID: in.CustomerID, Q: in.Q, Sort: sort, Limit: in.PageSize() + 1}
	var c page.Cursor
	if ok, err := page.Decode(in.After, &c); err != nil {
		return nil, err
	} else if ok {
		f.After = &c
	}
	os, err := s.deps.Sales.FindOrders(ctx, f)
	if err != nil {
		return nil, err
	}
	return &ordersOutput{Body: page.Build(os, in.PageSize(), func(o sales.Order) any {
		return page.Cursor{Value: o.SortValue(sort.Field), ID: o.ID}
	})}, nil
}

type orderPath struct {
	ID string `path:"id" maxLength:"64" doc:"Order ID or number."`
}

func (s *server) getOrder(ctx context.Context, in *orderPath) (*orderOutput, error) {
	o, err := s.deps.Sales.FindOrder(ctx, in.ID)
	if err != nil {
		return nil, err
	}
	return orderOut(o), nil
}

type actionInput struct {
	ID      string `path:"id" maxLength:"64"`
	IfMatch string `header:"If-Match" doc:"ETag of the version being acted on; or send version in the body."`
	// The body is optional: If-Match alone will do.
	Body *struct {
		Version int64 `json:"version,omitempty"`
	}
}

// action is the handler of a state change that takes only a version
// (If-Match or the body's version): act does it, out renders the result.
func action[T, O any](act func(context.Context, string, int64) (T, error), out func(T) *O) func(context.Context, *actionInput) (*O, error) {
	return func(ctx context.Context, in *actionInput) (*O, error) {
		pre, err := precondition(in)
		if err != nil {
			return nil, err
		}
		v, err := act(ctx, in.ID, pre.Version)
		if err != nil {
			return nil, pre.Check(err)
		}
		return out(v), nil
	}
}

type previewLineInput struct {
	CustomerID  string `query:"customer_id" required:"true" maxLength:"64"`
	ProductID   string `query:"product_id" required:"true" maxLength:"64"`
	Quantity    string `query:"quantity" default:"1" doc:"Decimal string."`
	Currency    string `query:"currency" maxLength:"3" doc:"Defaults to the customer's currency."`
	WarehouseID string `query:"warehouse_id" maxLength:"64"`
}

type previewLineOutput struct{ Body sales.LinePreview }

func (s *server) previewLine(ctx context.Context, in *previewLineInput) (*previewLineOutput, error) {
	q, err := money.ParseQuantity(in.Quantity)
	if err != nil {
		return nil, invalidQuantity("quantity", err)
	}
	p, err := s.deps.Sales.PreviewLine(ctx, sales.LineQuery{CustomerID: in.CustomerID, ProductID: in.ProductID, Quantity: q,
		Currency: in.Currency, WarehouseID: in.WarehouseID})
	if err != nil {
		return nil, err
	}
	return &previewLineOutput{Body: p}, nil
}

type quotationOutput struct {
	ETag     string `header:"ETag"`
	Location string `header:"Location"`
	Body     sales.Quotation
}

func quotationOut(q sales.Quotation) *quotationOutput {
	return &quotationOutput{ETag: httpx.ETag(q.Version), Location: "/api/v1/quotations/" + q.ID, Body: q}
}

type createQuotationInput struct {
	Body sales.QuotationInput
}

func (s *server) createQuotation(ctx context.Context, in *createQuotationInput) (*quotationOutput, error) {
	q, err := s.deps.Sales.CreateQuotation(ctx, in.Body)
	if err != nil {
		return nil, err
	}
	return quotationOut(q), nil
}

func (s *server) getQuotation(ctx context.Context, in *orderPath) (*quotationOutput, error) {
	q, err := s.deps.Sales.FindQuotation(ctx, in.ID)
	if err != nil {
		return nil, err
	}
	return quotationOut(q), nil
}

type reviseQuotationInput struct {
	ID      string `path:"id" maxLength:"64"`
	IfMatch string `header:"If-Match"`
	Body    struct {
		sales.QuotationInput
		Version int64 `json:"version,omitempty"`
	}
}

func (s *server) reviseQuotation(ctx context.Context, in *reviseQuotationInput) (*quotationOutput, error) {
	pre, err := httpx.ParsePrecondition(in.IfMatch, in.Body.Version)
	if err != nil {
		return nil, err
	}
	q, err := s.deps.Sales.ReviseQuotation(ctx, in.ID, in.Body.QuotationInput, pre.Version)
	if err != nil {
		return nil, pre.Check(err)
	}
	return quotationOut(q), nil
}

func (s *server) sendQuotation(ctx context.Context, in *actionInput) (*quotationOutput, error) {
	pre, err := precondition(in)
	if err != nil {
		return nil, err
	}
	q, err := s.deps.Sales.SendQuotation(ctx, in.ID, pre.Version)
	if err != nil {
		return nil, pre.Check(err)
	}
	return quotationOut(q), nil
}

// Converted is a quotation accepted as an order.
type Converted struct {
	Quotation sales.Quotation `json:"quotation"`
	Order     sales.Order     `json:"order"`
}

type convertedOutput struct {
	Location string `header:"Location"`
	Body     Converted
}

func (s *server) convertQuotation(ctx context.Context, in *actionInput) (*convertedOutput, error) {
	pre, err := precondition(in)
	if err != nil {
		return nil, err
	}
	q, o, err := s.deps.Sales.ConvertQuotation(ctx, in.ID, pre.Version)
	if err != nil {
		return nil, pre.Check(err)
	}
	return &convertedOutput{Location: "/api/v1/sales-orders/" + o.ID, Body: Converted{Quotation: q, Order: o}}, nil
}

func precondition(in *actionInput) (httpx.Precondition, error) {
	var version int64
	if in.Body != nil {
		version = in.Body.Version
	}
	return httpx.ParsePrecondition(in.IfMatch, version)
}

// Shipments

type shipmentOutput struct {
	ETag     string `header:"ETag"`
	Location string `header:"Location"`
	Body     sales.Shipment
}

func shipmentOut(sh sales.Shipment) *shipmentOutput {
	return &shipmentOutput{ETag: httpx.ETag(sh.Version), Location: "/api/v1/shipments/" + sh.ID, Body: sh}
}

type listShipmentsInput struct {
	page.Params
	Status  string `query:"status" enum:"to_pick,picked,packed,shipped,delivered,cancelled"`
	OrderID string `query:"order_id" maxLength:"64"`
	Sort    string `query:"sort" maxLength:"20" doc:"created (the default, oldest first), number, status or carrier; - first for descending."`
}

type shipmentsOutput struct{ Body page.List[sales.Shipment] }

func (s *server) listShipments(ctx context.Context, in *listShipmentsInput) (*shipmentsOutput, error) {
	sort, err := page.ParseSort(in.Sort, sales.ShipmentSorts, "created")
	if err != nil {
		return nil, err
	}
	f := sales.ShipmentFilter{Status: in.Status, OrderID: in.OrderID, Sort: sort, Limit: in.PageSize() + 1}
	if f.After, err = decodeCursor(in.After); err != nil {
		return nil, err
	}
	shs, err := s.deps.Sales.FindShipments(ctx, f)
	if err != nil {
		return nil, err
	}
	return &shipmentsOutput{Body: page.Build(shs, in.PageSize(), func(sh sales.Shipment) any {
		return page.Cursor{Value: sh.SortValue(sort.Field), ID: sh.ID}
	})}, nil
}

type createShipmentInput struct {
	Body sales.ShipmentInput
}

func (s *server) createShipment(ctx context.Context, in *createShipmentInput) (*shipmentOutput, error) {
	sh, err := s.deps.Sales.CreateShipment(ctx, in.Body)
	if err != nil {
		return nil, err
	}
	return shipmentOut(sh), nil
}

func (s *server) getShipment(ctx context.Context, in *idPath) (*shipmentOutput, error) {
	sh, err := s.deps.Sales.FindShipment(ctx, in.ID)
	if err != nil {
		return nil, err
	}
	return shipmentOut(sh), nil
}

type shipInput struct {
	ID      string `path:"id" maxLength:"64"`
	IfMatch string `header:"If-Match" doc:"ETag of the shipment version; or send version in the body."`
	// The body is optional: If-Match alone will do.
	Body *struct {
		sales.ShipInput
		Version int64 `json:"version,omitempty"`
	}
}

func (s *server) ship(ctx context.Context, in *shipInput) (*shipmentOutput, error) {
	var body sales.ShipInput
	var version int64
	if in.Body != nil {
		body, version = in.Body.ShipInput, in.Body.Version
	}
	pre, err := httpx.ParsePrecondition(in.IfMatch, version)
	if err != nil {
		return nil, err
	}
	sh, err := s.deps.Sales.Ship(ctx, in.ID, body, pre.Version)
	if err != nil {
		return nil, pre.Check(err)
	}
	return shipmentOut(sh), nil
}

type listQuotationsInput struct {
	page.Params
	Status     string `query:"status" enum:"draft,sent,accepted"`
	CustomerID string `query:"customer_id" maxLength:"64"`
	Open       bool   `query:"open" doc:"Only drafts and sent quotations still valid."`
	Q          string `query:"q" maxLength:"100" doc:"Part of the quotation number, any case."`
	Sort       string `query:"sort" maxLength:"20" doc:"created (the default, newest first as -created), number, valid_until, total or status; - first for descending."`
}

type quotationsOutput struct{ Body page.List[sales.Quotation] }

func (s *server) listQuotations(ctx context.Context, in *listQuotationsInput) (*quotationsOutput, error) {
	sort, err := page.ParseSort(in.Sort, sales.QuotationSorts, "-created")
	if err != nil {
		return nil, err
	}
	f := sales.QuotationFilter{Status: in.Status, CustomerID: in.CustomerID, Open: in.Open, Q: in.Q, Sort: sort, Limit: in.PageSize() + 1}
	if f.After, err = decodeCursor(in.After); err != nil {
		return nil, err
	}
	qs, err := s.deps.Sales.FindQuotations(ctx, f)
	if err != nil {
		return nil, err
	}
	return &quotationsOutput{Body: page.Build(qs, in.PageSize(), func(q sales.Quotation) any {
		return page.Cursor{Value: q.SortValue(sort.Field), ID: q.ID}
	})}, nil
}
