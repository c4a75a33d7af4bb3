import { inScope } from '@carehub/core';
import { createContext, type ReactNode, useCallback, useContext, useMemo, useState } from 'react';
import { deepestSelectable, fixedChain } from './scope';

interface PickedArea {
  /** The area the user works in now, or null for all of their areas. */
  code: string | null;
  setCode: (code: string | null) => void;
}

const AreaContext = createContext<PickedArea | null>(null);

const storageKey = (userId: string) => `carehub.area.${userId}`;

/** The stored choice, else the area every scope shares (a subdistrict worker starts in their subdistrict). */
function load(userId: string, scopes: readonly string[]): string | null {
  const fixed = fixedChain(scopes);
  const initial = deepestSelectable(fixed[fixed.length - 1] ?? null, scopes);
  try {
    const v = sessionStorage.getItem(storageKey(userId));
    return v && inScope(v, scopes) ? v : initial;
  } catch {
    return initial;
  }
}

/** Keeps the picked area for this user for the browser tab (sessionStorage), for every page to filter by. */
export function AreaProvider({ userId, scopes, children }: { userId: string; scopes: readonly string[]; children: ReactNode }) {
  const [code, setState] = useState<string | null>(() => load(userId, scopes));
  const setCode = useCallback(
    (next: string | null) => {
      setState(next);
      try {
        if (next) sessionStorage.setItem(storageKey(userId), next);
        else sessionStorage.removeItem(storageKey(userId));
      } catch {
        // Storage disabled: the choice lasts until reload.
      }
    },
    [userId],
  );
  const value = useMemo(() => ({ code, setCode }), [code, setCode]);
  return <AreaContext.Provider value={value}>{children}</AreaContext.Provider>;
}

export function usePickedArea(): PickedArea {
  const ctx = useContext(AreaContext);
  if (!ctx) throw new Error('usePickedArea outside AreaProvider');
  return ctx;
}
