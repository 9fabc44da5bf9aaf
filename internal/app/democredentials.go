package app

import (
	"context"
	"fmt"
	"io"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"text/tabwriter"

	"github.com/concord-erp/concord/internal/identity"
	"github.com/concord-erp/concord/internal/platform/db"
)

// demoUser is the sign-in of a demo user. Password is empty when the user
// existed before and its password is not in the credentials file.
type demoUser struct {
	ID, Email, Role, Password string
}

// demoPeople name the demo user of each built-in role; a role added later
// gets a user too, named after the role.
var demoPeople = map[string]struct{ name, locale, zone string }{
	"admin":         {"Demo Admin", "en", "UTC"},
	"sales_rep":     {"Emily Carter", "en", "America/New_York"},
	"sales_manager": {"Daniel Brooks", "en", "America/New_York"},
	"finance":       {"Grace Liu", "en", "America/New_York"},
	"warehouse":     {"陈强", "zh-CN", "Asia/Shanghai"},
	"purchasing":    {"Marco Rossi", "en", "America/New_York"},
	"planner":       {"Sofia Novak", "en", "America/New_York"},
	"service_agent": {"王芳", "zh-CN", "Asia/Shanghai"},
	"marketing":     {"Olivia Bennett", "en", "America/New_York"},
	"data_steward":  {"Priya Shah", "en", "America/New_York"},
	"viewer":        {"Tom Becker", "en", "UTC"},
}

// demoEmail is the address of a role's demo user: admin@…, sales.rep@….
func demoEmail(role string) string {
	return strings.ReplaceAll(role, "_", ".") + "@demo.concord.example"
}

// credentialsPath is demo-credentials.txt next to a SQLite database; ""
// for PostgreSQL, which has no data directory of ours.
func credentialsPath(dbURL string) string {
	if t, err := db.ParseURL(dbURL); err == nil && t.Dialect == db.SQLite {
		return filepath.Join(filepath.Dir(t.Path), "demo-credentials.txt")
	}
	return ""
}

// readCredentials returns the passwords kept in the credentials file by
// e-mail address. A file of one bare line, as `concord demo` wrote before
// the demo company existed, holds the administrator's password.
func readCredentials(path string) map[string]demoUser {
	out := map[string]demoUser{}
	b, err := os.ReadFile(path)
	if path == "" || err != nil {
		return out
	}
	for _, line := range strings.Split(string(b), "\n") {
		f := strings.Fields(line)
		switch {
		case len(f) == 3 && !strings.HasPrefix(f[0], "#"):
			out[strings.ToLower(f[0])] = demoUser{Email: f[0], Role: f[1], Password: f[2]}
		case len(f) == 1:
			out[DemoAdmin] = demoUser{Email: DemoAdmin, Role: "admin", Password: f[0]}
		}
	}
	return out
}

// writeCredentials adds users to the credentials file (mode 0600), keeping
// the passwords of the others.
func writeCredentials(path string, users []demoUser) error {
	all := readCredentials(path)
	for _, u := range users {
		all[strings.ToLower(u.Email)] = u
	}
	var b strings.Builder
	b.WriteString("# Concord demo users: e-mail, role, generated password. Change them after signing in.\n")
	for _, email := range slices.Sorted(maps.Keys(all)) {
		u := all[email]
		fmt.Fprintf(&b, "%s\t%s\t%s\n", u.Email, u.Role, u.Password)
	}
	return os.WriteFile(path, []byte(b.String()), 0o600)
}

// ensureDemoUsers creates the demo user of each role unless it exists and
// returns them all with their passwords where known. Existing users are
// looked up first: creating one hashes a password before it finds the
// address taken. New passwords are written to the credentials file at once,
// so a load that fails later still leaves them readable.
func ensureDemoUsers(ctx context.Context, ids *identity.Service, path string, roles []string) ([]demoUser, error) {
	kept := readCredentials(path)
	existing := map[string]string{}
	found, err := ids.FindUsers(ctx, identity.UserFilter{Q: "@demo.concord.example", Limit: 200})
	if err != nil {
		return nil, err
	}
	for _, f := range found {
		existing[strings.ToLower(f.Email)] = f.ID
	}
	var users, created []demoUser
	for _, role := range roles {
		u := demoUser{Email: demoEmail(role), Role: role, ID: existing[demoEmail(role)]}
		if u.ID != "" {
			u.Password = kept[u.Email].Password
			users = append(users, u)
			continue
		}
		who, ok := demoPeople[role]
		if !ok {
			who.name, who.locale, who.zone = "Demo "+strings.ReplaceAll(role, "_", " "), "en", "UTC"
		}
		nu, generated, err := ids.CreateUser(ctx, identity.CreateUserInput{Email: u.Email, Name: who.name, Locale: who.locale,
			TimeZone: who.zone, Roles: []string{role}})
		if err != nil {
			return nil, err
		}
		u.ID, u.Password = nu.ID, generated
		created = append(created, u)
		users = append(users, u)
	}
	if path != "" && len(created) > 0 {
		if err := writeCredentials(path, created); err != nil {
			return nil, err
		}
	}
	return users, nil
}

// printCredentials lists the demo users with their passwords.
func printCredentials(w io.Writer, path string, users []demoUser) {
	where := "shown only when the users are created; reset a password with the API"
	if path != "" {
		where = "kept in " + path
	}
	fmt.Fprintf(w, "Demo users (passwords %s):\n", where)
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	for _, u := range users {
		pw := u.Password
		if pw == "" {
			pw = "(set before; not in the credentials file)"
		}
		fmt.Fprintf(tw, "  %s\t%s\t%s\n", u.Email, u.Role, pw)
	}
	tw.Flush()
}
