package config_test

import (
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/concord-erp/concord/internal/platform/config"
)

func env(kv map[string]string) func(string) string {
	return func(k string) string { return kv[k] }
}

func TestDefaults(t *testing.T) {
	c, err := config.Parse("serve", "", nil, env(nil), io.Discard)
	require.NoError(t, err)
	require.Equal(t, config.Config{
		DatabaseURL: "sqlite://./data/concord.db", Addr: "127.0.0.1:8080",
		LogLevel: slog.LevelInfo, LogFormat: "json", ShutdownGrace: 30 * time.Second,
	}, c)
}

func TestFlagsBeatEnvironmentWhichBeatsDefaults(t *testing.T) {
	e := env(map[string]string{"CONCORD_ADDR": ":9000", "CONCORD_DATABASE_URL": "postgres://u@h/db", "CONCORD_LOG_LEVEL": "debug"})
	c, err := config.Parse("serve", "", []string{"--addr", "127.0.0.1:9001"}, e, io.Discard)
	require.NoError(t, err)
	require.Equal(t, "127.0.0.1:9001", c.Addr)
	require.Equal(t, "postgres://u@h/db", c.DatabaseURL)
	require.Equal(t, slog.LevelDebug, c.LogLevel)
}

func TestSecretFromFile(t *testing.T) {
	f := filepath.Join(t.TempDir(), "db")
	require.NoError(t, os.WriteFile(f, []byte("postgres://u:pw@h/db\n"), 0o600))
	c, err := config.Parse("migrate", "", nil, env(map[string]string{"CONCORD_DATABASE_URL_FILE": f}), io.Discard)
	require.NoError(t, err)
	require.Equal(t, "postgres://u:pw@h/db", c.DatabaseURL)

	_, err = config.Parse("migrate", "", nil, env(map[string]string{"CONCORD_DATABASE_URL_FILE": f + ".missing"}), io.Discard)
	require.ErrorContains(t, err, "CONCORD_DATABASE_URL_FILE")
}

func TestErrorsNameTheSettingAndHidePasswords(t *testing.T) {
	_, err := config.Parse("serve", "", []string{"--db", "mysql://u:topsecret@h/db"}, env(nil), io.Discard)
	var ce *config.Error
	require.ErrorAs(t, err, &ce)
	require.Equal(t, "db", ce.Flag)
	require.Equal(t, "CONCORD_DATABASE_URL", ce.Env)
	require.NotContains(t, err.Error(), "topsecret")

	_, err = config.Parse("serve", "", []string{"extra"}, env(nil), io.Discard)
	require.ErrorContains(t, err, "unexpected argument")
}

func TestDemoIsABooleanFlagWithEnvironmentFallback(t *testing.T) {
	c, err := config.Parse("serve", "", []string{"--demo"}, env(nil), io.Discard)
	require.NoError(t, err)
	require.True(t, c.Demo)
	c, err = config.Parse("serve", "", nil, env(map[string]string{"CONCORD_DEMO": "true"}), io.Discard)
	require.NoError(t, err)
	require.True(t, c.Demo)
	c, err = config.Parse("serve", "", []string{"--demo=false"}, env(map[string]string{"CONCORD_DEMO": "true"}), io.Discard)
	require.NoError(t, err)
	require.False(t, c.Demo, "the flag beats the environment")
	_, err = config.Parse("serve", "", nil, env(map[string]string{"CONCORD_DEMO": "maybe"}), io.Discard)
	require.ErrorContains(t, err, "CONCORD_DEMO")
	_, err = config.Parse("migrate", "", []string{"--demo"}, env(nil), io.Discard)
	require.Error(t, err, "only serve loads the demo company")
}
