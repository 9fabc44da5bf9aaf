package apperr_test

import (
	"errors"
	"fmt"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/concord-erp/concord/internal/platform/apperr"
)

var errNotDraft = apperr.Conflict("order_not_draft", "the order is not a draft")

func TestCodesSurviveWrapping(t *testing.T) {
	err := fmt.Errorf("confirm: %w", errNotDraft)
	require.Equal(t, "order_not_draft", apperr.CodeOf(err))
	require.Equal(t, apperr.KindConflict, apperr.KindOf(err))
	require.ErrorIs(t, err, errNotDraft)

	detailed := apperr.Conflict("order_not_draft", "order SO-1 is confirmed")
	require.ErrorIs(t, detailed, errNotDraft, "a copy with more detail still matches the sentinel")
	require.NotErrorIs(t, apperr.Conflict("other", "x"), errNotDraft)

	plain := errors.New("disk on fire")
	require.Equal(t, apperr.CodeInternal, apperr.CodeOf(plain))
	require.Equal(t, apperr.KindInternal, apperr.KindOf(plain))
	require.ErrorIs(t, apperr.Internal(plain), plain)
}

func TestValidatorCollectsEveryField(t *testing.T) {
	var v apperr.Validator
	require.NoError(t, v.Err())
	v.Check(true, "name", "required", "required")
	v.Check(false, "email", "invalid", "not an e-mail address")
	v.Add("lines[0].quantity", "positive", "must be greater than 0")
	err := v.Err()
	ae, ok := apperr.As(err)
	require.True(t, ok)
	require.Equal(t, apperr.CodeValidationFailed, ae.Code)
	require.Equal(t, []apperr.FieldError{
		{Field: "email", Code: "invalid", Message: "not an e-mail address"},
		{Field: "lines[0].quantity", Code: "positive", Message: "must be greater than 0"},
	}, ae.Fields)
}
