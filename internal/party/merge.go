package party

import (
	"context"
	"slices"

	"github.com/concord-erp/concord/internal/platform/apperr"
	"github.com/concord-erp/concord/internal/platform/audit"
	"github.com/concord-erp/concord/internal/platform/db"
	"github.com/concord-erp/concord/internal/platform/outbox"
)

// PermMerge allows merging duplicate parties.
const PermMerge = "party.party.merge"

// EventMerged is published when a duplicate party was merged into another.
const EventMerged = "party.party.merged.v1"

// Referrer repoints a module's references from one party to another inside
// the merge's transaction. Modules that store party IDs provide one; the
// composition root registers them with OnMerge, so this module needs to
// know none of them.
type Referrer func(ctx context.Context, tx *db.Tx, from, to string) error

// OnMerge registers a module's Referrer.
func (s *Service) OnMerge(r Referrer) { s.referrers = append(s.referrers, r) }

// MergeResult tells what a merge did.
type MergeResult struct {
	Party   Party    `json:"party" doc:"The surviving party, with the loser's addresses, contacts, roles and tags added."`
	Aliases []string `json:"aliases" doc:"The loser's code and ID, which now resolve to the surviving party."`
}

// ErrMergeSelf is returned for a merge of a party into itself.
var ErrMergeSelf = apperr.Invalid("a party cannot be merged into itself", apperr.Field("loser_id", "same_party", "must differ from the surviving party"))

// Merge folds the loser into the winner in one transaction: every module's
// references move to the winner, the loser's addresses, contacts, roles and
// tags are added to it, the loser disappears, and its code and ID become
// aliases that still resolve. version is the winner's version. Errors:
// not_found, validation_failed, version_conflict.
func (s *Service) Merge(ctx context.Context, winnerID, loserID string, version int64) (MergeResult, error) {
	actor, err := principal(ctx)
	if err != nil {
		return MergeResult{}, err
	}
	if winnerID == loserID {
		return MergeResult{}, ErrMergeSelf
	}
	var res MergeResult
	err = s.db.InTx(ctx, func(tx *db.Tx) error {
		winner, err := findParty(ctx, tx, winnerID)
		if err != nil {
			return err
		}
		loser, err := findParty(ctx, tx, loserID)
		if err != nil {
			return apperr.Invalid("no such party to merge", apperr.Field("loser_id", "not_found", "no party with this ID"))
		}
		if err := visible(actor, winner); err != nil {
			return err
		}
		if visible(actor, loser) != nil {
			return apperr.Invalid("no such party to merge", apperr.Field("loser_id", "not_found", "no party with this ID"))
		}
		for _, r := range s.referrers {
			if err := r(ctx, tx, loserID, winnerID); err != nil {
				return err
			}
		}
		after := winner
		after.Roles = union(winner.Roles, loser.Roles)
		after.Tags = union(winner.Tags, loser.Tags)
		after.Addresses = append(slices.Clone(winner.Addresses), loser.Addresses...)
		for i := len(winner.Addresses); i < len(after.Addresses); i++ {
			after.Addresses[i].Default = false // the winner's defaults stay the defaults
		}
		after.Contacts = append(slices.Clone(winner.Contacts), loser.Contacts...)
		for _, f := range []struct {
			dst *string
			src string
		}{{&after.TaxID, loser.TaxID}, {&after.Email, loser.Email},
			{&after.Phone, loser.Phone}, {&after.LocalName, loser.LocalName}, {&after.Website, loser.Website}} {
			if *f.dst == "" {
				*f.dst = f.src // fill gaps, never overwrite the winner's data
			}
		}
		after.Version, after.UpdatedAt = winner.Version+1, tx.Now()
		// The loser's rows go first: its addresses and contacts are
		// re-inserted under the winner with the same IDs.
		for _, t := range []string{"party_address", "party_contact"} {
			if _, err := tx.ExecContext(ctx, `DELETE FROM `+t+` WHERE party_id = $1`, loserID); err != nil {
				return err
			}
		}
		if _, err := tx.ExecContext(ctx, `UPDATE party_alias SET party_id = $1 WHERE party_id = $2`, winnerID, loserID); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM party WHERE id = $1`, loserID); err != nil {
			return err
		}
		updated, err := updateParty(ctx, tx, &after, version)
		if err != nil {
			return err
		}
		if err := db.CheckVersion(ctx, tx, updated, "party", winnerID, "party"); err != nil {
			return err
		}
		res = MergeResult{Party: after, Aliases: []string{loser.Code, loser.ID}}
		for _, alias := range res.Aliases {
			if _, err := tx.ExecContext(ctx, `INSERT INTO party_alias (alias, party_id, created_at) VALUES ($1, $2, $3)`, alias, winnerID, tx.Now()); err != nil {
				return err
			}
		}
		if err := audit.RecordTx(ctx, tx, "party", loserID, "merged_into", loser, map[string]string{"merged_into": winnerID}); err != nil {
			return err
		}
		if err := audit.RecordTx(ctx, tx, "party", winnerID, "merge", winner, after); err != nil {
			return err
		}
		_, err = outbox.Append(ctx, tx, outbox.New{Type: EventMerged, AggregateType: "party", AggregateID: winnerID,
			Payload: MergedPayload{Party: after, MergedID: loserID, MergedCode: loser.Code}})
		return err
	})
	return res, err
}

func union(a, b []string) []string {
	out := append(slices.Clone(a), b...)
	slices.Sort(out)
	return slices.Compact(out)
}
