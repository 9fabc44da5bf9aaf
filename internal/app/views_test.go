package app_test

import (
	"testing"

	"github.com/stretchr/testify/require"
)

// TestSavedViews: a user saves views of a list and sees only their own; a
// name is unique per user and list; another user can neither see nor
// delete them.
func TestSavedViews(t *testing.T) {
	forEngine(t, func(t *testing.T, e *env) {
		ana := e.token(e.user("ana@example.com", "sales_rep"))
		bob := e.token(e.user("bob@example.com", "sales_rep"))
		state := map[string]any{"status": "confirmed", "sort": "-total", "hidden": []string{"updated_at"}}
		r := e.do(ana, "POST", "/api/v1/saved-views", map[string]any{"list": "sales-orders", "name": "Big confirmed", "state": state})
		require.Equal(t, 201, r.Status, "%s", r.Body)
		var v struct{ ID string }
		r.JSON(t, &v)
		r = e.do(ana, "POST", "/api/v1/saved-views", map[string]any{"list": "sales-orders", "name": "Big confirmed", "state": state})
		require.Equal(t, 409, r.Status)
		require.Equal(t, "view_exists", code(t, r))
		r = e.do(bob, "POST", "/api/v1/saved-views", map[string]any{"list": "sales-orders", "name": "Big confirmed", "state": map[string]any{}})
		require.Equal(t, 201, r.Status, "the name is free for another user")
		r = e.do(ana, "POST", "/api/v1/saved-views", map[string]any{"list": "Sales Orders!", "name": "x", "state": map[string]any{}})
		require.Equal(t, 422, r.Status)
		require.Contains(t, string(r.Body), `"field":"list"`)

		var mine struct {
			Data []struct {
				ID, Name string
				State    map[string]any
			}
		}
		e.do(ana, "GET", "/api/v1/saved-views?list=sales-orders", nil).JSON(t, &mine)
		require.Len(t, mine.Data, 1)
		require.Equal(t, "-total", mine.Data[0].State["sort"], "the state comes back as saved")
		e.do(ana, "GET", "/api/v1/saved-views?list=invoices", nil).JSON(t, &mine)
		require.Empty(t, mine.Data)

		require.Equal(t, 404, e.do(bob, "DELETE", "/api/v1/saved-views/"+v.ID, nil).Status, "not bob's")
		require.Equal(t, 204, e.do(ana, "DELETE", "/api/v1/saved-views/"+v.ID, nil).Status)
		e.do(ana, "GET", "/api/v1/saved-views?list=sales-orders", nil).JSON(t, &mine)
		require.Empty(t, mine.Data)
	})
}
