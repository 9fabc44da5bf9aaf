package identity

import (
	"context"
	"encoding/json"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/concord-erp/concord/internal/platform/apperr"
	"github.com/concord-erp/concord/internal/platform/audit"
	"github.com/concord-erp/concord/internal/platform/authz"
	"github.com/concord-erp/concord/internal/platform/db"
	"github.com/concord-erp/concord/internal/platform/id"
	"github.com/concord-erp/concord/internal/platform/outbox"
	"github.com/concord-erp/concord/internal/platform/refcache"
)

// Service is the identity module's API. Every method that changes data runs
// in one transaction that also writes the audit entry and the outbox event.
// The acting principal comes from the context (authz.WithPrincipal).
type Service struct {
	db      *db.DB
	catalog *authz.Catalog
	modules refcache.Value[map[string]bool]
}

// dummyHash is checked when a sign-in names an unknown e-mail, so that the
// answer takes as long as for a wrong password. It is made on first need:
// every command that builds the service would otherwise pay for an argon2
// hash at start.
var dummyHash = sync.OnceValue(func() string {
	h, err := hashPassword(generatePassword())
	if err != nil {
		panic(err) // crypto/rand does not fail on supported platforms
	}
	return h
})

// NewService returns the service. catalog is the set of permissions that
// exist; custom roles may only grant patterns that match one of them.
func NewService(d *db.DB, catalog *authz.Catalog) *Service {
	catalog.Add(PermUserRead, PermUserCreate, PermUserUpdate, PermRoleRead, PermRoleCreate, PermRoleUpdate, PermRoleDelete,
		PermTokenRead, PermTokenCreate, PermTokenRevoke, PermTokenAll, PermSessionRevoke, PermAuditRead, PermModuleUpdate, PermMetricsRead)
	return &Service{db: d, catalog: catalog}
}

// change writes the audit entry and the outbox event of a change, last in
// the use case's transaction.
func change(ctx context.Context, tx *db.Tx, entityType, entityID, action, event string, before, after any) error {
	if err := audit.RecordTx(ctx, tx, entityType, entityID, action, before, after); err != nil {
		return err
	}
	payload := after
	if payload == nil {
		payload = before
	}
	_, err := outbox.Append(ctx, tx, outbox.New{Type: event, AggregateType: entityType, AggregateID: entityID, Payload: payload})
	return err
}

// CreateUserInput is a new user.
type CreateUserInput struct {
	Email    string   `json:"email" maxLength:"254" doc:"Unique, compared without regard to case."`
	Name     string   `json:"name" maxLength:"200"`
	Locale   string   `json:"locale,omitempty" enum:"en,zh-CN" doc:"Defaults to en."`
	TimeZone string   `json:"time_zone,omitempty" doc:"IANA time zone; defaults to UTC."`
	Roles    []string `json:"roles"`
	Password string   `json:"password,omitempty" doc:"At least 10 characters. Omit to have one generated and returned once."`
}

// CreateUser creates a user. When no password is given one is generated and
// returned; it is shown only this once. Errors: validation_failed,
// email_taken.
func (s *Service) CreateUser(ctx context.Context, in CreateUserInput) (User, string, error) {
	in.Email = strings.TrimSpace(in.Email)
	if in.Locale == "" {
		in.Locale = "en"
	}
	if in.TimeZone == "" {
		in.TimeZone = "UTC"
	}
	generated := ""
	if in.Password == "" {
		generated = generatePassword()
		in.Password = generated
	}
	var v apperr.Validator
	v.Check(validEmail(in.Email), "email", "invalid", "an e-mail address such as ana@example.com")
	checkProfile(&v, in.Name, in.Locale, in.TimeZone)
	checkNewPassword(&v, "password", in.Password)
	if err := checkRoles(ctx, s.db, &v, in.Roles); err != nil {
		return User{}, "", err
	}
	if err := v.Err(); err != nil {
		return User{}, "", err
	}
	if err := guardPower(ctx, s.db, in.Roles); err != nil {
		return User{}, "", err
	}
	hash, err := hashPassword(in.Password)
	if err != nil {
		return User{}, "", err
	}
	var u User
	err = s.db.InTx(ctx, func(tx *db.Tx) error {
		u = User{ID: id.New("usr"), Email: in.Email, Name: strings.TrimSpace(in.Name), Locale: in.Locale, TimeZone: in.TimeZone,
			Active: true, Roles: sortedUnique(in.Roles), Version: 1, CreatedAt: tx.Now(), UpdatedAt: tx.Now()}
		_, err := tx.ExecContext(ctx, `INSERT INTO identity_user (id, email, email_norm, name, locale, time_zone, active, password_hash, version, created_at, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
			u.ID, u.Email, normalizeEmail(u.Email), u.Name, u.Locale, u.TimeZone, u.Active, hash, u.Version, u.CreatedAt, u.UpdatedAt)
		if db.IsUniqueViolation(err) {
			return ErrEmailTaken
		}
		if err != nil {
			return err
		}
		if err := setUserRoles(ctx, tx, u.ID, u.Roles); err != nil {
			return err
		}
		return change(ctx, tx, "user", u.ID, audit.ActionCreate, EventUserCreated, nil, u)
	})
	if err != nil {
		return User{}, "", err
	}
	return u, generated, nil
}

// ErrNeedsAdmin stops privilege escalation: only a principal holding every
// permission may create, change or reset a user whose roles grant every
// permission.
var ErrNeedsAdmin = apperr.New(apperr.KindForbidden, "forbidden", "only an administrator can grant, change or reset an administrator")

// guardPower refuses the change when any of the given role sets grants
// everything and the acting principal does not.
func guardPower(ctx context.Context, q db.Querier, roleSets ...[]string) error {
	p := authz.FromContext(ctx)
	if p.Super() {
		return nil
	}
	for _, roles := range roleSets {
		grants, err := grantsOf(ctx, q, roles)
		if err != nil {
			return err
		}
		if slices.Contains(grants, "*") {
			return ErrNeedsAdmin
		}
	}
	return nil
}

func sortedUnique(ss []string) []string {
	out := slices.Clone(ss)
	slices.Sort(out)
	out = slices.Compact(out)
	if out == nil {
		out = []string{}
	}
	return out
}

func checkRoles(ctx context.Context, q db.Querier, v *apperr.Validator, roles []string) error {
	custom, err := customRoles(ctx, q)
	if err != nil {
		return err
	}
	for i, r := range roles {
		_, builtin := builtinRole(r)
		_, ok := custom[r]
		v.Check(builtin || ok, "roles["+strconv.Itoa(i)+"]", "unknown_role", "no role named "+r)
	}
	return nil
}

// FindUserByID returns a user. Errors: not_found.
func (s *Service) FindUserByID(ctx context.Context, userID string) (User, error) {
	return findUser(ctx, s.db, userID)
}

// FindUsers lists users in ID order, f.Limit at most.
func (s *Service) FindUsers(ctx context.Context, f UserFilter) ([]User, error) {
	return findUsers(ctx, s.db, f)
}

// UpdateUserInput changes a user; nil fields stay as they are.
type UpdateUserInput struct {
	Name     *string   `json:"name,omitempty" maxLength:"200"`
	Locale   *string   `json:"locale,omitempty" enum:"en,zh-CN"`
	TimeZone *string   `json:"time_zone,omitempty"`
	Active   *bool     `json:"active,omitempty" doc:"Deactivating a user ends their sessions and stops their tokens."`
	Roles    *[]string `json:"roles,omitempty"`
	// Version is the version being changed (optimistic concurrency).
	Version int64 `json:"-"`
}

// UpdateUser changes a user. Errors: not_found, validation_failed,
// version_conflict, last_admin.
func (s *Service) UpdateUser(ctx context.Context, userID string, in UpdateUserInput) (User, error) {
	var after User
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		before, err := findUser(ctx, tx, userID)
		if err != nil {
			return err
		}
		after = before
		if in.Name != nil {
			after.Name = strings.TrimSpace(*in.Name)
		}
		if in.Locale != nil {
			after.Locale = *in.Locale
		}
		if in.TimeZone != nil {
			after.TimeZone = *in.TimeZone
		}
		if in.Active != nil {
			after.Active = *in.Active
		}
		if in.Roles != nil {
			after.Roles = sortedUnique(*in.Roles)
		}
		var v apperr.Validator
		checkProfile(&v, after.Name, after.Locale, after.TimeZone)
		if in.Roles != nil {
			if err := checkRoles(ctx, tx, &v, *in.Roles); err != nil {
				return err
			}
		}
		if err := v.Err(); err != nil {
			return err
		}
		if err := guardPower(ctx, tx, before.Roles, after.Roles); err != nil {
			return err
		}
		if err := s.keepAnAdmin(ctx, tx, before, after); err != nil {
			return err
		}
		after.Version, after.UpdatedAt = before.Version+1, tx.Now()
		res, err := tx.ExecContext(ctx, `UPDATE identity_user SET name = $1, locale = $2, time_zone = $3, active = $4, version = $5, updated_at = $6
			WHERE id = $7 AND version = $8`, after.Name, after.Locale, after.TimeZone, after.Active, after.Version, after.UpdatedAt, userID, in.Version)
		if err != nil {
			return err
		}
		if err := db.CheckVersion(ctx, tx, res, "identity_user", userID, "user"); err != nil {
			return err
		}
		if in.Roles != nil {
			if err := setUserRoles(ctx, tx, userID, after.Roles); err != nil {
				return err
			}
		}
		if before.Active && !after.Active {
			if err := revokeSessions(ctx, tx, userID, ""); err != nil {
				return err
			}
		}
		return change(ctx, tx, "user", userID, audit.ActionUpdate, EventUserUpdated, before, after)
	})
	return after, err
}

// keepAnAdmin refuses a change that would leave no active admin, which would
// lock everyone out of user management.
func (s *Service) keepAnAdmin(ctx context.Context, tx *db.Tx, before, after User) error {
	wasAdmin := before.Active && slices.Contains(before.Roles, "admin")
	isAdmin := after.Active && slices.Contains(after.Roles, "admin")
	if !wasAdmin || isAdmin {
		return nil
	}
	// Two admins demoted at once must not both see the other as remaining.
	if err := tx.Lock(ctx, "identity.admins"); err != nil {
		return err
	}
	var n int
	err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM identity_user u JOIN identity_user_role r ON r.user_id = u.id
		WHERE r.role = 'admin' AND u.active = $1 AND u.id <> $2`, true, before.ID).Scan(&n)
	if err != nil {
		return err
	}
	if n == 0 {
		return ErrLastAdmin
	}
	return nil
}

// UpdateMe changes the signed-in user's own name, locale and time zone.
func (s *Service) UpdateMe(ctx context.Context, in UpdateUserInput) (User, error) {
	p := authz.FromContext(ctx)
	if p == nil || p.UserID == "" {
		return User{}, authz.ErrUnauthenticated
	}
	u, err := findUser(ctx, s.db, p.UserID)
	if err != nil {
		return User{}, err
	}
	return s.UpdateUser(ctx, p.UserID, UpdateUserInput{Name: in.Name, Locale: in.Locale, TimeZone: in.TimeZone, Version: u.Version})
}

// ResetPassword sets a user's password (an admin's reset). With an empty
// password one is generated and returned once. All the user's sessions end.
func (s *Service) ResetPassword(ctx context.Context, userID, password string) (string, error) {
	generated := ""
	if password == "" {
		generated = generatePassword()
		password = generated
	}
	var v apperr.Validator
	checkNewPassword(&v, "password", password)
	if err := v.Err(); err != nil {
		return "", err
	}
	hash, err := hashPassword(password)
	if err != nil {
		return "", err
	}
	err = s.db.InTx(ctx, func(tx *db.Tx) error {
		return s.setPasswordTx(ctx, tx, userID, hash, "", "reset_password")
	})
	return generated, err
}

func (s *Service) setPasswordTx(ctx context.Context, tx *db.Tx, userID, hash, keepSession, action string) error {
	u, err := findUser(ctx, tx, userID)
	if err != nil {
		return err
	}
	if u.ID != authz.FromContext(ctx).UserID {
		if err := guardPower(ctx, tx, u.Roles); err != nil {
			return err
		}
	}
	if _, err := tx.ExecContext(ctx, `UPDATE identity_user SET password_hash = $1, version = version + 1, updated_at = $2 WHERE id = $3`,
		hash, tx.Now(), userID); err != nil {
		return err
	}
	if err := revokeSessions(ctx, tx, userID, keepSession); err != nil {
		return err
	}
	// The audit entry says that the password changed, never what it is.
	return audit.RecordTx(ctx, tx, "user", u.ID, action, map[string]any{"version": u.Version}, map[string]any{"version": u.Version + 1})
}

// ChangePasswordInput is a user's own password change.
type ChangePasswordInput struct {
	CurrentPassword string `json:"current_password" maxLength:"200"`
	NewPassword     string `json:"new_password" maxLength:"200"`
}

// ChangePassword changes the signed-in user's password after checking the
// current one; the user's other sessions end. Errors: validation_failed.
func (s *Service) ChangePassword(ctx context.Context, in ChangePasswordInput) error {
	p := authz.FromContext(ctx)
	if p == nil || p.UserID == "" {
		return authz.ErrUnauthenticated
	}
	var v apperr.Validator
	checkNewPassword(&v, "new_password", in.NewPassword)
	if err := v.Err(); err != nil {
		return err
	}
	var hash string
	if err := s.db.QueryRowContext(ctx, `SELECT password_hash FROM identity_user WHERE id = $1`, p.UserID).Scan(&hash); err != nil {
		return db.NotFound(err, "user")
	}
	ok, err := verifyPassword(hash, in.CurrentPassword)
	if err != nil {
		return err
	}
	if !ok {
		return ErrWrongPassword
	}
	newHash, err := hashPassword(in.NewPassword)
	if err != nil {
		return err
	}
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		return s.setPasswordTx(ctx, tx, p.UserID, newHash, p.SessionID, "change_password")
	})
}

// FindRoles returns the built-in and custom roles.
func (s *Service) FindRoles(ctx context.Context) ([]Role, error) { return allRoles(ctx, s.db) }

// FindRole returns one role. Errors: not_found.
func (s *Service) FindRole(ctx context.Context, name string) (Role, error) {
	if r, ok := builtinRole(name); ok {
		return r, nil
	}
	custom, err := customRoles(ctx, s.db)
	if err != nil {
		return Role{}, err
	}
	r, ok := custom[name]
	if !ok {
		return Role{}, apperr.NotFound("role")
	}
	return r, nil
}

// Permissions returns every permission that exists.
func (s *Service) Permissions() []string { return s.catalog.All() }

// RoleInput is a custom role's content.
type RoleInput struct {
	Name        string   `json:"name" maxLength:"40" doc:"Lower-case letters, digits and _; starts with a letter."`
	Description string   `json:"description" maxLength:"500"`
	Permissions []string `json:"permissions" doc:"Permission patterns; each must match at least one existing permission."`
	Version     int64    `json:"-"`
}

func (s *Service) checkRole(in RoleInput) error {
	var v apperr.Validator
	v.Check(roleName.MatchString(in.Name), "name", "invalid", "2 to 40 lower-case letters, digits or _, starting with a letter")
	for i, p := range in.Permissions {
		f := "permissions[" + strconv.Itoa(i) + "]"
		if !permPattern.MatchString(p) {
			v.Add(f, "invalid", "a permission such as sales.order.read, or a pattern such as sales.*")
		} else if !s.catalog.Covers(p) {
			v.Add(f, "unknown_permission", "matches no existing permission")
		}
	}
	return v.Err()
}

// CreateRole creates a custom role. Errors: validation_failed, role_exists.
func (s *Service) CreateRole(ctx context.Context, in RoleInput) (Role, error) {
	in.Permissions = sortedUnique(in.Permissions)
	if err := s.checkRole(in); err != nil {
		return Role{}, err
	}
	if _, ok := builtinRole(in.Name); ok {
		return Role{}, ErrRoleExists
	}
	var r Role
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		r = Role{Name: in.Name, Description: in.Description, Permissions: in.Permissions, Version: 1, CreatedAt: tx.Now(), UpdatedAt: tx.Now()}
		perms, _ := json.Marshal(r.Permissions)
		_, err := tx.ExecContext(ctx, `INSERT INTO identity_role (name, description, permissions, version, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6)`,
			r.Name, r.Description, string(perms), r.Version, r.CreatedAt, r.UpdatedAt)
		if db.IsUniqueViolation(err) {
			return ErrRoleExists
		}
		if err != nil {
			return err
		}
		return change(ctx, tx, "role", r.Name, audit.ActionCreate, EventRoleCreated, nil, r)
	})
	return r, err
}

// UpdateRole replaces a custom role's description and permissions. Errors:
// not_found, builtin_role, validation_failed, version_conflict.
func (s *Service) UpdateRole(ctx context.Context, name string, in RoleInput) (Role, error) {
	if _, ok := builtinRole(name); ok {
		return Role{}, ErrBuiltinRole
	}
	in.Name = name
	in.Permissions = sortedUnique(in.Permissions)
	if err := s.checkRole(in); err != nil {
		return Role{}, err
	}
	var after Role
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		custom, err := customRoles(ctx, tx)
		if err != nil {
			return err
		}
		before, ok := custom[name]
		if !ok {
			return apperr.NotFound("role")
		}
		after = before
		after.Description, after.Permissions, after.Version, after.UpdatedAt = in.Description, in.Permissions, before.Version+1, tx.Now()
		perms, _ := json.Marshal(after.Permissions)
		res, err := tx.ExecContext(ctx, `UPDATE identity_role SET description = $1, permissions = $2, version = $3, updated_at = $4 WHERE name = $5 AND version = $6`,
			after.Description, string(perms), after.Version, after.UpdatedAt, name, in.Version)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return apperr.VersionConflict("role")
		}
		return change(ctx, tx, "role", name, audit.ActionUpdate, EventRoleUpdated, before, after)
	})
	return after, err
}

// DeleteRole deletes a custom role that no user holds. Errors: not_found,
// builtin_role, role_in_use.
func (s *Service) DeleteRole(ctx context.Context, name string) error {
	if _, ok := builtinRole(name); ok {
		return ErrBuiltinRole
	}
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		custom, err := customRoles(ctx, tx)
		if err != nil {
			return err
		}
		before, ok := custom[name]
		if !ok {
			return apperr.NotFound("role")
		}
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM identity_user_role WHERE role = $1`, name).Scan(&n); err != nil {
			return err
		}
		if n > 0 {
			return ErrRoleInUse
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM identity_role WHERE name = $1`, name); err != nil {
			return err
		}
		return change(ctx, tx, "role", name, audit.ActionDelete, EventRoleDeleted, before, nil)
	})
}

// FindAudit lists audit entries, newest first.
func (s *Service) FindAudit(ctx context.Context, f audit.Filter) ([]audit.Entry, error) {
	return audit.List(ctx, s.db, f)
}

// VerifyAudit recomputes the audit chain.
func (s *Service) VerifyAudit(ctx context.Context) (audit.Report, error) {
	return audit.Verify(ctx, s.db)
}

// now is the time used outside transactions.
func (s *Service) now() time.Time { return s.db.Now() }
