package app_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

type partyJSON struct {
	ID          string `json:"id"`
	Code        string `json:"code"`
	LegalName   string `json:"legal_name"`
	OwnerID     string `json:"owner_id"`
	Version     int64  `json:"version"`
	CreditLimit *struct {
		Amount   string `json:"amount"`
		Currency string `json:"currency"`
	} `json:"credit_limit"`
	Addresses []struct {
		ID      string `json:"id"`
		Country string `json:"country"`
	} `json:"addresses"`
}

func alfreds() map[string]any {
	return map[string]any{
		"roles": []string{"customer"}, "legal_name": "Alfreds Futterkiste", "email": "orders@alfreds.example",
		"currency": "EUR", "credit_limit": map[string]any{"amount": "15000.00", "currency": "EUR"}, "tags": []string{"key account"},
		"addresses": []map[string]any{{"type": "billing", "line1": "Obere Str. 57", "city": "Berlin", "postal_code": "12209", "country": "de", "default": true}},
		"contacts":  []map[string]any{{"name": "Maria Anders", "title": "Sales Representative", "email": "maria@alfreds.example"}},
	}
}

// TestSalesRepSeesOnlyOwnCustomers is the record rule of the identity
// issue: a sales rep cannot read or change another rep's customer by
// guessing its ID or code; the answer is 404, never the data.
func TestSalesRepSeesOnlyOwnCustomers(t *testing.T) {
	forEngine(t, func(t *testing.T, e *env) {
		anaUser, bobUser := e.user("ana@example.com", "sales_rep"), e.user("bob@example.com", "sales_rep")
		ana, bob := e.token(anaUser), e.token(bobUser)
		manager := e.token(e.user("mia@example.com", "sales_manager"))

		r := e.do(ana, "POST", "/api/v1/parties", alfreds())
		require.Equal(t, 201, r.Status, "%s", r.Body)
		var p partyJSON
		r.JSON(t, &p)
		require.Equal(t, "CUST-00001", p.Code)
		require.Equal(t, anaUser.ID, p.OwnerID, "the creator owns it")
		require.Equal(t, "15000.00", p.CreditLimit.Amount)
		require.Equal(t, "DE", p.Addresses[0].Country)

		for _, path := range []string{"/api/v1/parties/" + p.ID, "/api/v1/parties/" + p.Code} {
			r = e.do(bob, "GET", path, nil)
			require.Equal(t, 404, r.Status, path)
			require.NotContains(t, string(r.Body), "Alfreds")
		}
		changed := alfreds()
		changed["legal_name"] = "Hijacked GmbH"
		r = e.do(bob, "PUT", "/api/v1/parties/"+p.ID, changed, "If-Match", `"1"`)
		require.Equal(t, 404, r.Status)
		var list struct{ Data []partyJSON }
		e.do(bob, "GET", "/api/v1/parties?role=customer", nil).JSON(t, &list)
		require.Empty(t, list.Data, "bob's list does not show ana's customer")
		e.do(bob, "GET", "/api/v1/parties?owner_id="+anaUser.ID, nil).JSON(t, &list)
		require.Empty(t, list.Data, "not even when he asks for ana's")

		require.Equal(t, 200, e.do(ana, "GET", "/api/v1/parties/"+p.Code, nil).Status, "ana finds hers by code")
		e.do(manager, "GET", "/api/v1/parties", nil).JSON(t, &list)
		require.Len(t, list.Data, 1, "the manager sees every rep's parties")

		// A rep cannot give a party away; the manager can reassign it.
		changed = alfreds()
		changed["owner_id"] = bobUser.ID
		r = e.do(ana, "PUT", "/api/v1/parties/"+p.ID, changed, "If-Match", `"1"`)
		require.Equal(t, 422, r.Status)
		require.Contains(t, string(r.Body), `"field":"owner_id","code":"not_allowed"`)
		r = e.do(manager, "PUT", "/api/v1/parties/"+p.ID, changed, "If-Match", `"1"`)
		require.Equal(t, 200, r.Status, "%s", r.Body)
		require.Equal(t, 200, e.do(bob, "GET", "/api/v1/parties/"+p.ID, nil).Status)
		require.Equal(t, 404, e.do(ana, "GET", "/api/v1/parties/"+p.ID, nil).Status)

		// Nothing bob tried changed the record.
		var got partyJSON
		e.do(manager, "GET", "/api/v1/parties/"+p.ID, nil).JSON(t, &got)
		require.Equal(t, "Alfreds Futterkiste", got.LegalName)
		require.EqualValues(t, 2, got.Version)
	})
}

func TestPartyValidationCodesAndVersions(t *testing.T) {
	forEngine(t, func(t *testing.T, e *env) {
		steward := e.token(e.user("sam@example.com", "data_steward"))
		r := e.do(steward, "POST", "/api/v1/parties", map[string]any{"roles": []string{"customer"}, "legal_name": " ",
			"email": "nope", "currency": "XYZ", "phone": "call me", "credit_limit": map[string]any{"amount": "-1.00", "currency": "EUR"},
			"addresses": []map[string]any{{"line1": "", "city": "Paris", "country": "F1"}}})
		require.Equal(t, 422, r.Status, "%s", r.Body)
		for _, f := range []string{`"field":"legal_name","code":"required"`, `"field":"email","code":"invalid"`,
			`"field":"currency","code":"invalid"`, `"field":"phone","code":"invalid"`, `"field":"credit_limit","code":"negative"`,
			`"field":"addresses[0].line1","code":"required"`, `"field":"addresses[0].country","code":"invalid"`} {
			require.Contains(t, string(r.Body), f)
		}
		r = e.do(steward, "POST", "/api/v1/parties", map[string]any{"roles": []string{"customer"}, "legal_name": "X",
			"credit_limit": map[string]any{"amount": 100, "currency": "EUR"}})
		require.Equal(t, 422, r.Status, "an amount must be a decimal string, never a float")

		sup := e.do(steward, "POST", "/api/v1/parties", map[string]any{"roles": []string{"supplier"}, "legal_name": "Exotic Liquids"})
		require.Equal(t, 201, sup.Status, "%s", sup.Body)
		var s partyJSON
		sup.JSON(t, &s)
		require.Equal(t, "SUPP-00001", s.Code)
		r = e.do(steward, "POST", "/api/v1/parties", map[string]any{"roles": []string{"customer"}, "legal_name": "Dup", "code": "supp-00001"})
		require.Equal(t, 409, r.Status)
		require.Equal(t, "code_taken", code(t, r))

		c := e.do(steward, "POST", "/api/v1/parties", alfreds())
		var p partyJSON
		c.JSON(t, &p)
		var list struct{ Data []partyJSON }
		e.do(steward, "GET", "/api/v1/parties?role=supplier", nil).JSON(t, &list)
		require.Len(t, list.Data, 1)
		e.do(steward, "GET", "/api/v1/parties?q=futter", nil).JSON(t, &list)
		require.Len(t, list.Data, 1)
		e.do(steward, "GET", "/api/v1/parties?tag=key%20account", nil).JSON(t, &list)
		require.Len(t, list.Data, 1)

		upd := alfreds()
		upd["addresses"] = []map[string]any{{"id": p.Addresses[0].ID, "type": "billing", "line1": "Obere Str. 58", "city": "Berlin", "country": "DE"}}
		r = e.do(steward, "PUT", "/api/v1/parties/"+p.ID, upd, "If-Match", `"1"`)
		require.Equal(t, 200, r.Status, "%s", r.Body)
		var after partyJSON
		r.JSON(t, &after)
		require.Equal(t, p.Addresses[0].ID, after.Addresses[0].ID, "an address sent back keeps its ID")
		r = e.do(steward, "PUT", "/api/v1/parties/"+p.ID, upd, "If-Match", `"1"`)
		require.Equal(t, 412, r.Status)
		require.Equal(t, "version_conflict", code(t, r))

		r = e.do(steward, "GET", "/api/v1/audit?entity_type=party&entity_id="+p.ID, nil)
		require.Equal(t, 200, r.Status, "data stewards read the audit trail")
		require.Contains(t, string(r.Body), `Obere Str. 58`)
	})
}

// TestMergeRepointsReferencesAndKeepsTheOldCode: merging a duplicate moves
// every reference to the survivor, in one transaction, and the duplicate's
// code and ID still find the survivor.
func TestMergeRepointsReferencesAndKeepsTheOldCode(t *testing.T) {
	forEngine(t, func(t *testing.T, e *env) {
		steward := e.token(e.user("sam@example.com", "data_steward"))
		mk := func(name, email string) partyJSON {
			r := e.do(steward, "POST", "/api/v1/parties", map[string]any{"roles": []string{"supplier"}, "legal_name": name, "email": email, "allow_duplicate": true,
				"addresses": []map[string]any{{"type": "billing", "line1": name + " street 1", "city": "Osaka", "country": "JP", "default": true}}})
			require.Equal(t, 201, r.Status, "%s", r.Body)
			var p partyJSON
			r.JSON(t, &p)
			return p
		}
		winner := mk("Tokyo Traders", "")
		loser := mk("Tokyo Traders Ltd.", "orders@tokyo-traders.example")
		other := mk("Mayumi's", "")
		price := map[string]any{"amount": "10", "currency": "JPY"}
		prodWith := func(code string, suppliers ...string) string {
			var ss []map[string]any
			for _, s := range suppliers {
				ss = append(ss, map[string]any{"party_id": s, "price": map[string]any{"amount": "10", "currency": "JPY"}})
			}
			r := e.do(steward, "POST", "/api/v1/products", map[string]any{"code": code, "name": code, "list_price": price, "suppliers": ss})
			require.Equal(t, 201, r.Status, "%s", r.Body)
			var p struct{ ID string }
			r.JSON(t, &p)
			return p.ID
		}
		onlyLoser := prodWith("P1", loser.ID)
		both := prodWith("P2", winner.ID, loser.ID)
		unrelated := prodWith("P3", other.ID)

		r := e.do(steward, "POST", "/api/v1/parties/"+winner.ID+"/merge", map[string]any{"loser_id": winner.ID, "version": 1})
		require.Equal(t, 422, r.Status, "not into itself")
		r = e.do(steward, "POST", "/api/v1/parties/"+winner.ID+"/merge", map[string]any{"loser_id": loser.ID}, "If-Match", `"1"`)
		require.Equal(t, 200, r.Status, "%s", r.Body)
		var res struct {
			Party   partyJSON `json:"party"`
			Aliases []string  `json:"aliases"`
		}
		r.JSON(t, &res)
		require.ElementsMatch(t, []string{loser.Code, loser.ID}, res.Aliases)
		require.Len(t, res.Party.Addresses, 2, "the loser's address moved to the survivor")

		for _, key := range []string{loser.Code, loser.ID, winner.Code} {
			var got partyJSON
			r = e.do(steward, "GET", "/api/v1/parties/"+key, nil)
			require.Equal(t, 200, r.Status, key)
			r.JSON(t, &got)
			require.Equal(t, winner.ID, got.ID, "%s resolves to the survivor", key)
		}
		suppliersOf := func(id string) []string {
			var p struct {
				Suppliers []struct {
					PartyID string `json:"party_id"`
				}
			}
			e.do(steward, "GET", "/api/v1/products/"+id, nil).JSON(t, &p)
			var out []string
			for _, s := range p.Suppliers {
				out = append(out, s.PartyID)
			}
			return out
		}
		require.Equal(t, []string{winner.ID}, suppliersOf(onlyLoser))
		require.Equal(t, []string{winner.ID}, suppliersOf(both), "no duplicate supplier entry")
		require.Equal(t, []string{other.ID}, suppliersOf(unrelated))

		var list struct{ Data []partyJSON }
		e.do(steward, "GET", "/api/v1/parties", nil).JSON(t, &list)
		require.Len(t, list.Data, 2, "the duplicate is gone")
		r = e.do(steward, "POST", "/api/v1/parties/"+winner.ID+"/merge", map[string]any{"loser_id": loser.ID, "version": 2})
		require.Equal(t, 422, r.Status, "a merged party cannot be merged again")

		r = e.do(steward, "GET", "/api/v1/audit?entity_type=party&entity_id="+loser.ID, nil)
		require.Contains(t, string(r.Body), `"action":"merged_into"`)
	})
}

func TestImportThroughTheAPI(t *testing.T) {
	forEngine(t, func(t *testing.T, e *env) {
		steward := e.token(e.user("sam@example.com", "data_steward"))
		csv := "code,company_name,email,address,city,country\n" +
			"C1,Good GmbH,a@good.example,Hauptstr. 1,Berlin,Germany\n" +
			"C2,Bad Mail SARL,nope,1 rue X,Paris,France\n"
		post := func(query, body string) (int, string) {
			r := e.do(steward, "POST", "/api/v1/parties/import"+query, body, "Content-Type", "text/csv")
			return r.Status, string(r.Body)
		}
		status, body := post("?dry_run=true", csv)
		require.Equal(t, 200, status, body)
		require.Contains(t, body, `{"row":3,"column":"email","code":"invalid"`)
		require.Contains(t, body, `"written":false`)
		status, body = post("", csv)
		require.Equal(t, 200, status, body)
		require.Contains(t, body, `"written":false`, "all or nothing by default")
		status, body = post("?skip_invalid=true", csv)
		require.Equal(t, 200, status, body)
		require.Contains(t, body, `"created":1`)
		require.Equal(t, 200, e.do(steward, "GET", "/api/v1/parties/C1", nil).Status)

		status, body = post("", "\xff\xfeU\x00T\x00F\x00")
		require.Equal(t, 422, status, body)
		require.Contains(t, body, `"code":"unsupported_encoding"`)
		rep := e.token(e.user("viewer@example.com", "viewer"))
		require.Equal(t, 403, e.do(rep, "POST", "/api/v1/parties/import", csv, "Content-Type", "text/csv").Status)
	})
}

func TestImportMappingProfiles(t *testing.T) {
	forEngine(t, func(t *testing.T, e *env) {
		steward := e.token(e.user("sam@example.com", "data_steward"))
		r := e.do(steward, "PUT", "/api/v1/parties/import-profiles/SAP%20export", map[string]any{"mapping": map[string]string{
			"code": "KUNNR", "legal_name": "NAME1", "city": "ORT01", "address": "STRAS", "country": "LAND1"}})
		require.Equal(t, 200, r.Status, "%s", r.Body)
		r = e.do(steward, "PUT", "/api/v1/parties/import-profiles/bad", map[string]any{"mapping": map[string]string{"shoe_size": "X"}})
		require.Equal(t, 422, r.Status)
		require.Contains(t, string(r.Body), `"field":"mapping.shoe_size","code":"unknown_field"`)

		csv := "KUNNR,NAME1,STRAS,ORT01,LAND1\n0000100001,Kaufhaus Nord GmbH,Ring 1,Hamburg,DE\n"
		r = e.do(steward, "POST", "/api/v1/parties/import?profile=SAP%20export", csv, "Content-Type", "text/csv")
		require.Equal(t, 200, r.Status, "%s", r.Body)
		require.Contains(t, string(r.Body), `"created":1`)
		r = e.do(steward, "POST", "/api/v1/parties/import?profile=nope", csv, "Content-Type", "text/csv")
		require.Equal(t, 404, r.Status)
		var list struct{ Data []struct{ Name string } }
		e.do(steward, "GET", "/api/v1/parties/import-profiles", nil).JSON(t, &list)
		require.Len(t, list.Data, 1)
	})
}

func TestImportAsABackgroundJob(t *testing.T) {
	forEngine(t, func(t *testing.T, e *env) {
		steward := e.token(e.user("sam@example.com", "data_steward"))
		csv := "code,company_name,email,address,city,country\n" +
			"C1,Good GmbH,a@good.example,Hauptstr. 1,Berlin,Germany\n" +
			"C2,Bad Mail SARL,nope,1 rue X,Paris,France\n"
		r := e.do(steward, "POST", "/api/v1/parties/import-jobs?skip_invalid=true", csv, "Content-Type", "text/csv")
		require.Equal(t, 202, r.Status, "%s", r.Body)
		var job struct {
			ID     string `json:"id"`
			Status string `json:"status"`
		}
		r.JSON(t, &job)
		require.Equal(t, "queued", job.Status)
		require.Equal(t, "/api/v1/jobs/"+job.ID, r.Header.Get("Location"))

		ran, err := e.app.Jobs.RunOne(e.sys) // what the server's workers do
		require.NoError(t, err)
		require.True(t, ran)

		r = e.do(steward, "GET", "/api/v1/jobs/"+job.ID, nil)
		require.Equal(t, 200, r.Status)
		require.Contains(t, string(r.Body), `"status":"succeeded"`)
		require.Contains(t, string(r.Body), `"created":1`)
		require.Contains(t, string(r.Body), `"done":2`)
		r = e.do(steward, "GET", "/api/v1/jobs/"+job.ID+"/problems.csv", nil)
		require.Equal(t, 200, r.Status)
		require.Contains(t, string(r.Body), "3,email,invalid,")

		other := e.token(e.user("other@example.com", "data_steward"))
		require.Equal(t, 404, e.do(other, "GET", "/api/v1/jobs/"+job.ID, nil).Status, "jobs are their creator's")
	})
}

// TestCodesStayUnique: a generated code skips codes typed by hand and the
// old codes of merged parties, on PostgreSQL without aborting the import.
func TestCodesStayUnique(t *testing.T) {
	forEngine(t, func(t *testing.T, e *env) {
		steward := e.token(e.user("sam@example.com", "data_steward"))
		csv := "code,company_name,city,address,country\n" +
			"CUST-00001,Typed Code AG,Berlin,Str. 1,DE\n" +
			",Generated Code GmbH,Köln,Str. 2,DE\n"
		r := e.do(steward, "POST", "/api/v1/parties/import?skip_invalid=true", csv, "Content-Type", "text/csv")
		require.Equal(t, 200, r.Status, "%s", r.Body)
		require.Contains(t, string(r.Body), `"created":2`)
		var p partyJSON
		e.do(steward, "GET", "/api/v1/parties/CUST-00002", nil).JSON(t, &p)
		require.Equal(t, "Generated Code GmbH", p.LegalName)

		// After a merge the loser's code is an alias: nobody may take it.
		var w partyJSON
		e.do(steward, "GET", "/api/v1/parties/CUST-00001", nil).JSON(t, &w)
		r = e.do(steward, "POST", "/api/v1/parties/"+w.ID+"/merge", map[string]any{"loser_id": p.ID, "version": w.Version})
		require.Equal(t, 200, r.Status, "%s", r.Body)
		r = e.do(steward, "POST", "/api/v1/parties", map[string]any{"roles": []string{"customer"}, "legal_name": "Squatter", "code": "CUST-00002"})
		require.Equal(t, 409, r.Status)
		require.Equal(t, "code_taken", code(t, r))
		r = e.do(steward, "POST", "/api/v1/parties", map[string]any{"roles": []string{"customer"}, "legal_name": "Next One"})
		require.Equal(t, 201, r.Status, "%s", r.Body)
		r.JSON(t, &p)
		require.Equal(t, "CUST-00003", p.Code)
		r = e.do(steward, "PUT", "/api/v1/parties/"+p.ID, map[string]any{"roles": []string{"customer"}, "legal_name": "Next One",
			"code": "CUST-00002"}, "If-Match", `"1"`)
		require.Equal(t, 409, r.Status, "nor by renaming: %s", r.Body)
	})
}

func TestConfigurableCodePatterns(t *testing.T) {
	forEngine(t, func(t *testing.T, e *env) {
		steward := e.token(e.user("sam@example.com", "data_steward"))
		rep := e.token(e.user("rep@example.com", "sales_rep"))
		r := e.do(steward, "GET", "/api/v1/parties/code-patterns", nil)
		require.Contains(t, string(r.Body), `{"role":"customer","pattern":"CUST-{seq:5}"}`)
		require.Equal(t, 403, e.do(rep, "PUT", "/api/v1/parties/code-patterns/customer", map[string]any{"pattern": "X-{seq:3}"}).Status)
		for _, bad := range []string{"CUST", "C-{seq:0}", "c-{seq:5}", "A{seq:2}{seq:3}", "TOO-LONG-PREFIX-FOR-ANY-CODE-AT-ALL-{seq:9}"} {
			r = e.do(steward, "PUT", "/api/v1/parties/code-patterns/customer", map[string]any{"pattern": bad})
			require.Equal(t, 422, r.Status, bad)
		}
		r = e.do(steward, "PUT", "/api/v1/parties/code-patterns/customer", map[string]any{"pattern": "K{yyyy}-{seq:3}"})
		require.Equal(t, 200, r.Status, "%s", r.Body)
		r = e.do(steward, "POST", "/api/v1/parties", map[string]any{"roles": []string{"customer"}, "legal_name": "Patterned Ltd"})
		require.Equal(t, 201, r.Status, "%s", r.Body)
		var p partyJSON
		r.JSON(t, &p)
		require.Regexp(t, `^K20\d\d-001$`, p.Code)
	})
}

// TestLargeBackgroundImportDoesNotStall: progress is saved beside the
// import's own transaction, which on SQLite holds the only writer.
func TestLargeBackgroundImportDoesNotStall(t *testing.T) {
	forEngine(t, func(t *testing.T, e *env) {
		steward := e.token(e.user("sam@example.com", "data_steward"))
		var b strings.Builder
		b.WriteString("code,company_name,city,address,country\n")
		for i := range 1200 {
			fmt.Fprintf(&b, "BULK%05d,Bulk Customer %d Handel,Berlin,Str. %d,DE\n", i, i, i)
		}
		r := e.do(steward, "POST", "/api/v1/parties/import-jobs?skip_invalid=true&allow_duplicates=true", b.String(), "Content-Type", "text/csv")
		require.Equal(t, 202, r.Status, "%s", r.Body)
		var job struct{ ID string }
		r.JSON(t, &job)
		ctx, cancel := context.WithTimeout(e.sys, time.Minute)
		defer cancel()
		ran, err := e.app.Jobs.RunOne(ctx)
		require.NoError(t, err)
		require.True(t, ran)
		require.NoError(t, ctx.Err(), "the job finished well within its time")
		r = e.do(steward, "GET", "/api/v1/jobs/"+job.ID, nil)
		require.Contains(t, string(r.Body), `"status":"succeeded"`)
		require.Contains(t, string(r.Body), `"created":1200`)
		require.Contains(t, string(r.Body), `"done":1200`)
	})
}
