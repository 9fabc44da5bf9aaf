package app_test

import (
	"sync"
	"testing"

	"github.com/stretchr/testify/require"
)

type shipmentJSON struct {
	ID             string `json:"id"`
	Number         string `json:"number"`
	Status         string `json:"status"`
	Carrier        string `json:"carrier"`
	TrackingNumber string `json:"tracking_number"`
	Version        int64  `json:"version"`
	Lines          []struct {
		OrderLine int    `json:"order_line"`
		Quantity  string `json:"quantity"`
	} `json:"lines"`
}

type orderStockJSON struct {
	Status  string `json:"status"`
	Version int64  `json:"version"`
	Lines   []struct {
		Reserved    string `json:"reserved"`
		Backordered string `json:"backordered"`
		Delivered   string `json:"delivered"`
	} `json:"lines"`
}

func (f approvalFixture) shipment(t *testing.T, orderID string, lines ...map[string]any) (int, shipmentJSON, string) {
	body := map[string]any{"order_id": orderID}
	if lines != nil {
		body["lines"] = lines
	}
	r := f.e.do(f.wh, "POST", "/api/v1/shipments", body)
	var sh shipmentJSON
	c := ""
	if r.Status == 201 {
		r.JSON(t, &sh)
	} else {
		c = code(t, r)
	}
	return r.Status, sh, c
}

func (f approvalFixture) ship(t *testing.T, sh shipmentJSON) shipmentJSON {
	r := f.e.do(f.wh, "POST", "/api/v1/shipments/"+sh.ID+"/ship", map[string]any{"carrier": "DHL", "tracking_number": "JD0123", "version": sh.Version})
	require.Equal(t, 200, r.Status, "%s", r.Body)
	r.JSON(t, &sh)
	return sh
}

func (f approvalFixture) orderStock(t *testing.T, orderID string) orderStockJSON {
	var o orderStockJSON
	f.e.do(f.rep, "GET", "/api/v1/sales-orders/"+orderID, nil).JSON(t, &o)
	return o
}

func (f approvalFixture) availability(t *testing.T) (onHand, reserved string) {
	var a struct{ OnHand, Reserved string }
	r := f.e.do(f.rep, "GET", "/api/v1/stock/availability?product_id="+f.product, nil)
	r.JSON(t, &struct {
		OnHand   *string `json:"on_hand"`
		Reserved *string `json:"reserved"`
	}{&a.OnHand, &a.Reserved})
	return a.OnHand, a.Reserved
}

// TestShipmentsDeliverOrders: partial shipments consume the reservation
// and move the stock out; the order goes partially_delivered, then
// delivered; a cancelled shipment leaves the stock reserved.
func TestShipmentsDeliverOrders(t *testing.T) {
	forEngine(t, func(t *testing.T, e *env) {
		f := newApprovalFixture(t, e, "10")
		r, o := f.confirm(t, f.orderWith(t, "6", "10.00", "0"))
		require.Equal(t, 200, r.Status, "%s", r.Body)

		status, _, _ := f.shipment(t, o.ID, map[string]any{"order_line": 0, "quantity": "7"})
		require.Equal(t, 422, status, "more than is reserved")
		r = e.do(f.rep, "POST", "/api/v1/shipments", map[string]any{"order_id": o.ID})
		require.Equal(t, 403, r.Status, "a sales rep does not ship")

		status, first, _ := f.shipment(t, o.ID, map[string]any{"order_line": 0, "quantity": "4"})
		require.Equal(t, 201, status)
		require.Equal(t, "to_pick", first.Status)
		r = e.do(f.rep, "POST", "/api/v1/sales-orders/"+o.ID+"/cancel", map[string]any{"version": o.Version})
		require.Equal(t, "open_shipments", code(t, r))
		r = e.do(f.wh, "POST", "/api/v1/shipments/"+first.ID+"/pick", map[string]any{"version": first.Version})
		require.Equal(t, 200, r.Status, "%s", r.Body)
		r.JSON(t, &first)
		r = e.do(f.wh, "POST", "/api/v1/shipments/"+first.ID+"/deliver", map[string]any{"version": first.Version})
		require.Equal(t, "invalid_state", code(t, r), "not shipped yet")
		first = f.ship(t, first)
		require.Equal(t, "shipped", first.Status)
		require.Equal(t, "JD0123", first.TrackingNumber)

		got := f.orderStock(t, o.ID)
		require.Equal(t, "partially_delivered", got.Status)
		require.Equal(t, "4", got.Lines[0].Delivered)
		require.Equal(t, "2", got.Lines[0].Reserved)
		onHand, reserved := f.availability(t)
		require.Equal(t, []string{"6", "2"}, []string{onHand, reserved})
		var moves struct {
			Data []struct{ Type, Reference string }
		}
		e.do(f.wh, "GET", "/api/v1/stock/moves?product_id="+f.product, nil).JSON(t, &moves)
		require.Equal(t, "delivery", moves.Data[0].Type)
		require.Equal(t, first.ID, moves.Data[0].Reference)

		// The rest: cancelled once (still reserved), then shipped.
		status, rest, _ := f.shipment(t, o.ID)
		require.Equal(t, 201, status)
		require.Equal(t, "2", rest.Lines[0].Quantity)
		status, _, c := f.shipment(t, o.ID)
		require.Equal(t, "nothing_to_ship", c, "%d", status)
		r = e.do(f.wh, "POST", "/api/v1/shipments/"+rest.ID+"/cancel", map[string]any{"version": rest.Version})
		require.Equal(t, 200, r.Status, "%s", r.Body)
		_, reserved = f.availability(t)
		require.Equal(t, "2", reserved)
		_, rest, _ = f.shipment(t, o.ID)
		f.ship(t, rest)
		got = f.orderStock(t, o.ID)
		require.Equal(t, "delivered", got.Status)
		require.Equal(t, "6", got.Lines[0].Delivered)
		onHand, reserved = f.availability(t)
		require.Equal(t, []string{"4", "0"}, []string{onHand, reserved})
		r = e.do(f.wh, "POST", "/api/v1/shipments/"+first.ID+"/deliver", map[string]any{"version": first.Version})
		require.Equal(t, 200, r.Status, "%s", r.Body)
		var queue struct{ Data []shipmentJSON }
		e.do(f.wh, "GET", "/api/v1/shipments?order_id="+o.ID+"&status=shipped", nil).JSON(t, &queue)
		require.Len(t, queue.Data, 1, "the second shipment is still with the carrier")
	})
}

// TestBackordersShipWhenStockArrives: the backordered quantity is reserved
// by the next shipment once stock has come in.
func TestBackordersShipWhenStockArrives(t *testing.T) {
	forEngine(t, func(t *testing.T, e *env) {
		f := newApprovalFixture(t, e, "4")
		f.updateCustomer(t, "accepts_backorders", true)
		r, o := f.confirm(t, f.orderWith(t, "10", "10.00", "0"))
		require.Equal(t, 200, r.Status, "%s", r.Body)
		_, sh, _ := f.shipment(t, o.ID)
		require.Equal(t, "4", sh.Lines[0].Quantity)
		f.ship(t, sh)
		_, _, c := f.shipment(t, o.ID)
		require.Equal(t, "nothing_to_ship", c)

		var w struct {
			Locations []struct{ ID string } `json:"locations"`
		}
		e.do(f.wh, "GET", "/api/v1/warehouses/"+f.whID, nil).JSON(t, &w)
		r = e.do(f.wh, "POST", "/api/v1/stock/adjustments", map[string]any{"product_id": f.product, "location_id": w.Locations[0].ID,
			"quantity": "8", "reason": "supplier delivery"})
		require.Equal(t, 201, r.Status, "%s", r.Body)
		_, sh, _ = f.shipment(t, o.ID)
		require.Equal(t, "6", sh.Lines[0].Quantity)
		got := f.orderStock(t, o.ID)
		require.Equal(t, "0", got.Lines[0].Backordered)
		require.Equal(t, "6", got.Lines[0].Reserved)
		f.ship(t, sh)
		got = f.orderStock(t, o.ID)
		require.Equal(t, "delivered", got.Status)
		onHand, reserved := f.availability(t)
		require.Equal(t, []string{"2", "0"}, []string{onHand, reserved})
	})
}

// TestConcurrentShipmentsTakeTheReservationOnce: two "ship everything"
// requests at once: one gets it all, the other nothing.
func TestConcurrentShipmentsTakeTheReservationOnce(t *testing.T) {
	forEngine(t, func(t *testing.T, e *env) {
		f := newApprovalFixture(t, e, "10")
		_, o := f.confirm(t, f.orderWith(t, "5", "10.00", "0"))
		statuses := make([]int, 4)
		var wg sync.WaitGroup
		for i := range statuses {
			wg.Add(1)
			go func() {
				defer wg.Done()
				statuses[i], _, _ = f.shipment(t, o.ID)
			}()
		}
		wg.Wait()
		require.ElementsMatch(t, []int{201, 409, 409, 409}, statuses)
	})
}
