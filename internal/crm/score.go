package crm

import (
	"regexp"
	"strconv"
	"strings"

	"github.com/concord-erp/concord/internal/party"
)

// Lead scoring is a set of explainable rules, kept as code constants so
// that they are reviewed and versioned like code (docs/architecture.md
// lists them). A lead's score is the sum of the points of the factors that
// apply, clamped to 0..100, and the response lists every factor.
//
// Fit (does the lead look like a customer we want):
//   - fit.senior_title (+20) or fit.manager_title (+10): the job title
//     names a decision maker or a manager;
//   - fit.company_size: +25 from 1000 employees, +20 from 200, +15 from
//     50, +5 from 10;
//   - fit.business_email (+10): an address at the company's own domain,
//     not a free-mail service;
//   - fit.company_named (+5) and fit.phone (+5): enough to work with.
//
// Engagement (how much the lead engaged with us):
//   - engagement.source: web_form +15 (they came to us), campaign +10,
//     api +10, manual +5, import 0;
//   - engagement.message (+10): a message of at least 30 characters;
//   - engagement.contacted (+10): the lead was contacted or qualified;
//   - engagement.activities: +5 per activity logged on the lead, at most
//     +20.
const (
	pointsSeniorTitle     = 20
	pointsManagerTitle    = 10
	pointsBusinessEmail   = 10
	pointsCompanyNamed    = 5
	pointsPhone           = 5
	pointsMessage         = 10
	minMessageLength      = 30
	pointsContacted       = 10
	pointsPerActivity     = 5
	maxActivityPoints     = 20
	groupFit              = "fit"
	groupEngagement       = "engagement"
	maxScore              = 100
	companySizeLargest    = 1000
	companySizeLarge      = 200
	companySizeMedium     = 50
	companySizeSmall      = 10
	pointsSizeLargest     = 25
	pointsSizeLarge       = 20
	pointsSizeMedium      = 15
	pointsSizeSmall       = 5
	pointsSourceWebForm   = 15
	pointsSourceCampaign  = 10
	pointsSourceAPI       = 10
	pointsSourceManual    = 5
	pointsSourceImport    = 0
	factorSeniorTitle     = "fit.senior_title"
	factorManagerTitle    = "fit.manager_title"
	factorCompanySize     = "fit.company_size"
	factorBusinessEmail   = "fit.business_email"
	factorCompanyNamed    = "fit.company_named"
	factorPhone           = "fit.phone"
	factorSource          = "engagement.source"
	factorMessage         = "engagement.message"
	factorContacted       = "engagement.contacted"
	factorActivities      = "engagement.activities"
	activityPointsMessage = "activities logged"
)

// ScoreFactor is one rule that gave a lead points.
type ScoreFactor struct {
	Code   string `json:"code" doc:"Stable code, e.g. fit.company_size; clients translate it."`
	Group  string `json:"group" enum:"fit,engagement"`
	Points int    `json:"points"`
	Detail string `json:"detail" doc:"The value that earned the points, e.g. 250 employees."`
}

var (
	seniorTitle  = regexp.MustCompile(`(?i)\b(ceo|cto|cfo|coo|cio|owner|founder|president|vp|vice president|director|head|chief|partner|managing)\b|总经理|总监|董事|总裁|负责人|老板`)
	managerTitle = regexp.MustCompile(`(?i)\b(manager|lead|supervisor)\b|经理|主管`)
)

var sourcePoints = map[string]int{SourceWebForm: pointsSourceWebForm, SourceCampaign: pointsSourceCampaign, SourceAPI: pointsSourceAPI,
	SourceManual: pointsSourceManual, SourceImport: pointsSourceImport}

// Score scores a lead with activities logged on it and explains the score.
func Score(l Lead, activities int) (int, []ScoreFactor) {
	factors := []ScoreFactor{}
	add := func(code, group string, points int, detail string) {
		if points != 0 {
			factors = append(factors, ScoreFactor{Code: code, Group: group, Points: points, Detail: detail})
		}
	}
	switch {
	case seniorTitle.MatchString(l.JobTitle):
		add(factorSeniorTitle, groupFit, pointsSeniorTitle, l.JobTitle)
	case managerTitle.MatchString(l.JobTitle):
		add(factorManagerTitle, groupFit, pointsManagerTitle, l.JobTitle)
	}
	size := strconv.Itoa(l.Employees) + " employees"
	switch {
	case l.Employees >= companySizeLargest:
		add(factorCompanySize, groupFit, pointsSizeLargest, size)
	case l.Employees >= companySizeLarge:
		add(factorCompanySize, groupFit, pointsSizeLarge, size)
	case l.Employees >= companySizeMedium:
		add(factorCompanySize, groupFit, pointsSizeMedium, size)
	case l.Employees >= companySizeSmall:
		add(factorCompanySize, groupFit, pointsSizeSmall, size)
	}
	if at := strings.LastIndexByte(l.Email, '@'); at > 0 && !party.IsFreeMailDomain(l.Email[at+1:]) {
		add(factorBusinessEmail, groupFit, pointsBusinessEmail, l.Email[at+1:])
	}
	if l.CompanyName != "" {
		add(factorCompanyNamed, groupFit, pointsCompanyNamed, l.CompanyName)
	}
	if l.Phone != "" {
		add(factorPhone, groupFit, pointsPhone, l.Phone)
	}
	add(factorSource, groupEngagement, sourcePoints[l.Source], l.Source)
	if len([]rune(strings.TrimSpace(l.Message))) >= minMessageLength {
		add(factorMessage, groupEngagement, pointsMessage, strconv.Itoa(len([]rune(l.Message)))+" characters")
	}
	if l.Status == LeadContacted || l.Status == LeadQualified || l.Status == LeadConverted {
		add(factorContacted, groupEngagement, pointsContacted, l.Status)
	}
	if activities > 0 {
		add(factorActivities, groupEngagement, min(activities*pointsPerActivity, maxActivityPoints),
			strconv.Itoa(activities)+" "+activityPointsMessage)
	}
	sum := 0
	for _, f := range factors {
		sum += f.Points
	}
	return min(max(sum, 0), maxScore), factors
}
