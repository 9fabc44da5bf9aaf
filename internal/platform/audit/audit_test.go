package audit_test

import (
	"context"
	"encoding/json"
	"errors"
	"sync"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/concord-erp/concord/internal/platform/audit"
	"github.com/concord-erp/concord/internal/platform/authz"
	"github.com/concord-erp/concord/internal/platform/db"
	"github.com/concord-erp/concord/internal/platform/db/dbtest"
)

type customer struct {
	Name   string `json:"name"`
	Credit string `json:"credit_limit"`
	Owner  string `json:"owner"`
}

func record(t *testing.T, d *db.DB, ctx context.Context, id, action string, before, after any) {
	t.Helper()
	require.NoError(t, d.InTx(ctx, func(tx *db.Tx) error {
		return audit.RecordTx(ctx, tx, "customer", id, action, before, after)
	}))
}

func TestTrailRecordsActorAndChangedFields(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, d *db.DB) {
		ctx := authz.WithPrincipal(context.Background(), &authz.Principal{UserID: "usr_1", TokenID: "tok_9"})
		v1 := customer{Name: "Alfreds", Credit: "1000.00", Owner: "usr_1"}
		v2 := customer{Name: "Alfreds Futterkiste", Credit: "1000.00", Owner: "usr_1"}
		record(t, d, ctx, "cus_1", audit.ActionCreate, nil, v1)
		record(t, d, ctx, "cus_1", audit.ActionUpdate, v1, v2)
		record(t, d, ctx, "cus_2", audit.ActionCreate, nil, v1)

		got, err := audit.List(ctx, d, audit.Filter{EntityType: "customer", EntityID: "cus_1", Limit: 10})
		require.NoError(t, err)
		require.Len(t, got, 2)
		upd := got[0]
		require.Equal(t, "update", upd.Action, "newest first")
		require.Equal(t, "token", upd.ActorType)
		require.Equal(t, "usr_1/tok_9", upd.ActorID)
		require.JSONEq(t, `{"name":"Alfreds"}`, string(upd.Before), "only the changed fields")
		require.JSONEq(t, `{"name":"Alfreds Futterkiste"}`, string(upd.After))
		require.Nil(t, got[1].Before, "a create has no before")
		var created customer
		require.NoError(t, json.Unmarshal(got[1].After, &created))
		require.Equal(t, v1, created)

		older, err := audit.List(ctx, d, audit.Filter{Before: got[0].Seq, Limit: 10})
		require.NoError(t, err)
		require.Len(t, older, 1)

		err = d.InTx(context.Background(), func(tx *db.Tx) error {
			return audit.RecordTx(context.Background(), tx, "customer", "cus_3", "create", nil, v1)
		})
		require.ErrorContains(t, err, "no principal", "a change without an actor is refused")

		rep, err := audit.Verify(ctx, d)
		require.NoError(t, err)
		require.True(t, rep.OK, rep.Problem)
		require.EqualValues(t, 3, rep.Entries)
	})
}

func TestConcurrentRecordersKeepOneChain(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, d *db.DB) {
		ctx := authz.WithPrincipal(context.Background(), authz.System("test"))
		// Two sealers (two nodes) run while six writers record.
		sealCtx, stop := context.WithCancel(ctx)
		var sealers sync.WaitGroup
		for range 2 {
			sealers.Add(1)
			go func() {
				defer sealers.Done()
				for sealCtx.Err() == nil {
					_, err := audit.Seal(sealCtx, d)
					if sealCtx.Err() == nil {
						require.NoError(t, err)
					}
				}
			}()
		}
		var wg sync.WaitGroup
		for w := range 6 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for i := range 20 {
					err := d.InTx(ctx, func(tx *db.Tx) error {
						return audit.RecordTx(ctx, tx, "customer", "cus_x", "update", customer{Owner: "a"}, customer{Owner: string(rune('a' + w + i))})
					})
					require.NoError(t, err)
				}
			}()
		}
		wg.Wait()
		stop()
		sealers.Wait()
		rep, err := audit.Verify(ctx, d)
		require.NoError(t, err)
		require.True(t, rep.OK, rep.Problem)
		require.EqualValues(t, 120, rep.Entries)
	})
}

// An entry whose transaction commits after a later-numbered one has been
// sealed is sealed by the next run, not skipped; a rolled-back change
// leaves no entry.
func TestSealTakesLateCommitsAndNothingRolledBack(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, d *db.DB) {
		ctx := authz.WithPrincipal(context.Background(), authz.System("test"))
		recorded, release, done := make(chan struct{}), make(chan struct{}), make(chan error)
		go func() {
			done <- d.InTx(ctx, func(tx *db.Tx) error {
				if err := audit.RecordTx(ctx, tx, "customer", "cus_slow", "create", nil, customer{Name: "Slow"}); err != nil {
					return err
				}
				close(recorded)
				<-release
				return nil
			})
		}()
		<-recorded
		if d.Dialect() == db.Postgres { // SQLite has one writer: the slow transaction blocks the others
			record(t, d, ctx, "cus_fast", "create", nil, customer{Name: "Fast"})
			n, err := audit.Seal(ctx, d)
			require.NoError(t, err)
			require.Equal(t, 1, n, "only the committed entry is sealed")
		}
		close(release)
		require.NoError(t, <-done)
		err := d.InTx(ctx, func(tx *db.Tx) error {
			if err := audit.RecordTx(ctx, tx, "customer", "cus_gone", "create", nil, customer{Name: "Gone"}); err != nil {
				return err
			}
			return errors.New("the use case fails")
		})
		require.Error(t, err)

		got, err := audit.List(ctx, d, audit.Filter{Limit: 10})
		require.NoError(t, err)
		var ids []string
		for _, e := range got {
			ids = append(ids, e.EntityID)
		}
		if d.Dialect() == db.Postgres {
			require.Equal(t, []string{"cus_slow", "cus_fast"}, ids, "chained in the order they were found committed")
		} else {
			require.Equal(t, []string{"cus_slow"}, ids)
		}
		rep, err := audit.Verify(ctx, d)
		require.NoError(t, err)
		require.True(t, rep.OK, rep.Problem)
		require.EqualValues(t, len(ids), rep.Entries)
	})
}

func TestVerifyDetectsTampering(t *testing.T) {
	tamper := map[string]string{
		"changed value":  `UPDATE audit_entry SET after_data = '{"credit_limit":"999999.00"}' WHERE seq = 2`,
		"changed actor":  `UPDATE audit_entry SET actor_id = 'usr_innocent' WHERE seq = 1`,
		"deleted middle": `DELETE FROM audit_entry WHERE seq = 2`,
		"deleted last":   `DELETE FROM audit_entry WHERE seq = 3`,
		"rehashed row":   `UPDATE audit_entry SET hash = 'f00d', action = 'delete' WHERE seq = 3`,
	}
	for name, stmt := range tamper {
		t.Run(name, func(t *testing.T) {
			dbtest.Run(t, func(t *testing.T, d *db.DB) {
				ctx := authz.WithPrincipal(context.Background(), &authz.Principal{UserID: "usr_1"})
				v1 := customer{Name: "A", Credit: "10.00"}
				v2 := customer{Name: "A", Credit: "20.00"}
				record(t, d, ctx, "cus_1", "create", nil, v1)
				record(t, d, ctx, "cus_1", "update", v1, v2)
				record(t, d, ctx, "cus_1", "update", v2, v1)
				n, err := audit.Seal(ctx, d)
				require.NoError(t, err)
				require.Equal(t, 3, n)
				_, err = d.ExecContext(ctx, stmt)
				require.NoError(t, err)
				rep, err := audit.Verify(ctx, d)
				require.NoError(t, err)
				require.False(t, rep.OK, "tampering must be detected")
				require.NotEmpty(t, rep.Problem)
			})
		})
	}
}
