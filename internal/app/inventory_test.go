package app_test

import (
	"testing"

	"github.com/stretchr/testify/require"
)

func TestWarehousesAndLocations(t *testing.T) {
	forEngine(t, func(t *testing.T, e *env) {
		wh := e.token(e.user("wes@example.com", "warehouse"))
		rep := e.token(e.user("rep@example.com", "sales_rep"))
		body := map[string]any{"code": "wh-ber", "name": "Berlin", "country": "DE", "locations": []map[string]any{
			{"code": "recv", "type": "receiving"}, {"code": "a-01", "type": "storage"}, {"code": "ship", "type": "shipping"}}}
		r := e.do(wh, "POST", "/api/v1/warehouses", body)
		require.Equal(t, 201, r.Status, "%s", r.Body)
		var w struct {
			ID        string `json:"id"`
			Code      string `json:"code"`
			Locations []struct {
				ID     string `json:"id"`
				Code   string `json:"code"`
				Active bool   `json:"active"`
			} `json:"locations"`
		}
		r.JSON(t, &w)
		require.Equal(t, "WH-BER", w.Code)
		require.Len(t, w.Locations, 3)
		require.True(t, w.Locations[0].Active)
		require.Equal(t, 200, e.do(rep, "GET", "/api/v1/warehouses/WH-BER", nil).Status, "sales reps read stock locations")
		require.Equal(t, 403, e.do(rep, "POST", "/api/v1/warehouses", body).Status)
		require.Equal(t, "code_taken", code(t, e.do(wh, "POST", "/api/v1/warehouses", body)))

		r = e.do(wh, "POST", "/api/v1/warehouses", map[string]any{"code": "WH2", "name": "x", "locations": []map[string]any{{"code": "A", "type": "attic"}}})
		require.Equal(t, 422, r.Status)
		require.Contains(t, string(r.Body), `"field":"locations[0].type"`)
		bad := map[string]any{"code": "WH 2", "name": " ", "locations": []map[string]any{{"code": "A", "type": "storage"}, {"code": "a", "type": "storage"}}}
		r = e.do(wh, "POST", "/api/v1/warehouses", bad)
		require.Equal(t, 422, r.Status)
		for _, f := range []string{`"field":"code"`, `"field":"name"`, `"field":"locations[1].code","code":"duplicate"`} {
			require.Contains(t, string(r.Body), f)
		}

		// Retire a location, add another; the one not sent is kept.
		upd := map[string]any{"code": "WH-BER", "name": "Berlin Hub", "locations": []map[string]any{
			{"id": w.Locations[0].ID, "code": w.Locations[0].Code, "type": "storage", "active": false},
			{"code": "B-01", "type": "storage"}}}
		r = e.do(wh, "PUT", "/api/v1/warehouses/"+w.ID, upd, "If-Match", `"1"`)
		require.Equal(t, 200, r.Status, "%s", r.Body)
		var after struct {
			Locations []struct {
				Code   string `json:"code"`
				Active bool   `json:"active"`
			} `json:"locations"`
		}
		r.JSON(t, &after)
		require.Len(t, after.Locations, 4, "locations are never deleted")
		require.Equal(t, 412, e.do(wh, "PUT", "/api/v1/warehouses/"+w.ID, upd, "If-Match", `"1"`).Status)
	})
}
