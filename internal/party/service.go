package party

import (
	"context"
	"database/sql"
	"errors"

	"github.com/concord-erp/concord/internal/platform/apperr"
	"github.com/concord-erp/concord/internal/platform/audit"
	"github.com/concord-erp/concord/internal/platform/authz"
	"github.com/concord-erp/concord/internal/platform/db"
	"github.com/concord-erp/concord/internal/platform/id"
	"github.com/concord-erp/concord/internal/platform/outbox"
)

// Permissions of the party module.
const (
	PermRead   = "party.party.read"
	PermCreate = "party.party.create"
	PermUpdate = "party.party.update"
	// PermAll is the record rule: every party, not only one's own.
	PermAll = "party.party.all"
)

// Events.
const (
	EventCreated = "party.party.created.v1"
	EventUpdated = "party.party.updated.v1"
)

// Errors.
var (
	ErrCodeTaken = &apperr.Error{Kind: apperr.KindConflict, Code: "code_taken", Message: "another party has this code",
		Fields: []apperr.FieldError{{Field: "code", Code: "taken", Message: "already used"}}}
	errOwnerNotAllowed = apperr.Invalid("you can only own parties yourself",
		apperr.Field("owner_id", "not_allowed", "without party.party.all the owner must be you"))
)

// Service is the party module's API. The acting principal comes from the
// context; its record rule decides which parties it sees.
type Service struct {
	db        *db.DB
	referrers []Referrer
	refs      ReferenceCheck
}

// NewService returns the service and registers its record-rule permission.
func NewService(d *db.DB, catalog *authz.Catalog) *Service {
	catalog.Add(PermAll, PermMerge, PermSettings)
	return &Service{db: d}
}

func principal(ctx context.Context) (*authz.Principal, error) {
	p := authz.FromContext(ctx)
	if p == nil {
		return nil, authz.ErrUnauthenticated
	}
	return p, nil
}

// visible applies the record rule: another owner's party is not found,
// never forbidden, so its existence does not leak.
func visible(p *authz.Principal, pt Party) error {
	if p.CanAll("party.party") || (pt.OwnerID != "" && pt.OwnerID == p.UserID) {
		return nil
	}
	return apperr.NotFound("party")
}

// checkOwner defaults the owner to the acting user and stops a user without
// the record rule from giving parties away.
func checkOwner(p *authz.Principal, in *Input) error {
	if in.OwnerID == "" {
		in.OwnerID = p.UserID
	}
	if !p.CanAll("party.party") && in.OwnerID != p.UserID {
		return errOwnerNotAllowed
	}
	return nil
}

// CreateParty creates a party, assigning a code from its main role's
// pattern when none is given. Errors: validation_failed, code_taken.
func (s *Service) CreateParty(ctx context.Context, in Input) (Party, error) {
	actor, err := principal(ctx)
	if err != nil {
		return Party{}, err
	}
	in.normalize()
	if err := in.validate(); err != nil {
		return Party{}, err
	}
	if err := s.checkReferences(ctx, in); err != nil {
		return Party{}, err
	}
	if err := checkOwner(actor, &in); err != nil {
		return Party{}, err
	}
	var p Party
	err = s.db.InTx(ctx, func(tx *db.Tx) error {
		p, err = createTx(ctx, tx, in)
		return err
	})
	return p, err
}

// CreatePartyTx creates a party in the caller's transaction, with the
// checks of CreateParty: for another module's use case that makes a party
// as one step (converting a lead). Errors: validation_failed, code_taken,
// likely_duplicate.
func (s *Service) CreatePartyTx(ctx context.Context, tx *db.Tx, in Input) (Party, error) {
	actor, err := principal(ctx)
	if err != nil {
		return Party{}, err
	}
	in.normalize()
	if err := in.validate(); err != nil {
		return Party{}, err
	}
	if err := s.checkReferences(ctx, in); err != nil {
		return Party{}, err
	}
	if err := checkOwner(actor, &in); err != nil {
		return Party{}, err
	}
	return createTx(ctx, tx, in)
}

// createTx inserts a validated input as a new party.
func createTx(ctx context.Context, tx *db.Tx, in Input) (Party, error) {
	p := Party{ID: id.New("pty"), Code: in.Code, OwnerID: in.OwnerID, Version: 1, CreatedAt: tx.Now(), UpdatedAt: tx.Now()}
	in.apply(&p)
	if !in.AllowDuplicate {
		if err := checkDuplicates(ctx, tx, &p); err != nil {
			return Party{}, err
		}
	}
	if p.Code == "" {
		code, err := nextCodeTx(ctx, tx, p.Roles[0])
		if err != nil {
			return Party{}, err
		}
		p.Code = code
	} else if taken, err := codeTaken(ctx, tx, p.Code); err != nil {
		return Party{}, err
	} else if taken {
		return Party{}, ErrCodeTaken
	}
	if err := insertParty(ctx, tx, &p); err != nil {
		if db.IsUniqueViolation(err) {
			return Party{}, ErrCodeTaken
		}
		return Party{}, err
	}
	return p, record(ctx, tx, p.ID, audit.ActionCreate, EventCreated, nil, p)
}

func record(ctx context.Context, tx *db.Tx, partyID, action, event string, before, after any) error {
	if err := audit.RecordTx(ctx, tx, "party", partyID, action, before, after); err != nil {
		return err
	}
	_, err := outbox.Append(ctx, tx, outbox.New{Type: event, AggregateType: "party", AggregateID: partyID, Payload: after})
	return err
}

// FindParty returns a party by ID or by code; the ID or code of a party
// merged into another finds the survivor. Errors: not_found (also for a
// party the principal may not see).
func (s *Service) FindParty(ctx context.Context, idOrCode string) (Party, error) {
	p, err := s.FindPartyBrief(ctx, idOrCode)
	if err != nil {
		return Party{}, err
	}
	return p, loadChildren(ctx, s.db, &p)
}

// FindPartyBrief is FindParty without the party's addresses and contacts
// (they come back empty), for the documents of other modules that need
// only the party's own fields: two queries fewer on every order and
// payment.
func (s *Service) FindPartyBrief(ctx context.Context, idOrCode string) (Party, error) {
	actor, err := principal(ctx)
	if err != nil {
		return Party{}, err
	}
	p, err := findPartyRow(ctx, s.db, idOrCode)
	if apperr.CodeOf(err) == apperr.CodeNotFound {
		p, err = findPartyRowByKey(ctx, s.db, idOrCode)
	}
	if err != nil {
		return Party{}, err
	}
	return p, visible(actor, p)
}

// FindParties lists the parties the principal may see, in ID order.
func (s *Service) FindParties(ctx context.Context, f Filter) ([]Party, error) {
	actor, err := principal(ctx)
	if err != nil {
		return nil, err
	}
	if !actor.CanAll("party.party") {
		f.OwnerID = actor.UserID
	}
	return findParties(ctx, s.db, f)
}

// UpdateParty replaces a party's data. version is the version being
// replaced. Errors: not_found, validation_failed, code_taken,
// version_conflict.
func (s *Service) UpdateParty(ctx context.Context, partyID string, in Input, version int64) (Party, error) {
	actor, err := principal(ctx)
	if err != nil {
		return Party{}, err
	}
	in.normalize()
	if err := in.validate(); err != nil {
		return Party{}, err
	}
	if err := s.checkReferences(ctx, in); err != nil {
		return Party{}, err
	}
	var after Party
	err = s.db.InTx(ctx, func(tx *db.Tx) error {
		before, err := findParty(ctx, tx, partyID)
		if err != nil {
			return err
		}
		if err := visible(actor, before); err != nil {
			return err
		}
		if err := checkOwner(actor, &in); err != nil {
			return err
		}
		after = before
		in.apply(&after)
		if in.Code != "" && in.Code != before.Code {
			// A new code must be free, also of merged parties' old codes.
			taken, err := codeTaken(ctx, tx, in.Code)
			if err != nil {
				return err
			}
			if taken {
				return ErrCodeTaken
			}
			after.Code = in.Code
		}
		after.OwnerID, after.Version, after.UpdatedAt = in.OwnerID, before.Version+1, tx.Now()
		if !in.AllowDuplicate {
			if err := checkDuplicates(ctx, tx, &after); err != nil {
				return err
			}
		}
		res, err := updateParty(ctx, tx, &after, version)
		if db.IsUniqueViolation(err) {
			return ErrCodeTaken
		}
		if err != nil {
			return err
		}
		if err := db.CheckVersion(ctx, tx, res, "party", partyID, "party"); err != nil {
			return err
		}
		return record(ctx, tx, partyID, audit.ActionUpdate, EventUpdated, before, after)
	})
	return after, err
}

// codeTaken reports whether a party has code, or had it before a merge.
func codeTaken(ctx context.Context, q db.Querier, code string) (bool, error) {
	var n int
	err := q.QueryRowContext(ctx, `SELECT (SELECT COUNT(*) FROM party WHERE code = $1) + (SELECT COUNT(*) FROM party_alias WHERE alias = $1)`,
		code).Scan(&n)
	return n > 0, err
}

// Suppliers reports which of the given IDs are parties with the supplier
// role. It answers for the composition of modules (a product's suppliers)
// and reveals no party data, so it applies no record rule.
func (s *Service) Suppliers(ctx context.Context, partyIDs []string) (map[string]bool, error) {
	out := map[string]bool{}
	for _, pid := range partyIDs {
		var ok bool
		err := s.db.QueryRowContext(ctx, `SELECT is_supplier FROM party WHERE id = $1`, pid).Scan(&ok)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return nil, err
		}
		out[pid] = ok
	}
	return out, nil
}

// SupplierByCode returns the ID of the supplier with a code (or an alias
// code), or "" when there is none. Like Suppliers it serves the
// composition of modules and applies no record rule.
func (s *Service) SupplierByCode(ctx context.Context, code string) (string, error) {
	p, err := findPartyRowByKey(ctx, s.db, code)
	if apperr.CodeOf(err) == apperr.CodeNotFound || (err == nil && !hasRole(&p, RoleSupplier)) {
		return "", nil
	}
	return p.ID, err
}

// CustomerTx reads a party by ID in the caller's transaction, whoever may
// see it: for a module acting on a document that already names the party
// (e.g. confirming its order). Addresses and contacts are not read (they
// come back empty): no such use case needs them, and it saves two queries
// on every confirmation, invoice and payment.
func (s *Service) CustomerTx(ctx context.Context, tx *db.Tx, partyID string) (Party, error) {
	return findPartyRow(ctx, tx, partyID)
}
