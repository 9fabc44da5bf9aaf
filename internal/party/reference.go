package party

import (
	"context"

	"github.com/concord-erp/concord/internal/platform/apperr"
)

// ReferenceCheck checks the references of a party to other modules'
// reference data (its currency, payment terms and price list) and returns
// the fields that name something that does not exist. The composition root
// provides it, since this module may not import the modules that own them.
type ReferenceCheck func(ctx context.Context, in Input) []apperr.FieldError

// SetReferenceCheck makes every create, update and import check references.
func (s *Service) SetReferenceCheck(check ReferenceCheck) { s.refs = check }

func (s *Service) checkReferences(ctx context.Context, in Input) error {
	if s.refs == nil {
		return nil
	}
	if fields := s.refs(ctx, in); len(fields) > 0 {
		return apperr.Invalid("the party refers to reference data that does not exist", fields...)
	}
	return nil
}
