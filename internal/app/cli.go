package app

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/concord-erp/concord/internal/identity"
	"github.com/concord-erp/concord/internal/platform/apperr"
	"github.com/concord-erp/concord/internal/platform/authz"
	"github.com/concord-erp/concord/internal/platform/config"
	"github.com/concord-erp/concord/internal/platform/db"
)

// Admin runs the operator commands that work on the database directly:
// user create|list, token create, audit verify, ledger check. They act as the system
// principal "cli", which the audit trail records. It returns the process
// exit code: 0 success, 1 failure, 2 usage error.
func Admin(ctx context.Context, cmd string, args []string, getenv func(string) string, stdout, stderr io.Writer) int {
	if len(args) == 0 || strings.HasPrefix(args[0], "-") {
		fmt.Fprintf(stderr, "Usage: concord %s <%s> [flags]\n", cmd, strings.Join(adminCommands[cmd], "|"))
		if len(args) > 0 && (args[0] == "-h" || args[0] == "--help") {
			return 0
		}
		return 2
	}
	sub := cmd + " " + args[0]
	fs := flag.NewFlagSet("concord "+sub, flag.ContinueOnError)
	fs.SetOutput(stderr)
	// Each subcommand has only its own flags, so a stray flag is an error.
	var email, name, roles, password, locale, tz, user, scopes, expires, tname *string
	switch sub {
	case "user create":
		email = fs.String("email", "", "e-mail address of the user")
		name = fs.String("name", "", "display name of the user")
		roles = fs.String("role", "", "role(s), comma-separated, e.g. admin or sales_rep,marketing")
		password = fs.String("password", "", "password (at least 10 characters); omit to have one generated and printed")
		locale = fs.String("locale", "en", "language: en or zh-CN")
		tz = fs.String("time-zone", "UTC", "IANA time zone, e.g. Asia/Shanghai")
	case "token create":
		user = fs.String("user", "", "e-mail address of the token's user")
		scopes = fs.String("scopes", "*", "token scopes, comma-separated: *, <module>:read, <module>:write")
		expires = fs.String("expires", "90d", "token lifetime, e.g. 90d or 720h")
		tname = fs.String("name", "cli", "what the token is for")
	case "user list", "audit verify", "ledger check":
	default:
		fmt.Fprintf(stderr, "concord: unknown command %q\n", sub)
		return 2
	}
	cfg, code, ok := commandConfig(fs, sub, args[1:], getenv, stderr)
	if !ok {
		return code
	}
	d, ok := commandDB(ctx, cfg, stderr)
	if !ok {
		return 1
	}
	defer d.Close()
	all := newServices(d, slog.New(slog.DiscardHandler))
	svc := all.identity
	ctx = authz.WithPrincipal(ctx, authz.System("cli"))

	fail := func(err error) int {
		fmt.Fprintln(stderr, "concord: "+oneLine(explain(err)))
		return 1
	}
	switch sub {
	case "user create":
		u, generated, err := svc.CreateUser(ctx, identity.CreateUserInput{Email: *email, Name: *name, Locale: *locale,
			TimeZone: *tz, Roles: splitList(*roles), Password: *password})
		if err != nil {
			return fail(err)
		}
		fmt.Fprintf(stdout, "created user %s <%s> with roles %s\n", u.ID, u.Email, strings.Join(u.Roles, ","))
		if generated != "" {
			fmt.Fprintf(stdout, "password: %s\n(shown once; the user can change it after signing in)\n", generated)
		}
	case "user list":
		w := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
		fmt.Fprintln(w, "ID\tEMAIL\tNAME\tROLES\tACTIVE")
		for after := ""; ; {
			users, err := svc.FindUsers(ctx, identity.UserFilter{After: after, Limit: 500})
			if err != nil {
				return fail(err)
			}
			for _, u := range users {
				fmt.Fprintf(w, "%s\t%s\t%s\t%s\t%t\n", u.ID, u.Email, u.Name, strings.Join(u.Roles, ","), u.Active)
			}
			if len(users) < 500 {
				break
			}
			after = users[len(users)-1].ID
		}
		w.Flush()
	case "token create":
		users, err := svc.FindUsers(ctx, identity.UserFilter{Q: *user, Limit: 100})
		if err != nil {
			return fail(err)
		}
		userID := ""
		for _, u := range users {
			if strings.EqualFold(u.Email, *user) {
				userID = u.ID
			}
		}
		if userID == "" {
			return fail(fmt.Errorf("no user with e-mail %q (--user)", *user))
		}
		life, err := parseLifetime(*expires)
		if err != nil {
			fmt.Fprintln(stderr, "concord: invalid --expires: "+err.Error())
			return 2
		}
		exp := time.Now().Add(life)
		t, err := svc.CreateToken(ctx, identity.CreateTokenInput{Name: *tname, Scopes: splitList(*scopes), ExpiresAt: &exp, UserID: userID})
		if err != nil {
			return fail(err)
		}
		fmt.Fprintf(stdout, "created token %s for %s, scopes %s, expires %s\n%s\n(shown once)\n",
			t.ID, *user, strings.Join(t.Scopes, ","), t.ExpiresAt.Format(time.DateOnly), t.Secret)
	case "audit verify":
		rep, err := svc.VerifyAudit(ctx)
		if err != nil {
			return fail(err)
		}
		if !rep.OK {
			fmt.Fprintf(stdout, "audit trail BROKEN after %d entries: %s\n", rep.Entries, rep.Problem)
			return 1
		}
		fmt.Fprintf(stdout, "audit trail intact: %d entries\n", rep.Entries)
	case "ledger check":
		rep, err := checkLedger(ctx, all)
		if err != nil {
			return fail(err)
		}
		for _, p := range rep.Problems {
			fmt.Fprintln(stdout, "PROBLEM: "+p)
		}
		if len(rep.Problems) > 0 {
			fmt.Fprintf(stdout, "ledger check FAILED: %d problems in %d entries\n", len(rep.Problems), rep.Entries)
			return 1
		}
		fmt.Fprintf(stdout, "ledger check passed: %d entries balance; receivables, customer credit and inventory agree with the documents\n", rep.Entries)
	}
	return 0
}

var adminCommands = map[string][]string{"user": {"create", "list"}, "token": {"create"}, "audit": {"verify"}, "ledger": {"check"}}

func splitList(s string) []string {
	var out []string
	for _, p := range strings.Split(s, ",") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// parseLifetime accepts Go durations and whole days ("90d").
func parseLifetime(s string) (time.Duration, error) {
	if days, ok := strings.CutSuffix(s, "d"); ok {
		var n int
		if _, err := fmt.Sscanf(days, "%d", &n); err != nil || n <= 0 || fmt.Sprint(n) != days {
			return 0, fmt.Errorf("%q: want a number of days such as 90d", s)
		}
		return time.Duration(n) * 24 * time.Hour, nil
	}
	d, err := time.ParseDuration(s)
	if err != nil || d <= 0 {
		return 0, fmt.Errorf("%q: want e.g. 90d or 720h", s)
	}
	return d, nil
}

// commandConfig parses an operator command's flags and settings. When ok
// is false the command ends with code: 0 after --help, 2 for bad flags.
func commandConfig(fs *flag.FlagSet, name string, args []string, getenv func(string) string, stderr io.Writer) (config.Config, int, bool) {
	cfg, err := config.ParseWith(fs, name, args, getenv, stderr)
	if errors.Is(err, flag.ErrHelp) {
		return cfg, 0, false
	}
	if err != nil {
		fmt.Fprintln(stderr, "concord: "+oneLine(err))
		return cfg, 2, false
	}
	return cfg, 0, true
}

// commandDB opens and migrates the database of an operator command; a
// failure is reported on one line.
func commandDB(ctx context.Context, cfg config.Config, stderr io.Writer) (*db.DB, bool) {
	d, err := OpenDB(ctx, cfg, cfg.Logger(io.Discard))
	if err != nil {
		fmt.Fprintln(stderr, "concord: "+oneLine(err))
		return nil, false
	}
	return d, true
}

// oneLine keeps a fatal error on one line.
func oneLine(err error) string {
	return strings.Join(strings.Fields(err.Error()), " ")
}

// flagOf names the flag that sets an input field: roles[0] → --role.
func flagOf(field string) string {
	field, _, _ = strings.Cut(field, "[")
	if field == "roles" {
		field = "role"
	}
	return "--" + strings.ReplaceAll(field, "_", "-")
}

// explain renders an application error with its field problems on one line.
func explain(err error) error {
	ae, ok := apperr.As(err)
	if !ok || len(ae.Fields) == 0 {
		return err
	}
	var parts []string
	for _, f := range ae.Fields {
		parts = append(parts, flagOf(f.Field)+": "+f.Message)
	}
	return fmt.Errorf("%s (%s)", ae.Message, strings.Join(parts, "; "))
}
