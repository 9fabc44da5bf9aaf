package httpapi

import (
	"context"
	"time"

	"github.com/concord-erp/concord/internal/crm"
	"github.com/concord-erp/concord/internal/platform/httpx"
	"github.com/concord-erp/concord/internal/platform/page"
	"github.com/concord-erp/concord/internal/sales"
)

// versioned handles an update whose version comes from If-Match or the body.
func versioned[O any](ifMatch string, bodyVersion int64, fn func(version int64) (O, error)) (O, error) {
	pre, err := httpx.ParsePrecondition(ifMatch, bodyVersion)
	if err != nil {
		var zero O
		return zero, err
	}
	o, err := fn(pre.Version)
	return o, pre.Check(err)
}

// Leads

type listLeadsInput struct {
	page.Params
	Status     string `query:"status" enum:"new,contacted,qualified,disqualified,converted"`
	Source     string `query:"source" enum:"web_form,import,campaign,manual,api"`
	OwnerID    string `query:"owner_id" maxLength:"64"`
	CampaignID string `query:"campaign_id" maxLength:"64"`
	MinScore   int    `query:"min_score" minimum:"0" maximum:"100" doc:"Only leads scoring at least this."`
	Q          string `query:"q" maxLength:"100" doc:"Matches names, company and e-mail."`
	Sort       string `query:"sort" maxLength:"20" doc:"created (the default, newest first as -created), updated (last change), last_name, company_name, score or status; - first for descending."`
}

type leadsOutput struct{ Body page.List[crm.Lead] }

func (s *server) listLeads(ctx context.Context, in *listLeadsInput) (*leadsOutput, error) {
	sort, err := page.ParseSort(in.Sort, crm.LeadSorts, "-created")
	if err != nil {
		return nil, err
	}
	f := crm.LeadFilter{Status: in.Status, Source: in.Source, OwnerID: in.OwnerID, CampaignID: in.CampaignID, MinScore: in.MinScore,
		Q: in.Q, Sort: sort, Limit: in.PageSize() + 1}
	if f.After, err = decodeCursor(in.After); err != nil {
		return nil, err
	}
	ls, err := s.deps.CRM.FindLeads(ctx, f)
	if err != nil {
		return nil, err
	}
	return &leadsOutput{Body: page.Build(ls, in.PageSize(), func(l crm.Lead) any {
		return page.Cursor{Value: l.SortValue(sort.Field), ID: l.ID}
	})}, nil
}

// LeadDetail is a lead with the parties and leads it looks like.
type LeadDetail struct {
	crm.Lead
	Duplicates crm.LeadDuplicates `json:"duplicates"`
}

type leadOutput struct {
	ETag     string `header:"ETag"`
	Location string `header:"Location"`
	Body     crm.Lead
}

func leadOut(l crm.Lead) *leadOutput {
	return &leadOutput{ETag: httpx.ETag(l.Version), Location: "/api/v1/leads/" + l.ID, Body: l}
}

type leadDetailOutput struct {
	ETag string `header:"ETag"`
	Body LeadDetail
}

func (s *server) getLead(ctx context.Context, in *idPath) (*leadDetailOutput, error) {
	l, err := s.deps.CRM.FindLead(ctx, in.ID)
	if err != nil {
		return nil, err
	}
	d, err := s.deps.CRM.LeadDuplicates(ctx, l.ID)
	if err != nil {
		return nil, err
	}
	return &leadDetailOutput{ETag: httpx.ETag(l.Version), Body: LeadDetail{Lead: l, Duplicates: d}}, nil
}

type createLeadInput struct{ Body crm.LeadInput }

func (s *server) createLead(ctx context.Context, in *createLeadInput) (*leadOutput, error) {
	l, err := s.deps.CRM.CreateLead(ctx, in.Body)
	if err != nil {
		return nil, err
	}
	return leadOut(l), nil
}

type replaceLeadInput struct {
	ID      string `path:"id" maxLength:"64"`
	IfMatch string `header:"If-Match"`
	Body    crm.LeadInput
}

func (s *server) replaceLead(ctx context.Context, in *replaceLeadInput) (*leadOutput, error) {
	l, err := versioned(in.IfMatch, in.Body.Version, func(v int64) (crm.Lead, error) { return s.deps.CRM.ReplaceLead(ctx, in.ID, in.Body, v) })
	if err != nil {
		return nil, err
	}
	return leadOut(l), nil
}

type disqualifyInput struct {
	ID      string `path:"id" maxLength:"64"`
	IfMatch string `header:"If-Match"`
	Body    struct {
		Reason  string `json:"reason" maxLength:"500" doc:"Why, e.g. no budget, competitor, spam."`
		Version int64  `json:"version,omitempty"`
	}
}

func (s *server) disqualifyLead(ctx context.Context, in *disqualifyInput) (*leadOutput, error) {
	l, err := versioned(in.IfMatch, in.Body.Version, func(v int64) (crm.Lead, error) {
		return s.deps.CRM.DisqualifyLead(ctx, in.ID, in.Body.Reason, v)
	})
	if err != nil {
		return nil, err
	}
	return leadOut(l), nil
}

type duplicatesOfLeadOutput struct{ Body crm.LeadDuplicates }

func (s *server) leadDuplicates(ctx context.Context, in *idPath) (*duplicatesOfLeadOutput, error) {
	d, err := s.deps.CRM.LeadDuplicates(ctx, in.ID)
	if err != nil {
		return nil, err
	}
	return &duplicatesOfLeadOutput{Body: d}, nil
}

type convertLeadInput struct {
	ID      string `path:"id" maxLength:"64"`
	IfMatch string `header:"If-Match"`
	Body    crm.ConvertInput
}

type convertLeadOutput struct{ Body crm.ConvertResult }

func (s *server) convertLead(ctx context.Context, in *convertLeadInput) (*convertLeadOutput, error) {
	r, err := versioned(in.IfMatch, in.Body.Version, func(v int64) (crm.ConvertResult, error) {
		return s.deps.CRM.ConvertLead(ctx, in.ID, in.Body, v)
	})
	if err != nil {
		return nil, err
	}
	return &convertLeadOutput{Body: r}, nil
}

type captureInput struct {
	Body crm.CaptureInput
}

type captureOutput struct{ Body crm.CaptureReceipt }

func (s *server) captureLead(ctx context.Context, in *captureInput) (*captureOutput, error) {
	// The form belongs to the CRM: switched off, it takes no leads. (op
	// checks module switches only for operations named by a permission.)
	if on, err := s.deps.Identity.ModuleEnabled(ctx, "crm"); err != nil {
		return nil, err
	} else if !on {
		return nil, ErrModuleDisabled
	}
	r, err := s.deps.CRM.CaptureLead(ctx, httpx.ClientIP(ctx), in.Body)
	if err != nil {
		return nil, err
	}
	return &captureOutput{Body: r}, nil
}

// Pipeline stages

type stagesOutput struct {
	Body struct {
		Data []crm.Stage `json:"data"`
	}
}

func (s *server) listStages(ctx context.Context, _ *struct{}) (*stagesOutput, error) {
	st, err := s.deps.CRM.FindStages(ctx)
	if err != nil {
		return nil, err
	}
	out := &stagesOutput{}
	out.Body.Data = st
	return out, nil
}

type stageOutput struct {
	ETag string `header:"ETag"`
	Body crm.Stage
}

func stageOut(st crm.Stage) *stageOutput { return &stageOutput{ETag: httpx.ETag(st.Version), Body: st} }

type createStageInput struct{ Body crm.StageInput }

func (s *server) createStage(ctx context.Context, in *createStageInput) (*stageOutput, error) {
	st, err := s.deps.CRM.CreateStage(ctx, in.Body)
	if err != nil {
		return nil, err
	}
	return stageOut(st), nil
}

type replaceStageInput struct {
	ID      string `path:"id" maxLength:"80"`
	IfMatch string `header:"If-Match"`
	Body    crm.StageInput
}

func (s *server) replaceStage(ctx context.Context, in *replaceStageInput) (*stageOutput, error) {
	st, err := versioned(in.IfMatch, in.Body.Version, func(v int64) (crm.Stage, error) { return s.deps.CRM.ReplaceStage(ctx, in.ID, in.Body, v) })
	if err != nil {
		return nil, err
	}
	return stageOut(st), nil
}

type stagePath struct {
	ID string `path:"id" maxLength:"80"`
}

func (s *server) deleteStage(ctx context.Context, in *stagePath) (*struct{}, error) {
	return nil, s.deps.CRM.DeleteStage(ctx, in.ID)
}

// Opportunities

type listOpportunitiesInput struct {
	page.Params
	Status     string `query:"status" enum:"open,won,lost"`
	StageID    string `query:"stage_id" maxLength:"80"`
	PartyID    string `query:"party_id" maxLength:"64"`
	OwnerID    string `query:"owner_id" maxLength:"64"`
	CampaignID string `query:"campaign_id" maxLength:"64"`
	Q          string `query:"q" maxLength:"100"`
	Sort       string `query:"sort" maxLength:"20" doc:"created (the default, newest first as -created), updated (last change), name, amount, probability, expected_close or status; - first for descending."`
}

type opportunitiesOutput struct{ Body page.List[crm.Opportunity] }

func (s *server) listOpportunities(ctx context.Context, in *listOpportunitiesInput) (*opportunitiesOutput, error) {
	sort, err := page.ParseSort(in.Sort, crm.OpportunitySorts, "-created")
	if err != nil {
		return nil, err
	}
	f := crm.OpportunityFilter{Status: in.Status, StageID: in.StageID, PartyID: in.PartyID, OwnerID: in.OwnerID, CampaignID: in.CampaignID,
		Q: in.Q, Sort: sort, Limit: in.PageSize() + 1}
	if f.After, err = decodeCursor(in.After); err != nil {
		return nil, err
	}
	os, err := s.deps.CRM.FindOpportunities(ctx, f)
	if err != nil {
		return nil, err
	}
	return &opportunitiesOutput{Body: page.Build(os, in.PageSize(), func(o crm.Opportunity) any {
		return page.Cursor{Value: o.SortValue(sort.Field), ID: o.ID}
	})}, nil
}

type opportunityOutput struct {
	ETag     string `header:"ETag"`
	Location string `header:"Location"`
	Body     crm.Opportunity
}

func opportunityOut(o crm.Opportunity) *opportunityOutput {
	return &opportunityOutput{ETag: httpx.ETag(o.Version), Location: "/api/v1/opportunities/" + o.ID, Body: o}
}

func (s *server) getOpportunity(ctx context.Context, in *idPath) (*opportunityOutput, error) {
	o, err := s.deps.CRM.FindOpportunity(ctx, in.ID)
	if err != nil {
		return nil, err
	}
	return opportunityOut(o), nil
}

type createOpportunityInput struct{ Body crm.OpportunityInput }

func (s *server) createOpportunity(ctx context.Context, in *createOpportunityInput) (*opportunityOutput, error) {
	o, err := s.deps.CRM.CreateOpportunity(ctx, in.Body)
	if err != nil {
		return nil, err
	}
	return opportunityOut(o), nil
}

type replaceOpportunityInput struct {
	ID      string `path:"id" maxLength:"64"`
	IfMatch string `header:"If-Match"`
	Body    crm.OpportunityInput
}

func (s *server) replaceOpportunity(ctx context.Context, in *replaceOpportunityInput) (*opportunityOutput, error) {
	o, err := versioned(in.IfMatch, in.Body.Version, func(v int64) (crm.Opportunity, error) {
		return s.deps.CRM.ReplaceOpportunity(ctx, in.ID, in.Body, v)
	})
	if err != nil {
		return nil, err
	}
	return opportunityOut(o), nil
}

type moveOpportunityInput struct {
	ID      string `path:"id" maxLength:"64"`
	IfMatch string `header:"If-Match"`
	Body    crm.MoveInput
}

func (s *server) moveOpportunity(ctx context.Context, in *moveOpportunityInput) (*opportunityOutput, error) {
	o, err := versioned(in.IfMatch, in.Body.Version, func(v int64) (crm.Opportunity, error) {
		return s.deps.CRM.MoveOpportunity(ctx, in.ID, in.Body, v)
	})
	if err != nil {
		return nil, err
	}
	return opportunityOut(o), nil
}

type stageHistoryOutput struct {
	Body struct {
		Data []crm.StageVisit `json:"data"`
	}
}

func (s *server) opportunityHistory(ctx context.Context, in *idPath) (*stageHistoryOutput, error) {
	h, err := s.deps.CRM.StageHistory(ctx, in.ID)
	if err != nil {
		return nil, err
	}
	out := &stageHistoryOutput{}
	out.Body.Data = h
	return out, nil
}

type quoteOpportunityInput struct {
	ID   string `path:"id" maxLength:"64"`
	Body sales.OpportunityQuotationInput
}

func (s *server) quoteOpportunity(ctx context.Context, in *quoteOpportunityInput) (*quotationOutput, error) {
	q, err := s.deps.Sales.QuoteOpportunity(ctx, in.ID, in.Body)
	if err != nil {
		return nil, err
	}
	return quotationOut(q), nil
}

type pipelineReportInput struct {
	From    string `query:"from" maxLength:"7" doc:"First month, YYYY-MM."`
	To      string `query:"to" maxLength:"7" doc:"Last month, YYYY-MM."`
	OwnerID string `query:"owner_id" maxLength:"64"`
}

type pipelineReportOutput struct{ Body crm.Forecast }

func (s *server) pipelineReport(ctx context.Context, in *pipelineReportInput) (*pipelineReportOutput, error) {
	f, err := s.deps.CRM.PipelineForecast(ctx, crm.ForecastFilter{From: in.From, To: in.To, OwnerID: in.OwnerID})
	if err != nil {
		return nil, err
	}
	return &pipelineReportOutput{Body: f}, nil
}

// Activities

type listActivitiesInput struct {
	page.Params
	SubjectType string `query:"subject_type" maxLength:"40"`
	SubjectID   string `query:"subject_id" maxLength:"64"`
	PartyID     string `query:"party_id" maxLength:"64"`
	OwnerID     string `query:"owner_id" maxLength:"64"`
	Kind        string `query:"kind" enum:"call,meeting,task,note,email"`
	Done        string `query:"done" enum:"true,false"`
	Sort        string `query:"sort" maxLength:"20" doc:"created (the default, newest first as -created), updated (last change), due (the due time; an activity without one by when it was logged), kind or title; - first for descending."`
}

type activitiesOutput struct{ Body page.List[crm.Activity] }

func (s *server) listActivities(ctx context.Context, in *listActivitiesInput) (*activitiesOutput, error) {
	sort, err := page.ParseSort(in.Sort, crm.ActivitySorts, "-created")
	if err != nil {
		return nil, err
	}
	f := crm.ActivityFilter{SubjectType: in.SubjectType, SubjectID: in.SubjectID, PartyID: in.PartyID, OwnerID: in.OwnerID, Kind: in.Kind,
		Done: in.Done, Sort: sort, Limit: in.PageSize() + 1}
	if f.After, err = decodeCursor(in.After); err != nil {
		return nil, err
	}
	as, err := s.deps.CRM.FindActivities(ctx, f)
	if err != nil {
		return nil, err
	}
	return &activitiesOutput{Body: page.Build(as, in.PageSize(), func(a crm.Activity) any {
		return page.Cursor{Value: a.SortValue(sort.Field), ID: a.ID}
	})}, nil
}

type activityOutput struct {
	ETag     string `header:"ETag"`
	Location string `header:"Location"`
	Body     crm.Activity
}

func activityOut(a crm.Activity) *activityOutput {
	return &activityOutput{ETag: httpx.ETag(a.Version), Location: "/api/v1/activities/" + a.ID, Body: a}
}

func (s *server) getActivity(ctx context.Context, in *idPath) (*activityOutput, error) {
	a, err := s.deps.CRM.FindActivity(ctx, in.ID)
	if err != nil {
		return nil, err
	}
	return activityOut(a), nil
}

type createActivityInput struct{ Body crm.ActivityInput }

func (s *server) createActivity(ctx context.Context, in *createActivityInput) (*activityOutput, error) {
	a, err := s.deps.CRM.CreateActivity(ctx, in.Body)
	if err != nil {
		return nil, err
	}
	return activityOut(a), nil
}

type replaceActivityInput struct {
	ID      string `path:"id" maxLength:"64"`
	IfMatch string `header:"If-Match"`
	Body    crm.ActivityInput
}

func (s *server) replaceActivity(ctx context.Context, in *replaceActivityInput) (*activityOutput, error) {
	a, err := versioned(in.IfMatch, in.Body.Version, func(v int64) (crm.Activity, error) {
		return s.deps.CRM.ReplaceActivity(ctx, in.ID, in.Body, v)
	})
	if err != nil {
		return nil, err
	}
	return activityOut(a), nil
}

// Segments

type segmentsOutput struct {
	Body struct {
		Data []crm.Segment `json:"data"`
	}
}

func (s *server) listSegments(ctx context.Context, _ *struct{}) (*segmentsOutput, error) {
	sg, err := s.deps.CRM.FindSegments(ctx)
	if err != nil {
		return nil, err
	}
	out := &segmentsOutput{}
	out.Body.Data = sg
	return out, nil
}

type segmentOutput struct {
	ETag string `header:"ETag"`
	Body crm.Segment
}

func segmentOut(sg crm.Segment) *segmentOutput {
	return &segmentOutput{ETag: httpx.ETag(sg.Version), Body: sg}
}

func (s *server) getSegment(ctx context.Context, in *idPath) (*segmentOutput, error) {
	sg, err := s.deps.CRM.FindSegment(ctx, in.ID)
	if err != nil {
		return nil, err
	}
	return segmentOut(sg), nil
}

type createSegmentInput struct{ Body crm.SegmentInput }

func (s *server) createSegment(ctx context.Context, in *createSegmentInput) (*segmentOutput, error) {
	sg, err := s.deps.CRM.CreateSegment(ctx, in.Body)
	if err != nil {
		return nil, err
	}
	return segmentOut(sg), nil
}

type replaceSegmentInput struct {
	ID      string `path:"id" maxLength:"120"`
	IfMatch string `header:"If-Match"`
	Body    crm.SegmentInput
}

func (s *server) replaceSegment(ctx context.Context, in *replaceSegmentInput) (*segmentOutput, error) {
	sg, err := versioned(in.IfMatch, in.Body.Version, func(v int64) (crm.Segment, error) { return s.deps.CRM.ReplaceSegment(ctx, in.ID, in.Body, v) })
	if err != nil {
		return nil, err
	}
	return segmentOut(sg), nil
}

func (s *server) deleteSegment(ctx context.Context, in *idPath) (*struct{}, error) {
	return nil, s.deps.CRM.DeleteSegment(ctx, in.ID)
}

type segmentMembersInput struct {
	ID    string `path:"id" maxLength:"120"`
	Limit int    `query:"limit" minimum:"1" maximum:"1000" default:"100" doc:"At most this many members are listed; count is all."`
}

type evaluationOutput struct{ Body crm.Evaluation }

func (s *server) segmentMembers(ctx context.Context, in *segmentMembersInput) (*evaluationOutput, error) {
	ev, err := s.deps.CRM.EvaluateSegment(ctx, in.ID, in.Limit)
	if err != nil {
		return nil, err
	}
	return &evaluationOutput{Body: ev}, nil
}

type previewSegmentInput struct {
	Limit int `query:"limit" minimum:"1" maximum:"1000" default:"100"`
	Body  crm.Criteria
}

func (s *server) previewSegment(ctx context.Context, in *previewSegmentInput) (*evaluationOutput, error) {
	ev, err := s.deps.CRM.Evaluate(ctx, in.Body, in.Limit)
	if err != nil {
		return nil, err
	}
	return &evaluationOutput{Body: ev}, nil
}

// Campaigns

type campaignsOutput struct {
	Body struct {
		Data []crm.Campaign `json:"data"`
	}
}

func (s *server) listCampaigns(ctx context.Context, _ *struct{}) (*campaignsOutput, error) {
	cs, err := s.deps.CRM.FindCampaigns(ctx)
	if err != nil {
		return nil, err
	}
	out := &campaignsOutput{}
	out.Body.Data = cs
	return out, nil
}

type campaignOutput struct {
	ETag     string `header:"ETag"`
	Location string `header:"Location"`
	Body     crm.Campaign
}

func campaignOut(c crm.Campaign) *campaignOutput {
	return &campaignOutput{ETag: httpx.ETag(c.Version), Location: "/api/v1/campaigns/" + c.ID, Body: c}
}

func (s *server) getCampaign(ctx context.Context, in *idPath) (*campaignOutput, error) {
	c, err := s.deps.CRM.FindCampaign(ctx, in.ID)
	if err != nil {
		return nil, err
	}
	return campaignOut(c), nil
}

type createCampaignInput struct{ Body crm.CampaignInput }

func (s *server) createCampaign(ctx context.Context, in *createCampaignInput) (*campaignOutput, error) {
	c, err := s.deps.CRM.CreateCampaign(ctx, in.Body)
	if err != nil {
		return nil, err
	}
	return campaignOut(c), nil
}

type replaceCampaignInput struct {
	ID      string `path:"id" maxLength:"200"`
	IfMatch string `header:"If-Match"`
	Body    crm.CampaignInput
}

func (s *server) replaceCampaign(ctx context.Context, in *replaceCampaignInput) (*campaignOutput, error) {
	c, err := versioned(in.IfMatch, in.Body.Version, func(v int64) (crm.Campaign, error) {
		return s.deps.CRM.ReplaceCampaign(ctx, in.ID, in.Body, v)
	})
	if err != nil {
		return nil, err
	}
	return campaignOut(c), nil
}

type membersOutput struct {
	Body struct {
		Data []crm.Member `json:"data"`
	}
}

func (s *server) campaignMembers(ctx context.Context, in *idPath) (*membersOutput, error) {
	ms, err := s.deps.CRM.CampaignMembers(ctx, in.ID)
	if err != nil {
		return nil, err
	}
	out := &membersOutput{}
	out.Body.Data = ms
	return out, nil
}

type addMembersInput struct {
	ID   string `path:"id" maxLength:"64"`
	Body crm.AddMembersInput
}

func (s *server) addCampaignMembers(ctx context.Context, in *addMembersInput) (*campaignOutput, error) {
	c, err := s.deps.CRM.AddMembers(ctx, in.ID, in.Body)
	if err != nil {
		return nil, err
	}
	return campaignOut(c), nil
}

type campaignReportOutput struct {
	Body struct {
		Data        []crm.CampaignResult `json:"data"`
		GeneratedAt time.Time            `json:"generated_at"`
	}
}

func (s *server) campaignReport(ctx context.Context, _ *struct{}) (*campaignReportOutput, error) {
	rs, err := s.deps.CRM.CampaignReport(ctx)
	if err != nil {
		return nil, err
	}
	out := &campaignReportOutput{}
	out.Body.Data, out.Body.GeneratedAt = rs, time.Now().UTC()
	return out, nil
}
