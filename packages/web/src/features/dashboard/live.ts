import type { LiveEvent } from '@carehub/core';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { overlaps } from './model';

/**
 * While the dashboard is open: on `dashboard.changed` (sent after the rollups refresh) for an area
 * that overlaps the shown one, refetch its figures and map. Returns when the last such update came,
 * for the "updated at" note. Its own stream, since the shell's listens only for users who read persons.
 */
export function useDashboardLive(area: string | undefined): Date | null {
  const qc = useQueryClient();
  const [updatedAt, setUpdatedAt] = useState<Date | null>(null);
  useEffect(() => {
    if (!area || typeof EventSource === 'undefined') return;
    const source = new EventSource('/api/events');
    source.addEventListener('dashboard.changed', (m) => {
      const e = JSON.parse((m as MessageEvent<string>).data) as LiveEvent;
      if (!overlaps(area, e.areaCode)) return;
      void qc.invalidateQueries({ queryKey: ['dashboard'] }).then(() => setUpdatedAt(new Date()));
    });
    return () => source.close();
  }, [area, qc]);
  return updatedAt;
}
