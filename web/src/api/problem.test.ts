import { describe, expect, it } from 'vitest';
import { ApiError, parseFieldPath, problemFieldErrors, type Problem } from './problem';

const problem = (errors: Problem['errors']): Problem => ({
  type: 'about:blank',
  title: 'Unprocessable Entity',
  status: 422,
  code: 'validation_failed',
  detail: 'the input is not valid',
  errors,
});

describe('parseFieldPath', () => {
  it('turns the API field paths into form name paths', () => {
    expect(parseFieldPath('email')).toEqual(['email']);
    expect(parseFieldPath('addresses[0].country')).toEqual(['addresses', 0, 'country']);
    expect(parseFieldPath('list_price.amount')).toEqual(['list_price', 'amount']);
    expect(parseFieldPath('tags[2]')).toEqual(['tags', 2]);
    expect(parseFieldPath('lines[1].taxes[0].code')).toEqual(['lines', 1, 'taxes', 0, 'code']);
  });
});

describe('problemFieldErrors', () => {
  it('puts each error on its field and groups errors of one field', () => {
    const { fields, rest } = problemFieldErrors(
      problem([
        { field: 'email', code: 'invalid', message: 'an e-mail address such as orders@example.com' },
        { field: 'addresses[0].country', code: 'invalid', message: 'an ISO 3166-1 alpha-2 code such as DE' },
        { field: 'email', code: 'too_long', message: 'at most 254 characters' },
      ]),
    );
    expect(rest).toEqual([]);
    expect(fields).toEqual([
      { name: ['email'], errors: ['an e-mail address such as orders@example.com', 'at most 254 characters'] },
      { name: ['addresses', 0, 'country'], errors: ['an ISO 3166-1 alpha-2 code such as DE'] },
    ]);
  });

  it('keeps errors of fields the form does not show, so none is lost', () => {
    const known = (p: (string | number)[]) => p[0] === 'legal_name';
    const { fields, rest } = problemFieldErrors(
      problem([
        { field: 'legal_name', code: 'required', message: 'the registered name' },
        { field: 'owner_id', code: 'not_allowed', message: 'without party.party.all the owner must be you' },
        { field: '', code: 'invalid', message: 'the body is not JSON' },
      ]),
      known,
    );
    expect(fields).toEqual([{ name: ['legal_name'], errors: ['the registered name'] }]);
    expect(rest).toEqual(['owner_id: without party.party.all the owner must be you', 'the body is not JSON']);
  });

  it('copes with a problem without errors', () => {
    expect(problemFieldErrors(problem(undefined))).toEqual({ fields: [], rest: [] });
  });
});

describe('ApiError', () => {
  it('reads as the problem detail and exposes its code', () => {
    const e = new ApiError(422, problem([]));
    expect(e.message).toBe('the input is not valid');
    expect(e.code).toBe('validation_failed');
  });
});
