package httpapi

import (
	"context"
	"net/http"
	"time"

	"github.com/danielgtaylor/huma/v2"

	"github.com/concord-erp/concord/internal/identity"
	"github.com/concord-erp/concord/internal/platform/audit"
	"github.com/concord-erp/concord/internal/platform/authz"
	"github.com/concord-erp/concord/internal/platform/httpx"
	"github.com/concord-erp/concord/internal/platform/page"
)

// --- sign-in ---------------------------------------------------------------

type loginInput struct {
	UserAgent string `header:"User-Agent"`
	Body      struct {
		Email    string `json:"email" maxLength:"254"`
		Password string `json:"password" maxLength:"200"`
	}
	secure bool
}

// Resolve notes whether the request came over TLS, for the cookies' Secure flag.
func (in *loginInput) Resolve(ctx huma.Context) []error {
	in.secure = ctx.TLS() != nil
	return nil
}

// LoginResult is the answer to a successful sign-in.
type LoginResult struct {
	User             identity.User `json:"user"`
	CSRFToken        string        `json:"csrf_token" doc:"Send in the X-CSRF-Token header of every write made with the session cookie (also set as the concord_csrf cookie)."`
	SessionExpiresAt time.Time     `json:"session_expires_at"`
}

// noStore marks responses that carry a secret: neither caches nor the
// idempotency store keep them.
const noStore = "no-store"

type loginOutput struct {
	SetCookie    []http.Cookie `header:"Set-Cookie"`
	CacheControl string        `header:"Cache-Control"`
	Body         LoginResult
}

func (s *server) login(ctx context.Context, in *loginInput) (*loginOutput, error) {
	sess, u, err := s.deps.Identity.Login(ctx, identity.LoginInput{Email: in.Body.Email, Password: in.Body.Password,
		IP: httpx.ClientIP(ctx), UserAgent: in.UserAgent})
	if err != nil {
		return nil, err
	}
	return &loginOutput{
		SetCookie:    sessionCookies(sess.Token, sess.CSRFToken, in.secure, int(identity.SessionLifetime.Seconds())),
		CacheControl: noStore,
		Body:         LoginResult{User: u, CSRFToken: sess.CSRFToken, SessionExpiresAt: sess.ExpiresAt},
	}, nil
}

type logoutOutput struct {
	SetCookie []http.Cookie `header:"Set-Cookie"`
}

func (s *server) logout(ctx context.Context, _ *struct{}) (*logoutOutput, error) {
	if err := s.deps.Identity.Logout(ctx); err != nil {
		return nil, err
	}
	return &logoutOutput{SetCookie: sessionCookies("", "", false, -1)}, nil
}

// Me is the signed-in principal as the web UI needs it.
type Me struct {
	User        identity.User `json:"user"`
	Permissions []string      `json:"permissions" doc:"Permission patterns granted by the user's roles."`
	Scopes      []string      `json:"scopes,omitempty" doc:"For a token: the scopes that narrow those permissions."`
	TokenID     string        `json:"token_id,omitempty"`
}

type meOutput struct{ Body Me }

func (s *server) getMe(ctx context.Context, _ *struct{}) (*meOutput, error) {
	u, err := s.deps.Identity.Me(ctx)
	if err != nil {
		return nil, err
	}
	p := authz.FromContext(ctx)
	return &meOutput{Body: Me{User: u, Permissions: p.Grants, Scopes: p.Scopes, TokenID: p.TokenID}}, nil
}

type profileInput struct {
	Body struct {
		Name     *string `json:"name,omitempty" maxLength:"200"`
		Locale   *string `json:"locale,omitempty" enum:"en,zh-CN"`
		TimeZone *string `json:"time_zone,omitempty" maxLength:"64"`
	}
}

type userOutput struct {
	ETag string `header:"ETag"`
	Body identity.User
}

func userOut(u identity.User) *userOutput { return &userOutput{ETag: httpx.ETag(u.Version), Body: u} }

func (s *server) updateMe(ctx context.Context, in *profileInput) (*userOutput, error) {
	u, err := s.deps.Identity.UpdateMe(ctx, identity.UpdateUserInput{Name: in.Body.Name, Locale: in.Body.Locale, TimeZone: in.Body.TimeZone})
	if err != nil {
		return nil, err
	}
	return userOut(u), nil
}

type changePasswordInput struct {
	Body identity.ChangePasswordInput
}

func (s *server) changePassword(ctx context.Context, in *changePasswordInput) (*struct{}, error) {
	return nil, s.deps.Identity.ChangePassword(ctx, in.Body)
}

type sessionsOutput struct {
	Body struct {
		Data []identity.Session `json:"data"`
	}
}

func (s *server) listSessions(ctx context.Context, _ *struct{}) (*sessionsOutput, error) {
	ss, err := s.deps.Identity.FindSessions(ctx)
	if err != nil {
		return nil, err
	}
	out := &sessionsOutput{}
	out.Body.Data = ss
	return out, nil
}

type idPath struct {
	ID string `path:"id" maxLength:"64"`
}

func (s *server) revokeSession(ctx context.Context, in *idPath) (*struct{}, error) {
	return nil, s.deps.Identity.RevokeSession(ctx, in.ID)
}

type listViewsInput struct {
	List string `query:"list" required:"true" minLength:"1" maxLength:"40" pattern:"^[a-z0-9-]+$"`
}

type viewsOutput struct {
	Body struct {
		Data []identity.SavedView `json:"data"`
	}
}

func (s *server) listViews(ctx context.Context, in *listViewsInput) (*viewsOutput, error) {
	vs, err := s.deps.Identity.SavedViews(ctx, in.List)
	if err != nil {
		return nil, err
	}
	out := &viewsOutput{}
	out.Body.Data = vs
	return out, nil
}

type createViewInput struct{ Body identity.SavedViewInput }

type viewOutput struct{ Body identity.SavedView }

func (s *server) createView(ctx context.Context, in *createViewInput) (*viewOutput, error) {
	v, err := s.deps.Identity.SaveView(ctx, in.Body)
	if err != nil {
		return nil, err
	}
	return &viewOutput{Body: v}, nil
}

func (s *server) deleteView(ctx context.Context, in *idPath) (*struct{}, error) {
	return nil, s.deps.Identity.DeleteView(ctx, in.ID)
}

// --- users -----------------------------------------------------------------

type listUsersInput struct {
	page.Params
	Q      string `query:"q" maxLength:"200" doc:"Matches e-mail or name."`
	Active string `query:"active" enum:"true,false"`
	Role   string `query:"role" maxLength:"40"`
}

type usersOutput struct{ Body page.List[identity.User] }

func (s *server) listUsers(ctx context.Context, in *listUsersInput) (*usersOutput, error) {
	f := identity.UserFilter{Q: in.Q, Role: in.Role, Limit: in.PageSize() + 1}
	if _, err := page.Decode(in.After, &f.After); err != nil {
		return nil, err
	}
	if in.Active != "" {
		active := in.Active == "true"
		f.Active = &active
	}
	users, err := s.deps.Identity.FindUsers(ctx, f)
	if err != nil {
		return nil, err
	}
	return &usersOutput{Body: page.Build(users, in.PageSize(), func(u identity.User) any { return u.ID })}, nil
}

type createUserInput struct {
	Body identity.CreateUserInput
}

// CreatedUser is a new user, with the generated password when none was given.
type CreatedUser struct {
	identity.User
	GeneratedPassword string `json:"generated_password,omitempty" doc:"Only when no password was given; shown this once."`
}

type createdUserOutput struct {
	ETag         string `header:"ETag"`
	Location     string `header:"Location"`
	CacheControl string `header:"Cache-Control"`
	Body         CreatedUser
}

func (s *server) createUser(ctx context.Context, in *createUserInput) (*createdUserOutput, error) {
	u, pw, err := s.deps.Identity.CreateUser(ctx, in.Body)
	if err != nil {
		return nil, err
	}
	out := &createdUserOutput{ETag: httpx.ETag(u.Version), Location: "/api/v1/users/" + u.ID, Body: CreatedUser{User: u, GeneratedPassword: pw}}
	if pw != "" {
		out.CacheControl = noStore
	}
	return out, nil
}

func (s *server) getUser(ctx context.Context, in *idPath) (*userOutput, error) {
	u, err := s.deps.Identity.FindUserByID(ctx, in.ID)
	if err != nil {
		return nil, err
	}
	return userOut(u), nil
}

type updateUserInput struct {
	ID      string `path:"id" maxLength:"64"`
	IfMatch string `header:"If-Match" doc:"The ETag of the version being changed; or send version in the body."`
	Body    struct {
		Name     *string   `json:"name,omitempty" maxLength:"200"`
		Locale   *string   `json:"locale,omitempty" enum:"en,zh-CN"`
		TimeZone *string   `json:"time_zone,omitempty" maxLength:"64"`
		Active   *bool     `json:"active,omitempty"`
		Roles    *[]string `json:"roles,omitempty"`
		Version  int64     `json:"version,omitempty" doc:"The version being changed, when If-Match is not used."`
	}
}

func (s *server) updateUser(ctx context.Context, in *updateUserInput) (*userOutput, error) {
	pre, err := httpx.ParsePrecondition(in.IfMatch, in.Body.Version)
	if err != nil {
		return nil, err
	}
	b := in.Body
	u, err := s.deps.Identity.UpdateUser(ctx, in.ID, identity.UpdateUserInput{Name: b.Name, Locale: b.Locale, TimeZone: b.TimeZone,
		Active: b.Active, Roles: b.Roles, Version: pre.Version})
	if err != nil {
		return nil, pre.Check(err)
	}
	return userOut(u), nil
}

type resetPasswordInput struct {
	ID   string `path:"id" maxLength:"64"`
	Body struct {
		Password string `json:"password,omitempty" maxLength:"200" doc:"Omit to have one generated and returned once."`
	}
}

type resetPasswordOutput struct {
	CacheControl string `header:"Cache-Control"`
	Body         struct {
		GeneratedPassword string `json:"generated_password,omitempty"`
	}
}

func (s *server) resetPassword(ctx context.Context, in *resetPasswordInput) (*resetPasswordOutput, error) {
	pw, err := s.deps.Identity.ResetPassword(ctx, in.ID, in.Body.Password)
	if err != nil {
		return nil, err
	}
	out := &resetPasswordOutput{CacheControl: noStore}
	out.Body.GeneratedPassword = pw
	return out, nil
}

func (s *server) revokeUserSessions(ctx context.Context, in *idPath) (*struct{}, error) {
	return nil, s.deps.Identity.RevokeUserSessions(ctx, in.ID)
}

// --- roles -----------------------------------------------------------------

type rolesOutput struct {
	Body struct {
		Data []identity.Role `json:"data"`
	}
}

func (s *server) listRoles(ctx context.Context, _ *struct{}) (*rolesOutput, error) {
	roles, err := s.deps.Identity.FindRoles(ctx)
	if err != nil {
		return nil, err
	}
	out := &rolesOutput{}
	out.Body.Data = roles
	return out, nil
}

type roleOutput struct {
	ETag string `header:"ETag"`
	Body identity.Role
}

type createRoleInput struct {
	Body identity.RoleInput
}

func (s *server) createRole(ctx context.Context, in *createRoleInput) (*roleOutput, error) {
	r, err := s.deps.Identity.CreateRole(ctx, in.Body)
	if err != nil {
		return nil, err
	}
	return &roleOutput{ETag: httpx.ETag(r.Version), Body: r}, nil
}

type roleNamePath struct {
	Name string `path:"name" maxLength:"40"`
}

func (s *server) getRole(ctx context.Context, in *roleNamePath) (*roleOutput, error) {
	r, err := s.deps.Identity.FindRole(ctx, in.Name)
	if err != nil {
		return nil, err
	}
	return &roleOutput{ETag: httpx.ETag(r.Version), Body: r}, nil
}

type updateRoleInput struct {
	Name    string `path:"name" maxLength:"40"`
	IfMatch string `header:"If-Match"`
	Body    struct {
		Description string   `json:"description" maxLength:"500"`
		Permissions []string `json:"permissions"`
		Version     int64    `json:"version,omitempty"`
	}
}

func (s *server) updateRole(ctx context.Context, in *updateRoleInput) (*roleOutput, error) {
	pre, err := httpx.ParsePrecondition(in.IfMatch, in.Body.Version)
	if err != nil {
		return nil, err
	}
	r, err := s.deps.Identity.UpdateRole(ctx, in.Name, identity.RoleInput{Description: in.Body.Description,
		Permissions: in.Body.Permissions, Version: pre.Version})
	if err != nil {
		return nil, pre.Check(err)
	}
	return &roleOutput{ETag: httpx.ETag(r.Version), Body: r}, nil
}

func (s *server) deleteRole(ctx context.Context, in *roleNamePath) (*struct{}, error) {
	return nil, s.deps.Identity.DeleteRole(ctx, in.Name)
}

type permissionsOutput struct {
	Body struct {
		Data []string `json:"data"`
	}
}

func (s *server) listPermissions(_ context.Context, _ *struct{}) (*permissionsOutput, error) {
	out := &permissionsOutput{}
	out.Body.Data = s.deps.Identity.Permissions()
	return out, nil
}

// --- tokens ----------------------------------------------------------------

type listTokensInput struct {
	page.Params
	UserID string `query:"user_id" maxLength:"64" doc:"Another user's tokens (needs identity.token.all)."`
}

type tokensOutput struct{ Body page.List[identity.Token] }

func (s *server) listTokens(ctx context.Context, in *listTokensInput) (*tokensOutput, error) {
	f := identity.TokenFilter{UserID: in.UserID, Limit: in.PageSize() + 1}
	if _, err := page.Decode(in.After, &f.After); err != nil {
		return nil, err
	}
	ts, err := s.deps.Identity.FindTokens(ctx, f)
	if err != nil {
		return nil, err
	}
	return &tokensOutput{Body: page.Build(ts, in.PageSize(), func(t identity.Token) any { return t.ID })}, nil
}

type createTokenInput struct {
	Body identity.CreateTokenInput
}

// CreatedToken is a new token with its secret, which is shown only once.
type CreatedToken struct {
	identity.Token
	Secret string `json:"secret" doc:"Send as Authorization: Bearer <secret>. Shown only in this response."`
}

type createdTokenOutput struct {
	CacheControl string `header:"Cache-Control"`
	Body         CreatedToken
}

func (s *server) createToken(ctx context.Context, in *createTokenInput) (*createdTokenOutput, error) {
	t, err := s.deps.Identity.CreateToken(ctx, in.Body)
	if err != nil {
		return nil, err
	}
	return &createdTokenOutput{CacheControl: noStore, Body: CreatedToken{Token: t, Secret: t.Secret}}, nil
}

type tokenOutput struct{ Body identity.Token }

func (s *server) getToken(ctx context.Context, in *idPath) (*tokenOutput, error) {
	t, err := s.deps.Identity.FindTokenByID(ctx, in.ID)
	if err != nil {
		return nil, err
	}
	return &tokenOutput{Body: t}, nil
}

func (s *server) revokeToken(ctx context.Context, in *idPath) (*tokenOutput, error) {
	t, err := s.deps.Identity.RevokeToken(ctx, in.ID)
	if err != nil {
		return nil, err
	}
	return &tokenOutput{Body: t}, nil
}

// --- audit -----------------------------------------------------------------

type listAuditInput struct {
	page.Params
	EntityType string `query:"entity_type" maxLength:"64"`
	EntityID   string `query:"entity_id" maxLength:"64" doc:"With entity_type: the history of one record."`
	ActorID    string `query:"actor_id" maxLength:"140"`
}

type auditOutput struct{ Body page.List[audit.Entry] }

func (s *server) listAudit(ctx context.Context, in *listAuditInput) (*auditOutput, error) {
	f := audit.Filter{EntityType: in.EntityType, EntityID: in.EntityID, ActorID: in.ActorID, Limit: in.PageSize() + 1}
	if _, err := page.Decode(in.After, &f.Before); err != nil {
		return nil, err
	}
	es, err := s.deps.Identity.FindAudit(ctx, f)
	if err != nil {
		return nil, err
	}
	return &auditOutput{Body: page.Build(es, in.PageSize(), func(e audit.Entry) any { return e.Seq })}, nil
}

// --- modules ---------------------------------------------------------------

type modulesOutput struct {
	Body struct {
		Data []identity.Module `json:"data"`
	}
}

func (s *server) listModules(ctx context.Context, _ *struct{}) (*modulesOutput, error) {
	ms, err := s.deps.Identity.FindModules(ctx)
	if err != nil {
		return nil, err
	}
	out := &modulesOutput{}
	out.Body.Data = ms
	return out, nil
}

type updateModuleInput struct {
	Module string `path:"module" maxLength:"40"`
	Body   struct {
		Enabled bool `json:"enabled"`
	}
}

type moduleOutput struct{ Body identity.Module }

func (s *server) updateModule(ctx context.Context, in *updateModuleInput) (*moduleOutput, error) {
	m, err := s.deps.Identity.SetModule(ctx, in.Module, in.Body.Enabled)
	if err != nil {
		return nil, err
	}
	return &moduleOutput{Body: m}, nil
}
