package sales

import (
	"context"
	"encoding/json"
	"time"

	"github.com/concord-erp/concord/internal/platform/outbox"
)

// TimelineEntry is one event that concerned a customer.
type TimelineEntry struct {
	OccurredAt   time.Time `json:"occurred_at"`
	Type         string    `json:"type" doc:"The event type, e.g. sales.order.confirmed.v1."`
	ResourceType string    `json:"resource_type" doc:"party, sales_order or sales_quotation."`
	ResourceID   string    `json:"resource_id"`
	Number       string    `json:"number,omitempty" doc:"The document's number, when it has one."`
	Status       string    `json:"status,omitempty" doc:"The document's status after the event."`
	Title        string    `json:"title,omitempty" doc:"What an activity was about (for activities)."`
}

// timelineDocuments bounds how many of a customer's latest orders and
// quotations the timeline looks at, so it stays fast for a customer with
// a long history.
const timelineDocuments = 100

// CustomerTimeline returns the latest events about a customer: the party,
// and their latest orders (with shipments) and quotations; billing's
// events are about the party. Errors: not_found.
func (s *Service) CustomerTimeline(ctx context.Context, customerID string, limit int) ([]TimelineEntry, error) {
	cust, err := s.parties.FindParty(ctx, customerID)
	if err != nil {
		return nil, err
	}
	refs := []outbox.Ref{{Type: "party", ID: cust.ID}}
	for _, table := range []struct{ name, aggregate string }{{"sales_order", "sales_order"}, {"sales_quotation", "sales_quotation"}} {
		rows, err := s.db.QueryContext(ctx, `SELECT id FROM `+table.name+` WHERE customer_id = $1 ORDER BY id DESC LIMIT $2`, cust.ID, timelineDocuments)
		if err != nil {
			return nil, err
		}
		for rows.Next() {
			var id string
			if err := rows.Scan(&id); err != nil {
				rows.Close()
				return nil, err
			}
			refs = append(refs, outbox.Ref{Type: table.aggregate, ID: id})
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
	}
	events, err := outbox.About(ctx, s.db, refs, limit)
	if err != nil {
		return nil, err
	}
	out := make([]TimelineEntry, 0, len(events))
	for _, e := range events {
		var doc struct {
			Number string `json:"number"`
			Status string `json:"status"`
		}
		_ = json.Unmarshal(e.Payload, &doc) // a payload without them is still an entry
		out = append(out, TimelineEntry{OccurredAt: e.OccurredAt, Type: e.Type, ResourceType: e.AggregateType, ResourceID: e.AggregateID,
			Number: doc.Number, Status: doc.Status})
	}
	return out, nil
}
