package product

import (
	"math/big"
	"regexp"

	"github.com/concord-erp/concord/internal/platform/apperr"
	"github.com/concord-erp/concord/internal/platform/money"
)

// Unit is a unit of measure. Units of one category convert into each
// other through their exact ratio to the category's base unit (ratio
// numerator/denominator: 1 g = 1/1000 kg).
type Unit struct {
	Code     string `json:"code" doc:"e.g. pcs, kg, g, l."`
	Name     string `json:"name"`
	Category string `json:"category" enum:"unit,weight,length,volume,area,time" doc:"Units convert only within a category."`
	RatioNum int64  `json:"ratio_num" minimum:"1" doc:"How many base units one of this unit is: ratio_num/ratio_den."`
	RatioDen int64  `json:"ratio_den" minimum:"1"`
	Version  int64  `json:"version"`
}

var (
	unitCode       = regexp.MustCompile(`^[a-z][a-z0-9_]{0,19}$`)
	unitCategories = []string{"unit", "weight", "length", "volume", "area", "time"}
)

func (u Unit) validate() error {
	var v apperr.Validator
	v.Check(unitCode.MatchString(u.Code), "code", "invalid", "1 to 20 lower-case letters, digits or _")
	v.Check(u.Name != "", "name", "required", "the unit's name")
	valid := false
	for _, c := range unitCategories {
		valid = valid || c == u.Category
	}
	v.Check(valid, "category", "invalid", "unit, weight, length, volume, area or time")
	v.Check(u.RatioNum > 0, "ratio_num", "invalid", "a positive integer")
	v.Check(u.RatioDen > 0, "ratio_den", "invalid", "a positive integer")
	return v.Err()
}

// ErrIncompatibleUnits is returned for a conversion across categories.
var ErrIncompatibleUnits = apperr.Invalid("units of different categories do not convert",
	apperr.Field("to", "incompatible", "must be of the same category as from"))

// Convert converts q from one unit to another of the same category,
// exactly, and rounds the result half away from zero to the quantity scale
// (4 decimals).
func Convert(q money.Quantity, from, to Unit) (money.Quantity, error) {
	if from.Category != to.Category {
		return money.Quantity{}, ErrIncompatibleUnits
	}
	// q × from.num/from.den ÷ (to.num/to.den)
	r := new(big.Rat).SetFrac(big.NewInt(q.Units()), big.NewInt(1))
	r.Mul(r, big.NewRat(from.RatioNum, from.RatioDen))
	r.Mul(r, big.NewRat(to.RatioDen, to.RatioNum))
	num, den := r.Num(), r.Denom()
	quo, rem := new(big.Int).QuoRem(num, den, new(big.Int))
	// Half away from zero: compare 2|rem| with den.
	if new(big.Int).Mul(new(big.Int).Abs(rem), big.NewInt(2)).Cmp(den) >= 0 {
		if num.Sign() < 0 {
			quo.Sub(quo, big.NewInt(1))
		} else {
			quo.Add(quo, big.NewInt(1))
		}
	}
	if !quo.IsInt64() {
		return money.Quantity{}, apperr.Invalid("the converted quantity is too large", apperr.Field("quantity", "overflow", "too large"))
	}
	return money.NewQuantity(quo.Int64()), nil
}
