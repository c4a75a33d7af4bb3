import type { LiveEvent } from '@carehub/core';
import { notifications } from '@mantine/notifications';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import i18n from '../../i18n';
import { isOwnReferralChange } from '../referrals/api';

/**
 * Listens to /api/events while signed in: a new task or a signed assessment in the user's areas
 * refreshes what shows it, and a new task is announced; so is a referral sent, answered or moved by
 * either organisation (unless this browser made the change). The browser reconnects by itself.
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
    // Claimed, handed on, raised again or escalated (tasks module).
    on('task.updated', () => void qc.invalidateQueries({ queryKey: ['tasks'] }));
    on('assessment.signed', (e) => {
      if (!e.personId) return;
      void qc.invalidateQueries({ queryKey: ['assessments', e.personId] });
      void qc.invalidateQueries({ queryKey: ['persons', 'one', e.personId] });
    });
    on('referral.changed', (e) => {
      void qc.invalidateQueries({ queryKey: ['referrals'] });
      // Sending and closing a referral open and end the receiver's view of the person.
      if (e.personId) void qc.invalidateQueries({ queryKey: ['persons', 'one', e.personId] });
      if (!isOwnReferralChange(e))
        notifications.show({ color: 'blue', title: i18n.t('referrals.liveTitle'), message: i18n.t('referrals.liveBody'), autoClose: 8000 });
    });
    // A care plan saved anywhere (another tab, a colleague, a case conference): its screens show the new version.
    on('careplan.changed', (e) => void qc.invalidateQueries({ queryKey: ['careplan', e.personId ?? e.id] }));
    // An import of the user's organisation moved on (about once a second while it runs): its bar and the history follow.
    on('import.progress', (e) => {
      void qc.invalidateQueries({ queryKey: ['imports', 'batch', e.id] });
      void qc.invalidateQueries({ queryKey: ['imports', 'batches'] });
    });
    return () => source.close();
  }, [enabled, qc]);
}
