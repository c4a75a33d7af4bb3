import { formatDate, formatDateTime, TASK_QUEUES, type TaskQueue } from '@carehub/core';
import { Badge, Button, Card, Group, SegmentedControl, Select, Stack, Text, Textarea } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useSearch } from '@tanstack/react-router';
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
import { assignTask, claimTask, type TaskItem, type TaskStatus, taskCandidatesQuery, taskQueueQuery } from '../tasks/api';

/**
 * Tasks with owners: my tasks (held by or escalated to me), the team's queue (nobody holds them yet:
 * claim one) and all of the team's tasks in my areas; each with its due day, holder, source and, once
 * closed, why. Live: new, changed and closed tasks refresh the list.
 */
export function TasksPage() {
  const { t } = useTranslation();
  // A notice links to /tasks?queue=mine&task=<id>.
  const search = useSearch({ strict: false }) as { queue?: string };
  const [queue, setQueue] = useState<TaskQueue>((TASK_QUEUES as readonly string[]).includes(search.queue ?? '') ? (search.queue as TaskQueue) : 'all');
  const [status, setStatus] = useState<TaskStatus>('open');
  const tasks = useQuery(taskQueueQuery(queue, status));
  return (
    <>
      <PageHeader title={t('tasks.title')} />
      <Stack gap="xs" mb="md">
        <SegmentedControl
          aria-label={t('tasks.queue.label')}
          value={queue}
          onChange={(v) => setQueue(v as TaskQueue)}
          data={(['mine', 'team', 'all'] as const).map((q) => ({ value: q, label: t(`tasks.queue.${q}`) }))}
          fullWidth
        />
        <SegmentedControl
          aria-label={t('tasks.statusLabel')}
          value={status}
          onChange={(v) => setStatus(v as TaskStatus)}
          data={(['open', 'done', 'dismissed'] as const).map((s) => ({ value: s, label: t(`tasks.status.${s}`) }))}
          fullWidth
        />
      </Stack>
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

/** The assessment, visit or referral that raised the task, as a link. */
function SourceLink({ task }: { task: TaskItem }) {
  const { t } = useTranslation();
  const lang = useLang();
  const s = task.source;
  if (!s) return null;
  const when = s.at ? ` (${formatDate(s.at, lang)})` : '';
  const what =
    s.type === 'assessment'
      ? t('tasks.source.assessment', { name: s.label ? pick(s.label, lang) : '' })
      : s.type === 'visit'
        ? t('tasks.source.visit')
        : t('tasks.source.referral');
  return (
    <Text size="sm">
      {t('tasks.source.label')}{' '}
      {s.type === 'referral' ? (
        <AnchorLink to="/referrals/$id" params={{ id: s.id }} data-task-source={s.type}>
          {what}
          {when}
        </AnchorLink>
      ) : (
        <AnchorLink to="/persons/$id" params={{ id: task.personId }} data-task-source={s.type}>
          {what}
          {when}
        </AnchorLink>
      )}
    </Text>
  );
}

function TaskCard({ task }: { task: TaskItem }) {
  const { t } = useTranslation();
  const lang = useLang();
  const me = useMe();
  const qc = useQueryClient();
  const [note, setNote] = useState('');
  const [referring, setReferring] = useState(false);
  const [assigning, setAssigning] = useState(false);
  const [to, setTo] = useState<string | null>(null);
  const refresh = () => void qc.invalidateQueries({ queryKey: ['tasks'] });
  const close = useMutation({
    mutationFn: (status: 'done' | 'dismissed') => post(`/api/tasks/${task.id}/close`, { status, ...(note.trim() ? { note: note.trim() } : {}) }),
    onSuccess: () => {
      notifySuccess(t('tasks.closed'));
      refresh();
    },
    onError: notifyError,
  });
  const claim = useMutation({
    mutationFn: () => claimTask(task.id),
    onSuccess: () => {
      notifySuccess(t('tasks.claimed'));
      refresh();
    },
    onError: notifyError,
  });
  const assign = useMutation({
    mutationFn: (userId: string | null) => assignTask(task.id, userId),
    onSuccess: (_r, userId) => {
      notifySuccess(userId ? t('tasks.assigned') : t('tasks.released'));
      setAssigning(false);
      refresh();
    },
    onError: notifyError,
  });
  const candidates = useQuery({ ...taskCandidatesQuery(task.id), enabled: assigning });
  const mine = task.assignee?.id === me?.id;
  const canWrite = task.status === 'open' && hasPermission(me, 'persons.write');
  const titleId = `task-${task.id}-title`;
  return (
    <Card withBorder padding="sm" data-task={task.id} component="article" aria-labelledby={titleId}>
      <Group gap={6}>
        <Badge color={task.severity === 'urgent' ? 'red' : 'orange'}>{t(`tasks.severity.${task.severity}`)}</Badge>
        {task.action === 'propose_referral' && <Badge variant="outline">{t('tasks.referral')}</Badge>}
        {task.overdue && (
          <Badge color="red" variant="filled" data-task-overdue>
            {t('tasks.overdue')}
          </Badge>
        )}
        {task.escalatedTo && <Badge variant="light">{t('tasks.escalated', { name: task.escalatedTo.name })}</Badge>}
        {task.seenCount > 1 && <Badge variant="light">{t('tasks.seen', { count: task.seenCount })}</Badge>}
      </Group>
      <Text fw={600} mt={4} id={titleId}>
        {pick(task.message, lang)}
      </Text>
      <AnchorLink to="/persons/$id" params={{ id: task.personId }}>
        {task.personName}
      </AnchorLink>
      {task.dueOn && (
        <Text size="sm" c={task.overdue ? 'red.9' : undefined}>
          {t('tasks.due', { date: formatDate(task.dueOn, lang) })}
        </Text>
      )}
      <Text size="sm" data-task-holder>
        {task.assignee ? t('tasks.holder', { name: task.assignee.name }) : t('tasks.teamQueue', { team: task.teamOrganisation?.name ?? t('tasks.areaTeam') })}
      </Text>
      <SourceLink task={task} />
      {task.referralId && (
        <AnchorLink to="/referrals/$id" params={{ id: task.referralId }} data-task-referral>
          {task.status === 'open' ? t('tasks.referralSent') : t('tasks.referralLink')}
        </AnchorLink>
      )}
      <Text size="xs" c="dimmed">
        {formatDateTime(task.createdAt, lang)}
        {task.closedAt && ` · ${t(`tasks.status.${task.status}`)} ${formatDateTime(task.closedAt, lang)} ${task.closedBy ?? ''}`}
      </Text>
      {task.closeReason && (
        <Text size="sm" data-task-close-reason={task.closeReason}>
          {t(`tasks.reason.${task.closeReason}`)}
        </Text>
      )}
      {task.note && <Text size="sm">{task.note}</Text>}
      {canWrite && (
        <Group mt="sm" gap="xs">
          {task.canClaim && (
            <Button onClick={() => claim.mutate()} loading={claim.isPending}>
              {t('tasks.claim')}
            </Button>
          )}
          {mine && (
            <Button variant="default" onClick={() => assign.mutate(null)} loading={assign.isPending && assign.variables === null}>
              {t('tasks.release')}
            </Button>
          )}
          <Button variant="default" onClick={() => setAssigning((v) => !v)} aria-expanded={assigning}>
            {t('tasks.assign')}
          </Button>
        </Group>
      )}
      {canWrite && assigning && (
        <Group mt="xs" align="flex-end" gap="xs">
          <Select
            label={t('tasks.assignTo')}
            data={(candidates.data ?? []).map((c) => ({ value: c.id, label: `${c.name} · ${c.organisation}` }))}
            value={to}
            onChange={setTo}
            searchable
            nothingFoundMessage={candidates.isPending ? t('common.loading') : t('tasks.noCandidates')}
            style={{ flex: 1, minWidth: 200 }}
          />
          <Button onClick={() => to && assign.mutate(to)} disabled={!to} loading={assign.isPending && assign.variables !== null}>
            {t('tasks.assignConfirm')}
          </Button>
        </Group>
      )}
      {canWrite && (
        <Group mt="sm" align="flex-end" gap="xs">
          <Textarea
            label={t('tasks.note')}
            value={note}
            onChange={(e) => setNote(e.currentTarget.value)}
            autosize
            minRows={1}
            maxLength={2000}
            style={{ flex: 1, minWidth: 200 }}
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
            assessmentIds: task.sourceId && task.source?.type === 'assessment' ? [task.sourceId] : [],
            // The nearest hospital covering the person's area, named by the server.
            organisation: task.proposedOrganisation,
            taskId: task.id,
          }}
        />
      )}
    </Card>
  );
}
