package product

import (
	"context"
	"database/sql"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/concord-erp/concord/internal/platform/apperr"
	"github.com/concord-erp/concord/internal/platform/audit"
	"github.com/concord-erp/concord/internal/platform/calendar"
	"github.com/concord-erp/concord/internal/platform/db"
	"github.com/concord-erp/concord/internal/platform/id"
	"github.com/concord-erp/concord/internal/platform/money"
)

// Permissions of price lists.
const (
	PermPriceListRead  = "product.pricelist.read"
	PermPriceListWrite = "product.pricelist.update"
)

// PriceList sets prices for everyone, for a segment (customers with a tag)
// or for one customer, in one currency, optionally for a period, with
// quantity breaks.
type PriceList struct {
	ID        string         `json:"id"`
	Code      string         `json:"code" doc:"Unique; parties name it in price_list."`
	Name      string         `json:"name"`
	Currency  string         `json:"currency"`
	PartyID   string         `json:"party_id,omitempty" doc:"Only for this customer."`
	Segment   string         `json:"segment,omitempty" doc:"Only for customers with this tag."`
	ValidFrom *calendar.Date `json:"valid_from,omitempty" format:"date"`
	ValidTo   *calendar.Date `json:"valid_to,omitempty" format:"date" doc:"Last day the list applies (inclusive)."`
	Active    bool           `json:"active"`
	Items     []PriceItem    `json:"items"`
	Version   int64          `json:"version"`
	CreatedAt time.Time      `json:"created_at"`
	UpdatedAt time.Time      `json:"updated_at"`
}

// PriceItem is a product's unit price from a minimum quantity on.
type PriceItem struct {
	ProductID   string         `json:"product_id" maxLength:"64"`
	MinQuantity money.Quantity `json:"min_quantity" doc:"The price applies from this quantity on (a quantity break); 0 for any quantity."`
	UnitPrice   money.Amount   `json:"unit_price"`
}

// PriceListInput is what a client sets on a price list.
type PriceListInput struct {
	Code      string         `json:"code" maxLength:"40"`
	Name      string         `json:"name" maxLength:"200"`
	Currency  string         `json:"currency" maxLength:"3"`
	PartyID   string         `json:"party_id,omitempty" maxLength:"64"`
	Segment   string         `json:"segment,omitempty" maxLength:"40"`
	ValidFrom *calendar.Date `json:"valid_from,omitempty" format:"date"`
	ValidTo   *calendar.Date `json:"valid_to,omitempty" format:"date"`
	Active    *bool          `json:"active,omitempty"`
	Items     []PriceItem    `json:"items"`
}

func (s *Service) checkPriceList(ctx context.Context, q db.Querier, in *PriceListInput) error {
	in.Code = strings.ToUpper(strings.TrimSpace(in.Code))
	in.Currency = strings.ToUpper(in.Currency)
	var v apperr.Validator
	v.Check(codeFormat.MatchString(in.Code), "code", "invalid", "1 to 40 letters, digits, '.', '_', '/' or '-'")
	v.Check(strings.TrimSpace(in.Name) != "", "name", "required", "the price list's name")
	_, err := money.ParseCurrency(in.Currency)
	v.Check(err == nil, "currency", "invalid", "an ISO 4217 code")
	v.Check(in.PartyID == "" || id.Valid("pty", in.PartyID), "party_id", "invalid", "a party ID")
	v.Check(in.PartyID == "" || in.Segment == "", "segment", "conflict", "a list is for one customer or for a segment, not both")
	if in.ValidFrom != nil && in.ValidTo != nil {
		v.Check(!in.ValidTo.Before(*in.ValidFrom), "valid_to", "before_valid_from", "must not be before valid_from")
	}
	seen := map[string]bool{}
	for i, it := range in.Items {
		f := "items[" + strconv.Itoa(i) + "]."
		key := it.ProductID + "/" + it.MinQuantity.String()
		v.Check(!seen[key], f+"min_quantity", "duplicate", "one price per product and quantity break")
		seen[key] = true
		v.Check(!it.MinQuantity.IsNegative(), f+"min_quantity", "negative", "must not be negative")
		v.Check(string(it.UnitPrice.Currency()) == in.Currency, f+"unit_price", "currency_mismatch", "must be in the list's currency")
		v.Check(!it.UnitPrice.IsNegative(), f+"unit_price", "negative", "must not be negative")
		if !id.Valid("prd", it.ProductID) {
			v.Add(f+"product_id", "invalid", "a product ID")
		} else if _, err := findProductRow(ctx, q, "id", it.ProductID); apperr.CodeOf(err) == apperr.CodeNotFound {
			v.Add(f+"product_id", "not_found", "no such product")
		} else if err != nil {
			return err
		}
	}
	return v.Err()
}

func savePriceItems(ctx context.Context, tx *db.Tx, pl *PriceList) error {
	if _, err := tx.ExecContext(ctx, `DELETE FROM product_price_item WHERE price_list_id = $1`, pl.ID); err != nil {
		return err
	}
	for _, it := range pl.Items {
		if _, err := tx.ExecContext(ctx, `INSERT INTO product_price_item (price_list_id, product_id, min_quantity, unit_price_minor)
			VALUES ($1, $2, $3, $4)`, pl.ID, it.ProductID, it.MinQuantity.Units(), it.UnitPrice.Minor()); err != nil {
			return err
		}
	}
	return nil
}

func dateArg(d *calendar.Date) any {
	if d == nil {
		return nil
	}
	return d.String()
}

// CreatePriceList creates a price list. Errors: validation_failed,
// code_taken.
func (s *Service) CreatePriceList(ctx context.Context, in PriceListInput) (PriceList, error) {
	var pl PriceList
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		if err := s.checkPriceList(ctx, tx, &in); err != nil {
			return err
		}
		pl = PriceList{ID: id.New("pl"), Version: 1, CreatedAt: tx.Now(), UpdatedAt: tx.Now()}
		in.apply(&pl)
		_, err := tx.ExecContext(ctx, `INSERT INTO product_price_list (id, code, name, currency, party_id, segment, valid_from, valid_to,
			active, version, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
			pl.ID, pl.Code, pl.Name, pl.Currency, pl.PartyID, pl.Segment, dateArg(pl.ValidFrom), dateArg(pl.ValidTo), pl.Active,
			pl.Version, pl.CreatedAt, pl.UpdatedAt)
		if db.IsUniqueViolation(err) {
			return ErrPriceListCodeTaken
		}
		if err != nil {
			return err
		}
		if err := savePriceItems(ctx, tx, &pl); err != nil {
			return err
		}
		return record(ctx, tx, "price_list", pl.ID, audit.ActionCreate, "", nil, pl)
	})
	return pl, err
}

// ErrPriceListCodeTaken is returned for a price list code in use.
var ErrPriceListCodeTaken = &apperr.Error{Kind: apperr.KindConflict, Code: "code_taken", Message: "another price list has this code",
	Fields: []apperr.FieldError{{Field: "code", Code: "taken", Message: "already used"}}}

func (in *PriceListInput) apply(pl *PriceList) {
	pl.Code, pl.Name, pl.Currency, pl.PartyID, pl.Segment = in.Code, strings.TrimSpace(in.Name), in.Currency, in.PartyID, in.Segment
	pl.ValidFrom, pl.ValidTo = in.ValidFrom, in.ValidTo
	pl.Active = in.Active == nil || *in.Active
	pl.Items = slices.Clone(in.Items)
	if pl.Items == nil {
		pl.Items = []PriceItem{}
	}
}

// UpdatePriceList replaces a price list. Errors: not_found,
// validation_failed, code_taken, version_conflict.
func (s *Service) UpdatePriceList(ctx context.Context, key string, in PriceListInput, version int64) (PriceList, error) {
	var after PriceList
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		before, err := findPriceList(ctx, tx, key)
		if err != nil {
			return err
		}
		if err := s.checkPriceList(ctx, tx, &in); err != nil {
			return err
		}
		after = before
		in.apply(&after)
		after.Version, after.UpdatedAt = before.Version+1, tx.Now()
		res, err := tx.ExecContext(ctx, `UPDATE product_price_list SET code = $1, name = $2, currency = $3, party_id = $4, segment = $5,
			valid_from = $6, valid_to = $7, active = $8, version = $9, updated_at = $10 WHERE id = $11 AND version = $12`,
			after.Code, after.Name, after.Currency, after.PartyID, after.Segment, dateArg(after.ValidFrom), dateArg(after.ValidTo),
			after.Active, after.Version, after.UpdatedAt, after.ID, version)
		if db.IsUniqueViolation(err) {
			return ErrPriceListCodeTaken
		}
		if err != nil {
			return err
		}
		if err := db.CheckVersion(ctx, tx, res, "product_price_list", after.ID, "price list"); err != nil {
			return err
		}
		if err := savePriceItems(ctx, tx, &after); err != nil {
			return err
		}
		return record(ctx, tx, "price_list", after.ID, audit.ActionUpdate, "", before, after)
	})
	return after, err
}

const priceListColumns = `id, code, name, currency, party_id, segment, valid_from, valid_to, active, version, created_at, updated_at`

func scanPriceList(sc scanner) (PriceList, error) {
	var pl PriceList
	var from, to sql.NullString
	err := sc.Scan(&pl.ID, &pl.Code, &pl.Name, &pl.Currency, &pl.PartyID, &pl.Segment, &from, &to, &pl.Active, &pl.Version, &pl.CreatedAt, &pl.UpdatedAt)
	if err != nil {
		return pl, err
	}
	for _, d := range []struct {
		s   sql.NullString
		dst **calendar.Date
	}{{from, &pl.ValidFrom}, {to, &pl.ValidTo}} {
		if d.s.Valid {
			v, err := calendar.ParseDate(d.s.String)
			if err != nil {
				return pl, err
			}
			*d.dst = &v
		}
	}
	pl.CreatedAt, pl.UpdatedAt = pl.CreatedAt.UTC(), pl.UpdatedAt.UTC()
	return pl, nil
}

func loadPriceItems(ctx context.Context, q db.Querier, pl *PriceList) error {
	cur, err := money.ParseCurrency(pl.Currency)
	if err != nil {
		return err
	}
	rows, err := q.QueryContext(ctx, `SELECT product_id, min_quantity, unit_price_minor FROM product_price_item
		WHERE price_list_id = $1 ORDER BY product_id, min_quantity`, pl.ID)
	if err != nil {
		return err
	}
	defer rows.Close()
	pl.Items = []PriceItem{}
	for rows.Next() {
		var it PriceItem
		var minQ, price int64
		if err := rows.Scan(&it.ProductID, &minQ, &price); err != nil {
			return err
		}
		it.MinQuantity, it.UnitPrice = money.NewQuantity(minQ), money.New(price, cur)
		pl.Items = append(pl.Items, it)
	}
	return rows.Err()
}

func findPriceList(ctx context.Context, q db.Querier, key string) (PriceList, error) {
	pl, err := scanPriceList(q.QueryRowContext(ctx, `SELECT `+priceListColumns+` FROM product_price_list WHERE id = $1 OR code = $2`,
		key, strings.ToUpper(key)))
	if err != nil {
		return PriceList{}, db.NotFound(err, "price list")
	}
	return pl, loadPriceItems(ctx, q, &pl)
}

// FindPriceList returns a price list by ID or code. Errors: not_found.
func (s *Service) FindPriceList(ctx context.Context, key string) (PriceList, error) {
	return findPriceList(ctx, s.db, key)
}

// FindPriceLists lists every price list, by code.
func (s *Service) FindPriceLists(ctx context.Context) ([]PriceList, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT `+priceListColumns+` FROM product_price_list ORDER BY code`)
	if err != nil {
		return nil, err
	}
	var out []PriceList
	for rows.Next() {
		pl, err := scanPriceList(rows)
		if err != nil {
			rows.Close()
			return nil, err
		}
		out = append(out, pl)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	for i := range out {
		if err := loadPriceItems(ctx, s.db, &out[i]); err != nil {
			return nil, err
		}
	}
	if out == nil {
		out = []PriceList{}
	}
	return out, nil
}

// listsPricing returns the price lists that price a product, each with
// only that product's items: two queries, however many lists and items
// there are (PriceFor runs for every line of every order).
func listsPricing(ctx context.Context, q db.Querier, productID string) ([]PriceList, error) {
	rows, err := q.QueryContext(ctx, `SELECT `+priceListColumns+` FROM product_price_list
		WHERE id IN (SELECT price_list_id FROM product_price_item WHERE product_id = $1)`, productID)
	if err != nil {
		return nil, err
	}
	var lists []PriceList
	index := map[string]int{}
	for rows.Next() {
		pl, err := scanPriceList(rows)
		if err != nil {
			rows.Close()
			return nil, err
		}
		index[pl.ID] = len(lists)
		lists = append(lists, pl)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	rows, err = q.QueryContext(ctx, `SELECT price_list_id, min_quantity, unit_price_minor FROM product_price_item WHERE product_id = $1`, productID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var listID string
		var minQ, price int64
		if err := rows.Scan(&listID, &minQ, &price); err != nil {
			return nil, err
		}
		pl := &lists[index[listID]]
		cur, err := money.ParseCurrency(pl.Currency)
		if err != nil {
			return nil, err
		}
		pl.Items = append(pl.Items, PriceItem{ProductID: productID, MinQuantity: money.NewQuantity(minQ), UnitPrice: money.New(price, cur)})
	}
	return lists, rows.Err()
}

// PriceQuery asks for a product's unit price.
type PriceQuery struct {
	ProductID string
	Quantity  money.Quantity
	On        calendar.Date
	// Currency narrows to lists in this currency; empty accepts any.
	Currency string
	// The customer, if any: its ID, the price list it names and its tags.
	PartyID        string
	PartyPriceList string
	PartyTags      []string
	// ListPrice is the product's list price when the caller has read the
	// product already; nil has PriceFor read it.
	ListPrice *money.Amount
}

// Price is a unit price with where it came from.
type Price struct {
	UnitPrice   money.Amount   `json:"unit_price"`
	Source      string         `json:"source" enum:"customer,price_list,segment,general,list_price" doc:"Which rule gave the price."`
	PriceList   string         `json:"price_list,omitempty" doc:"Code of the price list used."`
	MinQuantity money.Quantity `json:"min_quantity" doc:"The quantity break applied."`
}

// ErrNoPrice is returned when no list and no list price fits.
var ErrNoPrice = apperr.New(apperr.KindNotFound, "no_price", "no price for this product, quantity, date and currency")

// PriceFor finds a product's unit price. Lists apply when active, valid on
// the day and in the currency asked for; the most specific kind wins: the
// customer's own list, then the list the customer names, then a list for a
// segment the customer is in, then a general list. Within a list the
// largest quantity break not above the quantity applies. Without a list,
// the product's list price applies if its currency fits. Errors:
// not_found (product), no_price.
func (s *Service) PriceFor(ctx context.Context, q PriceQuery) (Price, error) {
	if q.ListPrice == nil {
		p, err := findProductRow(ctx, s.db, "id", q.ProductID)
		if err != nil {
			return Price{}, err
		}
		q.ListPrice = &p.ListPrice
	}
	lists, err := listsPricing(ctx, s.db, q.ProductID)
	if err != nil {
		return Price{}, err
	}
	day := q.On.String()
	rank := func(pl PriceList) (string, int) {
		switch {
		case pl.PartyID != "":
			if pl.PartyID == q.PartyID && q.PartyID != "" {
				return "customer", 0
			}
		case q.PartyPriceList != "" && strings.EqualFold(pl.Code, q.PartyPriceList):
			return "price_list", 1
		case pl.Segment != "":
			if slices.ContainsFunc(q.PartyTags, func(t string) bool { return strings.EqualFold(t, pl.Segment) }) {
				return "segment", 2
			}
		default:
			return "general", 3
		}
		return "", -1
	}
	best := Price{}
	bestRank := 99
	for _, pl := range lists {
		if !pl.Active || (q.Currency != "" && pl.Currency != q.Currency) ||
			(pl.ValidFrom != nil && pl.ValidFrom.String() > day) || (pl.ValidTo != nil && pl.ValidTo.String() < day) {
			continue
		}
		source, r := rank(pl)
		if r < 0 || r > bestRank {
			continue
		}
		for _, it := range pl.Items {
			if it.ProductID != q.ProductID || it.MinQuantity.Cmp(q.Quantity) > 0 {
				continue
			}
			if r < bestRank || it.MinQuantity.Cmp(best.MinQuantity) > 0 {
				best, bestRank = Price{UnitPrice: it.UnitPrice, Source: source, PriceList: pl.Code, MinQuantity: it.MinQuantity}, r
			}
		}
	}
	if bestRank < 99 {
		return best, nil
	}
	if q.Currency == "" || string(q.ListPrice.Currency()) == q.Currency {
		return Price{UnitPrice: *q.ListPrice, Source: "list_price"}, nil
	}
	return Price{}, ErrNoPrice
}
