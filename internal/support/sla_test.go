package support

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

func TestPolicyForPrefersTheCustomersTier(t *testing.T) {
	ps := []Policy{
		{ID: "any", Priority: "high", ResolutionMinutes: 960, Active: true},
		{ID: "gold", Priority: "high", Tier: "gold", ResolutionMinutes: 480, Active: true},
		{ID: "platinum", Priority: "high", Tier: "platinum", ResolutionMinutes: 240, Active: true},
		{ID: "off", Priority: "high", Tier: "vip", ResolutionMinutes: 60, Active: false},
		{ID: "low", Priority: "low", ResolutionMinutes: 5000, Active: true},
	}
	for _, tc := range []struct {
		priority string
		tags     []string
		want     string
	}{
		{"high", nil, "any"},
		{"high", []string{"dealer", "Gold"}, "gold"},
		{"high", []string{"gold", "platinum"}, "platinum"},
		{"high", []string{"vip"}, "any"},
		{"low", []string{"gold"}, "low"},
	} {
		p, ok := policyFor(ps, tc.priority, tc.tags)
		require.True(t, ok)
		require.Equal(t, tc.want, p.ID, "%s %v", tc.priority, tc.tags)
	}
	_, ok := policyFor(ps, "urgent", nil)
	require.False(t, ok, "no policy for urgent")
}

func TestSLAEventsActOncePerTarget(t *testing.T) {
	at := func(s string) *time.Time {
		v, _ := time.Parse(time.DateTime, s)
		return &v
	}
	tk := Ticket{Status: StatusOpen, Priority: "urgent", SLA: SLA{FirstResponseWarn: at("2026-01-01 10:00:00"), FirstResponseDue: at("2026-01-01 11:00:00"),
		ResolutionWarn: at("2026-01-02 10:00:00"), ResolutionDue: at("2026-01-02 11:00:00")}}
	s := &Service{}
	require.Empty(t, s.slaEvents(&tk, *at("2026-01-01 09:59:59")))
	require.Equal(t, []string{EventSLAWarning, EventSLABreached, EventTicketEscalated}, s.slaEvents(&tk, *at("2026-01-01 11:00:00")))
	require.Equal(t, "urgent", tk.Priority, "urgent stays urgent")
	require.Empty(t, s.slaEvents(&tk, *at("2026-01-01 12:00:00")), "each target once")
	require.Equal(t, []string{EventSLAWarning, EventSLABreached}, s.slaEvents(&tk, *at("2026-01-02 11:00:00")), "escalated only at the first breach")
	tk2 := Ticket{Status: StatusResolved, SLA: tk.SLA}
	require.Empty(t, s.slaEvents(&tk2, *at("2026-02-01 00:00:00")), "resolved tickets are left alone")
}
