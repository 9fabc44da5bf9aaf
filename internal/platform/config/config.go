// Package config parses Concord's settings once, from command-line flags with
// CONCORD_* environment variables as fallbacks, into a typed Config that is
// passed down. There are no globals. A secret may also be given as a file:
// CONCORD_DATABASE_URL_FILE=/run/secrets/db reads the URL from that file.
package config

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/netip"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/concord-erp/concord/internal/platform/db"
)

// Config holds every setting of the binary.
type Config struct {
	DatabaseURL   string
	Addr          string
	LogLevel      slog.Level
	LogFormat     string // "json" or "text"
	ShutdownGrace time.Duration
	// Demo makes serve load the demo company into an empty database first.
	Demo bool
	// NATSURL enables publishing events to NATS JetStream when set.
	NATSURL string
	// WebhookAllowNetworks are networks webhook endpoints may be in
	// although they are private or loopback (the SSRF guard refuses them).
	WebhookAllowNetworks []netip.Prefix
	// EventRetention is how long delivered events are kept for the events
	// feed (and the customer timeline); 0 keeps them forever.
	EventRetention time.Duration
}

// Defaults.
const (
	DefaultDatabaseURL = "sqlite://./data/concord.db"
	DefaultAddr        = "127.0.0.1:8080"
)

// Error names the setting that is wrong, by flag and by environment variable,
// so that one line tells the operator what to fix.
type Error struct {
	Flag, Env, Value, Reason string
}

func (e *Error) Error() string {
	return fmt.Sprintf("invalid --%s (%s) %q: %s", e.Flag, e.Env, e.Value, e.Reason)
}

// setting describes one flag and its environment fallback.
type setting struct {
	flag, env, def, usage string
	secret                bool
	boolean               bool // written as --flag alone, or --flag=false
}

var (
	sDB       = setting{"db", "CONCORD_DATABASE_URL", DefaultDatabaseURL, "database URL: sqlite://PATH or postgres://USER:PASSWORD@HOST:PORT/DB", true, false}
	sAddr     = setting{"addr", "CONCORD_ADDR", DefaultAddr, "HTTP listen address, host:port", false, false}
	sLevel    = setting{"log-level", "CONCORD_LOG_LEVEL", "info", "log level: debug, info, warn or error", false, false}
	sFormat   = setting{"log-format", "CONCORD_LOG_FORMAT", "json", "log format: json or text", false, false}
	sShutdown = setting{"shutdown-timeout", "CONCORD_SHUTDOWN_TIMEOUT", "30s", "how long to let in-flight requests finish on SIGTERM", false, false}
	sDemo     = setting{"demo", "CONCORD_DEMO", "false", "load the demo company when the database is empty, and print the demo users' credentials", false, true}
	sNATS     = setting{"nats-url", "CONCORD_NATS_URL", "", "publish events to this NATS JetStream server, e.g. nats://127.0.0.1:4222 (off when empty)", true, false}
	sAllow    = setting{"webhook-allow-networks", "CONCORD_WEBHOOK_ALLOW_NETWORKS", "", "comma-separated networks (CIDR) webhook endpoints may be in although private or loopback, e.g. 10.1.0.0/16", false, false}
	sRetain   = setting{"event-retention", "CONCORD_EVENT_RETENTION", "0", "how long delivered events stay in the events feed, e.g. 2160h; 0 keeps them", false, false}
)

// settingsFor lists the settings each command takes.
func settingsFor(cmd string) []setting {
	switch cmd {
	case "serve":
		return []setting{sDB, sAddr, sLevel, sFormat, sShutdown, sDemo, sNATS, sAllow, sRetain}
	case "migrate":
		return []setting{sDB, sLevel, sFormat}
	default: // operator commands print results, not logs
		return []setting{sDB}
	}
}

// Parse parses the flags of command cmd ("serve" or "migrate") with
// environment fallbacks from getenv, and validates the result. It returns
// flag.ErrHelp after printing usage to out when -h or --help is given.
func Parse(cmd, summary string, args []string, getenv func(string) string, out io.Writer) (Config, error) {
	fs := flag.NewFlagSet("concord "+cmd, flag.ContinueOnError)
	fs.SetOutput(out)
	fs.Usage = func() {
		fmt.Fprintf(out, "Usage: concord %s [flags]\n\n%s\n\nFlags:\n", cmd, summary)
		fs.PrintDefaults()
	}
	return ParseWith(fs, cmd, args, getenv, out)
}

// ParseWith is Parse for a command that defines flags of its own on fs
// (e.g. "user create"); it adds the database and log settings.
func ParseWith(fs *flag.FlagSet, cmd string, args []string, getenv func(string) string, out io.Writer) (Config, error) {
	values := map[string]*string{}
	var envErr error
	for _, s := range settingsFor(cmd) {
		def, err := lookup(s, getenv)
		envErr = errors.Join(envErr, err)
		usage := fmt.Sprintf("%s (env %s)", s.usage, s.env)
		if s.boolean {
			values[s.flag] = &def
			fs.Var((*boolText)(&def), s.flag, usage)
		} else {
			values[s.flag] = fs.String(s.flag, def, usage)
		}
		if s.secret {
			fs.Lookup(s.flag).DefValue = redact(def) // --help must not print a password
		}
	}
	if err := fs.Parse(args); err != nil {
		return Config{}, err
	}
	if fs.NArg() > 0 {
		return Config{}, fmt.Errorf("unexpected argument %q; see concord %s --help", fs.Arg(0), cmd)
	}
	if envErr != nil {
		return Config{}, envErr
	}
	get := func(s setting) string {
		if v, ok := values[s.flag]; ok {
			return *v
		}
		return s.def
	}
	c := Config{DatabaseURL: get(sDB), Addr: get(sAddr), LogFormat: get(sFormat)}
	if _, err := db.ParseURL(c.DatabaseURL); err != nil {
		return Config{}, &Error{sDB.flag, sDB.env, redact(c.DatabaseURL), err.Error()}
	}
	if _, port, err := net.SplitHostPort(c.Addr); err != nil || port == "" {
		return Config{}, &Error{sAddr.flag, sAddr.env, c.Addr, "want host:port, e.g. 127.0.0.1:8080 or :8080"}
	}
	if err := c.LogLevel.UnmarshalText([]byte(get(sLevel))); err != nil {
		return Config{}, &Error{sLevel.flag, sLevel.env, get(sLevel), "want debug, info, warn or error"}
	}
	if c.LogFormat != "json" && c.LogFormat != "text" {
		return Config{}, &Error{sFormat.flag, sFormat.env, c.LogFormat, "want json or text"}
	}
	d, err := time.ParseDuration(get(sShutdown))
	if err != nil || d < 0 {
		return Config{}, &Error{sShutdown.flag, sShutdown.env, get(sShutdown), "want a duration such as 30s"}
	}
	c.ShutdownGrace = d
	if c.Demo, err = strconv.ParseBool(get(sDemo)); err != nil {
		return Config{}, &Error{sDemo.flag, sDemo.env, get(sDemo), "want true or false"}
	}
	c.NATSURL = get(sNATS)
	if c.NATSURL != "" && !strings.HasPrefix(c.NATSURL, "nats://") && !strings.HasPrefix(c.NATSURL, "tls://") {
		return Config{}, &Error{sNATS.flag, sNATS.env, redact(c.NATSURL), "want nats://HOST:PORT"}
	}
	for _, n := range strings.Split(get(sAllow), ",") {
		if n = strings.TrimSpace(n); n == "" {
			continue
		}
		p, err := netip.ParsePrefix(n)
		if err != nil {
			return Config{}, &Error{sAllow.flag, sAllow.env, get(sAllow), "want networks in CIDR form, e.g. 10.1.0.0/16,127.0.0.1/32"}
		}
		c.WebhookAllowNetworks = append(c.WebhookAllowNetworks, p.Masked())
	}
	if c.EventRetention, err = time.ParseDuration(get(sRetain)); err != nil || c.EventRetention < 0 {
		return Config{}, &Error{sRetain.flag, sRetain.env, get(sRetain), "want a duration such as 2160h, or 0 to keep events"}
	}
	return c, nil
}

// boolText is a boolean flag kept as text, so that it shares the string
// settings' environment fallback and is validated with them.
type boolText string

func (b *boolText) String() string { return string(*b) }

// Set records the value as given; ParseWith validates it.
func (b *boolText) Set(s string) error { *b = boolText(s); return nil }

// IsBoolFlag lets the flag be written without a value.
func (b *boolText) IsBoolFlag() bool { return true }

// lookup returns a setting's default: its environment variable, the content
// of the file named by its _FILE variant (secrets only), or the built-in
// default.
func lookup(s setting, getenv func(string) string) (string, error) {
	if v := getenv(s.env); v != "" {
		return v, nil
	}
	if s.secret {
		if path := getenv(s.env + "_FILE"); path != "" {
			b, err := os.ReadFile(path)
			if err != nil {
				return "", fmt.Errorf("invalid %s_FILE: %w", s.env, err)
			}
			return strings.TrimSpace(string(b)), nil
		}
	}
	return s.def, nil
}

// redact hides the password of a database URL so it can be printed.
func redact(raw string) string {
	scheme, rest, ok := strings.Cut(raw, "://")
	if !ok {
		return raw
	}
	userinfo, host, ok := strings.Cut(rest, "@")
	if !ok {
		return raw
	}
	if user, _, hasPass := strings.Cut(userinfo, ":"); hasPass {
		return scheme + "://" + user + ":xxxxx@" + host
	}
	return raw
}

// Logger builds the process logger from the log settings.
func (c Config) Logger(w io.Writer) *slog.Logger {
	opts := &slog.HandlerOptions{Level: c.LogLevel}
	if c.LogFormat == "text" {
		return slog.New(slog.NewTextHandler(w, opts))
	}
	return slog.New(slog.NewJSONHandler(w, opts))
}
