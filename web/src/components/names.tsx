import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { api, must } from '../api/client';
import { useSession } from '../auth/session';

// Documents carry IDs; these show the customer's, product's or user's name,
// each read once and cached (the same query keys as the record pages).

export function useParty(id: string | undefined) {
  const { may } = useSession();
  return useQuery({
    queryKey: ['party', id],
    enabled: !!id && may('party.party.read'),
    staleTime: 60_000,
    queryFn: async () => must(await api.GET('/api/v1/parties/{id}', { params: { path: { id: id! } } })),
  });
}

export function useProduct(id: string | undefined) {
  const { may } = useSession();
  return useQuery({
    queryKey: ['product', id],
    enabled: !!id && may('product.product.read'),
    staleTime: 60_000,
    queryFn: async () => must(await api.GET('/api/v1/products/{id}', { params: { path: { id: id! } } })),
  });
}

/** PartyName shows a customer as "CODE · Name", linked to its overview when link is set. */
export function PartyName({ id, link = false }: { id: string; link?: boolean }) {
  const p = useParty(id);
  const label = p.data ? `${p.data.code} · ${p.data.legal_name}` : id;
  return link && p.data ? <Link to={`/customers/${id}/overview`}>{label}</Link> : <>{label}</>;
}

export function ProductName({ id }: { id: string }) {
  const p = useProduct(id);
  return <>{p.data ? `${p.data.code} · ${p.data.name}` : id}</>;
}

/** UserName shows a user's name to those who may read users, else the ID. */
export function UserName({ id }: { id: string }) {
  const { may, me } = useSession();
  const u = useQuery({
    queryKey: ['user', id],
    enabled: !!id && id !== me.user.id && may('identity.user.read'),
    staleTime: 60_000,
    queryFn: async () => must(await api.GET('/api/v1/users/{id}', { params: { path: { id } } })),
  });
  if (id === me.user.id) return <>{me.user.name}</>;
  // Without identity.user.read only the ID is known; the full ID is in the tooltip.
  return u.data ? <>{u.data.name}</> : <span title={id}>{id}</span>;
}
