import { act, renderHook } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { listQuery, useListControls } from './useListControls';

describe('useListControls', () => {
  it('sorts by a clicked column, saves and applies views, and exports what the list shows', () => {
    const { result } = renderHook(() => useListControls<{ status?: string; sort?: string }>('/api/v1/invoices', {}));
    const sortable = { sorter: true };

    act(() => result.current.onChange({}, {}, { columnKey: 'total', order: 'descend', column: sortable }));
    expect(result.current.filters.sort).toBe('-total');
    expect(result.current.sorted('total').sortOrder).toBe('descend');
    expect(result.current.sorted('number').sortOrder).toBeNull();

    act(() => result.current.set('status', 'posted'));
    act(() => result.current.setHidden(['residual']));
    expect(result.current.view).toEqual({ status: 'posted', sort: '-total', hidden: ['residual'] });
    expect(result.current.exportUrl('xlsx')).toBe('/api/v1/invoices?sort=-total&status=posted&format=xlsx');
    expect(result.current.visible([{ key: 'number' }, { key: 'residual' }])).toEqual([{ key: 'number' }]);

    // A click on a column that does not sort on the server, or clearing the sort, drops it.
    act(() => result.current.onChange({}, {}, { columnKey: 'customer', order: 'ascend', column: {} }));
    expect(result.current.filters.sort).toBeUndefined();

    // Applying a view replaces filters, sort and hidden columns; an empty view resets them.
    act(() => result.current.apply({ sort: 'number', hidden: ['kind', 3] }));
    expect(result.current.filters).toEqual({ sort: 'number' });
    expect(result.current.hidden).toEqual(['kind']);
    act(() => result.current.apply({}));
    expect(result.current.filters).toEqual({});
    expect(result.current.hidden).toEqual([]);
  });

  it('keeps a cleared starting filter cleared in a saved view', () => {
    const { result } = renderHook(() => useListControls<{ done?: string; kind?: string; sort?: string }>('/api/v1/activities', { done: 'false' }));
    expect(result.current.view).toEqual({ done: 'false', hidden: [] });
    act(() => result.current.set('done', undefined));
    act(() => result.current.set('kind', 'call'));
    const all = result.current.view;
    expect(all).toEqual({ done: '', kind: 'call', hidden: [] });
    expect(result.current.exportUrl('csv')).toBe('/api/v1/activities?kind=call&format=csv');

    act(() => result.current.apply({}));
    expect(result.current.filters).toEqual({ done: 'false' });
    act(() => result.current.apply(JSON.parse(JSON.stringify(all)) as typeof all));
    expect(result.current.filters).toEqual({ done: undefined, kind: 'call' });
  });

  it('leaves empty filters out of the query', () => {
    expect(listQuery({ q: '', active: false, type: undefined, open: true, sort: 'name' }, { format: 'csv' })).toBe('open=true&sort=name&format=csv');
  });
});
