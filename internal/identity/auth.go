package identity

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"database/sql"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/concord-erp/concord/internal/platform/apperr"
	"github.com/concord-erp/concord/internal/platform/audit"
	"github.com/concord-erp/concord/internal/platform/authz"
	"github.com/concord-erp/concord/internal/platform/db"
	"github.com/concord-erp/concord/internal/platform/id"
)

// Session and sign-in limits.
const (
	SessionLifetime = 7 * 24 * time.Hour // absolute
	SessionIdle     = 12 * time.Hour     // without a request
	// touchEvery bounds how often a session's or token's last-use time is
	// written, so reads do not turn into a write per request.
	touchEvery = time.Minute

	throttleWindow     = time.Minute
	maxAccountFailures = 5  // per e-mail address and window
	maxAddressFailures = 20 // per client address and window
)

// secret returns a random 256-bit secret and its SHA-256 hex digest. Only
// the digest is stored: a stolen database does not yield usable
// credentials, and high-entropy secrets need no slow hash.
func secret(prefix string) (plain, digest string) {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		panic(err)
	}
	plain = prefix + base64.RawURLEncoding.EncodeToString(b)
	return plain, digestOf(plain)
}

func digestOf(plain string) string {
	sum := sha256.Sum256([]byte(plain))
	return hex.EncodeToString(sum[:])
}

// Session is a signed-in browser session. Token and CSRFToken are set only
// in the response to sign-in.
type Session struct {
	ID         string    `json:"id"`
	UserID     string    `json:"user_id"`
	IP         string    `json:"ip"`
	UserAgent  string    `json:"user_agent"`
	CreatedAt  time.Time `json:"created_at"`
	LastSeenAt time.Time `json:"last_seen_at"`
	ExpiresAt  time.Time `json:"expires_at"`
	Current    bool      `json:"current" doc:"Whether this is the session making the request."`
	Token      string    `json:"-"`
	CSRFToken  string    `json:"-"`
}

// LoginInput is a sign-in attempt.
type LoginInput struct {
	Email     string `json:"email" maxLength:"254"`
	Password  string `json:"password" maxLength:"200"`
	IP        string `json:"-"`
	UserAgent string `json:"-"`
}

// Login checks an e-mail address and password and opens a session. An
// unknown address, a wrong password and an inactive user all give
// invalid_credentials after the same amount of work. After five failures for
// one address, or twenty from one client address, within a minute, further
// attempts get too_many_attempts before any password is checked, whether or
// not the account exists.
func (s *Service) Login(ctx context.Context, in LoginInput) (Session, User, error) {
	accountKey := "account:" + normalizeEmail(in.Email)
	addressKey := "address:" + in.IP
	// The attempt is counted before the password is checked, so parallel
	// guesses cannot slip past the limit while the hash is computed.
	attemptID := id.New("att")
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		// Parallel attempts on one account queue here, so none slips past
		// the count.
		if err := tx.Lock(ctx, "identity.login."+accountKey); err != nil {
			return err
		}
		since := tx.Now().Add(-throttleWindow)
		if _, err := tx.ExecContext(ctx, `DELETE FROM identity_login_attempt WHERE at < $1`, tx.Now().Add(-time.Hour)); err != nil {
			return err
		}
		for key, max := range map[string]int{accountKey: maxAccountFailures, addressKey: maxAddressFailures} {
			var n int
			if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM identity_login_attempt WHERE key = $1 AND at >= $2`, key, since).Scan(&n); err != nil {
				return err
			}
			if n >= max {
				return ErrTooManyAttempts
			}
		}
		for i, key := range []string{accountKey, addressKey} {
			if _, err := tx.ExecContext(ctx, `INSERT INTO identity_login_attempt (id, key, at) VALUES ($1, $2, $3)`,
				attemptID+"-"+strconv.Itoa(i), key, tx.Now()); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return Session{}, User{}, err
	}

	u, hash, err := findUserByEmail(ctx, s.db, in.Email)
	if apperr.CodeOf(err) == apperr.CodeNotFound {
		hash, err = dummyHash(), nil
	}
	if err != nil {
		return Session{}, User{}, err
	}
	ok, err := verifyPassword(hash, in.Password)
	if err != nil {
		return Session{}, User{}, err
	}
	if !ok || u.ID == "" || !u.Active {
		return Session{}, User{}, ErrInvalidCredentials
	}

	var sess Session
	err = s.db.InTx(ctx, func(tx *db.Tx) error {
		// Success clears the account's failures (not the address's: one
		// good password must not reset a spray across many accounts).
		if _, err := tx.ExecContext(ctx, `DELETE FROM identity_login_attempt WHERE key = $1 OR id = $2`, accountKey, attemptID+"-1"); err != nil {
			return err
		}
		var csrfDigest string
		sess = Session{ID: id.New("ses"), UserID: u.ID, IP: in.IP, UserAgent: truncate(in.UserAgent, 300),
			CreatedAt: tx.Now(), LastSeenAt: tx.Now(), ExpiresAt: tx.Now().Add(SessionLifetime), Current: true}
		var tokenDigest string
		sess.Token, tokenDigest = secret("")
		sess.CSRFToken, csrfDigest = secret("")
		if _, err := tx.ExecContext(ctx, `INSERT INTO identity_session (id, token_hash, csrf_hash, user_id, ip, user_agent, created_at, last_seen_at, expires_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`, sess.ID, tokenDigest, csrfDigest, sess.UserID, sess.IP, sess.UserAgent,
			sess.CreatedAt, sess.LastSeenAt, sess.ExpiresAt); err != nil {
			return err
		}
		actx := authz.WithPrincipal(ctx, &authz.Principal{UserID: u.ID, SessionID: sess.ID})
		return audit.RecordTx(actx, tx, "session", sess.ID, "login", nil, sess)
	})
	return sess, u, err
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n]
}

// Logout ends the session of the signed-in principal.
func (s *Service) Logout(ctx context.Context) error {
	p := authz.FromContext(ctx)
	if p == nil || p.SessionID == "" {
		return nil
	}
	return s.RevokeSession(ctx, p.SessionID)
}

// RevokeSession ends one of the signed-in user's sessions (or anyone's, for
// a holder of identity.session.revoke). Errors: not_found.
func (s *Service) RevokeSession(ctx context.Context, sessionID string) error {
	p := authz.FromContext(ctx)
	if p == nil {
		return authz.ErrUnauthenticated
	}
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		var owner string
		err := tx.QueryRowContext(ctx, `SELECT user_id FROM identity_session WHERE id = $1 AND revoked_at IS NULL`, sessionID).Scan(&owner)
		if err != nil || (owner != p.UserID && !p.Can(PermSessionRevoke)) {
			// Another user's session is "not found", never "forbidden": IDs
			// must not be probed.
			return db.NotFound(orNoRows(err), "session")
		}
		if _, err := tx.ExecContext(ctx, `UPDATE identity_session SET revoked_at = $1 WHERE id = $2`, tx.Now(), sessionID); err != nil {
			return err
		}
		return audit.RecordTx(ctx, tx, "session", sessionID, "revoke", nil, nil)
	})
}

func orNoRows(err error) error {
	if err == nil {
		return sql.ErrNoRows
	}
	return err
}

// RevokeUserSessions ends every session of a user (an admin's action).
func (s *Service) RevokeUserSessions(ctx context.Context, userID string) error {
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		if _, err := findUser(ctx, tx, userID); err != nil {
			return err
		}
		if err := revokeSessions(ctx, tx, userID, ""); err != nil {
			return err
		}
		return audit.RecordTx(ctx, tx, "user", userID, "revoke_sessions", nil, nil)
	})
}

// FindSessions lists the signed-in user's open sessions.
func (s *Service) FindSessions(ctx context.Context) ([]Session, error) {
	p := authz.FromContext(ctx)
	if p == nil {
		return nil, authz.ErrUnauthenticated
	}
	now := s.now()
	rows, err := s.db.QueryContext(ctx, `SELECT id, user_id, ip, user_agent, created_at, last_seen_at, expires_at FROM identity_session
		WHERE user_id = $1 AND revoked_at IS NULL AND expires_at > $2 AND last_seen_at > $3 ORDER BY id DESC`, p.UserID, now, now.Add(-SessionIdle))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []Session{}
	for rows.Next() {
		var ss Session
		if err := rows.Scan(&ss.ID, &ss.UserID, &ss.IP, &ss.UserAgent, &ss.CreatedAt, &ss.LastSeenAt, &ss.ExpiresAt); err != nil {
			return nil, err
		}
		ss.CreatedAt, ss.LastSeenAt, ss.ExpiresAt = ss.CreatedAt.UTC(), ss.LastSeenAt.UTC(), ss.ExpiresAt.UTC()
		ss.Current = ss.ID == p.SessionID
		out = append(out, ss)
	}
	return out, rows.Err()
}

// AuthenticateSession turns a session cookie into a principal. It returns
// the digest of the session's CSRF token, which the HTTP layer compares with
// the X-CSRF-Token header of writes. Errors: unauthenticated.
func (s *Service) AuthenticateSession(ctx context.Context, token string) (*authz.Principal, string, error) {
	var sessionID, csrf string
	var lastSeen time.Time
	now := s.now()
	p, err := s.credentialPrincipal(ctx, `SELECT c.id, c.csrf_hash, c.last_seen_at, `+principalColumns+` FROM identity_session c`+principalJoin+`
		WHERE c.token_hash = $1 AND c.revoked_at IS NULL AND c.expires_at > $2 AND c.last_seen_at > $3 ORDER BY r.role`,
		[]any{digestOf(token), now, now.Add(-SessionIdle)}, &sessionID, &csrf, &lastSeen)
	if err != nil {
		return nil, "", authErr(err, authz.ErrUnauthenticated)
	}
	p.SessionID = sessionID
	if now.Sub(lastSeen) > touchEvery {
		if err := s.touch(ctx, `UPDATE identity_session SET last_seen_at = $1 WHERE id = $2`, sessionID); err != nil {
			return nil, "", err
		}
	}
	return p, csrf, nil
}

// CheckCSRF reports whether token is the CSRF token whose digest the session
// holds. The comparison of digests is constant-time.
func CheckCSRF(token, digest string) bool {
	if token == "" || digest == "" {
		return false
	}
	return subtle.ConstantTimeCompare([]byte(digestOf(token)), []byte(digest)) == 1
}

func authErr(err error, unauth error) error {
	if errors.Is(err, sql.ErrNoRows) {
		return unauth
	}
	return err
}

func (s *Service) touch(ctx context.Context, stmt, rowID string) error {
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		_, err := tx.ExecContext(ctx, stmt, tx.Now(), rowID)
		return err
	})
}

// PrincipalOf rebuilds the principal of a user for work done on their
// behalf later (background jobs); an empty ID is the system. Errors:
// unauthenticated (the user is gone or inactive).
func (s *Service) PrincipalOf(ctx context.Context, userID string) (*authz.Principal, error) {
	if userID == "" {
		return authz.System("jobs"), nil
	}
	return s.principal(ctx, userID)
}

// principalColumns and principalJoin read a credential's (alias c) user
// and roles in the credential's own query: a request's authentication is
// then one round trip, where user and roles apart made three.
const (
	principalColumns = `u.id, u.email, u.name, u.locale, u.time_zone, u.active, COALESCE(r.role, '')`
	principalJoin    = ` JOIN identity_user u ON u.id = c.user_id LEFT JOIN identity_user_role r ON r.user_id = u.id`
)

// credentialPrincipal runs query, which selects a credential's columns
// (scanned into cred) and then principalColumns, one row per role, and
// returns the principal of its active user. Errors: sql.ErrNoRows when no
// credential matches or its user is inactive.
func (s *Service) credentialPrincipal(ctx context.Context, query string, args []any, cred ...any) (*authz.Principal, error) {
	rows, err := s.db.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var u User
	u.Roles = []string{}
	found := false
	for rows.Next() {
		var role string
		if err := rows.Scan(append(cred, &u.ID, &u.Email, &u.Name, &u.Locale, &u.TimeZone, &u.Active, &role)...); err != nil {
			return nil, err
		}
		found = true
		if role != "" {
			u.Roles = append(u.Roles, role)
		}
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if !found || !u.Active {
		return nil, sql.ErrNoRows
	}
	grants, err := grantsOf(ctx, s.db, u.Roles)
	if err != nil {
		return nil, err
	}
	return &authz.Principal{UserID: u.ID, Email: u.Email, Name: u.Name, Roles: u.Roles, Grants: grants,
		Locale: u.Locale, TimeZone: u.TimeZone}, nil
}

// principal loads an active user with the permissions of their roles.
func (s *Service) principal(ctx context.Context, userID string) (*authz.Principal, error) {
	u, err := findUser(ctx, s.db, userID)
	if err != nil || !u.Active {
		return nil, authz.ErrUnauthenticated
	}
	grants, err := grantsOf(ctx, s.db, u.Roles)
	if err != nil {
		return nil, err
	}
	return &authz.Principal{UserID: u.ID, Email: u.Email, Name: u.Name, Roles: u.Roles, Grants: grants,
		Locale: u.Locale, TimeZone: u.TimeZone}, nil
}

// Token is an API token. Secret is set only in the response that creates it.
type Token struct {
	ID         string     `json:"id"`
	Name       string     `json:"name"`
	Prefix     string     `json:"prefix" doc:"The first characters of the secret, to recognise it."`
	UserID     string     `json:"user_id"`
	Scopes     []string   `json:"scopes"`
	CreatedAt  time.Time  `json:"created_at"`
	ExpiresAt  *time.Time `json:"expires_at" nullable:"true"`
	LastUsedAt *time.Time `json:"last_used_at" nullable:"true"`
	RevokedAt  *time.Time `json:"revoked_at" nullable:"true"`
	Secret     string     `json:"-"`
}

// TokenPrefix starts every API token, so leaked tokens are easy to scan for.
const TokenPrefix = "cnd_"

// DefaultTokenLifetime applies when a token is created without an expiry.
const DefaultTokenLifetime = 90 * 24 * time.Hour

// CreateTokenInput is a new API token.
type CreateTokenInput struct {
	Name   string   `json:"name" maxLength:"100"`
	Scopes []string `json:"scopes" doc:"* (everything the user may do), <module>:read or <module>:write, e.g. sales:read."`
	// ExpiresAt defaults to 90 days from now.
	ExpiresAt *time.Time `json:"expires_at,omitempty"`
	// UserID defaults to the signed-in user; another user needs identity.token.all.
	UserID string `json:"user_id,omitempty"`
}

// scopeModules are the modules a scope may name.
var scopeModules = append([]string{"identity", "system"}, businessModules...)

func validScope(sc string) bool {
	if sc == "*" {
		return true
	}
	mod, level, ok := strings.Cut(sc, ":")
	return ok && (level == "read" || level == "write") && slices.Contains(scopeModules, mod)
}

// scopeProbe returns the widest permission a scope allows, so that
// Principal.Scoped tells whether the caller's own scopes cover it.
func scopeProbe(scope string) string {
	if scope == "*" {
		return "*.*.*"
	}
	mod, level, _ := strings.Cut(scope, ":")
	if level == "read" {
		return mod + ".any.read"
	}
	return mod + ".any.write"
}

// CreateToken creates an API token and returns it with its secret, which is
// shown only this once. Errors: validation_failed, not_found (user).
func (s *Service) CreateToken(ctx context.Context, in CreateTokenInput) (Token, error) {
	p := authz.FromContext(ctx)
	if p == nil {
		return Token{}, authz.ErrUnauthenticated
	}
	if in.UserID == "" {
		in.UserID = p.UserID
	}
	if in.UserID != p.UserID && !p.CanAll("identity.token") {
		return Token{}, apperr.NotFound("user")
	}
	in.Scopes = sortedUnique(in.Scopes)
	var v apperr.Validator
	v.Check(strings.TrimSpace(in.Name) != "", "name", "required", "name the token after what uses it")
	v.Check(len(in.Scopes) > 0, "scopes", "required", "at least one scope")
	for i, sc := range in.Scopes {
		f := "scopes[" + strconv.Itoa(i) + "]"
		if !validScope(sc) {
			v.Add(f, "invalid", "*, <module>:read or <module>:write")
		} else if !p.Scoped(scopeProbe(sc)) {
			// A token may only mint tokens narrower than itself.
			v.Add(f, "exceeds_scope", "wider than the scopes of the token making the request")
		}
	}
	now := s.now()
	if in.ExpiresAt == nil {
		exp := now.Add(DefaultTokenLifetime)
		in.ExpiresAt = &exp
	}
	v.Check(in.ExpiresAt.After(now), "expires_at", "in_past", "must be in the future")
	if err := v.Err(); err != nil {
		return Token{}, err
	}
	var t Token
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		if _, err := findUser(ctx, tx, in.UserID); err != nil {
			return err
		}
		exp := in.ExpiresAt.UTC().Truncate(time.Microsecond)
		t = Token{ID: id.New("tok"), Name: strings.TrimSpace(in.Name), UserID: in.UserID, Scopes: in.Scopes, CreatedAt: tx.Now(), ExpiresAt: &exp}
		var digest string
		t.Secret, digest = secret(TokenPrefix)
		t.Prefix = t.Secret[:len(TokenPrefix)+6]
		scopes, _ := json.Marshal(t.Scopes)
		if _, err := tx.ExecContext(ctx, `INSERT INTO identity_token (id, name, token_hash, prefix, user_id, scopes, created_at, expires_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`, t.ID, t.Name, digest, t.Prefix, t.UserID, string(scopes), t.CreatedAt, t.ExpiresAt); err != nil {
			return err
		}
		return change(ctx, tx, "token", t.ID, audit.ActionCreate, EventTokenCreated, nil, t)
	})
	return t, err
}

const tokenColumns = `id, name, prefix, user_id, scopes, created_at, expires_at, last_used_at, revoked_at`

func scanToken(sc scanner) (Token, error) {
	var t Token
	var scopes string
	var exp, used, revoked sql.NullTime
	if err := sc.Scan(&t.ID, &t.Name, &t.Prefix, &t.UserID, &scopes, &t.CreatedAt, &exp, &used, &revoked); err != nil {
		return t, err
	}
	t.CreatedAt = t.CreatedAt.UTC()
	t.ExpiresAt, t.LastUsedAt, t.RevokedAt = nullTime(exp), nullTime(used), nullTime(revoked)
	return t, json.Unmarshal([]byte(scopes), &t.Scopes)
}

// TokenFilter selects tokens for FindTokens.
type TokenFilter struct {
	// UserID narrows to one user's tokens; without identity.token.all it is
	// always the signed-in user.
	UserID string
	After  string
	Limit  int
}

// FindTokens lists tokens: the signed-in user's own, or anyone's for a
// holder of identity.token.all.
func (s *Service) FindTokens(ctx context.Context, f TokenFilter) ([]Token, error) {
	p := authz.FromContext(ctx)
	if p == nil {
		return nil, authz.ErrUnauthenticated
	}
	if !p.CanAll("identity.token") {
		f.UserID = p.UserID
	}
	rows, err := s.db.QueryContext(ctx, `SELECT `+tokenColumns+` FROM identity_token WHERE id > $1 AND ($2 = '' OR user_id = $2) ORDER BY id LIMIT $3`,
		f.After, f.UserID, f.Limit)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Token
	for rows.Next() {
		t, err := scanToken(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, t)
	}
	return out, rows.Err()
}

// FindTokenByID returns a token the principal may see. Another user's token
// is not_found, so IDs cannot be probed.
func (s *Service) FindTokenByID(ctx context.Context, tokenID string) (Token, error) {
	return s.findVisibleToken(ctx, s.db, tokenID)
}

func (s *Service) findVisibleToken(ctx context.Context, q db.Querier, tokenID string) (Token, error) {
	p := authz.FromContext(ctx)
	if p == nil {
		return Token{}, authz.ErrUnauthenticated
	}
	t, err := scanToken(q.QueryRowContext(ctx, `SELECT `+tokenColumns+` FROM identity_token WHERE id = $1`, tokenID))
	if err != nil {
		return Token{}, db.NotFound(err, "token")
	}
	if t.UserID != p.UserID && !p.CanAll("identity.token") {
		return Token{}, apperr.NotFound("token")
	}
	return t, nil
}

// RevokeToken revokes a token at once. Revoking a revoked token is a no-op.
// Errors: not_found.
func (s *Service) RevokeToken(ctx context.Context, tokenID string) (Token, error) {
	var after Token
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		before, err := s.findVisibleToken(ctx, tx, tokenID)
		if err != nil {
			return err
		}
		after = before
		if before.RevokedAt != nil {
			return nil
		}
		now := tx.Now()
		after.RevokedAt = &now
		if _, err := tx.ExecContext(ctx, `UPDATE identity_token SET revoked_at = $1 WHERE id = $2`, now, tokenID); err != nil {
			return err
		}
		return change(ctx, tx, "token", tokenID, "revoke", EventTokenRevoked, before, after)
	})
	return after, err
}

// AuthenticateToken turns a bearer token into a principal limited by the
// token's scopes. Errors: invalid_token.
func (s *Service) AuthenticateToken(ctx context.Context, token string) (*authz.Principal, error) {
	if !strings.HasPrefix(token, TokenPrefix) {
		return nil, ErrInvalidToken
	}
	var tokenID, scopes string
	var used sql.NullTime
	now := s.now()
	p, err := s.credentialPrincipal(ctx, `SELECT c.id, c.scopes, c.last_used_at, `+principalColumns+` FROM identity_token c`+principalJoin+`
		WHERE c.token_hash = $1 AND c.revoked_at IS NULL AND (c.expires_at IS NULL OR c.expires_at > $2) ORDER BY r.role`,
		[]any{digestOf(token), now}, &tokenID, &scopes, &used)
	if err != nil {
		return nil, authErr(err, ErrInvalidToken)
	}
	p.TokenID = tokenID
	if err := json.Unmarshal([]byte(scopes), &p.Scopes); err != nil {
		return nil, err
	}
	if p.Scopes == nil {
		p.Scopes = []string{}
	}
	if !used.Valid || now.Sub(used.Time) > touchEvery {
		if err := s.touch(ctx, `UPDATE identity_token SET last_used_at = $1 WHERE id = $2`, tokenID); err != nil {
			return nil, err
		}
	}
	return p, nil
}

// Me returns the signed-in user.
func (s *Service) Me(ctx context.Context) (User, error) {
	p := authz.FromContext(ctx)
	if p == nil || p.UserID == "" {
		return User{}, authz.ErrUnauthenticated
	}
	return findUser(ctx, s.db, p.UserID)
}
