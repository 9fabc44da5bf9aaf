package httpapi

import (
	"context"
	"encoding/json"
	"errors"
	"strconv"

	"github.com/danielgtaylor/huma/v2"

	"github.com/concord-erp/concord/internal/party"
	"github.com/concord-erp/concord/internal/platform/apperr"
	"github.com/concord-erp/concord/internal/platform/httpx"
	"github.com/concord-erp/concord/internal/platform/jobs"
	"github.com/concord-erp/concord/internal/platform/page"
	"github.com/concord-erp/concord/internal/platform/quality"
	"github.com/concord-erp/concord/internal/platform/tabular"
)

type listPartiesInput struct {
	page.Params
	Role      string `query:"role" enum:"customer,supplier"`
	Q         string `query:"q" maxLength:"200" doc:"Matches code, names, tax ID or e-mail."`
	Lifecycle string `query:"lifecycle" enum:"lead,prospect,customer,inactive,churned"`
	Tag       string `query:"tag" maxLength:"40"`
	OwnerID   string `query:"owner_id" maxLength:"64"`
	Sort      string `query:"sort" maxLength:"20" doc:"created (the default, oldest first), updated (last change), code, legal_name or lifecycle; - first for descending."`
}

type partiesOutput struct{ Body page.List[party.Party] }

func (s *server) listParties(ctx context.Context, in *listPartiesInput) (*partiesOutput, error) {
	sort, err := page.ParseSort(in.Sort, party.PartySorts, "created")
	if err != nil {
		return nil, err
	}
	cursor, err := decodeCursor(in.After)
	if err != nil {
		return nil, err
	}
	f := party.Filter{Role: in.Role, Q: in.Q, Lifecycle: in.Lifecycle, Tag: in.Tag, OwnerID: in.OwnerID, Sort: sort, Cursor: cursor, Limit: in.PageSize() + 1}
	ps, err := s.deps.Party.FindParties(ctx, f)
	if err != nil {
		return nil, err
	}
	return &partiesOutput{Body: page.Build(ps, in.PageSize(), func(p party.Party) any {
		return page.Cursor{Value: p.SortValue(sort.Field), ID: p.ID}
	})}, nil
}

type partyOutput struct {
	ETag     string `header:"ETag"`
	Location string `header:"Location"`
	Body     party.Party
}

func partyOut(p party.Party) *partyOutput {
	return &partyOutput{ETag: httpx.ETag(p.Version), Location: "/api/v1/parties/" + p.ID, Body: p}
}

type createPartyInput struct {
	Body party.Input
}

func (s *server) createParty(ctx context.Context, in *createPartyInput) (*partyOutput, error) {
	p, err := s.deps.Party.CreateParty(ctx, in.Body)
	if err != nil {
		return nil, err
	}
	return partyOut(p), nil
}

type partyPath struct {
	ID string `path:"id" maxLength:"64" doc:"Party ID or code."`
}

func (s *server) getParty(ctx context.Context, in *partyPath) (*partyOutput, error) {
	p, err := s.deps.Party.FindParty(ctx, in.ID)
	if err != nil {
		return nil, err
	}
	return partyOut(p), nil
}

type replacePartyInput struct {
	ID      string `path:"id" maxLength:"64"`
	IfMatch string `header:"If-Match" doc:"The ETag of the version being replaced; or send version in the body."`
	Body    struct {
		party.Input
		Version int64 `json:"version,omitempty" doc:"The version being replaced, when If-Match is not used."`
	}
}

func (s *server) replaceParty(ctx context.Context, in *replacePartyInput) (*partyOutput, error) {
	pre, err := httpx.ParsePrecondition(in.IfMatch, in.Body.Version)
	if err != nil {
		return nil, err
	}
	p, err := s.deps.Party.UpdateParty(ctx, in.ID, in.Body.Input, pre.Version)
	if err != nil {
		return nil, pre.Check(err)
	}
	return partyOut(p), nil
}

type mergePartyInput struct {
	ID      string `path:"id" maxLength:"64" doc:"The surviving party."`
	IfMatch string `header:"If-Match" doc:"ETag of the surviving party; or send version in the body."`
	Body    struct {
		LoserID string `json:"loser_id" maxLength:"64" doc:"The duplicate to fold into the surviving party."`
		Version int64  `json:"version,omitempty"`
	}
}

type mergeOutput struct{ Body party.MergeResult }

func (s *server) mergeParty(ctx context.Context, in *mergePartyInput) (*mergeOutput, error) {
	pre, err := httpx.ParsePrecondition(in.IfMatch, in.Body.Version)
	if err != nil {
		return nil, err
	}
	res, err := s.deps.Party.Merge(ctx, in.ID, in.Body.LoserID, pre.Version)
	if err != nil {
		return nil, pre.Check(err)
	}
	return &mergeOutput{Body: res}, nil
}

type checkDuplicatesInput struct {
	Body struct {
		party.Input
		Except string `json:"except,omitempty" maxLength:"64" doc:"A party to leave out: the one being edited."`
	}
}

type duplicatesOutput struct {
	Body struct {
		Data []party.Duplicate `json:"data"`
	}
}

func (s *server) checkDuplicates(ctx context.Context, in *checkDuplicatesInput) (*duplicatesOutput, error) {
	ds, err := s.deps.Party.CheckDuplicates(ctx, in.Body.Input, in.Body.Except)
	if err != nil {
		return nil, err
	}
	out := &duplicatesOutput{}
	out.Body.Data = ds
	return out, nil
}

func (s *server) listDuplicates(ctx context.Context, in *partyPath) (*duplicatesOutput, error) {
	ds, err := s.deps.Party.FindDuplicates(ctx, in.ID)
	if err != nil {
		return nil, err
	}
	out := &duplicatesOutput{}
	out.Body.Data = ds
	return out, nil
}

type exportPartiesInput struct {
	Role   string `query:"role" enum:"customer,supplier"`
	Format string `query:"format" enum:"csv,xlsx" default:"csv"`
}

// exportParties streams the parties the caller may see as CSV or XLSX, in
// the columns the import reads, so the file can be edited and imported back.
func (s *server) exportParties(ctx context.Context, in *exportPartiesInput) (*huma.StreamResponse, error) {
	f := tabular.Format(in.Format)
	if f == "" {
		f = tabular.CSV
	}
	return &huma.StreamResponse{Body: func(hctx huma.Context) {
		ct := "text/csv; charset=utf-8"
		if f == tabular.XLSX {
			ct = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
		}
		name := "parties"
		if in.Role != "" {
			name = in.Role + "s"
		}
		hctx.SetHeader("Content-Type", ct)
		hctx.SetHeader("Content-Disposition", `attachment; filename="`+name+"."+string(f)+`"`)
		w, err := tabular.NewWriter(hctx.BodyWriter(), f, party.ExportColumns)
		if err == nil {
			_, err = s.deps.Party.Export(hctx.Context(), party.Filter{Role: in.Role}, w)
			if cerr := w.Close(); err == nil {
				err = cerr
			}
		}
		if err != nil {
			// Headers are gone; the client sees a truncated file and the log
			// says why.
			httpx.Logger(hctx.Context()).Error("export failed", "error", err)
		}
	}}, nil
}

type qualityInput struct {
	Days  int `query:"days" minimum:"1" maximum:"366" default:"30" doc:"How many days of snapshots to return."`
	Worst int `query:"worst" minimum:"0" maximum:"100" default:"10" doc:"How many of the worst records to list per entity."`
}

// QualityEntity is one entity type's quality now and over the last days.
type QualityEntity struct {
	quality.Report
	History []quality.Snapshot `json:"history"`
}

type qualityOutput struct {
	Body struct {
		Data []QualityEntity `json:"data"`
	}
}

func (s *server) dataQuality(ctx context.Context, in *qualityInput) (*qualityOutput, error) {
	reports, err := s.deps.Quality.Reports(ctx, in.Worst)
	if err != nil {
		return nil, err
	}
	out := &qualityOutput{}
	out.Body.Data = []QualityEntity{}
	for _, r := range reports {
		h, err := s.deps.Quality.History(ctx, r.Entity, in.Days)
		if err != nil {
			return nil, err
		}
		out.Body.Data = append(out.Body.Data, QualityEntity{Report: *r, History: h})
	}
	return out, nil
}

type importPartiesInput struct {
	Role            string `query:"role" enum:"customer,supplier" default:"customer" doc:"Role of new parties when the file has no roles column."`
	DryRun          bool   `query:"dry_run" doc:"Check every row, write nothing."`
	SkipInvalid     bool   `query:"skip_invalid" doc:"Import the valid rows; by default one bad row means nothing is written."`
	AllowDuplicates bool   `query:"allow_duplicates" doc:"Import rows that look like existing parties."`
	Sheet           string `query:"sheet" maxLength:"100" doc:"XLSX sheet (default: the first)."`
	Profile         string `query:"profile" maxLength:"60" doc:"A saved column mapping; default: columns matched by header."`
	RawBody         []byte `contentType:"text/csv" doc:"The CSV (UTF-8) or XLSX file."`
}

type importOutput struct{ Body tabular.ImportResult }

// importParties runs an import of an uploaded file and answers with the
// outcome and every problem by row and column. Files are read in one
// request; the body limit is 64 MiB (some 400,000 rows of CSV).
func (s *server) importParties(ctx context.Context, in *importPartiesInput) (*importOutput, error) {
	r, err := tabular.OpenBytes(in.RawBody, tabular.Options{Sheet: in.Sheet})
	if err != nil {
		return nil, importFileError(err)
	}
	defer r.Close()
	res, err := s.deps.Party.Import(ctx, r, party.ImportOptions{Role: in.Role, AllowDuplicates: in.AllowDuplicates, Profile: in.Profile,
		ImportOptions: tabular.ImportOptions{DryRun: in.DryRun, SkipInvalid: in.SkipInvalid}})
	if err != nil {
		return nil, importFileError(err)
	}
	return &importOutput{Body: res}, nil
}

// importFileError turns a file that cannot be read at all into a 422 with
// the file error's code.
func importFileError(err error) error {
	var fe *tabular.FileError
	if errors.As(err, &fe) {
		return &apperr.Error{Kind: apperr.KindInvalid, Code: fe.Code, Message: fe.Message,
			Fields: []apperr.FieldError{{Field: "body", Code: fe.Code, Message: fe.Message}}}
	}
	return err
}

type importProfilesOutput struct {
	Body struct {
		Data []tabular.Profile `json:"data"`
	}
}

func (s *server) listImportProfiles(ctx context.Context, _ *struct{}) (*importProfilesOutput, error) {
	ps, err := s.deps.Party.ImportProfiles(ctx)
	if err != nil {
		return nil, err
	}
	out := &importProfilesOutput{}
	out.Body.Data = ps
	return out, nil
}

type saveImportProfileInput struct {
	Name string `path:"name" maxLength:"60"`
	Body struct {
		Mapping tabular.Mapping `json:"mapping" doc:"Field name → column header, e.g. {\"legal_name\": \"Firma\"}."`
	}
}

type importProfileOutput struct{ Body tabular.Profile }

func (s *server) saveImportProfile(ctx context.Context, in *saveImportProfileInput) (*importProfileOutput, error) {
	p, err := s.deps.Party.SaveImportProfile(ctx, in.Name, in.Body.Mapping)
	if err != nil {
		return nil, err
	}
	return &importProfileOutput{Body: p}, nil
}

type jobOutput struct {
	Location string `header:"Location"`
	Body     jobs.Job
}

// importPartiesLater queues the import of an uploaded file as a background
// job: the answer (202) comes at once, the job reports progress in rows and
// ends with the import's result.
func (s *server) importPartiesLater(ctx context.Context, in *importPartiesInput) (*jobOutput, error) {
	j, err := s.deps.Party.ImportLater(ctx, in.RawBody, party.ImportJobOptions{Role: in.Role, DryRun: in.DryRun,
		SkipInvalid: in.SkipInvalid, AllowDuplicates: in.AllowDuplicates, Profile: in.Profile, Sheet: in.Sheet})
	if err != nil {
		return nil, err
	}
	return &jobOutput{Location: "/api/v1/jobs/" + j.ID, Body: j}, nil
}

func (s *server) getJob(ctx context.Context, in *idPath) (*jobOutput, error) {
	j, err := s.deps.Jobs.Find(ctx, in.ID)
	if err != nil {
		return nil, err
	}
	return &jobOutput{Body: j}, nil
}

// jobProblems streams the problems of an import job as a CSV error report
// (row, column, code, message) to fix the file with.
func (s *server) jobProblems(ctx context.Context, in *idPath) (*huma.StreamResponse, error) {
	j, err := s.deps.Jobs.Find(ctx, in.ID)
	if err != nil {
		return nil, err
	}
	var res tabular.ImportResult
	if len(j.Result) > 0 {
		if err := json.Unmarshal(j.Result, &res); err != nil {
			return nil, err
		}
	}
	return &huma.StreamResponse{Body: func(hctx huma.Context) {
		hctx.SetHeader("Content-Type", "text/csv; charset=utf-8")
		hctx.SetHeader("Content-Disposition", `attachment; filename="`+j.ID+`-problems.csv"`)
		w, err := tabular.NewWriter(hctx.BodyWriter(), tabular.CSV, []string{"row", "column", "code", "message"})
		if err != nil {
			return
		}
		for _, p := range res.Problems {
			if err := w.Write([]string{strconv.Itoa(p.Row), p.Column, p.Code, p.Message}); err != nil {
				return
			}
		}
		_ = w.Close()
	}}, nil
}

type codePatternsOutput struct {
	Body struct {
		Data []party.CodePattern `json:"data"`
	}
}

func (s *server) listCodePatterns(ctx context.Context, _ *struct{}) (*codePatternsOutput, error) {
	ps, err := s.deps.Party.CodePatterns(ctx)
	if err != nil {
		return nil, err
	}
	out := &codePatternsOutput{}
	out.Body.Data = ps
	return out, nil
}

type setCodePatternInput struct {
	Role string `path:"role" enum:"customer,supplier"`
	Body struct {
		Pattern string `json:"pattern" maxLength:"60" doc:"e.g. CUST-{seq:5} or C{yyyy}-{seq:4}."`
	}
}

type codePatternOutput struct{ Body party.CodePattern }

func (s *server) setCodePattern(ctx context.Context, in *setCodePatternInput) (*codePatternOutput, error) {
	p, err := s.deps.Party.SetCodePattern(ctx, in.Role, in.Body.Pattern)
	if err != nil {
		return nil, err
	}
	return &codePatternOutput{Body: p}, nil
}
