package app_test

import (
	"testing"

	"github.com/stretchr/testify/require"
)

// TestTicketLifecycle follows a ticket through its statuses with
// messages, notes and CSAT, and checks the rules a user would hit: links
// must be the customer's, versions guard changes, a resolution is rated
// once, a closed ticket takes nothing more; the customer overview lists the
// ticket and the knowledge base suggests articles from its text.
func TestTicketLifecycle(t *testing.T) {
	forEngine(t, func(t *testing.T, e *env) {
		f := newSupportFixture(t, e)
		f.agent(t, "ann@example.com", true, "technical")
		rep := e.token(e.user("ray2@example.com", "sales_rep"))
		var other struct{ ID string }
		e.do(rep, "POST", "/api/v1/parties", map[string]any{"roles": []string{"customer"}, "legal_name": "Other Co", "currency": "EUR"}).JSON(t, &other)
		// A sales rep may open tickets too; links are checked.
		r := e.do(rep, "POST", "/api/v1/tickets", map[string]any{"customer_id": other.ID, "channel": "phone", "subject": "x",
			"category": "technical", "product_id": "NOPE", "contact_email": "not-an-email"})
		require.Equal(t, 422, r.Status, "%s", r.Body)
		codes := fieldCodes(t, r)
		require.Equal(t, "invalid", codes["contact_email"])
		r = e.do(rep, "POST", "/api/v1/tickets", map[string]any{"customer_id": other.ID, "channel": "phone", "subject": "x",
			"category": "technical", "product_id": "NOPE"})
		require.Equal(t, "not_found", fieldCodes(t, r)["product_id"])
		r = e.do(rep, "POST", "/api/v1/tickets", map[string]any{"customer_id": "CUST-NOPE", "channel": "fax", "subject": "x", "category": "technical"})
		require.Equal(t, 422, r.Status)

		tk := f.ticket(t, map[string]any{"subject": "Printer driver crashes when printing labels", "category": "Technical",
			"description": "The label printer stops after two pages.", "contact_name": "Thomas Hardy", "contact_email": "thomas@horn.example"})
		require.Equal(t, "new", tk.Status)
		require.Equal(t, "technical", tk.Category)
		require.Equal(t, "skill_least_load", tk.AssignmentRule)
		require.Regexp(t, `^TK-\d{4}-00001$`, tk.Number)

		// An internal note is not a response; a public answer is, and opens the ticket.
		r = e.do(f.boss, "POST", "/api/v1/tickets/"+tk.ID+"/messages", map[string]any{"kind": "internal", "body": "Known driver bug"})
		require.Equal(t, 201, r.Status, "%s", r.Body)
		r.JSON(t, &tk)
		require.Equal(t, "new", tk.Status)
		require.Nil(t, tk.SLA.FirstRespondedAt)
		r = e.do(f.boss, "POST", "/api/v1/tickets/"+tk.ID+"/messages", map[string]any{"kind": "public", "body": "Please install driver 2.1."})
		r.JSON(t, &tk)
		require.Equal(t, "open", tk.Status)
		require.NotNil(t, tk.SLA.FirstRespondedAt)
		require.Len(t, tk.Messages, 2)
		require.Equal(t, "sue@example.com", tk.Messages[1].AuthorName)

		// Versions guard changes.
		r = e.do(f.boss, "POST", "/api/v1/tickets/"+tk.ID+"/status", map[string]any{"status": "pending_customer"}, "If-Match", `"1"`)
		require.Equal(t, 412, r.Status, "%s", r.Body)
		r = e.do(f.boss, "POST", "/api/v1/tickets/"+tk.ID+"/status", map[string]any{"status": "pending_customer"})
		require.Equal(t, 428, r.Status)
		r = e.do(f.boss, "POST", "/api/v1/tickets/"+tk.ID+"/status", map[string]any{"status": "pending_customer", "version": tk.Version})
		require.Equal(t, 200, r.Status, "%s", r.Body)
		r.JSON(t, &tk)
		// The customer's reply brings it back.
		r = e.do(f.boss, "POST", "/api/v1/tickets/"+tk.ID+"/messages", map[string]any{"kind": "public", "body": "Installed, works.", "from_customer": true})
		r.JSON(t, &tk)
		require.Equal(t, "open", tk.Status)
		require.Equal(t, "Thomas Hardy", tk.Messages[2].AuthorName)
		// Rating before resolution is refused; after it, once.
		r = e.do(f.boss, "POST", "/api/v1/tickets/"+tk.ID+"/csat", map[string]any{"score": 5})
		require.Equal(t, "not_resolved", code(t, r))
		r = e.do(f.boss, "POST", "/api/v1/tickets/"+tk.ID+"/status", map[string]any{"status": "closed", "version": tk.Version})
		require.Equal(t, "invalid_transition", code(t, r))
		r = e.do(f.boss, "POST", "/api/v1/tickets/"+tk.ID+"/status", map[string]any{"status": "resolved", "version": tk.Version})
		r.JSON(t, &tk)
		require.Equal(t, "resolved", tk.Status)
		require.Len(t, tk.Messages, 3, "every answer carries the conversation")
		r = e.do(f.boss, "POST", "/api/v1/tickets/"+tk.ID+"/csat", map[string]any{"score": 6})
		require.Equal(t, 422, r.Status)
		r = e.do(f.boss, "POST", "/api/v1/tickets/"+tk.ID+"/csat", map[string]any{"score": 4, "comment": "Quick"})
		require.Equal(t, 200, r.Status, "%s", r.Body)
		r = e.do(f.boss, "POST", "/api/v1/tickets/"+tk.ID+"/csat", map[string]any{"score": 1})
		require.Equal(t, "csat_already_given", code(t, r))
		r.JSON(t, &struct{}{})
		r = e.do(f.boss, "GET", "/api/v1/tickets/"+tk.ID, nil)
		r.JSON(t, &tk)
		// Reopened and resolved again, it may be rated again.
		r = e.do(f.boss, "POST", "/api/v1/tickets/"+tk.ID+"/status", map[string]any{"status": "open", "version": tk.Version})
		r.JSON(t, &tk)
		r = e.do(f.boss, "POST", "/api/v1/tickets/"+tk.ID+"/status", map[string]any{"status": "resolved", "version": tk.Version})
		r.JSON(t, &tk)
		require.Equal(t, 2, tk.Resolutions)
		r = e.do(f.boss, "POST", "/api/v1/tickets/"+tk.ID+"/csat", map[string]any{"score": 5})
		r.JSON(t, &tk)
		require.Equal(t, 5, tk.CSAT.Score)
		require.Equal(t, 2, tk.CSAT.Resolution)
		r = e.do(f.boss, "POST", "/api/v1/tickets/"+tk.ID+"/status", map[string]any{"status": "closed", "version": tk.Version})
		r.JSON(t, &tk)
		r = e.do(f.boss, "POST", "/api/v1/tickets/"+tk.ID+"/messages", map[string]any{"kind": "public", "body": "more"})
		require.Equal(t, "ticket_closed", code(t, r))
		require.Equal(t, []string{"support.ticket.created.v1", "support.ticket.assigned.v1", "support.ticket.note_added.v1",
			"support.ticket.message_added.v1", "support.ticket.status_changed.v1", "support.ticket.status_changed.v1",
			"support.ticket.message_added.v1", "support.ticket.status_changed.v1", "support.ticket.status_changed.v1",
			"support.ticket.resolved.v1", "support.ticket.rated.v1", "support.ticket.status_changed.v1", "support.ticket.status_changed.v1",
			"support.ticket.resolved.v1", "support.ticket.rated.v1", "support.ticket.status_changed.v1"}, ticketEvents(t, e, tk.ID))

		// Queues: mine, unassigned, by status.
		var list struct {
			Data []ticketJSON
		}
		e.do(f.boss, "GET", "/api/v1/tickets?status=closed", nil).JSON(t, &list)
		require.Len(t, list.Data, 1)
		e.do(f.boss, "GET", "/api/v1/tickets?status=new,open", nil).JSON(t, &list)
		require.Empty(t, list.Data)
		r = e.do(f.boss, "GET", "/api/v1/tickets?status=bogus", nil)
		require.Equal(t, 422, r.Status)

		// The customer overview lists the ticket.
		var ov struct {
			Tickets     []ticketJSON `json:"tickets"`
			OpenTickets int          `json:"open_tickets"`
		}
		e.do(f.boss, "GET", "/api/v1/parties/"+f.customer+"/overview", nil).JSON(t, &ov)
		require.Len(t, ov.Tickets, 1)
		require.Zero(t, ov.OpenTickets)

		// Knowledge base: full-text search with English stems, published
		// articles suggested from the ticket's words.
		for _, a := range []map[string]any{
			{"title": "Installing label printers", "body": "Download the driver and restart the printing service.", "published": true,
				"title_zh": "安装标签打印机", "category": "technical"},
			{"title": "Returning damaged goods", "body": "Open a ticket and we authorize a return.", "published": true},
			{"title": "Printer firmware (draft)", "body": "Unreleased notes on printer firmware.", "published": false},
		} {
			r := e.do(f.boss, "POST", "/api/v1/kb/articles", a)
			require.Equal(t, 201, r.Status, "%s", r.Body)
		}
		var arts struct {
			Data []struct {
				ID        string `json:"id"`
				Title     string `json:"title"`
				Version   int64  `json:"version"`
				Published bool   `json:"published"`
			}
		}
		e.do(f.boss, "GET", "/api/v1/kb/articles?q=printer", nil).JSON(t, &arts)
		require.Len(t, arts.Data, 2, "printers and printer both match printer")
		e.do(f.boss, "GET", "/api/v1/kb/articles?q=printer&published=true", nil).JSON(t, &arts)
		require.Len(t, arts.Data, 1)
		e.do(f.boss, "GET", "/api/v1/kb/articles?q=printer+damaged", nil).JSON(t, &arts)
		require.Empty(t, arts.Data, "every word must occur")
		e.do(f.boss, "GET", `/api/v1/kb/articles?q=%22)%20OR%20*`, nil).JSON(t, &arts)
		require.Empty(t, arts.Data, "search syntax is not passed through")
		e.do(f.boss, "GET", "/api/v1/tickets/"+tk.ID+"/suggestions", nil).JSON(t, &arts)
		require.NotEmpty(t, arts.Data)
		require.Equal(t, "Installing label printers", arts.Data[0].Title)
		for _, a := range arts.Data {
			require.True(t, a.Published)
		}
		// Editing reindexes.
		e.do(f.boss, "GET", "/api/v1/kb/articles?q=damaged", nil).JSON(t, &arts)
		require.Len(t, arts.Data, 1)
		r = e.do(f.boss, "PUT", "/api/v1/kb/articles/"+arts.Data[0].ID, map[string]any{"title": "Returning broken goods",
			"body": "Open a ticket.", "published": true, "version": arts.Data[0].Version})
		require.Equal(t, 200, r.Status, "%s", r.Body)
		e.do(f.boss, "GET", "/api/v1/kb/articles?q=damaged", nil).JSON(t, &arts)
		require.Empty(t, arts.Data)
	})
}
