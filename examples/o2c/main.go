// Command o2c runs Concord's order-to-cash flow against a running server
// through the generated Go client (package client), as an integrator's
// program would: a warehouse with stock, a product, a customer, an order
// confirmed (reserving stock), shipped, invoiced, posted and paid, then the
// order's events read back from the events feed. It exits non-zero at the
// first step that does not give what the API documents.
//
// Usage: CONCORD_URL=http://127.0.0.1:8080 CONCORD_TOKEN=cnd_… go run ./examples/o2c
package main

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"os"
	"strconv"
	"time"

	"github.com/concord-erp/concord/client"
)

func main() {
	if err := run(context.Background(), os.Getenv("CONCORD_URL"), os.Getenv("CONCORD_TOKEN")); err != nil {
		fmt.Fprintln(os.Stderr, "o2c:", err)
		os.Exit(1)
	}
}

func ptr[T any](v T) *T { return &v }

// check turns a response that is not the expected status into an error.
func check(step string, status int, body []byte, want int) error {
	if status != want {
		return fmt.Errorf("%s: HTTP %d, want %d: %s", step, status, want, body)
	}
	return nil
}

func run(ctx context.Context, base, token string) error {
	if base == "" || token == "" {
		return errors.New("set CONCORD_URL and CONCORD_TOKEN (an API token: concord token create)")
	}
	c, err := client.NewClientWithResponses(base, client.WithRequestEditorFn(func(_ context.Context, r *http.Request) error {
		r.Header.Set("Authorization", "Bearer "+token)
		return nil
	}))
	if err != nil {
		return err
	}
	suffix := strconv.FormatInt(time.Now().UnixNano()%1_000_000_000, 36) // codes unique per run

	wh, err := c.CreateWarehouseWithResponse(ctx, client.CreateWarehouseJSONRequestBody{Code: "O2C" + suffix, Name: "Example warehouse",
		Locations: &[]client.InventoryLocation{{Code: "A1", Type: "storage"}}})
	if err != nil {
		return err
	}
	if err := check("create warehouse", wh.StatusCode(), wh.Body, 201); err != nil {
		return err
	}
	loc := *(*wh.JSON201.Locations)[0].Id

	prod, err := c.CreateProductWithResponse(ctx, client.CreateProductJSONRequestBody{Code: "O2C-" + suffix, Name: "Example widget",
		ListPrice: client.Amount{Amount: "25.00", Currency: "EUR"}, StandardCost: &client.Amount{Amount: "10.00", Currency: "EUR"}})
	if err != nil {
		return err
	}
	if err := check("create product", prod.StatusCode(), prod.Body, 201); err != nil {
		return err
	}
	productID := prod.JSON201.Id

	adj, err := c.AdjustStockWithResponse(ctx, client.AdjustStockJSONRequestBody{ProductId: productID, LocationId: loc, Quantity: "10", Reason: "opening stock"})
	if err != nil {
		return err
	}
	if err := check("adjust stock", adj.StatusCode(), adj.Body, 201); err != nil {
		return err
	}

	cust, err := c.CreatePartyWithResponse(ctx, client.CreatePartyJSONRequestBody{LegalName: "Example Customer " + suffix,
		Roles: &[]string{"customer"}, Currency: ptr("EUR"), AllowDuplicate: ptr(true)})
	if err != nil {
		return err
	}
	if err := check("create customer", cust.StatusCode(), cust.Body, 201); err != nil {
		return err
	}
	customerID := cust.JSON201.Id

	order, err := c.CreateSalesOrderWithResponse(ctx, client.CreateSalesOrderJSONRequestBody{CustomerId: customerID,
		Lines: &[]client.SalesLineInput{{ProductId: productID, Quantity: "4"}}})
	if err != nil {
		return err
	}
	if err := check("create order", order.StatusCode(), order.Body, 201); err != nil {
		return err
	}
	o := order.JSON201
	fmt.Printf("order %s: %s %s, total %s %s\n", o.Number, o.Id, o.Status, o.Total.Amount, o.Total.Currency)

	conf, err := c.ConfirmSalesOrderWithResponse(ctx, o.Id, &client.ConfirmSalesOrderParams{IfMatch: ptr(`"` + strconv.FormatInt(o.Version, 10) + `"`)},
		client.ConfirmSalesOrderJSONRequestBody{})
	if err != nil {
		return err
	}
	if err := check("confirm order", conf.StatusCode(), conf.Body, 200); err != nil {
		return err
	}
	if conf.JSON200.Status != "confirmed" {
		return fmt.Errorf("confirm order: status %s, want confirmed", conf.JSON200.Status)
	}
	fmt.Println("confirmed; stock reserved")

	sh, err := c.CreateShipmentWithResponse(ctx, client.CreateShipmentJSONRequestBody{OrderId: o.Id})
	if err != nil {
		return err
	}
	if err := check("create shipment", sh.StatusCode(), sh.Body, 201); err != nil {
		return err
	}
	shipped, err := c.ShipShipmentWithResponse(ctx, sh.JSON201.Id, &client.ShipShipmentParams{}, client.ShipShipmentJSONRequestBody{
		Version: ptr(sh.JSON201.Version), Carrier: ptr("DHL"), TrackingNumber: ptr("JD0146" + suffix)})
	if err != nil {
		return err
	}
	if err := check("ship", shipped.StatusCode(), shipped.Body, 200); err != nil {
		return err
	}
	fmt.Printf("shipment %s shipped with DHL\n", shipped.JSON200.Number)

	inv, err := c.CreateInvoiceWithResponse(ctx, client.CreateInvoiceJSONRequestBody{OrderId: o.Id})
	if err != nil {
		return err
	}
	if err := check("create invoice", inv.StatusCode(), inv.Body, 201); err != nil {
		return err
	}
	posted, err := c.PostInvoiceWithResponse(ctx, inv.JSON201.Id, &client.PostInvoiceParams{}, client.PostInvoiceJSONRequestBody{Version: ptr(inv.JSON201.Version)})
	if err != nil {
		return err
	}
	if err := check("post invoice", posted.StatusCode(), posted.Body, 200); err != nil {
		return err
	}
	total := posted.JSON200.Total
	fmt.Printf("invoice %s posted: %s %s\n", *posted.JSON200.Number, total.Amount, total.Currency)

	pay, err := c.ReceivePaymentWithResponse(ctx, client.ReceivePaymentJSONRequestBody{CustomerId: customerID,
		Amount: total, Method: client.BillingPaymentInputMethodBank, Reference: ptr("O2C example " + suffix),
		Allocations: &[]client.BillingAllocationInput{{InvoiceId: posted.JSON200.Id, Amount: total}}})
	if err != nil {
		return err
	}
	if err := check("receive payment", pay.StatusCode(), pay.Body, 201); err != nil {
		return err
	}

	final, err := c.GetSalesOrderWithResponse(ctx, o.Id)
	if err != nil {
		return err
	}
	if err := check("get order", final.StatusCode(), final.Body, 200); err != nil {
		return err
	}
	if final.JSON200.Status != "paid" {
		return fmt.Errorf("order %s is %s after payment, want paid", o.Number, final.JSON200.Status)
	}
	fmt.Printf("order %s is paid\n", o.Number)

	// The same story as events, from the pull feed (the fan-out publishes
	// within moments of the commits).
	var seen []string
	for range 50 {
		feed, err := c.ListEventsWithResponse(ctx, &client.ListEventsParams{Types: ptr("sales.order.*"), Limit: ptr(int64(1000))})
		if err != nil {
			return err
		}
		if err := check("events feed", feed.StatusCode(), feed.Body, 200); err != nil {
			return err
		}
		seen = seen[:0]
		for _, ev := range *feed.JSON200.Data {
			if ev.AggregateId == o.Id {
				seen = append(seen, ev.Type)
			}
		}
		if len(seen) > 0 && seen[len(seen)-1] == "sales.order.paid.v1" {
			fmt.Printf("events of %s: %v\n", o.Number, seen)
			return nil
		}
		time.Sleep(200 * time.Millisecond)
	}
	return fmt.Errorf("the events feed did not show %s paid; saw %v", o.Number, seen)
}
