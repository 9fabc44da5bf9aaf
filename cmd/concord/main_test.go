package main

import (
	"bufio"
	"encoding/json"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/concord-erp/concord/internal/platform/db"
	"github.com/concord-erp/concord/internal/platform/db/dbtest"
)

var binary string

// TestMain builds the real binary once: these tests check what an operator
// sees (exit codes, the one line on stderr, files on disk).
func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "concord-bin")
	if err != nil {
		panic(err)
	}
	binary = filepath.Join(dir, "concord")
	if out, err := exec.Command("go", "build", "-o", binary, ".").CombinedOutput(); err != nil {
		panic("build: " + string(out))
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

type result struct {
	code           int
	stdout, stderr string
}

// concord runs the binary in dir with a clean CONCORD_* environment.
func concord(t *testing.T, dir string, env []string, args ...string) result {
	t.Helper()
	cmd := exec.Command(binary, args...)
	cmd.Dir = dir
	cmd.Env = append([]string{"PATH=" + os.Getenv("PATH"), "HOME=" + dir}, env...)
	var out, errb strings.Builder
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else {
		require.NoError(t, err)
	}
	return result{code, out.String(), errb.String()}
}

func entries(t *testing.T, dir string) []string {
	t.Helper()
	es, err := os.ReadDir(dir)
	require.NoError(t, err)
	var names []string
	for _, e := range es {
		names = append(names, e.Name())
	}
	return names
}

func TestBadConfigurationStopsWithOneClearLineAndCreatesNothing(t *testing.T) {
	notADir := filepath.Join(t.TempDir(), "file")
	require.NoError(t, os.WriteFile(notADir, []byte("x"), 0o600))
	cases := []struct {
		name    string
		args    []string
		env     []string
		code    int
		mention string
	}{
		{"unknown scheme", []string{"serve", "--db", "mysql://root@localhost/concord"}, nil, 2, "--db"},
		{"unknown scheme from env", []string{"serve"}, []string{"CONCORD_DATABASE_URL=oracle://x"}, 2, "CONCORD_DATABASE_URL"},
		{"not a URL", []string{"migrate", "--db", "concord.db"}, nil, 2, "--db"},
		{"unreachable PostgreSQL", []string{"serve", "--addr", "127.0.0.1:0", "--db", "postgres://root:s3cret@127.0.0.1:1/concord?connect_timeout=2"}, nil, 1, "PostgreSQL"},
		{"unwritable SQLite path", []string{"serve", "--addr", "127.0.0.1:0", "--db", "sqlite://" + notADir + "/sub/concord.db"}, nil, 1, "SQLite"},
		{"SQLite path in /proc", []string{"migrate", "--db", "sqlite:///proc/concord-test/concord.db"}, nil, 1, "SQLite"},
		{"bad address", []string{"serve", "--addr", "localhost"}, nil, 2, "--addr"},
		{"bad log level", []string{"serve", "--log-level", "loud"}, nil, 2, "--log-level"},
		{"bad log format", []string{"serve"}, []string{"CONCORD_LOG_FORMAT=xml"}, 2, "CONCORD_LOG_FORMAT"},
		{"bad shutdown timeout", []string{"serve", "--shutdown-timeout", "soon"}, nil, 2, "--shutdown-timeout"},
		{"unknown flag", []string{"serve", "--colour"}, nil, 2, "colour"},
		{"unknown command", []string{"deploy"}, nil, 2, "deploy"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			r := concord(t, dir, c.env, c.args...)
			require.Equal(t, c.code, r.code, "stderr: %s", r.stderr)
			first := strings.SplitN(strings.TrimSpace(r.stderr), "\n", 2)[0]
			require.True(t, strings.HasPrefix(first, "concord: ") || strings.Contains(first, "flag provided but not defined"), "stderr: %q", r.stderr)
			require.Contains(t, r.stderr, c.mention)
			if c.code == 1 {
				require.Equal(t, 1, strings.Count(strings.TrimSpace(r.stderr), "\n")+1, "exactly one line: %q", r.stderr)
			}
			require.NotContains(t, r.stderr, "s3cret", "passwords are never printed")
			require.Empty(t, entries(t, dir), "nothing was created in the working directory")
			_, err := os.Stat(filepath.Join(notADir, "sub"))
			require.Error(t, err)
		})
	}
}

func TestHelpAndVersion(t *testing.T) {
	dir := t.TempDir()
	for _, cmd := range []string{"serve", "migrate", "version"} {
		r := concord(t, dir, nil, cmd, "--help")
		require.Equal(t, 0, r.code, cmd)
		require.Contains(t, r.stderr, "Usage: concord "+cmd)
	}
	r := concord(t, dir, nil, "--help")
	require.Equal(t, 0, r.code)
	require.Contains(t, r.stdout, "serve")
	r = concord(t, dir, nil, "version")
	require.Equal(t, 0, r.code)
	require.Regexp(t, `^concord \S+ \(commit \S+, go1\.`, r.stdout)
	require.Empty(t, entries(t, dir))
}

// TestOpenAPIPrintsTheDocumentWithoutADatabase: the web UI's typed client
// is generated from this output on machines with no database at all.
func TestOpenAPIPrintsTheDocumentWithoutADatabase(t *testing.T) {
	dir := t.TempDir()
	r := concord(t, dir, []string{"CONCORD_DATABASE_URL=postgres://nobody@127.0.0.1:1/none"}, "openapi")
	require.Equal(t, 0, r.code, r.stderr)
	var doc struct {
		OpenAPI string         `json:"openapi"`
		Paths   map[string]any `json:"paths"`
	}
	require.NoError(t, json.Unmarshal([]byte(r.stdout), &doc))
	require.True(t, strings.HasPrefix(doc.OpenAPI, "3.1"))
	require.Contains(t, doc.Paths, "/api/v1/parties")
	require.Empty(t, entries(t, dir), "no database file is created")

	r = concord(t, dir, nil, "openapi", "--help")
	require.Equal(t, 0, r.code)
	require.Contains(t, r.stderr, "Usage: concord openapi")
	require.Equal(t, 2, concord(t, dir, nil, "openapi", "extra").code)
}

func TestMigrateOnBothEngines(t *testing.T) {
	for _, dialect := range []db.Dialect{db.SQLite, db.Postgres} {
		t.Run(string(dialect), func(t *testing.T) {
			url := dbtest.URL(t, dialect)
			r := concord(t, t.TempDir(), nil, "migrate", "--db", url)
			require.Equal(t, 0, r.code, r.stderr)
			require.Contains(t, r.stdout, `"migration":"0001_platform"`)
			r = concord(t, t.TempDir(), nil, "migrate", "--db", url)
			require.Equal(t, 0, r.code, r.stderr)
			require.NotContains(t, r.stdout, "migration applied", "a second run has nothing to do")
		})
	}
}

// TestServeDefaultsToSQLiteInData is "make run" in miniature: no settings at
// all give a working node on ./data/concord.db that stops cleanly on SIGTERM.
func TestServeDefaultsToSQLiteInData(t *testing.T) {
	dir := t.TempDir()
	cmd := exec.Command(binary, "serve", "--addr", "127.0.0.1:0")
	cmd.Dir = dir
	cmd.Env = []string{"PATH=" + os.Getenv("PATH")}
	stdout, err := cmd.StdoutPipe()
	require.NoError(t, err)
	require.NoError(t, cmd.Start())
	defer cmd.Process.Kill()

	addr := ""
	sc := bufio.NewScanner(stdout)
	for sc.Scan() {
		var line struct {
			Msg  string `json:"msg"`
			Addr string `json:"addr"`
		}
		require.NoError(t, json.Unmarshal(sc.Bytes(), &line), "logs are JSON: %s", sc.Text())
		if line.Msg == "listening" {
			addr = line.Addr
			break
		}
	}
	require.NotEmpty(t, addr)
	go func() {
		for sc.Scan() {
		}
	}()
	res, err := http.Get("http://" + addr + "/healthz")
	require.NoError(t, err)
	res.Body.Close()
	require.Equal(t, 200, res.StatusCode)
	_, err = os.Stat(filepath.Join(dir, "data", "concord.db"))
	require.NoError(t, err, "the default database is ./data/concord.db")

	require.NoError(t, cmd.Process.Signal(syscall.SIGTERM))
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	select {
	case err := <-exited:
		require.NoError(t, err, "SIGTERM is a clean stop (exit 0)")
	case <-time.After(10 * time.Second):
		t.Fatal("concord did not stop on SIGTERM")
	}
}

// TestUserTokenAndAuditCommands: an operator creates users and a token from
// the command line, and `concord audit verify` notices a row changed behind
// the product's back, on both engines.
func TestUserTokenAndAuditCommands(t *testing.T) {
	for _, dialect := range []db.Dialect{db.SQLite, db.Postgres} {
		t.Run(string(dialect), func(t *testing.T) {
			url := dbtest.URL(t, dialect)
			dir := t.TempDir()
			env := []string{"CONCORD_DATABASE_URL=" + url}
			r := concord(t, dir, env, "user", "create", "--email", "ana@example.com", "--name", "Ana", "--role", "admin")
			require.Equal(t, 0, r.code, r.stderr)
			require.Regexp(t, `(?m)^password: \S{20}$`, r.stdout, "a generated password is printed once")
			r = concord(t, dir, env, "user", "create", "--email", "bob@example.com", "--name", "Bob", "--role", "sales_rep,marketing", "--password", "bob's long password")
			require.Equal(t, 0, r.code, r.stderr)
			r = concord(t, dir, env, "user", "create", "--email", "ANA@example.com", "--name", "Ana again", "--role", "viewer")
			require.Equal(t, 1, r.code)
			require.Contains(t, r.stderr, "e-mail address exists")
			r = concord(t, dir, env, "user", "create", "--email", "x@example.com", "--name", "X", "--role", "pope")
			require.Equal(t, 1, r.code)
			require.Contains(t, r.stderr, "no role named pope")

			r = concord(t, dir, env, "user", "list")
			require.Equal(t, 0, r.code, r.stderr)
			require.Contains(t, r.stdout, "bob@example.com")
			require.Contains(t, r.stdout, "marketing,sales_rep")

			r = concord(t, dir, env, "token", "create", "--user", "bob@example.com", "--scopes", "sales:read,crm:write", "--expires", "30d")
			require.Equal(t, 0, r.code, r.stderr)
			require.Regexp(t, `(?m)^cnd_\S{43}$`, r.stdout)

			r = concord(t, dir, env, "audit", "verify")
			require.Equal(t, 0, r.code, r.stdout+r.stderr)
			require.Contains(t, r.stdout, "audit trail intact: 3 entries")

			d, err := db.Open(t.Context(), url)
			require.NoError(t, err)
			_, err = d.ExecContext(t.Context(), `UPDATE audit_entry SET after_data = REPLACE(after_data, 'sales_rep', 'admin') WHERE seq = 2`)
			require.NoError(t, err)
			d.Close()
			r = concord(t, dir, env, "audit", "verify")
			require.Equal(t, 1, r.code)
			require.Contains(t, r.stdout, "BROKEN")
			require.Contains(t, r.stdout, "entry 2")
		})
	}
}

// TestDemoThenSignIn is `make run` end to end: the demo data loads (twice,
// harmlessly), the server starts, and the printed administrator signs in
// and sees the Northwind customers.
func TestDemoThenSignIn(t *testing.T) {
	dir := t.TempDir()
	for range 2 {
		r := concord(t, dir, nil, "demo")
		require.Equal(t, 0, r.code, r.stderr)
		require.Contains(t, r.stdout, "Sign in as admin@demo.concord.example with password ")
	}
	r := concord(t, dir, nil, "demo")
	password := strings.TrimSpace(r.stdout[strings.LastIndex(r.stdout, " ")+1:])
	require.Len(t, password, 20)

	addr, _, stop := serve(t, dir)
	defer stop()
	body := strings.NewReader(`{"email":"admin@demo.concord.example","password":"` + password + `"}`)
	res, err := http.Post("http://"+addr+"/api/v1/auth/login", "application/json", body)
	require.NoError(t, err)
	res.Body.Close()
	require.Equal(t, 200, res.StatusCode)
	cookies := res.Cookies()
	req, _ := http.NewRequest("GET", "http://"+addr+"/api/v1/parties/ALFKI", nil)
	for _, c := range cookies {
		req.AddCookie(c)
	}
	res, err = http.DefaultClient.Do(req)
	require.NoError(t, err)
	var p struct {
		LegalName string `json:"legal_name"`
	}
	require.NoError(t, json.NewDecoder(res.Body).Decode(&p))
	res.Body.Close()
	require.Equal(t, "Alfreds Futterkiste", p.LegalName)

	get := func(path string, v any) {
		req, _ := http.NewRequest("GET", "http://"+addr+path, nil)
		for _, c := range cookies {
			req.AddCookie(c)
		}
		res, err := http.DefaultClient.Do(req)
		require.NoError(t, err)
		defer res.Body.Close()
		require.Equal(t, 200, res.StatusCode, path)
		require.NoError(t, json.NewDecoder(res.Body).Decode(v))
	}
	var chai struct{ ID string }
	get("/api/v1/products/1", &chai)
	var stock struct {
		OnHand string `json:"on_hand"`
	}
	get("/api/v1/stock/availability?product_id="+chai.ID, &stock)
	require.Equal(t, "39", stock.OnHand, "the demo products have their Northwind opening stock")
}

// serve starts `concord serve` on a free port in dir and returns its
// address, the lines it printed that are not JSON logs (such as the demo
// credentials) before it listened, and a function that stops it.
func serve(t *testing.T, dir string, args ...string) (string, []string, func()) {
	t.Helper()
	addr, text, cmd := startServe(t, dir, args...)
	return addr, text, func() { cmd.Process.Signal(syscall.SIGTERM); cmd.Wait() }
}

// startServe starts `concord serve` and returns the running command, for
// tests that end it their own way.
func startServe(t *testing.T, dir string, args ...string) (string, []string, *exec.Cmd) {
	t.Helper()
	cmd := exec.Command(binary, append([]string{"serve", "--addr", "127.0.0.1:0"}, args...)...)
	cmd.Dir = dir
	cmd.Env = []string{"PATH=" + os.Getenv("PATH")}
	stdout, err := cmd.StdoutPipe()
	require.NoError(t, err)
	require.NoError(t, cmd.Start())
	addr := ""
	var text []string
	sc := bufio.NewScanner(stdout)
	for addr == "" && sc.Scan() {
		var line struct{ Msg, Addr string }
		if json.Unmarshal(sc.Bytes(), &line) != nil {
			text = append(text, sc.Text())
		}
		if line.Msg == "listening" {
			addr = line.Addr
		}
	}
	go func() {
		for sc.Scan() {
		}
	}()
	if addr == "" {
		cmd.Process.Kill()
		cmd.Wait()
		t.Fatalf("serve did not start: %s", strings.Join(text, "\n"))
	}
	return addr, text, cmd
}

// TestServeDemoLoadsTheCompanyOnce is `serve --demo` on the default SQLite
// database: the first start loads the demo company and prints a user per
// role, who can sign in; the second loads nothing and prints the same
// credentials, kept in data/demo-credentials.txt.
func TestServeDemoLoadsTheCompanyOnce(t *testing.T) {
	dir := t.TempDir()
	addr, text, stop := serve(t, dir, "--demo")
	out := strings.Join(text, "\n")
	require.Contains(t, out, "Demo company loaded")
	require.Contains(t, out, "50 customers")
	rep := ""
	for _, line := range text {
		if strings.Contains(line, "sales.rep@demo.concord.example") {
			rep = strings.TrimSpace(line)
		}
	}
	f := strings.Fields(rep)
	require.Len(t, f, 3, "e-mail, role and password: %q", rep)
	body := strings.NewReader(`{"email":"` + f[0] + `","password":"` + f[2] + `"}`)
	res, err := http.Post("http://"+addr+"/api/v1/auth/login", "application/json", body)
	require.NoError(t, err)
	res.Body.Close()
	require.Equal(t, 200, res.StatusCode)
	stop()

	_, text, stop = serve(t, dir, "--demo")
	defer stop()
	out = strings.Join(text, "\n")
	require.Contains(t, out, "nothing was added")
	require.Contains(t, out, rep, "the same credentials again")
	info, err := os.Stat(filepath.Join(dir, "data", "demo-credentials.txt"))
	require.NoError(t, err)
	require.Equal(t, os.FileMode(0o600), info.Mode().Perm())
	r := concord(t, dir, nil, "demo", "--company")
	require.Equal(t, 0, r.code, r.stderr)
	require.Contains(t, r.stdout, "nothing was added", "demo --company is the same loader")
}

func TestImportCommandReportsProblemsByRowAndColumn(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "customers.csv")
	require.NoError(t, os.WriteFile(file, []byte("code,company_name,email,country\nC1,Good GmbH,a@good.example,Germany\nC2,,b@bad.example,DE\nC3,Bad Mail,nope,DE\n"), 0o600))
	r := concord(t, dir, nil, "import", "customers", file)
	require.Equal(t, 1, r.code)
	require.Contains(t, r.stdout, "row 3\tcolumn company_name\trequired")
	require.Contains(t, r.stdout, "row 4\tcolumn email\tinvalid")
	require.Contains(t, r.stdout, "NOTHING written")
	r = concord(t, dir, nil, "import", "customers", file, "--skip-invalid")
	require.Equal(t, 1, r.code)
	require.Contains(t, r.stdout, "1 created")
	r = concord(t, dir, nil, "export", "customers", "--format", "csv")
	require.Equal(t, 0, r.code, r.stderr)
	require.Contains(t, r.stdout, "C1,Good GmbH")

	require.NoError(t, os.WriteFile(file, []byte("\xff\xfec\x00o\x00"), 0o600))
	r = concord(t, dir, nil, "import", "customers", file)
	require.Equal(t, 1, r.code)
	require.Contains(t, r.stderr, "unsupported_encoding")
}

func TestTransferFlagsMayComeBeforeOrAfterTheFile(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "c.csv")
	require.NoError(t, os.WriteFile(file, []byte("code,company_name,phone\nC1,Plus Phone Ltd,+49 30 1234567\n"), 0o600))
	db := "sqlite://" + filepath.Join(dir, "x.db")
	r := concord(t, dir, nil, "import", "customers", "--dry-run", "--db", db, file)
	require.Equal(t, 0, r.code, r.stdout+r.stderr)
	require.Contains(t, r.stdout, "dry run")
	r = concord(t, dir, nil, "import", "customers", file, "--db", db)
	require.Equal(t, 0, r.code, r.stdout+r.stderr)
	r = concord(t, dir, nil, "export", "customers", "--dry-run", "--db", db)
	require.Equal(t, 2, r.code, "export has no --dry-run")

	// A CSV export (formula-safe: '+49…) imports back unchanged.
	out := filepath.Join(dir, "out.csv")
	r = concord(t, dir, nil, "export", "customers", "--db", db, "--output", out)
	require.Equal(t, 0, r.code, r.stderr)
	b, err := os.ReadFile(out)
	require.NoError(t, err)
	require.Contains(t, string(b), "'+49 30 1234567")
	r = concord(t, dir, nil, "import", "customers", out, "--db", db)
	require.Equal(t, 0, r.code, r.stdout+r.stderr)
	require.Contains(t, r.stdout, "1 unchanged")
}

// TestNorthwindHistory imports the Northwind master data with four orders
// (three shipped in July 1996, one never shipped) on both engines: the
// shipped ones become invoiced, paid history whose sales analysis matches
// the lines computed by hand, the ledger check passes, and a second import
// adds nothing.
func TestNorthwindHistory(t *testing.T) {
	src := filepath.Join("..", "..", "internal", "app", "demo", "northwind")
	for _, dialect := range []db.Dialect{db.SQLite, db.Postgres} {
		t.Run(string(dialect), func(t *testing.T) {
			dir := t.TempDir()
			data := filepath.Join(dir, "northwind")
			require.NoError(t, os.MkdirAll(data, 0o755))
			for _, from := range []string{src, filepath.Join("testdata", "northwind-orders")} {
				files, err := os.ReadDir(from)
				require.NoError(t, err)
				for _, f := range files {
					b, err := os.ReadFile(filepath.Join(from, f.Name()))
					require.NoError(t, err)
					require.NoError(t, os.WriteFile(filepath.Join(data, f.Name()), b, 0o644))
				}
			}
			url := dbtest.URL(t, dialect)
			r := concord(t, dir, nil, "import", "northwind", data, "--db", url)
			require.Equal(t, 0, r.code, r.stdout+r.stderr)
			require.Contains(t, r.stdout, "3 historical orders shipped, invoiced and paid (3 new); 1 open orders, 0 not entered")
			r = concord(t, dir, nil, "import", "northwind", data, "--db", url)
			require.Contains(t, r.stdout, "3 historical orders shipped, invoiced and paid (0 new); 1 open orders")

			r = concord(t, dir, nil, "ledger", "check", "--db", url)
			require.Equal(t, 0, r.code, r.stdout+r.stderr)
			r = concord(t, dir, nil, "report", "sales", "--db", url, "--group-by", "customer", "--from", "1996-07-01", "--to", "1996-07-31", "--format", "json")
			require.Equal(t, 0, r.code, r.stderr)
			var rep struct {
				Rows []struct {
					Label      string
					NetRevenue struct{ Amount string } `json:"net_revenue"`
					Quantity   string
					Orders     int
				}
			}
			require.NoError(t, json.Unmarshal([]byte(r.stdout), &rep))
			got := map[string]string{}
			for _, row := range rep.Rows {
				got[row.Label] = row.NetRevenue.Amount + " / " + row.Quantity + " / " + strings.Repeat("o", row.Orders)
			}
			// 10248: 14.00×12 + 9.80×10 + 34.80×5; 10249: 18.60×9 + 42.40×40;
			// 10250: 7.70×10 + 42.40×35×0.85 + 16.80×15×0.85.
			require.Equal(t, map[string]string{
				"Vins et alcools Chevalier": "440.00 / 27 / o",
				"Toms Spezialitäten":        "1863.40 / 49 / o",
				"Hanari Carnes":             "1552.60 / 60 / o",
			}, got)
			r = concord(t, dir, nil, "report", "sales", "--db", url, "--group-by", "sales_rep", "--from", "1996-01-01", "--to", "1996-12-31")
			require.Contains(t, r.stdout, "Steven Buchanan", "order 10248 was taken by employee 5")
		})
	}
}
