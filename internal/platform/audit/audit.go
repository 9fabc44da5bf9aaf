// Package audit keeps the audit trail: who changed what, when, from what to
// what, and through which request. Every use case that changes data calls
// RecordTx inside its own transaction, so an entry exists if and only if the
// change committed.
//
// Entries are append-only: the product offers no way to edit or delete one.
// Each entry's hash covers its content and the previous entry's hash, so a
// row changed, removed or inserted directly in the database breaks the
// chain, and Verify (concord audit verify) finds it.
//
// Recording and chaining are two steps (ADR 0013). RecordTx only inserts the
// entry into audit_pending, which takes no row another transaction needs;
// Seal, run by the server every half second and by List and Verify before
// they read, moves committed pending entries onto the chain in one
// transaction at a time under the chain head's lock. A global hash chain
// taken inside every writing transaction made all writers queue for one row
// (the order-to-cash benchmark's bottleneck on PostgreSQL); sealed after
// commit, the chain costs writers one insert. The price: an entry is
// tamper-evident from its sealing, not its commit, a window of about a
// second on a running server.
package audit

import (
	"bytes"
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/concord-erp/concord/internal/platform/authz"
	"github.com/concord-erp/concord/internal/platform/db"
	"github.com/concord-erp/concord/internal/platform/httpx"
	"github.com/concord-erp/concord/internal/platform/id"
)

// Actions recorded for the common changes; state changes use their verb
// ("confirm", "cancel", …).
const (
	ActionCreate = "create"
	ActionUpdate = "update"
	ActionDelete = "delete"
)

// Entry is one audit record.
type Entry struct {
	Seq        int64           `json:"seq" doc:"Position in the audit chain, from 1, without gaps."`
	ID         string          `json:"id"`
	OccurredAt time.Time       `json:"occurred_at"`
	ActorType  string          `json:"actor_type" enum:"user,token,system"`
	ActorID    string          `json:"actor_id" doc:"User ID, user ID/token ID, or system:<name>."`
	EntityType string          `json:"entity_type"`
	EntityID   string          `json:"entity_id"`
	Action     string          `json:"action"`
	Before     json.RawMessage `json:"before,omitempty" doc:"The changed fields before the change (absent on create)."`
	After      json.RawMessage `json:"after,omitempty" doc:"The changed fields after the change (absent on delete)."`
	RequestID  string          `json:"request_id,omitempty"`
	Hash       string          `json:"hash" doc:"SHA-256 over the entry and the previous entry's hash."`
}

// RecordTx appends an entry for a change to entity (entityType, entityID)
// made by the principal of ctx. before and after are the entity's public
// representation before and after the change (nil for create or delete);
// only the fields that differ are kept. Secrets must not be part of them.
// The entry is pending until Seal chains it.
func RecordTx(ctx context.Context, tx *db.Tx, entityType, entityID, action string, before, after any) error {
	p := authz.FromContext(ctx)
	if p == nil {
		return errors.New("audit: no principal in context; every change needs an actor")
	}
	b, a, err := diff(before, after)
	if err != nil {
		return fmt.Errorf("audit: %w", err)
	}
	// Written in one INSERT at commit, in record order, which is the order
	// Seal chains them in.
	tx.Batch(`INSERT INTO audit_pending (id, occurred_at, actor_type, actor_id, entity_type, entity_id, action, before_data, after_data, request_id) VALUES `, 10).
		Add(id.New("aud"), tx.Now(), p.ActorType(), p.ActorID(), entityType, entityID, action, nullable(b), nullable(a), httpx.RequestID(ctx))
	return nil
}

// sealBatch bounds one sealing transaction (13 parameters an entry stay far
// below either engine's limit of bound parameters).
const sealBatch = 200

// Seal chains every committed pending entry and returns how many it chained.
// Sealers on several nodes take turns on the chain head's row; each sees
// the entries the one before it moved as gone from audit_pending.
func Seal(ctx context.Context, d *db.DB) (int, error) {
	total := 0
	for {
		var n int
		err := d.InTx(ctx, func(tx *db.Tx) error {
			var err error
			n, err = sealTx(ctx, tx)
			return err
		})
		if err != nil {
			return total, fmt.Errorf("audit: seal: %w", err)
		}
		total += n
		if n < sealBatch {
			return total, nil
		}
	}
}

// sealTx chains up to sealBatch pending entries, oldest first.
func sealTx(ctx context.Context, tx *db.Tx) (int, error) {
	var seq int64
	var prev string
	if err := tx.QueryRowContext(ctx, `SELECT last_seq, last_hash FROM audit_head WHERE id = 1`+tx.Dialect().ForUpdate()).Scan(&seq, &prev); err != nil {
		return 0, fmt.Errorf("take chain head: %w", err)
	}
	rows, err := tx.QueryContext(ctx, `SELECT pid, `+pendingColumns+` FROM audit_pending ORDER BY pid LIMIT $1`, sealBatch)
	if err != nil {
		return 0, err
	}
	var entries []Entry
	var pids []any
	for rows.Next() {
		var e Entry
		var pid int64
		var before, after sql.NullString
		if err := rows.Scan(&pid, &e.ID, &e.OccurredAt, &e.ActorType, &e.ActorID, &e.EntityType, &e.EntityID, &e.Action, &before, &after, &e.RequestID); err != nil {
			rows.Close()
			return 0, err
		}
		e.OccurredAt = e.OccurredAt.UTC()
		if before.Valid {
			e.Before = json.RawMessage(before.String)
		}
		if after.Valid {
			e.After = json.RawMessage(after.String)
		}
		entries = append(entries, e)
		pids = append(pids, pid)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return 0, err
	}
	if len(entries) == 0 {
		return 0, nil
	}
	var values []string
	var args []any
	for _, e := range entries {
		seq++
		e.Seq = seq
		e.Hash = hash(prev, e)
		values = append(values, db.Placeholders(len(args), 13))
		args = append(args, e.Seq, e.ID, e.OccurredAt, e.ActorType, e.ActorID, e.EntityType, e.EntityID, e.Action,
			nullable(e.Before), nullable(e.After), e.RequestID, prev, e.Hash)
		prev = e.Hash
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO audit_entry (seq, `+pendingColumns+`, prev_hash, hash) VALUES `+strings.Join(values, ", "), args...); err != nil {
		return 0, fmt.Errorf("insert: %w", err)
	}
	// By pid, not a range: on PostgreSQL a lower pid may commit after a
	// higher one and must wait for the next seal.
	if _, err := tx.ExecContext(ctx, `DELETE FROM audit_pending WHERE pid IN `+db.Placeholders(0, len(pids)), pids...); err != nil {
		return 0, err
	}
	if _, err := tx.ExecContext(ctx, `UPDATE audit_head SET last_seq = $1, last_hash = $2 WHERE id = 1`, seq, prev); err != nil {
		return 0, fmt.Errorf("move chain head: %w", err)
	}
	return len(entries), nil
}

const pendingColumns = `id, occurred_at, actor_type, actor_id, entity_type, entity_id, action, before_data, after_data, request_id`

func nullable(b json.RawMessage) any {
	if b == nil {
		return nil
	}
	return string(b)
}

// hash is the chain link: SHA-256 of the previous hash and every recorded
// field, one per line. Before and after are hashed as stored (TEXT, not
// JSONB, so the database never reformats them).
func hash(prev string, e Entry) string {
	h := sha256.New()
	for _, s := range []string{prev, e.ID, e.OccurredAt.UTC().Format(time.RFC3339Nano), e.ActorType, e.ActorID,
		e.EntityType, e.EntityID, e.Action, string(e.Before), string(e.After), e.RequestID} {
		h.Write([]byte(s))
		h.Write([]byte{'\n'})
	}
	fmt.Fprintf(h, "%d", e.Seq)
	return hex.EncodeToString(h.Sum(nil))
}

// diff returns the fields of before and after (as JSON objects) that
// differ. For a create (before nil) after is kept whole, for a delete
// (after nil) before is kept whole. Fields are compared as the JSON text
// encoding/json wrote for them, which is the same for equal values of one
// type: every change of every document passes here, and decoding the
// values themselves cost more than the rest of the recording.
func diff(before, after any) (json.RawMessage, json.RawMessage, error) {
	bm, err := asMap(before)
	if err != nil {
		return nil, nil, err
	}
	am, err := asMap(after)
	if err != nil {
		return nil, nil, err
	}
	if bm != nil && am != nil {
		for k, bv := range bm {
			if av, ok := am[k]; ok && bytes.Equal(av, bv) {
				delete(bm, k)
				delete(am, k)
			}
		}
	}
	b, err := marshalMap(bm)
	if err != nil {
		return nil, nil, err
	}
	a, err := marshalMap(am)
	return b, a, err
}

func asMap(v any) (map[string]json.RawMessage, error) {
	if v == nil {
		return nil, nil
	}
	raw, err := json.Marshal(v)
	if err != nil {
		return nil, err
	}
	var m map[string]json.RawMessage
	if err := json.Unmarshal(raw, &m); err != nil {
		return nil, fmt.Errorf("entity must marshal to a JSON object: %w", err)
	}
	return m, nil
}

func marshalMap(m map[string]json.RawMessage) (json.RawMessage, error) {
	if m == nil {
		return nil, nil
	}
	return json.Marshal(m) // map keys are sorted, so the text is canonical
}

// Filter selects entries for List; empty fields match everything.
type Filter struct {
	EntityType string
	EntityID   string
	ActorID    string
	// Before returns only entries older than this sequence number (the
	// cursor of the previous page); 0 starts at the newest.
	Before int64
	Limit  int
}

const columns = `seq, id, occurred_at, actor_type, actor_id, entity_type, entity_id, action, before_data, after_data, request_id, hash`

// List returns entries matching f, newest first, after sealing the pending
// ones so that a change is listed as soon as it committed.
func List(ctx context.Context, d *db.DB, f Filter) ([]Entry, error) {
	if _, err := Seal(ctx, d); err != nil {
		return nil, err
	}
	var where []string
	var args []any
	add := func(cond string, v any) {
		args = append(args, v)
		where = append(where, fmt.Sprintf(cond, len(args)))
	}
	if f.EntityType != "" {
		add("entity_type = $%d", f.EntityType)
	}
	if f.EntityID != "" {
		add("entity_id = $%d", f.EntityID)
	}
	if f.ActorID != "" {
		add("actor_id = $%d", f.ActorID)
	}
	if f.Before > 0 {
		add("seq < $%d", f.Before)
	}
	query := `SELECT ` + columns + ` FROM audit_entry`
	if len(where) > 0 {
		query += " WHERE " + strings.Join(where, " AND ")
	}
	args = append(args, f.Limit)
	query += fmt.Sprintf(" ORDER BY seq DESC LIMIT $%d", len(args))
	rows, err := d.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Entry
	for rows.Next() {
		e, _, err := scan(rows, false)
		if err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	return out, rows.Err()
}

func scan(rows *sql.Rows, withPrev bool) (Entry, string, error) {
	var e Entry
	var before, after sql.NullString
	var prev string
	dest := []any{&e.Seq, &e.ID, &e.OccurredAt, &e.ActorType, &e.ActorID, &e.EntityType, &e.EntityID, &e.Action, &before, &after, &e.RequestID, &e.Hash}
	if withPrev {
		dest = append(dest, &prev)
	}
	if err := rows.Scan(dest...); err != nil {
		return e, "", err
	}
	e.OccurredAt = e.OccurredAt.UTC()
	if before.Valid {
		e.Before = json.RawMessage(before.String)
	}
	if after.Valid {
		e.After = json.RawMessage(after.String)
	}
	return e, prev, nil
}

// Report is the outcome of Verify.
type Report struct {
	Entries int64
	// OK is false when the chain is broken; Problem says where and how.
	OK      bool
	Problem string
}

// Verify seals the pending entries, then recomputes the whole chain and
// reports the first entry that was changed, removed or inserted behind the
// product's back.
func Verify(ctx context.Context, d *db.DB) (Report, error) {
	if _, err := Seal(ctx, d); err != nil {
		return Report{}, err
	}
	var q db.Querier = d
	// The head is read first: an entry and the head move in one
	// transaction, so every entry up to the head's number is committed, and
	// entries recorded while we verify are simply not part of this check.
	var headSeq int64
	var headHash string
	if err := q.QueryRowContext(ctx, `SELECT last_seq, last_hash FROM audit_head WHERE id = 1`).Scan(&headSeq, &headHash); err != nil {
		return Report{}, err
	}
	rows, err := q.QueryContext(ctx, `SELECT `+columns+`, prev_hash FROM audit_entry WHERE seq <= $1 ORDER BY seq`, headSeq)
	if err != nil {
		return Report{}, err
	}
	defer rows.Close()
	var r Report
	prev := ""
	for rows.Next() {
		e, storedPrev, err := scan(rows, true)
		if err != nil {
			return r, err
		}
		r.Entries++
		switch {
		case e.Seq != r.Entries:
			return broken(r, fmt.Sprintf("entry %d is missing (found %d next)", r.Entries, e.Seq)), nil
		case storedPrev != prev:
			return broken(r, fmt.Sprintf("entry %d does not link to entry %d", e.Seq, e.Seq-1)), nil
		case hash(prev, e) != e.Hash:
			return broken(r, fmt.Sprintf("entry %d (%s %s %s) was altered", e.Seq, e.Action, e.EntityType, e.EntityID)), nil
		}
		prev = e.Hash
	}
	if err := rows.Err(); err != nil {
		return r, err
	}
	if headSeq != r.Entries || headHash != prev {
		return broken(r, fmt.Sprintf("the chain head names entry %d but the trail ends at entry %d", headSeq, r.Entries)), nil
	}
	r.OK = true
	return r, nil
}

func broken(r Report, problem string) Report {
	r.OK, r.Problem = false, problem
	return r
}
