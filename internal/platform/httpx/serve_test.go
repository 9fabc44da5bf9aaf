package httpx_test

import (
	"context"
	"io"
	"log/slog"
	"net"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/concord-erp/concord/internal/platform/httpx"
)

// TestServeFinishesInFlightRequestsOnShutdown: a request that is being
// served when the stop signal comes still gets its full response; new
// connections are refused afterwards.
func TestServeFinishesInFlightRequestsOnShutdown(t *testing.T) {
	started := make(chan struct{})
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		close(started)
		time.Sleep(300 * time.Millisecond)
		io.WriteString(w, "finished")
	})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		done <- httpx.Serve(ctx, &http.Server{Handler: h}, ln, 5*time.Second, slog.New(slog.DiscardHandler))
	}()

	type result struct {
		body string
		err  error
	}
	res := make(chan result, 1)
	go func() {
		r, err := http.Get("http://" + ln.Addr().String() + "/slow")
		if err != nil {
			res <- result{err: err}
			return
		}
		defer r.Body.Close()
		b, err := io.ReadAll(r.Body)
		res <- result{string(b), err}
	}()
	<-started
	cancel() // what SIGTERM does in the binary

	got := <-res
	require.NoError(t, got.err)
	require.Equal(t, "finished", got.body)
	require.NoError(t, <-done)
	_, err = net.DialTimeout("tcp", ln.Addr().String(), time.Second)
	require.Error(t, err, "the listener is closed after shutdown")
}

func TestServeGivesUpAfterTheGracePeriod(t *testing.T) {
	release := make(chan struct{})
	defer close(release)
	started := make(chan struct{})
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		close(started)
		<-release
	})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		done <- httpx.Serve(ctx, &http.Server{Handler: h}, ln, 100*time.Millisecond, slog.New(slog.DiscardHandler))
	}()
	go http.Get("http://" + ln.Addr().String() + "/stuck")
	<-started
	cancel()
	select {
	case err := <-done:
		require.ErrorIs(t, err, context.DeadlineExceeded, "a stuck request does not hold the process forever")
	case <-time.After(5 * time.Second):
		t.Fatal("Serve did not return after the grace period")
	}
}
