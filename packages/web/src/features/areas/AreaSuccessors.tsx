import { Badge, Button, Card, Group, SimpleGrid, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { del, get, post } from '../../api';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { ErrorAlert } from '../../components/ErrorAlert';
import { notifyError, notifySuccess } from '../../components/feedback';
import { useFieldErrors } from '../../components/forms';
import { Loading } from '../../components/Loading';
import { AreaPicker } from './AreaPicker';

interface Successor {
  oldCode: string;
  oldNameTh: string;
  newCode: string;
  newNameTh: string;
  source: 'geography' | 'admin';
  note: string | null;
}

const successorsQuery = queryOptions({
  queryKey: ['areas', 'successors'],
  queryFn: ({ signal }) => get<Successor[]>('/api/areas/successors', undefined, signal),
});

/**
 * Former subdistrict codes and the areas that replaced them (reference data an administrator keeps):
 * an import reads an old code in an agency's file as today's area, with a warning naming both. The
 * geography packages' superseded codes are listed as given; an administrator adds the district splits
 * and moves no package carries, for areas in their scope, and can remove their own entries.
 */
export function AreaSuccessors({ scopes }: { scopes: string[] }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const list = useQuery(successorsQuery);
  const [oldCode, setOldCode] = useState('');
  const [oldNameTh, setOldNameTh] = useState('');
  const [newCode, setNewCode] = useState<string | null>(null);
  const [note, setNote] = useState('');
  const [removing, setRemoving] = useState<Successor | null>(null);
  const { errors, clear, fail, setIssues } = useFieldErrors();

  const add = useMutation({
    mutationFn: () =>
      post<Successor>('/api/areas/successors', { oldCode: oldCode.trim(), oldNameTh: oldNameTh.trim(), newCode, note: note.trim() || undefined }),
    onSuccess: (s) => {
      notifySuccess(t('successors.added', { old: s.oldCode, name: s.newNameTh }));
      setOldCode('');
      setOldNameTh('');
      setNote('');
      void queryClient.invalidateQueries({ queryKey: successorsQuery.queryKey });
    },
    onError: (e) => fail(e, { 'forbidden.out_of_scope': 'newCode' }),
  });
  const remove = useMutation({
    mutationFn: (s: Successor) => del(`/api/areas/successors/${encodeURIComponent(s.oldCode)}`),
    onSuccess: () => {
      setRemoving(null);
      void queryClient.invalidateQueries({ queryKey: successorsQuery.queryKey });
    },
    onError: (e) => {
      setRemoving(null);
      notifyError(e);
    },
  });

  function submit(e: React.FormEvent) {
    e.preventDefault();
    const issues = [];
    if (!/^\d{6}$/.test(oldCode.trim()))
      issues.push({ path: 'oldCode', message_th: t('successors.codeInvalid', { lng: 'th' }), message_en: t('successors.codeInvalid', { lng: 'en' }) });
    if (!oldNameTh.trim())
      issues.push({ path: 'oldNameTh', message_th: t('successors.nameRequired', { lng: 'th' }), message_en: t('successors.nameRequired', { lng: 'en' }) });
    if (newCode?.length !== 6)
      issues.push({ path: 'newCode', message_th: t('successors.newRequired', { lng: 'th' }), message_en: t('successors.newRequired', { lng: 'en' }) });
    if (issues.length) setIssues(issues);
    else add.mutate();
  }

  return (
    <Card withBorder padding="md" mt="xl" component="section" aria-labelledby="successors-title" data-area-successors>
      <Title order={2} size="h4" id="successors-title">
        {t('successors.title')}
      </Title>
      <Text size="sm" c="dimmed" mb="md">
        {t('successors.intro')}
      </Text>
      <form onSubmit={submit} noValidate aria-label={t('successors.add')}>
        <Stack gap="sm">
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
            <TextInput
              label={t('successors.oldCode')}
              value={oldCode}
              onChange={(e) => {
                setOldCode(e.currentTarget.value);
                clear('oldCode');
              }}
              error={errors.oldCode}
              inputMode="numeric"
              maxLength={6}
              required
            />
            <TextInput
              label={t('successors.oldName')}
              value={oldNameTh}
              onChange={(e) => {
                setOldNameTh(e.currentTarget.value);
                clear('oldNameTh');
              }}
              error={errors.oldNameTh}
              required
            />
          </SimpleGrid>
          <AreaPicker
            label={t('successors.newArea')}
            value={newCode}
            onChange={(c) => {
              setNewCode(c);
              clear('newCode');
            }}
            scopes={scopes}
            error={errors.newCode}
            required
          />
          <TextInput label={t('successors.note')} value={note} onChange={(e) => setNote(e.currentTarget.value)} maxLength={500} />
          <Group justify="flex-end">
            <Button type="submit" loading={add.isPending}>
              {t('successors.add')}
            </Button>
          </Group>
        </Stack>
      </form>

      {list.isPending ? (
        <Loading />
      ) : list.isError ? (
        <ErrorAlert error={list.error} onRetry={() => list.refetch()} />
      ) : (
        <Table.ScrollContainer minWidth={560} type="native" mt="md">
          <Table striped withTableBorder fz="sm" aria-labelledby="successors-title">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('successors.oldCode')}</Table.Th>
                <Table.Th>{t('successors.oldName')}</Table.Th>
                <Table.Th>{t('successors.newArea')}</Table.Th>
                <Table.Th>{t('successors.source')}</Table.Th>
                <Table.Th />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {list.data.map((s) => (
                <Table.Tr key={s.oldCode} data-successor={s.oldCode}>
                  <Table.Td>{s.oldCode}</Table.Td>
                  <Table.Td>{s.oldNameTh}</Table.Td>
                  <Table.Td>
                    {s.newCode} {s.newNameTh}
                    {s.note && (
                      <Text size="xs" c="dimmed">
                        {s.note}
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td>
                    <Badge variant="light" color={s.source === 'admin' ? 'blue' : 'gray'}>
                      {t(`successors.from.${s.source}`)}
                    </Badge>
                  </Table.Td>
                  <Table.Td>
                    {s.source === 'admin' && (
                      <Button size="xs" variant="subtle" color="red" onClick={() => setRemoving(s)} aria-label={t('successors.removeOne', { code: s.oldCode })}>
                        {t('successors.remove')}
                      </Button>
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      <ConfirmDialog
        opened={removing !== null}
        title={t('successors.removeTitle')}
        message={t('successors.removeMessage', { code: removing?.oldCode ?? '', name: removing?.newNameTh ?? '' })}
        confirmLabel={t('successors.remove')}
        onConfirm={() => removing && remove.mutate(removing)}
        onClose={() => setRemoving(null)}
        loading={remove.isPending}
      />
    </Card>
  );
}
