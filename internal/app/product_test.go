package app_test

import (
	"testing"

	"github.com/stretchr/testify/require"
)

func TestProductsCategoriesAndUnits(t *testing.T) {
	forEngine(t, func(t *testing.T, e *env) {
		steward := e.token(e.user("sam@example.com", "data_steward"))
		rep := e.token(e.user("rep@example.com", "sales_rep"))

		var bev, tea struct {
			ID   string `json:"id"`
			Path string `json:"path"`
		}
		r := e.do(steward, "POST", "/api/v1/product-categories", map[string]any{"name": "Beverages"})
		require.Equal(t, 201, r.Status, "%s", r.Body)
		r.JSON(t, &bev)
		e.do(steward, "POST", "/api/v1/product-categories", map[string]any{"name": "Tea", "parent_id": bev.ID}).JSON(t, &tea)
		require.Equal(t, "Beverages / Tea", tea.Path)
		r = e.do(steward, "PATCH", "/api/v1/product-categories/"+bev.ID, map[string]any{"name": "Beverages", "parent_id": tea.ID, "version": 1})
		require.Equal(t, 422, r.Status, "a category cannot move below its own child")
		require.Contains(t, string(r.Body), `"code":"cycle"`)

		sup := e.do(steward, "POST", "/api/v1/parties", map[string]any{"roles": []string{"supplier"}, "legal_name": "Tokyo Traders"})
		var supplier struct{ ID string }
		sup.JSON(t, &supplier)
		cust := e.do(steward, "POST", "/api/v1/parties", map[string]any{"roles": []string{"customer"}, "legal_name": "Not a supplier"})
		var customer struct{ ID string }
		cust.JSON(t, &customer)

		chai := map[string]any{"code": "NW-1", "barcode": "4006381333931", "name": "Chai", "names": map[string]string{"zh-CN": "印度奶茶"},
			"category_id": tea.ID, "unit": "pcs", "list_price": map[string]any{"amount": "18.00", "currency": "USD"},
			"standard_cost": map[string]any{"amount": "12.50", "currency": "USD"}, "reorder_point": "10", "reorder_quantity": "25",
			"lead_time_days": 7, "suppliers": []map[string]any{{"party_id": supplier.ID, "supplier_code": "TT-CHAI",
				"price": map[string]any{"amount": "12.00", "currency": "USD"}, "preferred": true}}}
		r = e.do(steward, "POST", "/api/v1/products", chai)
		require.Equal(t, 201, r.Status, "%s", r.Body)
		var p struct {
			ID           string                  `json:"id"`
			Names        map[string]string       `json:"names"`
			ReorderPoint string                  `json:"reorder_point"`
			ListPrice    struct{ Amount string } `json:"list_price"`
			Suppliers    []struct {
				PartyID string `json:"party_id"`
			}
		}
		r.JSON(t, &p)
		require.Equal(t, "印度奶茶", p.Names["zh-CN"])
		require.Equal(t, "10", p.ReorderPoint)
		require.Equal(t, "18.00", p.ListPrice.Amount)
		require.Equal(t, supplier.ID, p.Suppliers[0].PartyID)

		// Found by ID, code and barcode; searched in any language; listed by
		// category including subcategories. A sales rep may read products.
		for _, key := range []string{p.ID, "NW-1", "4006381333931"} {
			require.Equal(t, 200, e.do(rep, "GET", "/api/v1/products/"+key, nil).Status, key)
		}
		var list struct{ Data []struct{ ID string } }
		e.do(rep, "GET", "/api/v1/products?q=奶茶", nil).JSON(t, &list)
		require.Len(t, list.Data, 1)
		e.do(rep, "GET", "/api/v1/products?category_id="+bev.ID, nil).JSON(t, &list)
		require.Len(t, list.Data, 1, "a parent category lists its children's products")
		e.do(rep, "GET", "/api/v1/products?supplier_id="+supplier.ID, nil).JSON(t, &list)
		require.Len(t, list.Data, 1)
		require.Equal(t, 403, e.do(rep, "POST", "/api/v1/products", chai).Status, "but not create them")

		bad := map[string]any{"code": "NW 2", "barcode": "4006381333932", "name": "", "names": map[string]string{"fr": "Thé"},
			"unit": "bushel", "list_price": map[string]any{"amount": "-1.00", "currency": "USD"},
			"suppliers": []map[string]any{{"party_id": customer.ID, "price": map[string]any{"amount": "1.00", "currency": "USD"}}}}
		r = e.do(steward, "POST", "/api/v1/products", bad)
		require.Equal(t, 422, r.Status, "%s", r.Body)
		for _, f := range []string{`"field":"code"`, `"field":"barcode","code":"check_digit"`, `"field":"name","code":"required"`,
			`"field":"names.fr"`, `"field":"unit","code":"unknown_unit"`, `"field":"list_price","code":"negative"`} {
			require.Contains(t, string(r.Body), f)
		}
		bad = map[string]any{"code": "NW-2", "name": "Chang", "list_price": map[string]any{"amount": "19.00", "currency": "USD"},
			"suppliers": []map[string]any{{"party_id": customer.ID, "price": map[string]any{"amount": "1.00", "currency": "USD"}}}}
		r = e.do(steward, "POST", "/api/v1/products", bad)
		require.Equal(t, 422, r.Status)
		require.Contains(t, string(r.Body), `"field":"suppliers[0].party_id","code":"not_a_supplier"`)
		dup := map[string]any{"code": "NW-1", "name": "Chai again", "list_price": map[string]any{"amount": "1.00", "currency": "USD"}}
		r = e.do(steward, "POST", "/api/v1/products", dup)
		require.Equal(t, 409, r.Status)
		require.Equal(t, "code_taken", code(t, r))

		chai["name"] = "Chai Tea"
		r = e.do(steward, "PUT", "/api/v1/products/"+p.ID, chai, "If-Match", `"1"`)
		require.Equal(t, 200, r.Status, "%s", r.Body)
		require.Equal(t, 412, e.do(steward, "PUT", "/api/v1/products/"+p.ID, chai, "If-Match", `"1"`).Status)

		require.Equal(t, "category_in_use", code(t, e.do(steward, "DELETE", "/api/v1/product-categories/"+tea.ID, nil)))

		// Units convert exactly within a category.
		r = e.do(rep, "GET", "/api/v1/units/convert?quantity=2.5&from=kg&to=g", nil)
		require.Equal(t, 200, r.Status, "%s", r.Body)
		require.JSONEq(t, `{"quantity":"2500","unit":"g"}`, string(r.Body))
		r = e.do(rep, "GET", "/api/v1/units/convert?quantity=1&from=kg&to=pcs", nil)
		require.Equal(t, 422, r.Status)
		r = e.do(steward, "POST", "/api/v1/units", map[string]any{"code": "crate", "name": "Crate of 24", "category": "unit", "ratio_num": 24, "ratio_den": 1})
		require.Equal(t, 201, r.Status, "%s", r.Body)
		r = e.do(rep, "GET", "/api/v1/units/convert?quantity=2&from=crate&to=dozen", nil)
		require.JSONEq(t, `{"quantity":"4","unit":"dozen"}`, string(r.Body))
	})
}

func TestProductImportAndCSVLists(t *testing.T) {
	forEngine(t, func(t *testing.T, e *env) {
		steward := e.token(e.user("sam@example.com", "data_steward"))
		csv := "code,name,unit,list_price\nP1,Pencil,pcs,1.20\nP2,Paper,pcs,abc\n"
		r := e.do(steward, "POST", "/api/v1/products/import?skip_invalid=true&currency=EUR", csv, "Content-Type", "text/csv")
		require.Equal(t, 200, r.Status, "%s", r.Body)
		require.Contains(t, string(r.Body), `"created":1`)
		require.Contains(t, string(r.Body), `"column":"list_price","code":"invalid"`)

		r = e.do(steward, "GET", "/api/v1/products", nil, "Accept", "text/csv")
		require.Equal(t, 200, r.Status)
		require.Equal(t, "text/csv; charset=utf-8", r.Header.Get("Content-Type"))
		require.Contains(t, string(r.Body), "P1,Pencil,,,,pcs,stockable,1.20,EUR")

		// The CSV list keeps the record rule: a rep exports only their own.
		rep := e.token(e.user("rep@example.com", "sales_rep"))
		require.Equal(t, 201, e.do(steward, "POST", "/api/v1/parties", map[string]any{"roles": []string{"customer"}, "legal_name": "Steward's"}).Status)
		require.Equal(t, 201, e.do(rep, "POST", "/api/v1/parties", map[string]any{"roles": []string{"customer"}, "legal_name": "Rep's Own"}).Status)
		r = e.do(rep, "GET", "/api/v1/parties", nil, "Accept", "text/csv")
		require.Equal(t, 200, r.Status)
		require.Contains(t, string(r.Body), "Rep's Own")
		require.NotContains(t, string(r.Body), "Steward's")
		require.Equal(t, 401, e.do("", "GET", "/api/v1/parties", nil, "Accept", "text/csv").Status)
	})
}

func TestProductImportJobsAndProfiles(t *testing.T) {
	forEngine(t, func(t *testing.T, e *env) {
		steward := e.token(e.user("sam@example.com", "data_steward"))
		r := e.do(steward, "PUT", "/api/v1/products/import-profiles/erp", map[string]any{"mapping": map[string]string{
			"code": "Artikel", "name": "Bezeichnung", "list_price": "Preis"}})
		require.Equal(t, 200, r.Status, "%s", r.Body)
		csv := "Artikel,Bezeichnung,Preis\nA-1,Radiergummi,0.80\n"
		r = e.do(steward, "POST", "/api/v1/products/import-jobs?profile=erp&currency=EUR", csv, "Content-Type", "text/csv")
		require.Equal(t, 202, r.Status, "%s", r.Body)
		var job struct{ ID string }
		r.JSON(t, &job)
		ran, err := e.app.Jobs.RunOne(e.sys)
		require.NoError(t, err)
		require.True(t, ran)
		r = e.do(steward, "GET", "/api/v1/jobs/"+job.ID, nil)
		require.Contains(t, string(r.Body), `"status":"succeeded"`)
		require.Contains(t, string(r.Body), `"created":1`)
		r = e.do(steward, "GET", "/api/v1/products/A-1", nil)
		require.Equal(t, 200, r.Status)
		require.Contains(t, string(r.Body), `"amount":"0.80","currency":"EUR"`)
	})
}
