import { createContext, useContext, useEffect, useState, type ReactNode } from 'react';

/** A page names its own last breadcrumb (e.g. a customer's code) through this context. */
const CrumbContext = createContext<(title: string | undefined) => void>(() => {});

export function CrumbProvider({ children, onTitle }: { children: ReactNode; onTitle: (t: string | undefined) => void }) {
  return <CrumbContext.Provider value={onTitle}>{children}</CrumbContext.Provider>;
}

export function usePageTitle(title: string | undefined) {
  const set = useContext(CrumbContext);
  useEffect(() => {
    set(title);
    return () => set(undefined);
  }, [set, title]);
}

export function useCrumbState() {
  return useState<string | undefined>(undefined);
}
