package crm

import (
	"context"
	"regexp"
	"strconv"
	"time"

	"github.com/concord-erp/concord/internal/platform/apperr"
	"github.com/concord-erp/concord/internal/platform/authz"
	"github.com/concord-erp/concord/internal/platform/db"
	"github.com/concord-erp/concord/internal/platform/id"
)

// CaptureInput is what a website's contact form sends.
type CaptureInput struct {
	FirstName   string `json:"first_name,omitempty" maxLength:"100"`
	LastName    string `json:"last_name,omitempty" maxLength:"100"`
	Email       string `json:"email" maxLength:"254"`
	Phone       string `json:"phone,omitempty" maxLength:"50"`
	JobTitle    string `json:"job_title,omitempty" maxLength:"100"`
	CompanyName string `json:"company_name,omitempty" maxLength:"300"`
	Website     string `json:"website,omitempty" maxLength:"300"`
	Employees   int    `json:"employees,omitempty" minimum:"0" maximum:"10000000"`
	Country     string `json:"country,omitempty" maxLength:"2"`
	Message     string `json:"message,omitempty" maxLength:"5000"`
	CampaignID  string `json:"campaign_id,omitempty" maxLength:"64" doc:"The campaign the form belongs to, if any."`
	// Homepage is the honeypot: a field hidden from people with CSS, which
	// only bots fill in.
	Homepage string `json:"homepage,omitempty" maxLength:"300" doc:"Honeypot: leave empty (hide the field from people)."`
	// RenderedAt is when the page with the form was rendered; a person
	// needs a few seconds to fill it in.
	RenderedAt time.Time `json:"rendered_at" doc:"When the form was shown (RFC 3339); submissions faster than a person can type are refused."`
}

// CaptureReceipt is the answer to a website form: only the lead's ID, so
// the public learns nothing about the CRM.
type CaptureReceipt struct {
	ID string `json:"id"`
}

// Errors of the public capture form.
var (
	ErrTooManySubmissions = apperr.New(apperr.KindRateLimited, "too_many_submissions", "too many submissions from this address; try again later")
	ErrSpam               = &apperr.Error{Kind: apperr.KindInvalid, Code: "spam_suspected", Message: "the submission looks automated",
		Fields: []apperr.FieldError{{Field: "homepage", Code: "honeypot", Message: "must be empty"}}}
	ErrTooFast = &apperr.Error{Kind: apperr.KindInvalid, Code: "submitted_too_fast", Message: "the form was sent faster than a person can fill it in",
		Fields: []apperr.FieldError{{Field: "rendered_at", Code: "too_recent", Message: "wait a few seconds after the form is shown"}}}
)

var link = regexp.MustCompile(`(?i)(https?://|www\.)`)

// CaptureLead records a lead sent by a website form, without a signed-in
// user. Each client address may send CaptureLimits.PerAddress submissions
// per window (counted whether or not they are accepted); a filled honeypot,
// a form sent faster than CaptureLimits.MinFill or a message with more
// than MaxLinks links is refused. The lead's source is web_form; its owner
// is the campaign's owner, else nobody (a sales manager assigns it).
// Errors: too_many_submissions, spam_suspected, submitted_too_fast,
// too_many_links, validation_failed.
func (s *Service) CaptureLead(ctx context.Context, ip string, in CaptureInput) (CaptureReceipt, error) {
	lim := s.capture
	// The form's submissions are the system's work: there is no user.
	ctx = authz.WithPrincipal(ctx, authz.System("lead-capture"))
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		if err := tx.Lock(ctx, "crm.capture."+ip); err != nil {
			return err
		}
		now := tx.Now()
		if _, err := tx.ExecContext(ctx, `DELETE FROM crm_capture_attempt WHERE at < $1`, now.Add(-captureAttemptRetention)); err != nil {
			return err
		}
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM crm_capture_attempt WHERE ip = $1 AND at >= $2`, ip,
			now.Add(-lim.Window)).Scan(&n); err != nil {
			return err
		}
		if n >= lim.PerAddress {
			return ErrTooManySubmissions
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO crm_capture_attempt (id, ip, at) VALUES ($1, $2, $3)`, id.New("cap"), ip, now)
		return err
	})
	if err != nil {
		return CaptureReceipt{}, err
	}
	if in.Homepage != "" {
		return CaptureReceipt{}, ErrSpam
	}
	if in.RenderedAt.IsZero() {
		return CaptureReceipt{}, apperr.Invalid("the form's time is missing", apperr.Field("rendered_at", "required", "when the form was shown"))
	}
	if time.Since(in.RenderedAt) < lim.MinFill {
		return CaptureReceipt{}, ErrTooFast
	}
	if n := len(link.FindAllStringIndex(in.Message, -1)); n > lim.MaxLinks {
		return CaptureReceipt{}, &apperr.Error{Kind: apperr.KindInvalid, Code: "too_many_links",
			Message: "the message carries " + strconv.Itoa(n) + " links; at most " + strconv.Itoa(lim.MaxLinks) + " are accepted",
			Fields:  []apperr.FieldError{{Field: "message", Code: "too_many_links", Message: "remove links"}}}
	}
	lin := LeadInput{Source: SourceWebForm, FirstName: in.FirstName, LastName: in.LastName, Email: in.Email, Phone: in.Phone,
		JobTitle: in.JobTitle, CompanyName: in.CompanyName, Website: in.Website, Employees: in.Employees, Country: in.Country,
		Message: in.Message, CampaignID: in.CampaignID}
	lin.normalize()
	if err := lin.validate(); err != nil {
		return CaptureReceipt{}, err
	}
	if lin.Email == "" {
		return CaptureReceipt{}, apperr.Invalid("an e-mail address is required", apperr.Field("email", "required", "so that we can answer"))
	}
	var l Lead
	err = s.db.InTx(ctx, func(tx *db.Tx) error {
		c, err := checkCampaign(ctx, tx, lin.CampaignID)
		if err != nil {
			return err
		}
		l, err = createLeadTx(ctx, tx, lin, c.OwnerID)
		return err
	})
	return CaptureReceipt{ID: l.ID}, err
}
