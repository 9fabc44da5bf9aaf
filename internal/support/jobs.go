package support

import (
	"context"
	"time"

	"github.com/concord-erp/concord/internal/platform/audit"
	"github.com/concord-erp/concord/internal/platform/authz"
	"github.com/concord-erp/concord/internal/platform/db"
	"github.com/concord-erp/concord/internal/platform/jobs"
	"github.com/concord-erp/concord/internal/platform/outbox"
)

// JobSLACheck is the kind of the background job that acts on SLA warnings
// and breaches. It runs every SLACheckInterval and schedules its next run.
const JobSLACheck = "support.sla_check"

// SLACheckInterval is how often the SLA check runs: a warning or breach is
// acted on at most this long after its time.
const SLACheckInterval = time.Minute

// RegisterJobs registers the SLA check with the job queue.
func (s *Service) RegisterJobs(q *jobs.Queue) {
	q.Register(JobSLACheck, func(ctx context.Context, r *jobs.Run) (any, error) {
		n, err := s.CheckSLA(ctx)
		if err != nil {
			return nil, err
		}
		// The next run is queued before this one is marked done; the
		// queue keeps only one waiting check.
		if err := s.ScheduleSLACheck(ctx, SLACheckInterval); err != nil {
			return nil, err
		}
		return map[string]int{"tickets": n}, nil
	})
}

// ScheduleSLACheck queues the SLA check to run after delay, unless one is
// queued already (several nodes start it at once harmlessly).
func (s *Service) ScheduleSLACheck(ctx context.Context, delay time.Duration) error {
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		_, _, err := jobs.EnqueueOnceTx(ctx, tx, JobSLACheck, struct{}{}, jobs.Options{RunAt: tx.Now().Add(delay), MaxAttempts: 3})
		return err
	})
}

// CheckSLA acts on every open ticket whose SLA warning or breach time has
// come by the service's clock: it records the warning (event
// support.ticket.sla_warning.v1) or the breach (support.ticket.sla_breached.v1)
// once per target, and escalates a ticket at its first breach: its
// priority goes up one step (urgent stays urgent) and
// support.ticket.escalated.v1 tells the supervisors. It returns how many
// tickets it changed. Each ticket is its own transaction.
func (s *Service) CheckSLA(ctx context.Context) (int, error) {
	if authz.FromContext(ctx) == nil {
		ctx = authz.WithPrincipal(ctx, authz.System("sla"))
	}
	now := s.now()
	ids, err := dueTickets(ctx, s.db, now)
	if err != nil {
		return 0, err
	}
	changed := 0
	for _, ticketID := range ids {
		var acted bool
		_, err := s.changeTicket(ctx, ticketID, 0, func(tx *db.Tx, t *Ticket) error {
			before := *t
			events := s.slaEvents(t, now)
			if len(events) == 0 {
				return nil
			}
			acted = true
			for _, ev := range events {
				if _, err := outbox.Append(ctx, tx, outbox.New{Type: ev, AggregateType: "ticket", AggregateID: t.ID, Payload: *t}); err != nil {
					return err
				}
			}
			return audit.RecordTx(ctx, tx, "ticket", t.ID, "sla", before, *t)
		})
		if err != nil {
			return changed, err
		}
		if acted {
			changed++
		}
	}
	return changed, nil
}

// slaEvents marks what is due on an open ticket as of now and returns the
// events to publish, in order.
func (s *Service) slaEvents(t *Ticket, now time.Time) []string {
	if !active(t.Status) {
		return nil
	}
	sl := &t.SLA
	var out []string
	due := func(at *time.Time) bool { return at != nil && !at.After(now) }
	breached := false
	if sl.FirstRespondedAt == nil {
		if due(sl.FirstResponseWarn) && sl.ResponseWarnedAt == nil {
			sl.ResponseWarnedAt, out = &now, append(out, EventSLAWarning)
		}
		if due(sl.FirstResponseDue) && sl.ResponseBreachedAt == nil {
			sl.ResponseBreachedAt, out, breached = &now, append(out, EventSLABreached), true
		}
	}
	if due(sl.ResolutionWarn) && sl.ResolutionWarnedAt == nil {
		sl.ResolutionWarnedAt, out = &now, append(out, EventSLAWarning)
	}
	if due(sl.ResolutionDue) && sl.ResolutionBreachedAt == nil {
		sl.ResolutionBreachedAt, out, breached = &now, append(out, EventSLABreached), true
	}
	if breached && sl.EscalatedAt == nil {
		sl.EscalatedAt = &now
		t.Priority = raised(t.Priority)
		out = append(out, EventTicketEscalated)
	}
	return out
}
