package httpapi

import (
	"context"
	"strings"
	"time"

	"github.com/concord-erp/concord/internal/platform/apperr"
	"github.com/concord-erp/concord/internal/platform/calendar"
	"github.com/concord-erp/concord/internal/platform/httpx"
	"github.com/concord-erp/concord/internal/platform/money"
	"github.com/concord-erp/concord/internal/platform/page"
	"github.com/concord-erp/concord/internal/product"
)

type listProductsInput struct {
	page.Params
	Q          string `query:"q" maxLength:"200" doc:"Matches code, barcode or a name in any language."`
	CategoryID string `query:"category_id" maxLength:"64" doc:"This category and every category below it."`
	Type       string `query:"type" enum:"stockable,consumable,service,manufactured"`
	Active     string `query:"active" enum:"true,false"`
	SupplierID string `query:"supplier_id" maxLength:"64"`
	Sort       string `query:"sort" maxLength:"20" doc:"created (the default, oldest first), updated (last change), code, name, type or list_price; - first for descending."`
}

type productsOutput struct{ Body page.List[product.Product] }

func (s *server) listProducts(ctx context.Context, in *listProductsInput) (*productsOutput, error) {
	sort, err := page.ParseSort(in.Sort, product.ProductSorts, "created")
	if err != nil {
		return nil, err
	}
	f := product.Filter{Q: in.Q, CategoryID: in.CategoryID, Type: in.Type, SupplierID: in.SupplierID, Sort: sort, Limit: in.PageSize() + 1}
	var c page.Cursor
	if ok, err := page.Decode(in.After, &c); err != nil {
		return nil, err
	} else if ok {
		f.Cursor = &c
	}
	if in.Active != "" {
		active := in.Active == "true"
		f.Active = &active
	}
	ps, err := s.deps.Product.FindProducts(ctx, f)
	if err != nil {
		return nil, err
	}
	return &productsOutput{Body: page.Build(ps, in.PageSize(), func(p product.Product) any {
		return page.Cursor{Value: p.SortValue(sort.Field), ID: p.ID}
	})}, nil
}

type productOutput struct {
	ETag     string `header:"ETag"`
	Location string `header:"Location"`
	Body     product.Product
}

func productOut(p product.Product) *productOutput {
	return &productOutput{ETag: httpx.ETag(p.Version), Location: "/api/v1/products/" + p.ID, Body: p}
}

type createProductInput struct {
	Body product.Input
}

func (s *server) createProduct(ctx context.Context, in *createProductInput) (*productOutput, error) {
	p, err := s.deps.Product.CreateProduct(ctx, in.Body)
	if err != nil {
		return nil, err
	}
	return productOut(p), nil
}

type productPath struct {
	ID string `path:"id" maxLength:"64" doc:"Product ID, code or barcode."`
}

func (s *server) getProduct(ctx context.Context, in *productPath) (*productOutput, error) {
	p, err := s.deps.Product.FindProduct(ctx, in.ID)
	if err != nil {
		return nil, err
	}
	return productOut(p), nil
}

type replaceProductInput struct {
	ID      string `path:"id" maxLength:"64"`
	IfMatch string `header:"If-Match"`
	Body    struct {
		product.Input
		Version int64 `json:"version,omitempty" doc:"The version being replaced, when If-Match is not used."`
	}
}

func (s *server) replaceProduct(ctx context.Context, in *replaceProductInput) (*productOutput, error) {
	pre, err := httpx.ParsePrecondition(in.IfMatch, in.Body.Version)
	if err != nil {
		return nil, err
	}
	p, err := s.deps.Product.UpdateProduct(ctx, in.ID, in.Body.Input, pre.Version)
	if err != nil {
		return nil, pre.Check(err)
	}
	return productOut(p), nil
}

type categoriesOutput struct {
	Body struct {
		Data []product.Category `json:"data"`
	}
}

func (s *server) listCategories(ctx context.Context, _ *struct{}) (*categoriesOutput, error) {
	cs, err := s.deps.Product.FindCategories(ctx)
	if err != nil {
		return nil, err
	}
	out := &categoriesOutput{}
	out.Body.Data = cs
	return out, nil
}

type categoryOutput struct {
	ETag string `header:"ETag"`
	Body product.Category
}

type createCategoryInput struct {
	Body product.CategoryInput
}

func (s *server) createCategory(ctx context.Context, in *createCategoryInput) (*categoryOutput, error) {
	c, err := s.deps.Product.CreateCategory(ctx, in.Body)
	if err != nil {
		return nil, err
	}
	return &categoryOutput{ETag: httpx.ETag(c.Version), Body: c}, nil
}

type updateCategoryInput struct {
	ID      string `path:"id" maxLength:"64"`
	IfMatch string `header:"If-Match"`
	Body    struct {
		product.CategoryInput
		Version int64 `json:"version,omitempty"`
	}
}

func (s *server) updateCategory(ctx context.Context, in *updateCategoryInput) (*categoryOutput, error) {
	pre, err := httpx.ParsePrecondition(in.IfMatch, in.Body.Version)
	if err != nil {
		return nil, err
	}
	c, err := s.deps.Product.UpdateCategory(ctx, in.ID, in.Body.CategoryInput, pre.Version)
	if err != nil {
		return nil, pre.Check(err)
	}
	return &categoryOutput{ETag: httpx.ETag(c.Version), Body: c}, nil
}

func (s *server) deleteCategory(ctx context.Context, in *idPath) (*struct{}, error) {
	return nil, s.deps.Product.DeleteCategory(ctx, in.ID)
}

type unitsOutput struct {
	Body struct {
		Data []product.Unit `json:"data"`
	}
}

func (s *server) listUnits(ctx context.Context, _ *struct{}) (*unitsOutput, error) {
	us, err := s.deps.Product.FindUnits(ctx)
	if err != nil {
		return nil, err
	}
	out := &unitsOutput{}
	out.Body.Data = us
	return out, nil
}

type createUnitInput struct {
	Body struct {
		Code     string `json:"code" maxLength:"20"`
		Name     string `json:"name" maxLength:"100"`
		Category string `json:"category" enum:"unit,weight,length,volume,area,time"`
		RatioNum int64  `json:"ratio_num" minimum:"1"`
		RatioDen int64  `json:"ratio_den" minimum:"1"`
	}
}

type unitOutput struct{ Body product.Unit }

func (s *server) createUnit(ctx context.Context, in *createUnitInput) (*unitOutput, error) {
	b := in.Body
	u, err := s.deps.Product.CreateUnit(ctx, product.Unit{Code: b.Code, Name: b.Name, Category: b.Category, RatioNum: b.RatioNum, RatioDen: b.RatioDen})
	if err != nil {
		return nil, err
	}
	return &unitOutput{Body: u}, nil
}

type convertInput struct {
	Quantity string `query:"quantity" required:"true" doc:"Decimal string, e.g. 2.5."`
	From     string `query:"from" required:"true" maxLength:"20"`
	To       string `query:"to" required:"true" maxLength:"20"`
}

type convertOutput struct {
	Body struct {
		Quantity money.Quantity `json:"quantity"`
		Unit     string         `json:"unit"`
	}
}

func (s *server) convertUnits(ctx context.Context, in *convertInput) (*convertOutput, error) {
	q, err := money.ParseQuantity(in.Quantity)
	if err != nil {
		return nil, invalidQuantity("quantity", err)
	}
	r, err := s.deps.Product.ConvertQuantity(ctx, q, in.From, in.To)
	if err != nil {
		return nil, err
	}
	out := &convertOutput{}
	out.Body.Quantity, out.Body.Unit = r, in.To
	return out, nil
}

type priceListsOutput struct {
	Body struct {
		Data []product.PriceList `json:"data"`
	}
}

func (s *server) listPriceLists(ctx context.Context, _ *struct{}) (*priceListsOutput, error) {
	pls, err := s.deps.Product.FindPriceLists(ctx)
	if err != nil {
		return nil, err
	}
	out := &priceListsOutput{}
	out.Body.Data = pls
	return out, nil
}

type priceListOutput struct {
	ETag string `header:"ETag"`
	Body product.PriceList
}

type createPriceListInput struct {
	Body product.PriceListInput
}

func (s *server) createPriceList(ctx context.Context, in *createPriceListInput) (*priceListOutput, error) {
	pl, err := s.deps.Product.CreatePriceList(ctx, in.Body)
	if err != nil {
		return nil, err
	}
	return &priceListOutput{ETag: httpx.ETag(pl.Version), Body: pl}, nil
}

type priceListPath struct {
	ID string `path:"id" maxLength:"64" doc:"Price list ID or code."`
}

func (s *server) getPriceList(ctx context.Context, in *priceListPath) (*priceListOutput, error) {
	pl, err := s.deps.Product.FindPriceList(ctx, in.ID)
	if err != nil {
		return nil, err
	}
	return &priceListOutput{ETag: httpx.ETag(pl.Version), Body: pl}, nil
}

type replacePriceListInput struct {
	ID      string `path:"id" maxLength:"64"`
	IfMatch string `header:"If-Match"`
	Body    struct {
		product.PriceListInput
		Version int64 `json:"version,omitempty"`
	}
}

func (s *server) replacePriceList(ctx context.Context, in *replacePriceListInput) (*priceListOutput, error) {
	pre, err := httpx.ParsePrecondition(in.IfMatch, in.Body.Version)
	if err != nil {
		return nil, err
	}
	pl, err := s.deps.Product.UpdatePriceList(ctx, in.ID, in.Body.PriceListInput, pre.Version)
	if err != nil {
		return nil, pre.Check(err)
	}
	return &priceListOutput{ETag: httpx.ETag(pl.Version), Body: pl}, nil
}

type priceInput struct {
	ProductID string `query:"product_id" required:"true" maxLength:"64"`
	Quantity  string `query:"quantity" default:"1" doc:"Decimal string."`
	PartyID   string `query:"party_id" maxLength:"64" doc:"The customer; their own, named and segment lists apply."`
	On        string `query:"on" doc:"Business date YYYY-MM-DD; default today (UTC)."`
	Currency  string `query:"currency" maxLength:"3"`
}

type priceOutput struct{ Body product.Price }

func (s *server) getPrice(ctx context.Context, in *priceInput) (*priceOutput, error) {
	q := product.PriceQuery{ProductID: in.ProductID, Currency: strings.ToUpper(in.Currency), On: calendar.DateOf(time.Now().UTC())}
	var err error
	if q.Quantity, err = money.ParseQuantity(in.Quantity); err != nil {
		return nil, invalidQuantity("quantity", err)
	}
	if in.On != "" {
		if q.On, err = calendar.ParseDate(in.On); err != nil {
			return nil, apperr.Invalid("not a date", apperr.Field("on", "invalid", "a date as YYYY-MM-DD"))
		}
	}
	if in.PartyID != "" {
		p, err := s.deps.Party.FindParty(ctx, in.PartyID)
		if err != nil {
			return nil, err
		}
		q.PartyID, q.PartyPriceList, q.PartyTags = p.ID, p.PriceList, p.Tags
	}
	price, err := s.deps.Product.PriceFor(ctx, q)
	if err != nil {
		return nil, err
	}
	return &priceOutput{Body: price}, nil
}
