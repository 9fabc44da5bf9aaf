import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState } from 'react';

export interface Page<T> {
  data?: T[] | null;
  next_cursor?: string | null;
}

/**
 * useCursorPages pages through a cursor-paginated list (limit/after). The
 * API gives no total, so the pager is Previous/Next with the cursors seen so
 * far kept on a stack. Changing the filters starts again at page 1.
 */
export function useCursorPages<T, F>(key: string, filters: F, fetchPage: (f: F, limit: number, after?: string) => Promise<Page<T>>) {
  const [limit, setLimit] = useState(20);
  const [state, setState] = useState<{ filterKey: string; cursors: (string | undefined)[] }>({ filterKey: '', cursors: [undefined] });
  const filterKey = JSON.stringify([filters, limit]);
  // Derived reset: new filters or page size mean page 1 again.
  const cursors = state.filterKey === filterKey ? state.cursors : [undefined];
  const page = cursors.length - 1;
  const after = cursors[page];
  const query = useQuery({
    queryKey: [key, filters, limit, after ?? ''],
    queryFn: () => fetchPage(filters, limit, after),
    placeholderData: keepPreviousData,
  });
  const next = query.data?.next_cursor ?? undefined;
  return {
    ...query,
    rows: query.data?.data ?? [],
    page,
    limit,
    setLimit,
    hasNext: !!next,
    hasPrev: page > 0,
    next: () => next && setState({ filterKey, cursors: [...cursors, next] }),
    prev: () => page > 0 && setState({ filterKey, cursors: cursors.slice(0, -1) }),
  };
}
