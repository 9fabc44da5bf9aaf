import type { Key } from 'react';
import { useState } from 'react';
import type { ViewState } from './ListViews';

/** A list's filters: API query parameter names to values; sort is the API's sort ("-total"). */
export type ListFilters = { sort?: string } & Record<string, string | boolean | undefined>;

/** The query string of a list's filters, without empty ones, plus extra parameters. */
export function listQuery(filters: ListFilters, extra: Record<string, string> = {}): string {
  const qs = new URLSearchParams();
  for (const [k, v] of Object.entries(filters)) {
    if (v !== undefined && v !== '' && v !== false) qs.set(k, String(v));
  }
  for (const [k, v] of Object.entries(extra)) qs.set(k, v);
  return qs.toString();
}

/** What a Table's onChange says of its sort, for any row type. */
interface SorterLike {
  columnKey?: Key;
  order?: 'ascend' | 'descend' | null;
  column?: { sorter?: unknown };
}

/**
 * useListControls holds what every list page keeps besides its rows: the
 * filters (named as the API's query parameters, sort included, so they go
 * to the API, into a saved view and into an export unchanged), the hidden
 * columns, the server-side sort of the table's columns, and the URL of
 * the whole filtered, sorted list as a file.
 */
export function useListControls<F extends ListFilters>(path: string, initial: F) {
  const [filters, setFilters] = useState<F>(initial);
  const [hidden, setHidden] = useState<string[]>([]);
  // A filter the list starts with (the ticket queue's open statuses) that
  // the user cleared is kept in a saved view as "" rather than left out, so
  // that applying the view clears it again instead of restoring the start.
  const cleared = Object.fromEntries(Object.keys(initial).filter((k) => filters[k] === undefined).map((k) => [k, '']));
  const order = (field: string) => (filters.sort === field ? ('ascend' as const) : filters.sort === '-' + field ? ('descend' as const) : null);
  return {
    filters,
    setFilters,
    /** Sets one filter, keeping the others. */
    set: <K extends keyof F>(k: K, v: F[K]) => setFilters((x) => ({ ...x, [k]: v })),
    hidden,
    setHidden,
    /** Column props that make a column sort the list on the server by the API's field. */
    sorted: (field: string) => ({ sorter: true, sortOrder: order(field), sortDirections: ['ascend' as const, 'descend' as const] }),
    /** Table onChange: a click on a sortable column (its key is the API's field) sorts the list. */
    onChange: (_p: unknown, _f: unknown, sorter: SorterLike | SorterLike[]) => {
      const one = Array.isArray(sorter) ? sorter[0] : sorter;
      const field = one?.column?.sorter ? String(one.columnKey ?? '') : '';
      setFilters((x) => ({ ...x, sort: field && one.order ? (one.order === 'descend' ? '-' : '') + field : undefined }));
    },
    /** The columns not hidden. */
    visible: <C extends { key: string }>(columns: C[]) => columns.filter((c) => !hidden.includes(c.key)),
    /** What a saved view stores. */
    view: { ...filters, ...cleared, hidden } as ViewState,
    /** Applies a saved view: its filters and sort replace the current ones. */
    apply: (v: ViewState) => {
      const { hidden: h, ...rest } = v;
      const next: Record<string, unknown> = { ...initial, ...rest };
      for (const k of Object.keys(next)) if (next[k] === '') next[k] = undefined;
      setFilters(next as F);
      setHidden(Array.isArray(h) ? h.filter((x): x is string => typeof x === 'string') : []);
    },
    /** The URL of the whole filtered, sorted list as a file. */
    exportUrl: (format: 'csv' | 'xlsx') => `${path}?${listQuery(filters, { format })}`,
  };
}

export type ListControlsState = ReturnType<typeof useListControls>;
