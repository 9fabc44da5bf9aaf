package webhook

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"strings"
	"syscall"
	"time"
)

// Guard keeps webhook requests away from the private network (SSRF): no
// loopback, private, link-local (cloud metadata), shared, unspecified,
// multicast or reserved address, unless one of Allowed holds it. It checks
// the address actually dialled, after name resolution, so a public name
// resolving to a private address is refused too (also on a redirect, which
// the client does not follow anyway).
type Guard struct {
	// Allowed are networks an administrator opened (CONCORD_WEBHOOK_ALLOW_NETWORKS).
	Allowed []netip.Prefix
}

// special are the ranges netip's predicates do not cover.
var special = []netip.Prefix{
	netip.MustParsePrefix("0.0.0.0/8"),       // "this network"
	netip.MustParsePrefix("100.64.0.0/10"),   // shared address space (carrier-grade NAT)
	netip.MustParsePrefix("192.0.0.0/24"),    // IETF protocol assignments
	netip.MustParsePrefix("198.18.0.0/15"),   // benchmarking
	netip.MustParsePrefix("240.0.0.0/4"),     // reserved, and broadcast
	netip.MustParsePrefix("64:ff9b::/96"),    // NAT64 can reach private IPv4
	netip.MustParsePrefix("64:ff9b:1::/48"),  // local-use NAT64
	netip.MustParsePrefix("2001:db8::/32"),   // documentation
	netip.MustParsePrefix("fec0::/10"),       // deprecated site-local
	netip.MustParsePrefix("2002::/16"),       // 6to4 can embed private IPv4
	netip.MustParsePrefix("192.88.99.0/24"),  // 6to4 relay anycast
	netip.MustParsePrefix("192.0.2.0/24"),    // documentation
	netip.MustParsePrefix("198.51.100.0/24"), // documentation
	netip.MustParsePrefix("203.0.113.0/24"),  // documentation
}

// Refuses reports why ip may not be dialled, or "" when it may.
func (g Guard) Refuses(ip netip.Addr) string {
	ip = ip.Unmap()
	for _, p := range g.Allowed {
		if p.Contains(ip) {
			return ""
		}
	}
	switch {
	case ip.IsLoopback():
		return "a loopback address"
	case ip.IsPrivate():
		return "a private address"
	case ip.IsLinkLocalUnicast(), ip.IsLinkLocalMulticast():
		return "a link-local address"
	case ip.IsUnspecified():
		return "an unspecified address"
	case ip.IsMulticast(), ip.IsInterfaceLocalMulticast():
		return "a multicast address"
	}
	for _, p := range special {
		if p.Contains(ip) {
			return "a reserved address"
		}
	}
	return ""
}

// CheckURL checks an endpoint URL when it is saved: http or https, a host,
// and not a literal address (or localhost) the guard refuses. Names are
// checked again at every dial.
func (g Guard) CheckURL(raw string) (code, msg string) {
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" || u.Opaque != "" {
		return "invalid_url", "want an absolute http or https URL, e.g. https://example.com/hooks/concord"
	}
	if u.User != nil {
		return "invalid_url", "credentials in the URL are not allowed; the payload is signed instead"
	}
	host := u.Hostname()
	if strings.EqualFold(host, "localhost") || strings.HasSuffix(strings.ToLower(host), ".localhost") {
		host = "127.0.0.1"
	}
	if ip, err := netip.ParseAddr(host); err == nil {
		if why := g.Refuses(ip); why != "" {
			return "private_target", "the URL points to " + why + "; an administrator can allow its network with CONCORD_WEBHOOK_ALLOW_NETWORKS"
		}
	}
	return "", ""
}

// ErrRefused wraps a refused dial.
type ErrRefused struct{ Addr, Why string }

func (e *ErrRefused) Error() string {
	return fmt.Sprintf("refused to connect to %s: %s (SSRF guard)", e.Addr, e.Why)
}

func (g Guard) control(_, address string, _ syscall.RawConn) error {
	host, _, err := net.SplitHostPort(address)
	if err != nil {
		return err
	}
	ip, err := netip.ParseAddr(host)
	if err != nil {
		return &ErrRefused{Addr: address, Why: "not an IP address"}
	}
	if why := g.Refuses(ip); why != "" {
		return &ErrRefused{Addr: address, Why: why}
	}
	return nil
}

// Client returns the HTTP client webhook requests use: the guard checks
// every connection, no proxy (it would dial for us), no redirects, and a
// timeout per request.
func (g Guard) Client(timeout time.Duration) *http.Client {
	dialer := &net.Dialer{Timeout: 5 * time.Second, Control: g.control}
	return &http.Client{
		Timeout: timeout,
		Transport: &http.Transport{
			Proxy: nil,
			DialContext: func(ctx context.Context, network, addr string) (net.Conn, error) {
				return dialer.DialContext(ctx, network, addr)
			},
			TLSHandshakeTimeout:   5 * time.Second,
			ResponseHeaderTimeout: timeout,
			MaxIdleConnsPerHost:   8,
			IdleConnTimeout:       60 * time.Second,
		},
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
}
