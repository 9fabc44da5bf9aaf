// Package app is the composition root: it opens the database, applies the
// migrations, builds the module services and the HTTP handler, and runs the
// server. It is the only package that knows every other one.
package app

import (
	"context"
	"fmt"
	"github.com/concord-erp/concord/internal/platform/audit"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"

	"github.com/concord-erp/concord/internal/httpapi"
	"github.com/concord-erp/concord/internal/identity"
	"github.com/concord-erp/concord/internal/platform/authz"
	"github.com/concord-erp/concord/internal/platform/clock"
	"github.com/concord-erp/concord/internal/platform/config"
	"github.com/concord-erp/concord/internal/platform/db"
	"github.com/concord-erp/concord/internal/platform/httpx"
	"github.com/concord-erp/concord/internal/platform/idempotency"
	"github.com/concord-erp/concord/internal/platform/jobs"
	"github.com/concord-erp/concord/internal/platform/natspub"
	"github.com/concord-erp/concord/internal/platform/outbox"
	"github.com/concord-erp/concord/internal/platform/quality"
	"github.com/concord-erp/concord/internal/platform/schema"
	"github.com/concord-erp/concord/internal/webhook"
)

// App is a running Concord node.
type App struct {
	cfg      config.Config
	log      *slog.Logger
	DB       *db.DB
	Identity *identity.Service
	Quality  *quality.Service
	Jobs     *jobs.Queue
	Handler  http.Handler
	// Dispatcher delivers events to webhooks and NATS; Serve runs it.
	Dispatcher *outbox.Dispatcher
	svc        *services
	nats       *natspub.Publisher
}

// Open opens and migrates the database and builds the handler.
func Open(ctx context.Context, cfg config.Config, log *slog.Logger) (*App, error) {
	d, err := OpenDB(ctx, cfg, log)
	if err != nil {
		return nil, err
	}
	reg := prometheus.NewRegistry()
	reg.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	svc := newServices(d, log)
	svc.webhook.SetGuard(webhook.Guard{Allowed: cfg.WebhookAllowNetworks})
	var nats *natspub.Publisher
	if cfg.NATSURL != "" {
		if nats, err = natspub.Connect(ctx, natspub.Config{URL: cfg.NATSURL}); err != nil {
			d.Close()
			return nil, err
		}
		svc.dispatcher.Register(nats)
		log.Info("publishing events to NATS", slog.String("url", redactURL(cfg.NATSURL)))
	}
	h := httpapi.NewHandler(httpapi.Deps{
		Log:     log,
		Metrics: reg,
		Ready:   d.Ping,
		// Keys are per user: two clients choosing the same key never collide.
		Idempotency: idempotency.New(d, idempotency.Options{Scope: func(r *http.Request) string {
			if p := authz.FromContext(r.Context()); p != nil {
				return p.UserID
			}
			return ""
		}}).Wrap,
		Catalog:   svc.catalog,
		Identity:  svc.identity,
		Party:     svc.party,
		Product:   svc.product,
		Ledger:    svc.ledger,
		Quality:   svc.quality,
		Inventory: svc.inventory,
		Jobs:      svc.jobs,
		Sales:     svc.sales,
		Approval:  svc.approval,
		Billing:   svc.billing,
		Events:    svc.events,
		Webhook:   svc.webhook,
		CRM:       svc.crm,
		Support:   svc.support,
		Returns:   svc.returns,
	})
	return &App{cfg: cfg, log: log, DB: d, Identity: svc.identity, Quality: svc.quality, Jobs: svc.jobs, Handler: h, svc: svc,
		Dispatcher: svc.dispatcher, nats: nats}, nil
}

// OpenDB opens the configured database and brings its schema up to date.
func OpenDB(ctx context.Context, cfg config.Config, log *slog.Logger) (*db.DB, error) {
	d, err := db.Open(ctx, cfg.DatabaseURL)
	if err != nil {
		return nil, err
	}
	applied, err := schema.Migrate(ctx, d)
	if err != nil {
		d.Close()
		return nil, err
	}
	for _, name := range applied {
		log.Info("migration applied", slog.String("migration", name))
	}
	log.Info("database ready", slog.String("engine", string(d.Dialect())))
	return d, nil
}

// LoadDemoCompany loads the demo company when the database is empty (or
// completes a demo company loaded before) and prints the demo users'
// credentials to w; a database holding other data is left alone. serve
// --demo calls it before serving.
func (a *App) LoadDemoCompany(ctx context.Context, w io.Writer) error {
	return loadDemoCompany(ctx, a.svc, a.cfg.DatabaseURL, w)
}

// Close releases the database and the NATS connection.
func (a *App) Close() error {
	if a.nats != nil {
		a.nats.Close()
	}
	return a.DB.Close()
}

// redactURL drops the credentials of a URL for the log.
func redactURL(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return "(unparseable)"
	}
	u.User = nil
	return u.String()
}

// SetClock replaces the clock customer service takes SLA times from; tests
// use a fake one.
func (a *App) SetClock(c clock.Clock) { a.svc.support.SetClock(c) }

// CheckSLA runs the SLA check now, as its background job does, and returns
// how many tickets it changed.
func (a *App) CheckSLA(ctx context.Context) (int, error) { return a.svc.support.CheckSLA(ctx) }

// ScheduleSLACheck queues the SLA check's background job after delay.
func (a *App) ScheduleSLACheck(ctx context.Context, delay time.Duration) error {
	return a.svc.support.ScheduleSLACheck(ctx, delay)
}

// Serve listens on ln and serves until ctx is cancelled, then shuts down
// gracefully.
func (a *App) Serve(ctx context.Context, ln net.Listener) error {
	srv := &http.Server{
		Handler:           a.Handler,
		ReadHeaderTimeout: 10 * time.Second,
		IdleTimeout:       2 * time.Minute,
		ErrorLog:          slog.NewLogLogger(a.log.Handler(), slog.LevelWarn),
	}
	go a.snapshotDaily(ctx)
	sealed := make(chan struct{})
	go func() {
		defer close(sealed)
		a.SealAudit(ctx)
	}()
	go a.pruneEvents(ctx)
	// The SLA check reschedules itself; this queues the first run (or
	// finds it queued by another node or an earlier start).
	if err := a.svc.support.ScheduleSLACheck(authz.WithPrincipal(ctx, authz.System("sla")), 0); err != nil {
		a.log.Warn("scheduling the SLA check failed", "error", err)
	}
	workers := make(chan struct{})
	go func() {
		defer close(workers)
		a.Jobs.Work(ctx, 2)
	}()
	dispatcher := make(chan struct{})
	go func() {
		defer close(dispatcher)
		a.Dispatcher.Run(ctx, 2)
	}()
	err := httpx.Serve(ctx, srv, ln, a.cfg.ShutdownGrace, a.log)
	<-workers    // running jobs end before the database closes
	<-dispatcher // so do deliveries being sent
	<-sealed
	return err
}

// SealAudit chains the pending audit entries every half second until ctx
// ends, and once more then, so that what a stopping server recorded is
// sealed too. Every node may run it: sealers take turns (audit.Seal).
func (a *App) SealAudit(ctx context.Context) {
	for {
		select {
		case <-ctx.Done():
			if _, err := audit.Seal(context.WithoutCancel(ctx), a.DB); err != nil {
				a.log.Warn("sealing the audit trail failed", "error", err)
			}
			return
		case <-time.After(500 * time.Millisecond):
		}
		if _, err := audit.Seal(ctx, a.DB); err != nil && ctx.Err() == nil {
			a.log.Warn("sealing the audit trail failed", "error", err)
		}
	}
}

// pruneEvents deletes delivered events older than the configured retention
// soon after start and then hourly. Several nodes doing it is harmless.
func (a *App) pruneEvents(ctx context.Context) {
	if a.cfg.EventRetention <= 0 {
		return
	}
	for {
		if n, err := a.svc.events.Prune(ctx, a.cfg.EventRetention); err != nil && ctx.Err() == nil {
			a.log.Warn("pruning events failed", "error", err)
		} else if n > 0 {
			a.log.Info("events pruned", slog.Int("events", n))
		}
		select {
		case <-ctx.Done():
			return
		case <-time.After(time.Hour):
		}
	}
}

// snapshotDaily takes the day's data-quality snapshots soon after start and
// then checks every hour, so each day has one even when nobody opens the
// report. Several nodes doing it is harmless (see quality.Save).
func (a *App) snapshotDaily(ctx context.Context) {
	ctx = authz.WithPrincipal(ctx, authz.System("quality"))
	for {
		if err := a.Quality.EnsureToday(ctx); err != nil && ctx.Err() == nil {
			a.log.Warn("data-quality snapshot failed", "error", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-time.After(time.Hour):
		}
	}
}

// Listen opens the configured listen address. The binary listens before it
// opens the database, so that a busy port fails fast and creates nothing.
func Listen(cfg config.Config) (net.Listener, error) {
	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		return nil, fmt.Errorf("cannot listen on --addr (CONCORD_ADDR) %s: %w", cfg.Addr, err)
	}
	return ln, nil
}
