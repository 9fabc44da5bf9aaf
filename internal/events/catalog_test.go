package events_test

import (
	"encoding/json"
	"errors"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/concord-erp/concord/internal/events"
	"github.com/concord-erp/concord/internal/platform/money"
	"github.com/concord-erp/concord/internal/platform/outbox"
)

type thing struct {
	ID     string       `json:"id"`
	Price  money.Amount `json:"price"`
	Status string       `json:"status" enum:"open,closed"`
	Closed *time.Time   `json:"closed_at" nullable:"true"`
}

func TestCatalogValidatesEnvelopesAndRefusesUnknownTypes(t *testing.T) {
	cat, err := events.NewCatalog([]outbox.Type{{Name: "shop.thing.opened.v1", Aggregate: "thing", Summary: "A thing opened.", Payload: thing{}}})
	require.NoError(t, err)
	ok, _ := json.Marshal(thing{ID: "t_1", Price: money.New(1250, "EUR"), Status: "open"})
	ev := outbox.Event{ID: "evt_1", Type: "shop.thing.opened.v1", AggregateType: "thing", AggregateID: "t_1", Payload: ok, OccurredAt: time.Now(), Actor: "usr_1"}
	require.NoError(t, cat.Validate(ev))

	bad := ev
	bad.Payload = json.RawMessage(`{"id":"t_1","price":{"amount":12.5,"currency":"EUR"},"status":"open","closed_at":null}`)
	require.Error(t, cat.Validate(bad), "an amount as a JSON number")
	bad.Payload = json.RawMessage(`{"id":"t_1","price":{"amount":"12.50","currency":"EUR"},"status":"lost","closed_at":null}`)
	require.Error(t, cat.Validate(bad), "a status outside the enum")
	bad.Payload = json.RawMessage(`{"id":"t_1"}`)
	require.Error(t, cat.Validate(bad), "missing fields")
	bad = ev
	bad.AggregateType = "other"
	require.Error(t, cat.Validate(bad), "the wrong aggregate")

	unknown := ev
	unknown.Type = "shop.thing.vanished.v1"
	require.True(t, errors.Is(cat.Validate(unknown), events.ErrUnknownType))

	require.True(t, cat.Known("shop.thing.*"))
	require.True(t, cat.Known("shop.thing.opened.v1"))
	require.False(t, cat.Known("shop.other.*"))

	_, err = events.NewCatalog([]outbox.Type{{Name: "Shop Thing", Aggregate: "x", Summary: "x", Payload: thing{}}})
	require.Error(t, err, "a malformed name")
	_, err = events.NewCatalog([]outbox.Type{{Name: "a.b.c.v1", Aggregate: "x", Summary: "x", Payload: thing{}}, {Name: "a.b.c.v1", Aggregate: "x", Summary: "x", Payload: thing{}}})
	require.Error(t, err, "a type declared twice")
}
