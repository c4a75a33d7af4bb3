import type { LiveEvent } from '@carehub/core';
import { notifications } from '@mantine/notifications';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import i18n from '../../i18n';

/**
 * Listens to /api/events while signed in: a new task or a signed assessment in the user's areas
 * refreshes what shows it, and a new task is announced. The browser reconnects by itself.
 */
export function useLiveEvents(enabled: boolean): void {
  const qc = useQueryClient();
  useEffect(() => {
    if (!enabled || typeof EventSource === 'undefined') return;
    const source = new EventSource('/api/events');
    const on = (type: string, fn: (e: LiveEvent) => void) =>
      source.addEventListener(type, (m) => fn(JSON.parse((m as MessageEvent<string>).data) as LiveEvent));
    on('task.created', () => {
      void qc.invalidateQueries({ queryKey: ['tasks'] });
      notifications.show({ color: 'orange', title: i18n.t('tasks.newTitle'), message: i18n.t('tasks.newBody'), autoClose: 8000 });
    });
    on('task.closed', () => void qc.invalidateQueries({ queryKey: ['tasks'] }));
    on('assessment.signed', (e) => {
      if (!e.personId) return;
      void qc.invalidateQueries({ queryKey: ['assessments', e.personId] });
      void qc.invalidateQueries({ queryKey: ['persons', 'one', e.personId] });
    });
    return () => source.close();
  }, [enabled, qc]);
}
