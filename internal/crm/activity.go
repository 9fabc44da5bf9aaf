package crm

import (
	"context"
	"database/sql"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/concord-erp/concord/internal/platform/apperr"
	"github.com/concord-erp/concord/internal/platform/audit"
	"github.com/concord-erp/concord/internal/platform/db"
	"github.com/concord-erp/concord/internal/platform/id"
	"github.com/concord-erp/concord/internal/platform/jobs"
	"github.com/concord-erp/concord/internal/platform/outbox"
	"github.com/concord-erp/concord/internal/platform/page"
)

// Activity kinds.
var ActivityKinds = []string{"call", "meeting", "task", "note", "email"}

// JobActivityDue is the kind of the background job that announces an
// activity falling due (at its reminder time, else its due time).
const JobActivityDue = "crm.activity.due"

// Activity is a call, meeting, task, note or e-mail logged against a
// party, lead, opportunity, sales order or ticket.
type Activity struct {
	ID          string     `json:"id"`
	Kind        string     `json:"kind" enum:"call,meeting,task,note,email"`
	SubjectType string     `json:"subject_type" doc:"party, lead, opportunity, sales_order or ticket."`
	SubjectID   string     `json:"subject_id"`
	PartyID     string     `json:"party_id,omitempty" doc:"The customer it concerns, derived from the subject; it shows on their overview."`
	Title       string     `json:"title"`
	Notes       string     `json:"notes"`
	DueAt       *time.Time `json:"due_at,omitempty"`
	RemindAt    *time.Time `json:"remind_at,omitempty" doc:"When crm.activity.due.v1 is published; defaults to due_at."`
	Done        bool       `json:"done"`
	DoneAt      *time.Time `json:"done_at,omitempty"`
	NotifiedAt  *time.Time `json:"notified_at,omitempty" doc:"When crm.activity.due.v1 was published."`
	Overdue     bool       `json:"overdue" doc:"Not done and past its due time."`
	OwnerID     string     `json:"owner_id"`
	Version     int64      `json:"version"`
	CreatedAt   time.Time  `json:"created_at"`
	UpdatedAt   time.Time  `json:"updated_at"`
}

// ActivityInput is what a client sets on an activity.
type ActivityInput struct {
	Kind        string     `json:"kind" enum:"call,meeting,task,note,email"`
	SubjectType string     `json:"subject_type" maxLength:"40"`
	SubjectID   string     `json:"subject_id" maxLength:"64"`
	Title       string     `json:"title" maxLength:"200"`
	Notes       string     `json:"notes,omitempty" maxLength:"10000"`
	DueAt       *time.Time `json:"due_at,omitempty"`
	RemindAt    *time.Time `json:"remind_at,omitempty" doc:"Not after due_at; defaults to it."`
	Done        bool       `json:"done,omitempty" doc:"Log something that already happened (a call made)."`
	OwnerID     string     `json:"owner_id,omitempty" maxLength:"64" doc:"Defaults to the creating user."`
	Version     int64      `json:"version,omitempty"`
}

// ActivityFilter selects activities.
type ActivityFilter struct {
	SubjectType string
	SubjectID   string
	PartyID     string
	OwnerID     string
	Kind        string
	// Done filters on done ("true", "false"); empty for both.
	Done string
	// Sort defaults to newest first; After is where the previous page
	// ended.
	Sort  page.Sort
	After *page.Cursor
	Limit int
}

// dueOrLogged is when an activity is for: a task's or meeting's due time,
// or, without one, when it was logged; never NULL, so it can be a sort
// column.
const dueOrLogged = "COALESCE(due_at, created_at)"

// ActivitySorts are the columns a list of activities may be sorted by; ids
// grow with time, so "created" is the id.
var ActivitySorts = []page.SortField{
	{Name: "created", Column: "id"},
	{Name: "updated", Column: "updated_at", Time: true},
	{Name: "due", Column: dueOrLogged, Time: true},
	{Name: "kind", Column: "kind"},
	{Name: "title", Column: "title"},
}

// SortValue is a's value of a sort field, for the cursor of a page ending
// at a.
func (a Activity) SortValue(field string) string {
	switch field {
	case "updated":
		return page.TimeValue(a.UpdatedAt)
	case "due":
		// As dueOrLogged.
		if a.DueAt != nil {
			return page.TimeValue(*a.DueAt)
		}
		return page.TimeValue(a.CreatedAt)
	case "kind":
		return a.Kind
	case "title":
		return a.Title
	}
	return a.ID
}

// ErrNoSuchSubject reports an activity about a record that does not exist.
var ErrNoSuchSubject = apperr.Invalid("the activity's subject does not exist",
	apperr.Field("subject_id", "not_found", "no record of this type with this ID you may see"))

func (s *Service) checkActivity(ctx context.Context, in *ActivityInput) (partyID string, err error) {
	in.Title, in.Notes = strings.TrimSpace(in.Title), strings.TrimSpace(in.Notes)
	var v apperr.Validator
	v.Check(slices.Contains(ActivityKinds, in.Kind), "kind", "invalid", "one of "+strings.Join(ActivityKinds, ", "))
	v.Check(in.Title != "", "title", "required", "what the activity is about")
	check := s.subject(in.SubjectType)
	types := s.SubjectTypes()
	slices.Sort(types)
	v.Check(check != nil, "subject_type", "invalid", "one of "+strings.Join(types, ", "))
	v.Check(in.SubjectID != "", "subject_id", "required", "the record the activity is about")
	if in.RemindAt != nil {
		v.Check(in.DueAt != nil, "due_at", "required", "a reminder needs a due time")
		v.Check(in.DueAt == nil || !in.RemindAt.After(*in.DueAt), "remind_at", "after_due", "must not be after due_at")
	}
	if err := v.Err(); err != nil {
		return "", err
	}
	partyID, err = check(ctx, in.SubjectID)
	if apperr.CodeOf(err) == apperr.CodeNotFound {
		return "", ErrNoSuchSubject
	}
	return partyID, err
}

const activityColumns = `id, kind, subject_type, subject_id, party_id, title, notes, due_at, remind_at, done, done_at, notified_at, owner_id,
	version, created_at, updated_at`

func timePtr(t sql.NullTime) *time.Time {
	if !t.Valid {
		return nil
	}
	u := t.Time.UTC()
	return &u
}

func scanActivity(s interface{ Scan(...any) error }) (Activity, error) {
	var a Activity
	var due, remind, done, notified sql.NullTime
	if err := s.Scan(&a.ID, &a.Kind, &a.SubjectType, &a.SubjectID, &a.PartyID, &a.Title, &a.Notes, &due, &remind, &a.Done, &done, &notified,
		&a.OwnerID, &a.Version, &a.CreatedAt, &a.UpdatedAt); err != nil {
		return a, err
	}
	a.DueAt, a.RemindAt, a.DoneAt, a.NotifiedAt = timePtr(due), timePtr(remind), timePtr(done), timePtr(notified)
	a.CreatedAt, a.UpdatedAt = a.CreatedAt.UTC(), a.UpdatedAt.UTC()
	a.Overdue = !a.Done && a.DueAt != nil && a.DueAt.Before(time.Now())
	return a, nil
}

func findActivity(ctx context.Context, q db.Querier, key string) (Activity, error) {
	a, err := scanActivity(q.QueryRowContext(ctx, `SELECT `+activityColumns+` FROM crm_activity WHERE id = $1`, key))
	if err != nil {
		return Activity{}, db.NotFound(err, "activity")
	}
	return a, nil
}

func countActivities(ctx context.Context, q db.Querier, subjectType, subjectID string) (int, error) {
	var n int
	err := q.QueryRowContext(ctx, `SELECT COUNT(*) FROM crm_activity WHERE subject_type = $1 AND subject_id = $2`, subjectType, subjectID).Scan(&n)
	return n, err
}

func (s *Service) visibleActivity(ctx context.Context, q db.Querier, key string) (Activity, error) {
	p, err := principal(ctx)
	if err != nil {
		return Activity{}, err
	}
	a, err := findActivity(ctx, q, key)
	if err != nil {
		return Activity{}, err
	}
	return a, owns(p, "crm.activity", a.OwnerID, "activity")
}

// FindActivity returns an activity the principal may see. Errors: not_found.
func (s *Service) FindActivity(ctx context.Context, key string) (Activity, error) {
	return s.visibleActivity(ctx, s.db, key)
}

// FindActivities lists the activities the principal may see, newest first
// unless f.Sort says otherwise.
// Without crm.activity.all one sees one's own, except on a subject or
// party one asks for by ID (which FindActivities' caller has shown to be
// visible): a customer's history is everyone's context.
func (s *Service) FindActivities(ctx context.Context, f ActivityFilter) ([]Activity, error) {
	p, err := principal(ctx)
	if err != nil {
		return nil, err
	}
	if !p.CanAll("crm.activity") && f.SubjectID == "" && f.PartyID == "" {
		f.OwnerID = p.UserID
	}
	if f.SubjectID != "" {
		check := s.subject(f.SubjectType)
		if check == nil {
			return nil, apperr.Invalid("unknown subject type", apperr.Field("subject_type", "invalid", "the type of subject_id"))
		}
		if _, err := check(ctx, f.SubjectID); err != nil {
			return nil, err
		}
	}
	if f.PartyID != "" {
		pt, err := s.parties.FindParty(ctx, f.PartyID)
		if err != nil {
			return nil, err
		}
		f.PartyID = pt.ID
	}
	args := []any{f.SubjectType, f.SubjectID, f.PartyID, f.OwnerID, f.Kind}
	where := `($1 = '' OR subject_type = $1) AND ($2 = '' OR subject_id = $2) AND ($3 = '' OR party_id = $3)
		AND ($4 = '' OR owner_id = $4) AND ($5 = '' OR kind = $5)`
	if f.Done != "" {
		args = append(args, f.Done == "true")
		where += ` AND done = $` + strconv.Itoa(len(args))
	}
	after, args, orderBy, err := f.Sort.Or(page.Sort{Field: "created", Column: "id", Desc: true}).Clause(f.After, args)
	if err != nil {
		return nil, err
	}
	args = append(args, f.Limit)
	rows, err := s.db.QueryContext(ctx, `SELECT `+activityColumns+` FROM crm_activity WHERE `+where+after+` ORDER BY `+orderBy+` LIMIT $`+
		strconv.Itoa(len(args)), args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []Activity{}
	for rows.Next() {
		a, err := scanActivity(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, a)
	}
	return out, rows.Err()
}

// remindAt is when an activity's due event is published.
func (a Activity) remindAt() *time.Time {
	if a.RemindAt != nil {
		return a.RemindAt
	}
	return a.DueAt
}

type duePayload struct {
	ActivityID string    `json:"activity_id"`
	At         time.Time `json:"at"`
}

// scheduleTx queues the due announcement of an open activity with a due
// time; the job ignores itself when the activity changed meanwhile.
func scheduleTx(ctx context.Context, tx *db.Tx, a Activity) error {
	at := a.remindAt()
	if a.Done || at == nil {
		return nil
	}
	_, err := jobs.EnqueueTx(ctx, tx, JobActivityDue, duePayload{ActivityID: a.ID, At: *at}, jobs.Options{RunAt: *at})
	return err
}

// CreateActivity logs an activity against an existing subject. Errors:
// validation_failed (also for a subject that does not exist).
func (s *Service) CreateActivity(ctx context.Context, in ActivityInput) (Activity, error) {
	p, err := principal(ctx)
	if err != nil {
		return Activity{}, err
	}
	partyID, err := s.checkActivity(ctx, &in)
	if err != nil {
		return Activity{}, err
	}
	owner, err := ownerFor(p, "crm.activity", in.OwnerID)
	if err != nil {
		return Activity{}, err
	}
	var a Activity
	err = s.db.InTx(ctx, func(tx *db.Tx) error {
		now := tx.Now()
		a = Activity{ID: id.New("act"), Kind: in.Kind, SubjectType: in.SubjectType, SubjectID: in.SubjectID, PartyID: partyID,
			Title: in.Title, Notes: in.Notes, DueAt: utcPtr(in.DueAt), RemindAt: utcPtr(in.RemindAt), Done: in.Done, OwnerID: owner,
			Version: 1, CreatedAt: now, UpdatedAt: now}
		if a.Done {
			a.DoneAt = &now
		}
		a.Overdue = !a.Done && a.DueAt != nil && a.DueAt.Before(now)
		if _, err := tx.ExecContext(ctx, `INSERT INTO crm_activity (`+activityColumns+`) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10,
			$11, $12, $13, $14, $15, $16)`, a.ID, a.Kind, a.SubjectType, a.SubjectID, a.PartyID, a.Title, a.Notes, nullTime(a.DueAt),
			nullTime(a.RemindAt), a.Done, nullTime(a.DoneAt), nil, a.OwnerID, a.Version, a.CreatedAt, a.UpdatedAt); err != nil {
			return err
		}
		if err := scheduleTx(ctx, tx, a); err != nil {
			return err
		}
		if a.SubjectType == subjectTypeLead {
			if err := rescoreLeadTx(ctx, tx, a.SubjectID); err != nil {
				return err
			}
		}
		return record(ctx, tx, eventAggregateActivity, a.ID, audit.ActionCreate, EventActivityCreated, nil, a)
	})
	return a, err
}

func utcPtr(t *time.Time) *time.Time {
	if t == nil {
		return nil
	}
	u := t.UTC().Truncate(time.Microsecond)
	return &u
}

func updateActivity(ctx context.Context, tx *db.Tx, a Activity, version int64) error {
	res, err := tx.ExecContext(ctx, `UPDATE crm_activity SET kind = $1, title = $2, notes = $3, due_at = $4, remind_at = $5, done = $6,
		done_at = $7, notified_at = $8, owner_id = $9, version = $10, updated_at = $11 WHERE id = $12 AND version = $13`,
		a.Kind, a.Title, a.Notes, nullTime(a.DueAt), nullTime(a.RemindAt), a.Done, nullTime(a.DoneAt), nullTime(a.NotifiedAt), a.OwnerID,
		a.Version, a.UpdatedAt, a.ID, version)
	if err != nil {
		return err
	}
	return db.CheckVersion(ctx, tx, res, "crm_activity", a.ID, "activity")
}

// ReplaceActivity changes an activity; its subject stays. A new due or
// reminder time schedules a new announcement. Errors: not_found,
// validation_failed, version_conflict.
func (s *Service) ReplaceActivity(ctx context.Context, key string, in ActivityInput, version int64) (Activity, error) {
	p, err := principal(ctx)
	if err != nil {
		return Activity{}, err
	}
	var after Activity
	err = s.db.InTx(ctx, func(tx *db.Tx) error {
		before, err := s.visibleActivity(ctx, tx, key)
		if err != nil {
			return err
		}
		in.SubjectType, in.SubjectID = before.SubjectType, before.SubjectID
		in.Title, in.Notes = strings.TrimSpace(in.Title), strings.TrimSpace(in.Notes)
		var v apperr.Validator
		v.Check(slices.Contains(ActivityKinds, in.Kind), "kind", "invalid", "one of "+strings.Join(ActivityKinds, ", "))
		v.Check(in.Title != "", "title", "required", "what the activity is about")
		if in.RemindAt != nil {
			v.Check(in.DueAt != nil && !in.RemindAt.After(*in.DueAt), "remind_at", "after_due", "needs due_at and must not be after it")
		}
		if err := v.Err(); err != nil {
			return err
		}
		owner := before.OwnerID
		if in.OwnerID != "" {
			if owner, err = ownerFor(p, "crm.activity", in.OwnerID); err != nil {
				return err
			}
		}
		after = before
		now := tx.Now()
		after.Kind, after.Title, after.Notes, after.DueAt, after.RemindAt, after.OwnerID = in.Kind, in.Title, in.Notes, utcPtr(in.DueAt),
			utcPtr(in.RemindAt), owner
		if in.Done && !before.Done {
			after.Done, after.DoneAt = true, &now
		} else if !in.Done {
			after.Done, after.DoneAt = false, nil
		}
		rescheduled := !sameTime(before.remindAt(), after.remindAt())
		if rescheduled {
			after.NotifiedAt = nil
		}
		after.Overdue = !after.Done && after.DueAt != nil && after.DueAt.Before(now)
		after.Version, after.UpdatedAt = before.Version+1, now
		if err := updateActivity(ctx, tx, after, version); err != nil {
			return err
		}
		if rescheduled || (before.Done && !after.Done) {
			if err := scheduleTx(ctx, tx, after); err != nil {
				return err
			}
		}
		return record(ctx, tx, eventAggregateActivity, after.ID, audit.ActionUpdate, EventActivityUpdated, before, after)
	})
	return after, err
}

func sameTime(a, b *time.Time) bool {
	if a == nil || b == nil {
		return a == nil && b == nil
	}
	return a.Equal(*b)
}

// CompleteActivity marks an activity done. Errors: not_found,
// version_conflict, invalid_state (already done).
func (s *Service) CompleteActivity(ctx context.Context, key string, version int64) (Activity, error) {
	var after Activity
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		before, err := s.visibleActivity(ctx, tx, key)
		if err != nil {
			return err
		}
		if before.Version != version {
			return apperr.VersionConflict("activity")
		}
		if before.Done {
			return ErrInvalidState
		}
		now := tx.Now()
		after = before
		after.Done, after.DoneAt, after.Overdue, after.Version, after.UpdatedAt = true, &now, false, before.Version+1, now
		if err := updateActivity(ctx, tx, after, version); err != nil {
			return err
		}
		return record(ctx, tx, eventAggregateActivity, after.ID, "complete", EventActivityCompleted, before, after)
	})
	return after, err
}

// RegisterJobs gives the queue the handler that announces due activities.
func (s *Service) RegisterJobs(q *jobs.Queue) {
	q.Register(JobActivityDue, func(ctx context.Context, r *jobs.Run) (any, error) {
		var pl duePayload
		if err := r.Payload(&pl); err != nil {
			return nil, err
		}
		published := false
		err := s.db.InTx(ctx, func(tx *db.Tx) error {
			a, err := findActivity(ctx, tx, pl.ActivityID)
			if apperr.CodeOf(err) == apperr.CodeNotFound {
				return nil
			}
			if err != nil {
				return err
			}
			// Done, rescheduled since, or already announced: a stale or
			// repeated job does nothing, which makes it safe to retry.
			if a.Done || a.NotifiedAt != nil || !sameTime(a.remindAt(), &pl.At) {
				return nil
			}
			now := tx.Now()
			if _, err := tx.ExecContext(ctx, `UPDATE crm_activity SET notified_at = $1 WHERE id = $2`, now, a.ID); err != nil {
				return err
			}
			a.NotifiedAt, a.Overdue = &now, a.DueAt != nil && a.DueAt.Before(now)
			published = true
			_, err = outbox.Append(ctx, tx, outbox.New{Type: EventActivityDue, AggregateType: eventAggregateActivity, AggregateID: a.ID, Payload: a})
			return err
		})
		return map[string]bool{"published": published}, err
	})
}

// ActivitiesOfParty returns the latest activities concerning a party, for
// the customer overview; the caller has checked the party is visible.
func (s *Service) ActivitiesOfParty(ctx context.Context, partyID string, limit int) ([]Activity, error) {
	return s.FindActivities(ctx, ActivityFilter{PartyID: partyID, Limit: limit})
}
