package identity

import "github.com/concord-erp/concord/internal/platform/apperr"

// Errors returned by the Service, by stable code.
var (
	// ErrInvalidCredentials is the one answer for an unknown e-mail, a wrong
	// password and an inactive user, so a caller learns nothing about which
	// accounts exist.
	ErrInvalidCredentials = apperr.New(apperr.KindUnauthenticated, "invalid_credentials", "the e-mail address or the password is wrong")
	// ErrTooManyAttempts is returned before the password is checked once an
	// account or an address has failed too often.
	ErrTooManyAttempts = apperr.New(apperr.KindRateLimited, "too_many_attempts", "too many failed sign-in attempts; wait a minute and try again")
	ErrInvalidToken    = apperr.New(apperr.KindUnauthenticated, "invalid_token", "the API token is unknown, expired or revoked")
	ErrEmailTaken      = &apperr.Error{Kind: apperr.KindConflict, Code: "email_taken", Message: "a user with this e-mail address exists",
		Fields: []apperr.FieldError{{Field: "email", Code: "taken", Message: "already used by another user"}}}
	ErrRoleExists    = apperr.Conflict("role_exists", "a role with this name exists")
	ErrBuiltinRole   = apperr.Conflict("builtin_role", "built-in roles cannot be changed or deleted; create a custom role instead")
	ErrRoleInUse     = apperr.Conflict("role_in_use", "the role is assigned to users; take it away from them first")
	ErrWrongPassword = &apperr.Error{Kind: apperr.KindInvalid, Code: "validation_failed", Message: "the current password is wrong",
		Fields: []apperr.FieldError{{Field: "current_password", Code: "wrong", Message: "is not your current password"}}}
	ErrLastAdmin     = apperr.Conflict("last_admin", "this would leave no active administrator")
	ErrUnknownModule = apperr.NotFound("module")
)
