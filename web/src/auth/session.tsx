import { useQuery, useQueryClient } from '@tanstack/react-query';
import { createContext, useContext, useEffect, type ReactNode } from 'react';
import { api, must, setUnauthenticatedHandler } from '../api/client';
import { ApiError } from '../api/problem';
import type { Me, Module } from '../api/types';
import i18n, { rememberLanguage, type Language } from '../i18n';
import { can } from './permissions';

export interface Session {
  me: Me;
  modules: Module[];
  /** may reports whether the user holds perm and the perm's module is on. */
  may: (perm: string) => boolean;
}

const SessionContext = createContext<Session | null>(null);

/** useSession returns the signed-in user's session; only inside RequireSession. */
export function useSession(): Session {
  const s = useContext(SessionContext);
  if (!s) throw new Error('useSession outside a session');
  return s;
}

export const meKey = ['me'] as const;

async function loadMe(): Promise<Me | null> {
  try {
    return must(await api.GET('/api/v1/auth/me'));
  } catch (e) {
    if (e instanceof ApiError && e.status === 401) return null;
    throw e;
  }
}

/** useMe is the signed-in user, or null when nobody is signed in. */
export function useMe() {
  return useQuery({ queryKey: meKey, queryFn: loadMe, staleTime: 60_000, retry: false });
}

export function useModules(enabled: boolean) {
  return useQuery({
    queryKey: ['modules'],
    enabled,
    queryFn: async () => must(await api.GET('/api/v1/modules')).data ?? [],
    staleTime: 60_000,
  });
}

/** applyLanguage switches the UI language (strings, Ant Design, number and date formats). */
export function applyLanguage(l: string) {
  const lang: Language = l === 'zh-CN' ? 'zh-CN' : 'en';
  rememberLanguage(lang);
  if (i18n.language !== lang) void i18n.changeLanguage(lang);
  document.documentElement.lang = lang;
}

export function SessionProvider({ me, modules, children }: { me: Me; modules: Module[]; children: ReactNode }) {
  const qc = useQueryClient();
  useEffect(() => {
    // A 401 anywhere means the session ended: forget the user so the
    // router shows the sign-in page.
    setUnauthenticatedHandler(() => qc.setQueryData(meKey, null));
  }, [qc]);
  useEffect(() => applyLanguage(me.user.locale), [me.user.locale]);
  const off = new Set(modules.filter((m) => !m.enabled).map((m) => m.module));
  const value: Session = {
    me,
    modules,
    may: (perm) => can(me.permissions, perm) && !off.has(perm.split('.')[0]),
  };
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}
