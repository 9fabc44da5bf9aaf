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

// OrderCounts returns how many orders of a customer (that the principal
// may see) are in each status.
func (s *Service) OrderCounts(ctx context.Context, customerID string) (map[string]int, error) {
	actor, err := principal(ctx)
	if err != nil {
		return nil, err
	}
	owner := ""
	if !actor.CanAll("sales.order") {
		owner = actor.UserID
	}
	rows, err := s.db.QueryContext(ctx, `SELECT status, COUNT(*) FROM sales_order WHERE customer_id = $1 AND ($2 = '' OR owner_id = $2)
		GROUP BY status`, customerID, owner)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]int{}
	for rows.Next() {
		var status string
		var n int
		if err := rows.Scan(&status, &n); err != nil {
			return nil, err
		}
		out[status] = n
	}
	return out, rows.Err()
}

// OrderOwners returns the sales rep of each order, by order ID.
func (s *Service) OrderOwners(ctx context.Context) (map[string]string, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT id, owner_id FROM sales_order`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]string{}
	for rows.Next() {
		var id, owner string
		if err := rows.Scan(&id, &owner); err != nil {
			return nil, err
		}
		out[id] = owner
	}
	return out, rows.Err()
}
