import { describe, expect, it } from 'vitest';
import { can, matchPermission } from './permissions';

// The same cases as the server's authz.TestMatch, so the menu and the API agree.
describe('matchPermission', () => {
  it.each([
    ['*', 'sales.order.create', true],
    ['sales.*', 'sales.order.create', true],
    ['sales.*', 'salesx.order.create', false],
    ['sales.order.*', 'sales.order.approve', true],
    ['sales.*.read', 'sales.order.read', true],
    ['sales.*.read', 'sales.order.create', false],
    ['*.*.read', 'ledger.entry.read', true],
    ['sales.order.read', 'sales.order.read', true],
    ['sales.order.read', 'sales.order.read.all', false],
    ['sales.order', 'sales.order.read', false],
  ])('%s grants %s: %s', (pattern, perm, want) => {
    expect(matchPermission(pattern, perm)).toBe(want);
  });

  it('can() checks every grant', () => {
    expect(can(['party.party.read', 'product.*'], 'product.product.create')).toBe(true);
    expect(can(['party.party.read'], 'identity.user.read')).toBe(false);
    expect(can(null, 'party.party.read')).toBe(false);
  });
});
