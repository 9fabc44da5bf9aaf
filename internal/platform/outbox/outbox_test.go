package outbox_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/concord-erp/concord/internal/platform/db"
	"github.com/concord-erp/concord/internal/platform/db/dbtest"
	"github.com/concord-erp/concord/internal/platform/outbox"
)

type orderConfirmed struct {
	OrderID string `json:"order_id"`
	Number  string `json:"number"`
}

func TestAppendCommitsWithTheChangeOrNotAtAll(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		ev := outbox.New{Type: "sales.order.confirmed.v1", AggregateType: "sales_order", AggregateID: "so_1",
			Payload: orderConfirmed{OrderID: "so_1", Number: "SO-2026-00001"}}

		boom := errors.New("reservation failed")
		err := d.InTx(ctx, func(tx *db.Tx) error {
			_, err := outbox.Append(ctx, tx, ev)
			require.NoError(t, err)
			return boom
		})
		require.ErrorIs(t, err, boom)
		got, err := outbox.After(ctx, d, 0, 10)
		require.NoError(t, err)
		require.Empty(t, got, "a rolled-back use case leaves no event")

		var stored outbox.Event
		var txTime time.Time
		require.NoError(t, d.InTx(ctx, func(tx *db.Tx) error {
			txTime = tx.Now()
			var err error
			stored, err = outbox.Append(ctx, tx, ev)
			if err != nil {
				return err
			}
			ev2 := ev
			ev2.Type = "sales.order.reserved.v1"
			_, err = outbox.Append(ctx, tx, ev2)
			return err
		}))
		got, err = outbox.After(ctx, d, 0, 10)
		require.NoError(t, err)
		require.Len(t, got, 2)
		require.Equal(t, stored.ID, got[0].ID)
		require.Regexp(t, `^evt_`, got[0].ID)
		require.Equal(t, "sales.order.confirmed.v1", got[0].Type)
		require.Equal(t, "sales.order.reserved.v1", got[1].Type, "events come back in append order")
		require.JSONEq(t, `{"order_id":"so_1","number":"SO-2026-00001"}`, string(got[0].Payload))
		require.True(t, txTime.Equal(got[0].OccurredAt), "occurred_at is the transaction time: %v vs %v", txTime, got[0].OccurredAt)

		rest, err := outbox.After(ctx, d, got[0].Seq, 10)
		require.NoError(t, err)
		require.Len(t, rest, 1)
		require.Equal(t, got[1].ID, rest[0].ID)
	})
}

func TestAppendRejectsIncompleteEvents(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		err := d.InTx(ctx, func(tx *db.Tx) error {
			_, err := outbox.Append(ctx, tx, outbox.New{Type: "x.v1"})
			return err
		})
		require.Error(t, err)
		err = d.InTx(ctx, func(tx *db.Tx) error {
			_, err := outbox.Append(ctx, tx, outbox.New{Type: "x.v1", AggregateType: "x", AggregateID: "x_1", Payload: func() {}})
			return err
		})
		require.Error(t, err, "a payload that cannot be marshalled is refused")
	})
}
