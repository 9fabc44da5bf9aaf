import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { act, renderHook, waitFor } from '@testing-library/react';
import type { ReactNode } from 'react';
import { describe, expect, it, vi } from 'vitest';
import { useCursorPages } from './useCursorPages';

function wrapper({ children }: { children: ReactNode }) {
  const qc = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  return <QueryClientProvider client={qc}>{children}</QueryClientProvider>;
}

describe('useCursorPages', () => {
  it('follows next_cursor forward and back, and restarts when the filters change', async () => {
    const pages: Record<string, { data: string[]; next_cursor: string | null }> = {
      '': { data: ['a', 'b'], next_cursor: 'c1' },
      c1: { data: ['c', 'd'], next_cursor: 'c2' },
      c2: { data: ['e'], next_cursor: null },
    };
    const fetchPage = vi.fn(async (_f: { q: string }, _limit: number, after?: string) => pages[after ?? '']);
    const { result, rerender } = renderHook(({ q }) => useCursorPages('t', { q }, fetchPage), { wrapper, initialProps: { q: '' } });

    await waitFor(() => expect(result.current.rows).toEqual(['a', 'b']));
    expect(result.current.hasPrev).toBe(false);
    act(() => result.current.next());
    await waitFor(() => expect(result.current.rows).toEqual(['c', 'd']));
    act(() => result.current.next());
    await waitFor(() => expect(result.current.rows).toEqual(['e']));
    expect(result.current.hasNext).toBe(false);
    expect(result.current.page).toBe(2);
    act(() => result.current.prev());
    await waitFor(() => expect(result.current.rows).toEqual(['c', 'd']));
    expect(fetchPage).toHaveBeenLastCalledWith({ q: '' }, 20, 'c1');

    rerender({ q: 'tea' });
    await waitFor(() => expect(result.current.page).toBe(0));
    expect(fetchPage).toHaveBeenLastCalledWith({ q: 'tea' }, 20, undefined);
  });
});
