import { formatDate } from '@carehub/core';
import { Button, Card, Group, Select, Stack, Text, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { del, get, post } from '../../api';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { notifyError, notifySuccess } from '../../components/feedback';
import { useLang } from '../../i18n';

interface Assignment {
  id: string;
  userId: string;
  name: string;
  assignedAt: string;
}
interface Volunteer {
  id: string;
  name: string;
  role: string;
  organisation: string;
  persons: number;
}

/** On the person page, for supervisors: which volunteers visit this person; assign or end. */
export function CaseloadPanel({ personId }: { personId: string }) {
  const { t } = useTranslation();
  const lang = useLang();
  const qc = useQueryClient();
  const assigned = useQuery({ queryKey: ['caseload', 'person', personId], queryFn: () => get<Assignment[]>(`/api/persons/${personId}/caseload`) });
  const volunteers = useQuery({ queryKey: ['caseload', 'volunteers'], queryFn: () => get<Volunteer[]>('/api/caseload/volunteers') });
  const [pick, setPick] = useState<string | null>(null);
  const [ending, setEnding] = useState<Assignment | null>(null);
  const refresh = () => void qc.invalidateQueries({ queryKey: ['caseload'] });
  const assign = useMutation({
    mutationFn: (userId: string) => post('/api/caseload', { personId, userId }),
    onSuccess: () => {
      notifySuccess(t('caseload.assigned'));
      setPick(null);
      refresh();
    },
    onError: notifyError,
  });
  const end = useMutation({
    mutationFn: (id: string) => del(`/api/caseload/${id}`),
    onSuccess: () => {
      notifySuccess(t('caseload.ended'));
      setEnding(null);
      refresh();
    },
    onError: (e) => {
      setEnding(null);
      notifyError(e);
    },
  });
  const taken = new Set(assigned.data?.map((a) => a.userId));
  return (
    <Card withBorder padding="sm" mt="md">
      <Title order={3} size="h5" mb="xs">
        {t('caseload.title')}
      </Title>
      <Stack gap={4}>
        {assigned.data?.length === 0 && <Text c="dimmed">{t('caseload.nobody')}</Text>}
        {assigned.data?.map((a) => (
          <Group key={a.id} justify="space-between">
            <Text size="sm">
              {a.name} · {t('caseload.since', { date: formatDate(a.assignedAt.slice(0, 10), lang) })}
            </Text>
            <Button size="xs" variant="subtle" color="red" onClick={() => setEnding(a)}>
              {t('caseload.end')}
            </Button>
          </Group>
        ))}
      </Stack>
      <Group mt="sm" align="flex-end">
        <Select
          label={t('caseload.volunteer')}
          data={(volunteers.data ?? []).filter((v) => !taken.has(v.id)).map((v) => ({ value: v.id, label: `${v.name} · ${v.organisation} (${v.persons})` }))}
          value={pick}
          onChange={setPick}
          searchable
          w={360}
          maw="100%"
        />
        <Button disabled={!pick} loading={assign.isPending} onClick={() => pick && assign.mutate(pick)}>
          {t('caseload.assign')}
        </Button>
      </Group>
      <ConfirmDialog
        opened={!!ending}
        title={t('caseload.endTitle')}
        message={t('caseload.endBody', { name: ending?.name ?? '' })}
        confirmLabel={t('caseload.end')}
        loading={end.isPending}
        onConfirm={() => ending && end.mutate(ending.id)}
        onClose={() => setEnding(null)}
      />
    </Card>
  );
}
