import { inScope } from '@carehub/core';
import { useEffect, useRef } from 'react';
import { usePickedArea } from '../areas/AreaContext';
import { useMe } from '../auth/api';

/**
 * An `?area=` on a page that filters by the picked area (the person list, opened from the dashboard):
 * makes it the picked area when it lies in the user's scope, then calls `clear` to drop it from the
 * address. True while that is under way, so the page does not first load the previous area.
 */
export function useAreaSearch(area: string | undefined, clear: () => void): boolean {
  const { scopes } = useMe();
  const { setCode } = usePickedArea();
  const latestClear = useRef(clear);
  latestClear.current = clear;
  useEffect(() => {
    if (!area) return;
    if (inScope(area, scopes)) setCode(area);
    latestClear.current();
  }, [area, scopes, setCode]);
  return !!area;
}
