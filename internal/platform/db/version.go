package db

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/concord-erp/concord/internal/platform/apperr"
)

// CheckVersion interprets the result of an optimistic-concurrency update of
// the form
//
//	UPDATE t SET …, version = version + 1 WHERE id = $n AND version = $m
//
// One affected row is success. No affected row means either the record does
// not exist (apperr.NotFound) or it exists with another version
// (apperr.VersionConflict): someone else saved first, and their change is
// never silently overwritten. table is a constant from the caller's code,
// never user input.
func CheckVersion(ctx context.Context, q Querier, res sql.Result, table, id, resource string) error {
	n, err := res.RowsAffected()
	if err != nil {
		return err
	}
	if n == 1 {
		return nil
	}
	var one int
	err = q.QueryRowContext(ctx, fmt.Sprintf("SELECT 1 FROM %s WHERE id = $1", table), id).Scan(&one)
	if errors.Is(err, sql.ErrNoRows) {
		return apperr.NotFound(resource)
	}
	if err != nil {
		return err
	}
	return apperr.VersionConflict(resource)
}
