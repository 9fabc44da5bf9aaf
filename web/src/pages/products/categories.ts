import { useQuery } from '@tanstack/react-query';
import { api, must } from '../../api/client';

/** useCategories is the product category tree, flat, each with its path. */
export function useCategories(enabled: boolean) {
  return useQuery({
    queryKey: ['product-categories'],
    enabled,
    staleTime: 300_000,
    queryFn: async () => must(await api.GET('/api/v1/product-categories')).data ?? [],
  });
}
