import { formatDateTime } from '@carehub/core';
import { Badge, Button, Card, Group, SegmentedControl, Stack, Text, Textarea } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { post } from '../../api';
import { ErrorAlert } from '../../components/ErrorAlert';
import { notifyError, notifySuccess } from '../../components/feedback';
import { Loading } from '../../components/Loading';
import { AnchorLink } from '../../components/links';
import { PageHeader } from '../../components/PageHeader';
import { pick, useLang } from '../../i18n';
import { hasPermission, useMe } from '../auth/api';
import { ReferDialog } from '../referrals/ReferDialog';
import { type Task, tasksQuery } from './api';

type Status = 'open' | 'done' | 'dismissed';

/** Tasks for the user's team in the user's areas: alerts raised by assessments, newest urgent first; live. */
export function TasksPage() {
  const { t } = useTranslation();
  const [status, setStatus] = useState<Status>('open');
  const tasks = useQuery(tasksQuery(status));
  return (
    <>
      <PageHeader title={t('tasks.title')} />
      <SegmentedControl
        mb="md"
        value={status}
        onChange={(v) => setStatus(v as Status)}
        data={(['open', 'done', 'dismissed'] as const).map((s) => ({ value: s, label: t(`tasks.status.${s}`) }))}
      />
      {tasks.isPending ? (
        <Loading />
      ) : tasks.isError ? (
        <ErrorAlert error={tasks.error} onRetry={() => tasks.refetch()} />
      ) : tasks.data.length === 0 ? (
        <Text c="dimmed">{t('tasks.empty')}</Text>
      ) : (
        <Stack gap="sm">
          {tasks.data.map((task) => (
            <TaskCard key={task.id} task={task} />
          ))}
        </Stack>
      )}
    </>
  );
}

function TaskCard({ task }: { task: Task }) {
  const { t } = useTranslation();
  const lang = useLang();
  const me = useMe();
  const qc = useQueryClient();
  const [note, setNote] = useState('');
  const [referring, setReferring] = useState(false);
  const close = useMutation({
    mutationFn: (status: 'done' | 'dismissed') => post(`/api/tasks/${task.id}/close`, { status, ...(note.trim() ? { note: note.trim() } : {}) }),
    onSuccess: () => {
      notifySuccess(t('tasks.closed'));
      void qc.invalidateQueries({ queryKey: ['tasks'] });
    },
    onError: notifyError,
  });
  return (
    <Card withBorder padding="sm" data-task={task.id}>
      <Group justify="space-between" align="flex-start">
        <div>
          <Group gap={6}>
            <Badge color={task.severity === 'urgent' ? 'red' : 'orange'}>{t(`tasks.severity.${task.severity}`)}</Badge>
            {task.action === 'propose_referral' && <Badge variant="outline">{t('tasks.referral')}</Badge>}
          </Group>
          <Text fw={600} mt={4}>
            {pick(task.message, lang)}
          </Text>
          <AnchorLink to="/persons/$id" params={{ id: task.personId }}>
            {task.personName}
          </AnchorLink>
          <Text size="xs" c="dimmed">
            {formatDateTime(task.createdAt, lang)}
            {task.closedAt && ` · ${t(`tasks.status.${task.status}`)} ${formatDateTime(task.closedAt, lang)} ${task.closedBy ?? ''}`}
          </Text>
          {task.note && <Text size="sm">{task.note}</Text>}
          {task.referralId && task.status === 'open' && (
            <AnchorLink to="/referrals/$id" params={{ id: task.referralId }} data-task-referral>
              {t('tasks.referralSent')}
            </AnchorLink>
          )}
        </div>
      </Group>
      {task.status === 'open' && hasPermission(me, 'persons.write') && (
        <Group mt="sm" align="flex-end">
          <Textarea
            label={t('tasks.note')}
            value={note}
            onChange={(e) => setNote(e.currentTarget.value)}
            autosize
            minRows={1}
            maxLength={2000}
            style={{ flex: 1 }}
          />
          <Button onClick={() => close.mutate('done')} loading={close.isPending}>
            {t('tasks.done')}
          </Button>
          <Button variant="default" onClick={() => close.mutate('dismissed')} loading={close.isPending}>
            {t('tasks.dismiss')}
          </Button>
          {task.action === 'propose_referral' && (
            <Button color="red" onClick={() => setReferring(true)}>
              {t('referrals.referUrgently')}
            </Button>
          )}
        </Group>
      )}
      {task.action === 'propose_referral' && (
        <ReferDialog
          personId={task.personId}
          opened={referring}
          onClose={() => setReferring(false)}
          prefill={{
            urgency: 'urgent',
            reason: pick(task.message, lang),
            assessmentIds: task.sourceId && task.kind.startsWith('assessment_alert:') ? [task.sourceId] : [],
            // The nearest hospital covering the person's area, named by the server.
            organisation: task.proposedOrganisation,
            taskId: task.id,
          }}
        />
      )}
    </Card>
  );
}
