package inventory_test

import (
	"context"
	"sync"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/concord-erp/concord/internal/inventory"
	"github.com/concord-erp/concord/internal/platform/apperr"
	"github.com/concord-erp/concord/internal/platform/authz"
	"github.com/concord-erp/concord/internal/platform/db"
	"github.com/concord-erp/concord/internal/platform/db/dbtest"
	"github.com/concord-erp/concord/internal/platform/money"
)

func stockedAlways(context.Context, string) (bool, error) { return true, nil }

func qty(n int64) money.Quantity { return money.QuantityFromInt(n) }

// TestReservationsNeverOversell: 50 concurrent reservations of 1 unit
// against 10 available: exactly 10 succeed, stock never goes negative and
// is never double-reserved, on both engines.
func TestReservationsNeverOversell(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, d *db.DB) {
		ctx := authz.WithPrincipal(context.Background(), authz.System("test"))
		svc := inventory.NewService(d, stockedAlways, nil, nil)
		w, err := svc.CreateWarehouse(ctx, inventory.WarehouseInput{Code: "WH1", Name: "Main",
			Locations: []inventory.Location{{Code: "A", Type: "storage"}}})
		require.NoError(t, err)
		_, err = svc.Adjust(ctx, inventory.AdjustmentInput{ProductID: "prd_1", LocationID: w.Locations[0].ID, Quantity: qty(10), Reason: "count"})
		require.NoError(t, err)

		const n = 50
		var wg sync.WaitGroup
		results := make([]error, n)
		ref := func(i int) string { return "so_" + string(rune('A'+i%26)) + string(rune('a'+i/26)) }
		for i := range n {
			wg.Add(1)
			go func() {
				defer wg.Done()
				results[i] = d.InTx(ctx, func(tx *db.Tx) error {
					return svc.ReserveTx(ctx, tx, inventory.Reservation{ProductID: "prd_1", WarehouseID: w.ID, Quantity: qty(1), Reference: ref(i)})
				})
			}()
		}
		wg.Wait()
		ok, short := 0, 0
		held := ""
		for i, err := range results {
			switch {
			case err == nil:
				ok++
				held = ref(i)
			case apperr.CodeOf(err) == "insufficient_stock":
				short++
			default:
				t.Fatalf("unexpected error: %v", err)
			}
		}
		require.Equal(t, 10, ok)
		require.Equal(t, 40, short)
		a, err := svc.Availability(ctx, "prd_1", w.ID)
		require.NoError(t, err)
		require.Equal(t, "10", a.OnHand.String())
		require.Equal(t, "10", a.Reserved.String())
		require.Equal(t, "0", a.Available.String())

		// Reserved stock cannot be adjusted away; released stock can.
		_, err = svc.Adjust(ctx, inventory.AdjustmentInput{ProductID: "prd_1", LocationID: w.Locations[0].ID, Quantity: qty(-1), Reason: "damage"})
		require.Equal(t, "insufficient_stock", apperr.CodeOf(err))
		var released []inventory.Reservation
		require.NoError(t, d.InTx(ctx, func(tx *db.Tx) error {
			var err error
			released, err = svc.ReleaseTx(ctx, tx, held)
			return err
		}))
		require.Len(t, released, 1)
		_, err = svc.Adjust(ctx, inventory.AdjustmentInput{ProductID: "prd_1", LocationID: w.Locations[0].ID, Quantity: qty(-1), Reason: "damage"})
		require.NoError(t, err)
		a, err = svc.Availability(ctx, "prd_1", "")
		require.NoError(t, err)
		require.Equal(t, "9", a.OnHand.String())
		require.Equal(t, "9", a.Reserved.String())

		moves, err := svc.FindMoves(ctx, "prd_1", 10)
		require.NoError(t, err)
		require.Len(t, moves, 2, "every change is a move")
	})
}
