package httpapi

import (
	"context"
	"time"

	"github.com/concord-erp/concord/internal/ledger"
	"github.com/concord-erp/concord/internal/platform/calendar"
	"github.com/concord-erp/concord/internal/platform/httpx"
	"github.com/concord-erp/concord/internal/platform/page"
)

// activeFilter reads the optional active=true|false query parameter.
func activeFilter(s string) *bool {
	if s == "" {
		return nil
	}
	active := s == "true"
	return &active
}

// Currencies

type listCurrenciesInput struct {
	Active string `query:"active" enum:"true,false"`
}

type currenciesOutput struct {
	Body struct {
		Data []ledger.Currency `json:"data"`
	}
}

func (s *server) listCurrencies(ctx context.Context, in *listCurrenciesInput) (*currenciesOutput, error) {
	cs, err := s.deps.Ledger.FindCurrencies(ctx, ledger.CurrencyFilter{Active: activeFilter(in.Active)})
	if err != nil {
		return nil, err
	}
	out := &currenciesOutput{}
	out.Body.Data = cs
	return out, nil
}

type currencyOutput struct {
	ETag     string `header:"ETag"`
	Location string `header:"Location"`
	Body     ledger.Currency
}

func currencyOut(c ledger.Currency) *currencyOutput {
	return &currencyOutput{ETag: httpx.ETag(c.Version), Location: "/api/v1/currencies/" + string(c.Code), Body: c}
}

type currencyPath struct {
	Code string `path:"code" maxLength:"3" doc:"ISO 4217 code."`
}

func (s *server) getCurrency(ctx context.Context, in *currencyPath) (*currencyOutput, error) {
	c, err := s.deps.Ledger.FindCurrency(ctx, in.Code)
	if err != nil {
		return nil, err
	}
	return currencyOut(c), nil
}

type createCurrencyInput struct {
	Body ledger.CurrencyInput
}

func (s *server) createCurrency(ctx context.Context, in *createCurrencyInput) (*currencyOutput, error) {
	c, err := s.deps.Ledger.CreateCurrency(ctx, in.Body)
	if err != nil {
		return nil, err
	}
	return currencyOut(c), nil
}

type updateCurrencyInput struct {
	Code    string `path:"code" maxLength:"3"`
	IfMatch string `header:"If-Match" doc:"The ETag of the version being changed; or send version in the body."`
	Body    struct {
		ledger.CurrencyUpdate
		Version int64 `json:"version,omitempty" doc:"The version being changed, when If-Match is not used."`
	}
}

func (s *server) updateCurrency(ctx context.Context, in *updateCurrencyInput) (*currencyOutput, error) {
	pre, err := httpx.ParsePrecondition(in.IfMatch, in.Body.Version)
	if err != nil {
		return nil, err
	}
	c, err := s.deps.Ledger.UpdateCurrency(ctx, in.Code, in.Body.CurrencyUpdate, pre.Version)
	if err != nil {
		return nil, pre.Check(err)
	}
	return currencyOut(c), nil
}

// Exchange rates

type listRatesInput struct {
	page.Params
	Base  string `query:"base" maxLength:"3" doc:"ISO 4217 code of the base currency."`
	Quote string `query:"quote" maxLength:"3" doc:"ISO 4217 code of the quote currency."`
	On    string `query:"on" maxLength:"10" doc:"A day, YYYY-MM-DD: list the rate in force on that day per pair (the latest valid_on not after it). With base and quote, a rate stored only the other way round is inverted."`
}

type ratesOutput struct{ Body page.List[ledger.Rate] }

func (s *server) listRates(ctx context.Context, in *listRatesInput) (*ratesOutput, error) {
	f := ledger.RateFilter{Base: in.Base, Quote: in.Quote, On: in.On, Limit: in.PageSize() + 1}
	if _, err := page.Decode(in.After, &f.After); err != nil {
		return nil, err
	}
	rs, err := s.deps.Ledger.FindRates(ctx, f)
	if err != nil {
		return nil, err
	}
	key := func(r ledger.Rate) any { return [2]string{r.ValidOn.String(), r.ID} }
	if in.On != "" {
		key = func(r ledger.Rate) any { return [2]string{string(r.Base), string(r.Quote)} }
	}
	return &ratesOutput{Body: page.Build(rs, in.PageSize(), key)}, nil
}

type rateOutput struct {
	Body ledger.Rate
}

type createRateInput struct {
	Body ledger.RateInput
}

func (s *server) createRate(ctx context.Context, in *createRateInput) (*rateOutput, error) {
	r, err := s.deps.Ledger.CreateRate(ctx, in.Body)
	if err != nil {
		return nil, err
	}
	return &rateOutput{Body: r}, nil
}

func (s *server) deleteRate(ctx context.Context, in *idPath) (*struct{}, error) {
	return nil, s.deps.Ledger.DeleteRate(ctx, in.ID)
}

// Taxes

type listTaxesInput struct {
	Active string `query:"active" enum:"true,false"`
}

type taxesOutput struct {
	Body struct {
		Data []ledger.Tax `json:"data"`
	}
}

func (s *server) listTaxes(ctx context.Context, in *listTaxesInput) (*taxesOutput, error) {
	ts, err := s.deps.Ledger.FindTaxes(ctx, ledger.TaxFilter{Active: activeFilter(in.Active)})
	if err != nil {
		return nil, err
	}
	out := &taxesOutput{}
	out.Body.Data = ts
	return out, nil
}

type taxOutput struct {
	ETag     string `header:"ETag"`
	Location string `header:"Location"`
	Body     ledger.Tax
}

func taxOut(t ledger.Tax) *taxOutput {
	return &taxOutput{ETag: httpx.ETag(t.Version), Location: "/api/v1/taxes/" + t.Code, Body: t}
}

type refCodePath struct {
	Code string `path:"code" maxLength:"40"`
}

func (s *server) getTax(ctx context.Context, in *refCodePath) (*taxOutput, error) {
	t, err := s.deps.Ledger.FindTax(ctx, in.Code)
	if err != nil {
		return nil, err
	}
	return taxOut(t), nil
}

type createTaxInput struct {
	Body ledger.TaxInput
}

func (s *server) createTax(ctx context.Context, in *createTaxInput) (*taxOutput, error) {
	t, err := s.deps.Ledger.CreateTax(ctx, in.Body)
	if err != nil {
		return nil, err
	}
	return taxOut(t), nil
}

type updateTaxInput struct {
	Code    string `path:"code" maxLength:"40"`
	IfMatch string `header:"If-Match" doc:"The ETag of the version being changed; or send version in the body."`
	Body    struct {
		ledger.TaxUpdate
		Version int64 `json:"version,omitempty" doc:"The version being changed, when If-Match is not used."`
	}
}

func (s *server) updateTax(ctx context.Context, in *updateTaxInput) (*taxOutput, error) {
	pre, err := httpx.ParsePrecondition(in.IfMatch, in.Body.Version)
	if err != nil {
		return nil, err
	}
	t, err := s.deps.Ledger.UpdateTax(ctx, in.Code, in.Body.TaxUpdate, pre.Version)
	if err != nil {
		return nil, pre.Check(err)
	}
	return taxOut(t), nil
}

// Payment terms

type listTermsInput struct {
	Active string `query:"active" enum:"true,false"`
}

type termsOutput struct {
	Body struct {
		Data []ledger.PaymentTerm `json:"data"`
	}
}

func (s *server) listPaymentTerms(ctx context.Context, in *listTermsInput) (*termsOutput, error) {
	ts, err := s.deps.Ledger.FindPaymentTerms(ctx, ledger.PaymentTermFilter{Active: activeFilter(in.Active)})
	if err != nil {
		return nil, err
	}
	out := &termsOutput{}
	out.Body.Data = ts
	return out, nil
}

type termOutput struct {
	ETag     string `header:"ETag"`
	Location string `header:"Location"`
	Body     ledger.PaymentTerm
}

func termOut(t ledger.PaymentTerm) *termOutput {
	return &termOutput{ETag: httpx.ETag(t.Version), Location: "/api/v1/payment-terms/" + t.Code, Body: t}
}

func (s *server) getPaymentTerm(ctx context.Context, in *refCodePath) (*termOutput, error) {
	t, err := s.deps.Ledger.FindPaymentTerm(ctx, in.Code)
	if err != nil {
		return nil, err
	}
	return termOut(t), nil
}

type createTermInput struct {
	Body ledger.PaymentTermInput
}

func (s *server) createPaymentTerm(ctx context.Context, in *createTermInput) (*termOutput, error) {
	t, err := s.deps.Ledger.CreatePaymentTerm(ctx, in.Body)
	if err != nil {
		return nil, err
	}
	return termOut(t), nil
}

type updateTermInput struct {
	Code    string `path:"code" maxLength:"40"`
	IfMatch string `header:"If-Match" doc:"The ETag of the version being changed; or send version in the body."`
	Body    struct {
		ledger.PaymentTermUpdate
		Version int64 `json:"version,omitempty" doc:"The version being changed, when If-Match is not used."`
	}
}

func (s *server) updatePaymentTerm(ctx context.Context, in *updateTermInput) (*termOutput, error) {
	pre, err := httpx.ParsePrecondition(in.IfMatch, in.Body.Version)
	if err != nil {
		return nil, err
	}
	t, err := s.deps.Ledger.UpdatePaymentTerm(ctx, in.Code, in.Body.PaymentTermUpdate, pre.Version)
	if err != nil {
		return nil, pre.Check(err)
	}
	return termOut(t), nil
}

// Chart of accounts and journal

type accountsOutput struct {
	Body struct {
		Data []ledger.Account `json:"data"`
	}
}

func (s *server) listAccounts(ctx context.Context, _ *struct{}) (*accountsOutput, error) {
	as, err := s.deps.Ledger.FindAccounts(ctx)
	if err != nil {
		return nil, err
	}
	out := &accountsOutput{}
	out.Body.Data = as
	return out, nil
}

type createAccountInput struct {
	Body ledger.AccountInput
}

type accountOutput struct{ Body ledger.Account }

func (s *server) createAccount(ctx context.Context, in *createAccountInput) (*accountOutput, error) {
	a, err := s.deps.Ledger.CreateAccount(ctx, in.Body)
	if err != nil {
		return nil, err
	}
	return &accountOutput{Body: a}, nil
}

type entryOutput struct{ Body ledger.Entry }

type postEntryInput struct {
	Body ledger.EntryInput
}

func (s *server) postEntry(ctx context.Context, in *postEntryInput) (*entryOutput, error) {
	e, err := s.deps.Ledger.PostEntry(ctx, in.Body)
	if err != nil {
		return nil, err
	}
	return &entryOutput{Body: e}, nil
}

func (s *server) getEntry(ctx context.Context, in *idPath) (*entryOutput, error) {
	e, err := s.deps.Ledger.FindEntry(ctx, in.ID)
	if err != nil {
		return nil, err
	}
	return &entryOutput{Body: e}, nil
}

type reverseEntryInput struct {
	ID   string `path:"id" maxLength:"64"`
	Body struct {
		Date calendar.Date `json:"date" format:"date" doc:"The day of the reversal."`
		Memo string        `json:"memo,omitempty" maxLength:"200"`
	}
}

func (s *server) reverseEntry(ctx context.Context, in *reverseEntryInput) (*entryOutput, error) {
	e, err := s.deps.Ledger.Reverse(ctx, in.ID, in.Body.Date, in.Body.Memo)
	if err != nil {
		return nil, err
	}
	return &entryOutput{Body: e}, nil
}

type trialBalanceInput struct {
	AsOf calendar.Date `query:"as_of" format:"date" doc:"Defaults to today."`
}

type trialBalanceOutput struct{ Body ledger.TrialBalance }

func (s *server) trialBalance(ctx context.Context, in *trialBalanceInput) (*trialBalanceOutput, error) {
	on := in.AsOf
	if on.IsZero() {
		on = calendar.DateOf(time.Now().UTC())
	}
	tb, err := s.deps.Ledger.TrialBalanceOn(ctx, on)
	if err != nil {
		return nil, err
	}
	return &trialBalanceOutput{Body: tb}, nil
}

type accountLinesInput struct {
	page.Params
	Code    string        `path:"code" maxLength:"20"`
	PartyID string        `query:"party_id" maxLength:"64"`
	From    calendar.Date `query:"from" format:"date"`
	To      calendar.Date `query:"to" format:"date"`
}

type accountLinesOutput struct{ Body page.List[ledger.AccountLine] }

// accountCursor is where a page of an account's lines ends.
type accountCursor struct {
	Number   string `json:"n"`
	Position int    `json:"p"`
}

func (s *server) accountLines(ctx context.Context, in *accountLinesInput) (*accountLinesOutput, error) {
	var c accountCursor
	if _, err := page.Decode(in.After, &c); err != nil {
		return nil, err
	}
	ls, err := s.deps.Ledger.AccountLines(ctx, ledger.AccountLineFilter{Account: in.Code, PartyID: in.PartyID, From: in.From, To: in.To,
		AfterNumber: c.Number, AfterPosition: c.Position, Limit: in.PageSize() + 1})
	if err != nil {
		return nil, err
	}
	return &accountLinesOutput{Body: page.Build(ls, in.PageSize(), func(l ledger.AccountLine) any {
		return accountCursor{Number: l.EntryNumber, Position: l.Position}
	})}, nil
}
