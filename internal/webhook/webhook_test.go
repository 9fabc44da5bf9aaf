package webhook_test

import (
	"net/http"
	"net/http/httptest"
	"net/netip"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/concord-erp/concord/internal/webhook"
)

// TestSignMatchesTheStandardWebhooksExample signs the example of the
// Standard Webhooks specification and gets its published signature.
func TestSignMatchesTheStandardWebhooksExample(t *testing.T) {
	sig, err := webhook.Sign("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330, []byte(`{"test": 2432232314}`))
	require.NoError(t, err)
	require.Equal(t, "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=", sig)
	_, err = webhook.Sign("whsec_***", "m", 1, nil)
	require.Error(t, err)
}

// TestGuardChecksTheDialledAddress: a name that resolves to loopback
// (localhost) is refused when connecting, not only literal addresses when
// saved; an administrator's allowed network opens it.
func TestGuardChecksTheDialledAddress(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { w.WriteHeader(204) }))
	defer srv.Close()
	port := srv.URL[len("http://127.0.0.1:"):]

	_, err := webhook.Guard{}.Client(2 * time.Second).Get("http://localhost:" + port + "/x")
	require.Error(t, err)
	require.Contains(t, err.Error(), "SSRF guard")

	open := webhook.Guard{Allowed: []netip.Prefix{netip.MustParsePrefix("127.0.0.0/8"), netip.MustParsePrefix("::1/128")}}
	res, err := open.Client(2 * time.Second).Get("http://localhost:" + port + "/x")
	require.NoError(t, err)
	res.Body.Close()
	require.Equal(t, 204, res.StatusCode)

	for ip, refused := range map[string]bool{"127.0.0.1": true, "10.1.2.3": true, "172.16.0.1": true, "192.168.1.1": true, "169.254.169.254": true,
		"100.64.0.1": true, "::1": true, "fe80::1": true, "fd00::1": true, "::ffff:10.0.0.1": true, "0.0.0.0": true, "93.184.216.34": false, "2606:4700::1111": false} {
		require.Equal(t, refused, webhook.Guard{}.Refuses(netip.MustParseAddr(ip)) != "", ip)
	}
	for url, code := range map[string]string{"https://example.com/h": "", "http://localhost/h": "private_target", "http://[::1]/h": "private_target",
		"ftp://example.com": "invalid_url", "https://user:pw@example.com": "invalid_url", "/relative": "invalid_url"} {
		got, _ := webhook.Guard{}.CheckURL(url)
		require.Equal(t, code, got, url)
	}
}
