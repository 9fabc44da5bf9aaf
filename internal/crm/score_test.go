package crm

import (
	"testing"

	"github.com/stretchr/testify/require"
)

func points(fs []ScoreFactor) map[string]int {
	out := map[string]int{}
	for _, f := range fs {
		out[f.Code] = f.Points
	}
	return out
}

// TestScoreExplainsEveryPoint: the score is the sum of the listed factors,
// each rule gives what score.go documents, and the score stays in 0..100.
func TestScoreExplainsEveryPoint(t *testing.T) {
	for _, tc := range []struct {
		name       string
		lead       Lead
		activities int
		want       map[string]int
	}{
		{"nothing known, imported", Lead{Source: SourceImport, LastName: "Doe", Email: "doe@gmail.com"}, 0, map[string]int{}},
		{"decision maker at a mid-sized company from the web form",
			Lead{Source: SourceWebForm, JobTitle: "Head of Purchasing", CompanyName: "Blauer See", Employees: 250,
				Email: "h@blauer-see.de", Phone: "+49 30 1234567", Message: "Please call me about 300 chairs for our offices."},
			0, map[string]int{"fit.senior_title": 20, "fit.company_size": 20, "fit.business_email": 10, "fit.company_named": 5, "fit.phone": 5,
				"engagement.source": 15, "engagement.message": 10}},
		{"a manager in Chinese, contacted, with activities capped",
			Lead{Source: SourceManual, JobTitle: "采购经理", Status: LeadContacted, Employees: 12, Email: "li@qq.com"},
			7, map[string]int{"fit.manager_title": 10, "fit.company_size": 5, "engagement.source": 5, "engagement.contacted": 10,
				"engagement.activities": 20}},
		{"the biggest lead is capped at 100",
			Lead{Source: SourceWebForm, JobTitle: "CEO", CompanyName: "Mega", Employees: 5000, Email: "ceo@mega.example", Phone: "+1 555 0100",
				Message: "We want to buy everything you have, as soon as possible.", Status: LeadQualified},
			10, map[string]int{"fit.senior_title": 20, "fit.company_size": 25, "fit.business_email": 10, "fit.company_named": 5, "fit.phone": 5,
				"engagement.source": 15, "engagement.message": 10, "engagement.contacted": 10, "engagement.activities": 20}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			score, factors := Score(tc.lead, tc.activities)
			require.Equal(t, tc.want, points(factors))
			sum := 0
			for _, f := range factors {
				sum += f.Points
				require.NotEmpty(t, f.Detail, f.Code)
			}
			require.Equal(t, min(sum, 100), score)
		})
	}
}

// TestROIPercent: the campaign report's ROI has two decimals and a sign.
func TestROIPercent(t *testing.T) {
	require.Equal(t, "-10.00", percent(-1000))
	require.Equal(t, "150.05", percent(15005))
	require.Equal(t, "0.07", percent(7))
}
