package support

import (
	"context"
	"slices"
	"strings"
	"time"

	"github.com/concord-erp/concord/internal/platform/apperr"
	"github.com/concord-erp/concord/internal/platform/audit"
	"github.com/concord-erp/concord/internal/platform/db"
	"github.com/concord-erp/concord/internal/platform/outbox"
)

// Agent is a user who handles tickets. Skills are the ticket categories
// they know; only active agents get tickets.
type Agent struct {
	UserID    string    `json:"user_id"`
	Name      string    `json:"name"`
	Skills    []string  `json:"skills"`
	Active    bool      `json:"active"`
	OpenLoad  int       `json:"open_load" doc:"Tickets assigned and not yet resolved."`
	Version   int64     `json:"version"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
}

// AgentInput makes a user an agent or changes one.
type AgentInput struct {
	Skills  []string `json:"skills" maxItems:"50" doc:"Ticket categories, e.g. billing, delivery, technical."`
	Active  bool     `json:"active"`
	Version int64    `json:"version,omitempty" doc:"When changing an agent: the version being changed (or If-Match)."`
}

// ErrNotAgentUser is the answer for users who cannot work tickets.
var ErrNotAgentUser = apperr.Invalid("the user cannot handle tickets",
	apperr.Field("user_id", "not_an_agent", "an active user whose roles grant "+PermTicketUpdate))

func normSkills(in []string) []string {
	out := []string{}
	for _, s := range in {
		s = strings.ToLower(strings.TrimSpace(s))
		if s != "" && !slices.Contains(out, s) {
			out = append(out, s)
		}
	}
	slices.Sort(out)
	return out
}

// SaveAgent makes a user an agent (version 0) or replaces an agent's
// skills and active flag (the agent's version). Errors: validation_failed
// (user_id not_an_agent), version_conflict.
func (s *Service) SaveAgent(ctx context.Context, userID string, in AgentInput, version int64) (Agent, error) {
	name, ok, err := s.users(ctx, userID)
	if apperr.CodeOf(err) == apperr.CodeNotFound || (err == nil && !ok && in.Active) {
		return Agent{}, ErrNotAgentUser
	}
	if err != nil {
		return Agent{}, err
	}
	var after Agent
	err = s.db.InTx(ctx, func(tx *db.Tx) error {
		before, err := findAgent(ctx, tx, userID)
		exists := err == nil
		if err != nil && apperr.CodeOf(err) != apperr.CodeNotFound {
			return err
		}
		if exists && before.Version != version {
			return apperr.VersionConflict("agent")
		}
		after = Agent{UserID: userID, Name: name, Skills: normSkills(in.Skills), Active: in.Active, Version: 1, CreatedAt: tx.Now(), UpdatedAt: tx.Now()}
		var b any
		if exists {
			after.Version, after.CreatedAt, after.OpenLoad, b = before.Version+1, before.CreatedAt, before.OpenLoad, before
		}
		if err := upsertAgent(ctx, tx, after, exists); err != nil {
			return err
		}
		if _, err := outbox.Append(ctx, tx, outbox.New{Type: EventAgentSaved, AggregateType: "agent", AggregateID: userID, Payload: after}); err != nil {
			return err
		}
		action := audit.ActionCreate
		if exists {
			action = audit.ActionUpdate
		}
		return audit.RecordTx(ctx, tx, "support_agent", userID, action, b, after)
	})
	return after, err
}

// FindAgents lists the agents with their open load, by name.
func (s *Service) FindAgents(ctx context.Context) ([]Agent, error) { return findAgents(ctx, s.db) }

// FindAgent returns an agent. Errors: not_found.
func (s *Service) FindAgent(ctx context.Context, userID string) (Agent, error) {
	return findAgent(ctx, s.db, userID)
}
