package returns

import (
	"time"

	"github.com/concord-erp/concord/internal/platform/apperr"
	"github.com/concord-erp/concord/internal/platform/money"
)

// Statuses of a return: authorized → received → credited; an authorized
// return may be cancelled.
const (
	Authorized = "authorized"
	Received   = "received"
	Credited   = "credited"
	Cancelled  = "cancelled"
)

// Dispositions: what happens to received goods.
const (
	Restock = "restock"
	Scrap   = "scrap"
)

// Return is an RMA.
type Return struct {
	ID            string     `json:"id"`
	Number        string     `json:"number" doc:"Gap-free per year, e.g. RMA-2026-00042."`
	Status        string     `json:"status" enum:"authorized,received,credited,cancelled"`
	CustomerID    string     `json:"customer_id"`
	OrderID       string     `json:"order_id"`
	TicketID      string     `json:"ticket_id,omitempty" doc:"The ticket the return came from."`
	Reason        string     `json:"reason"`
	Disposition   string     `json:"disposition,omitempty" enum:"restock,scrap" doc:"Set when received."`
	LocationID    string     `json:"location_id,omitempty" doc:"Where restocked goods went."`
	Lines         []Line     `json:"lines"`
	CreditNoteIDs []string   `json:"credit_note_ids" doc:"The credit notes that credited it."`
	ReceivedAt    *time.Time `json:"received_at,omitempty"`
	CreditedAt    *time.Time `json:"credited_at,omitempty"`
	Version       int64      `json:"version"`
	CreatedAt     time.Time  `json:"created_at"`
	UpdatedAt     time.Time  `json:"updated_at"`
}

// Line is a quantity of an order line coming back.
type Line struct {
	OrderLine int            `json:"order_line" doc:"Index of the order line."`
	ProductID string         `json:"product_id"`
	Quantity  money.Quantity `json:"quantity"`
}

// AuthorizeInput authorizes a return from a delivered order, or from a
// ticket (whose order it defaults to).
type AuthorizeInput struct {
	OrderID  string      `json:"order_id,omitempty" maxLength:"64" doc:"Order ID or number; defaults to the ticket's order."`
	TicketID string      `json:"ticket_id,omitempty" maxLength:"64" doc:"Ticket ID or number."`
	Reason   string      `json:"reason" minLength:"1" maxLength:"500"`
	Lines    []LineInput `json:"lines" minItems:"1" maxItems:"200"`
}

// LineInput is a quantity of an order line to take back.
type LineInput struct {
	OrderLine int            `json:"order_line" minimum:"0"`
	Quantity  money.Quantity `json:"quantity"`
}

// ReceiveInput receives an authorized return.
type ReceiveInput struct {
	Disposition string `json:"disposition" enum:"restock,scrap"`
	LocationID  string `json:"location_id,omitempty" maxLength:"64" doc:"Required to restock: a location of the order's warehouse."`
	Version     int64  `json:"version,omitempty" doc:"The version being changed (or If-Match)."`
}

// Errors.
var (
	ErrInvalidState    = apperr.Conflict(apperr.CodeInvalidState, "the return's status does not allow this")
	ErrNotDelivered    = apperr.Conflict("not_delivered", "nothing of this order has been delivered")
	ErrNothingToCredit = apperr.Conflict("nothing_invoiced", "none of the returned quantities is invoiced: there is nothing to credit")
)
