import { formatDateTime } from '@carehub/core';
import { Alert, Badge, Button, Card, Checkbox, CloseButton, Group, List, Modal, Select, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { TFunction } from 'i18next';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, del, post } from '../../api';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { ErrorAlert } from '../../components/ErrorAlert';
import { notifyError, notifySuccess } from '../../components/feedback';
import { Loading } from '../../components/Loading';
import { PageHeader } from '../../components/PageHeader';
import { useLang } from '../../i18n';
import { usePickedArea } from '../areas/AreaContext';
import { AreaName } from '../areas/AreaName';
import { useMe } from '../auth/api';
import {
  type BulkOperation,
  type BulkPreview,
  type BulkResult,
  type Operation,
  operationsQuery,
  subdistrictOf,
  type Territories,
  territoriesQuery,
} from './api';

const NOBODY = '__nobody__';
const villageOptions = (t: TFunction, villages: number[]) => villages.map((v) => ({ value: String(v), label: t('territories.village', { no: v }) }));

/**
 * The supervisor's territories and caseloads of one subdistrict (issue 17, item 2): who is responsible
 * for which village, a village's people given to its volunteer in one act, a caseload moved when a
 * volunteer leaves — each previewed (who moves, who is left on no caseload), confirmed, done in one
 * transaction and open to undo.
 */
export function CaseloadPage() {
  const { t } = useTranslation();
  const me = useMe();
  const { code } = usePickedArea();
  const area = subdistrictOf(code, me.scopes);
  return (
    <>
      <PageHeader title={t('territories.title')} />
      {area ? (
        <Subdistrict area={area} />
      ) : (
        <Alert color="blue" role="status">
          {t('territories.pickSubdistrict')}
        </Alert>
      )}
    </>
  );
}

function Subdistrict({ area }: { area: string }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const data = useQuery(territoriesQuery(area));
  const [preview, setPreview] = useState<{ op: BulkOperation; result: BulkPreview } | null>(null);
  const refresh = () => void qc.invalidateQueries({ queryKey: ['caseload'] });
  const ask = useMutation({
    mutationFn: (op: BulkOperation) => post<BulkPreview>('/api/caseload/bulk/preview', op).then((result) => ({ op, result })),
    onSuccess: setPreview,
    onError: notifyError,
  });
  if (data.isPending) return <Loading />;
  if (data.isError) return <ErrorAlert error={data.error} onRetry={() => data.refetch()} />;
  return (
    <Stack gap="lg">
      <Text c="dimmed">
        <AreaName code={area} />
      </Text>
      <Group>
        <Button
          variant="light"
          loading={ask.isPending}
          disabled={!data.data.villages.some((v) => v.unassigned > 0 && v.volunteers.length === 1)}
          onClick={() => ask.mutate({ kind: 'assign_territories', areaCode: area })}
        >
          {t('territories.assignAll')}
        </Button>
      </Group>
      <VillagesTable data={data.data} onChanged={refresh} />
      <SimpleGrid cols={{ base: 1, md: 3 }}>
        <TerritoryForm area={area} data={data.data} onChanged={refresh} />
        <AssignVillageForm area={area} data={data.data} onPreview={(op) => ask.mutate(op)} loading={ask.isPending} />
        <TransferForm area={area} data={data.data} onPreview={(op) => ask.mutate(op)} loading={ask.isPending} />
      </SimpleGrid>
      <Operations area={area} volunteers={data.data.volunteers} onChanged={refresh} />
      {preview && (
        <PreviewDialog
          preview={preview}
          onClose={() => setPreview(null)}
          onDone={() => {
            setPreview(null);
            refresh();
          }}
          onChanged={(result) => setPreview({ op: preview.op, result })}
        />
      )}
    </Stack>
  );
}

function VillagesTable({ data, onChanged }: { data: Territories; onChanged: () => void }) {
  const { t } = useTranslation();
  const end = useMutation({
    mutationFn: (id: string) => del(`/api/caseload/territories/${id}`),
    onSuccess: () => {
      notifySuccess(t('territories.ended'));
      onChanged();
    },
    onError: notifyError,
  });
  if (!data.villages.length) return <Text c="dimmed">{t('territories.noVillages')}</Text>;
  return (
    <Table.ScrollContainer minWidth={480}>
      <Table striped data-villages>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('territories.columns.village')}</Table.Th>
            <Table.Th>{t('territories.columns.persons')}</Table.Th>
            <Table.Th>{t('territories.columns.unassigned')}</Table.Th>
            <Table.Th>{t('territories.columns.volunteers')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {data.villages.map((v) => (
            <Table.Tr key={v.villageNo} data-village={v.villageNo}>
              <Table.Td>{t('territories.village', { no: v.villageNo })}</Table.Td>
              <Table.Td>{v.persons}</Table.Td>
              <Table.Td data-unassigned>{v.unassigned}</Table.Td>
              <Table.Td>
                <Group gap={4}>
                  {v.volunteers.length === 0 && (
                    <Text c="dimmed" size="sm">
                      {t('territories.none')}
                    </Text>
                  )}
                  {v.volunteers.map((u) => (
                    <Badge
                      key={u.territoryId}
                      variant="light"
                      size="lg"
                      rightSection={
                        <CloseButton
                          size="xs"
                          aria-label={t('territories.endFor', { name: u.name, no: v.villageNo })}
                          onClick={() => end.mutate(u.territoryId)}
                        />
                      }
                    >
                      {u.name}
                    </Badge>
                  ))}
                </Group>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

const volunteerOptions = (data: Territories, active = true) =>
  data.volunteers.filter((v) => !active || v.active).map((v) => ({ value: v.id, label: `${v.name} (${v.persons})` }));

function TerritoryForm({ area, data, onChanged }: { area: string; data: Territories; onChanged: () => void }) {
  const { t } = useTranslation();
  const [userId, setUserId] = useState<string | null>(null);
  const [village, setVillage] = useState<string | null>(null);
  const villages = Array.from({ length: 30 }, (_, i) => i + 1);
  const save = useMutation({
    mutationFn: () => post('/api/caseload/territories', { userId, areaCode: area, villageNo: Number(village) }),
    onSuccess: () => {
      notifySuccess(t('territories.assigned'));
      setVillage(null);
      onChanged();
    },
    onError: notifyError,
  });
  return (
    <Card withBorder component="section" aria-labelledby="territory-form">
      <Title order={2} size="h4" id="territory-form" mb="sm">
        {t('territories.assignTitle')}
      </Title>
      <Stack gap="sm">
        <Select label={t('territories.volunteer')} data={volunteerOptions(data)} value={userId} onChange={setUserId} searchable required />
        <Select label={t('territories.villageLabel')} data={villageOptions(t, villages)} value={village} onChange={setVillage} searchable required />
        <Button onClick={() => save.mutate()} disabled={!userId || !village} loading={save.isPending}>
          {t('territories.assign')}
        </Button>
      </Stack>
    </Card>
  );
}

function AssignVillageForm({ area, data, onPreview, loading }: { area: string; data: Territories; onPreview: (op: BulkOperation) => void; loading: boolean }) {
  const { t } = useTranslation();
  const [village, setVillage] = useState<string | null>(null);
  const [userId, setUserId] = useState<string | null>(null);
  const [takeOver, setTakeOver] = useState(false);
  const row = data.villages.find((v) => String(v.villageNo) === village);
  // The village's own volunteers first: the act is "everyone of the village to its volunteer".
  const options = volunteerOptions(data).sort(
    (a, b) => Number(!!row?.volunteers.some((v) => v.userId === b.value)) - Number(!!row?.volunteers.some((v) => v.userId === a.value)),
  );
  return (
    <Card withBorder component="section" aria-labelledby="bulk-village">
      <Title order={2} size="h4" id="bulk-village" mb="sm">
        {t('territories.bulkTitle')}
      </Title>
      <Stack gap="sm">
        <Select
          label={t('territories.villageLabel')}
          data={villageOptions(
            t,
            data.villages.map((v) => v.villageNo),
          )}
          value={village}
          onChange={(v) => {
            setVillage(v);
            const own = data.villages.find((x) => String(x.villageNo) === v)?.volunteers;
            if (own?.length === 1) setUserId(own[0]!.userId);
          }}
          required
        />
        <Select label={t('territories.toVolunteer')} data={options} value={userId} onChange={setUserId} searchable required />
        <Checkbox label={t('territories.takeOver')} checked={takeOver} onChange={(e) => setTakeOver(e.currentTarget.checked)} />
        <Button
          variant="light"
          disabled={!village || !userId}
          loading={loading}
          onClick={() => userId && village && onPreview({ kind: 'assign_village', areaCode: area, villageNo: Number(village), userId, takeOver })}
        >
          {t('territories.preview')}
        </Button>
      </Stack>
    </Card>
  );
}

function TransferForm({ area, data, onPreview, loading }: { area: string; data: Territories; onPreview: (op: BulkOperation) => void; loading: boolean }) {
  const { t } = useTranslation();
  const [from, setFrom] = useState<string | null>(null);
  const [to, setTo] = useState<string | null>(null);
  const [village, setVillage] = useState<string | null>(null);
  return (
    <Card withBorder component="section" aria-labelledby="bulk-transfer">
      <Title order={2} size="h4" id="bulk-transfer" mb="sm">
        {t('territories.transferTitle')}
      </Title>
      <Stack gap="sm">
        <Select label={t('territories.fromVolunteer')} data={volunteerOptions(data, false)} value={from} onChange={setFrom} searchable required />
        <Select
          label={t('territories.toVolunteer')}
          data={[{ value: NOBODY, label: t('territories.nobody') }, ...volunteerOptions(data).filter((o) => o.value !== from)]}
          value={to}
          onChange={setTo}
          searchable
          required
        />
        <Select
          label={t('territories.onlyVillage')}
          data={villageOptions(
            t,
            data.villages.map((v) => v.villageNo),
          )}
          value={village}
          onChange={setVillage}
          clearable
          placeholder={t('territories.allVillages')}
        />
        <Button
          variant="light"
          disabled={!from || !to}
          loading={loading}
          onClick={() =>
            from &&
            to &&
            onPreview({
              kind: 'transfer',
              areaCode: area,
              fromUserId: from,
              toUserId: to === NOBODY ? null : to,
              ...(village ? { villageNo: Number(village) } : {}),
            })
          }
        >
          {t('territories.preview')}
        </Button>
      </Stack>
    </Card>
  );
}

/** What the act will do, in numbers and names, with the confirmation; a stale preview is shown again as it now stands. */
function PreviewDialog({
  preview,
  onClose,
  onDone,
  onChanged,
}: {
  preview: { op: BulkOperation; result: BulkPreview };
  onClose: () => void;
  onDone: () => void;
  onChanged: (p: BulkPreview) => void;
}) {
  const { t } = useTranslation();
  const { result } = preview;
  const [changed, setChanged] = useState(false);
  const run = useMutation({
    mutationFn: () => post<BulkResult>('/api/caseload/bulk', { operation: preview.op, fingerprint: result.fingerprint, confirm: true }),
    onSuccess: (r) => {
      notifySuccess(t('territories.done', { assigned: r.assigned, ended: r.ended }));
      onDone();
    },
    onError: async (e) => {
      if (e instanceof ApiError && e.code === 'caseload.preview_changed') {
        setChanged(true);
        onChanged(await post<BulkPreview>('/api/caseload/bulk/preview', preview.op));
        return;
      }
      notifyError(e);
    },
  });
  const nothing = result.assign === 0 && result.end === 0;
  return (
    <Modal opened onClose={onClose} title={t('territories.previewTitle')} centered size="lg" closeButtonProps={{ 'aria-label': t('common.close') }}>
      <Stack gap="sm" data-preview>
        {changed && (
          <Alert color="orange" role="alert">
            {t('territories.previewChanged')}
          </Alert>
        )}
        <List spacing={4}>
          <List.Item data-count="assign">{t('territories.counts.assign', { n: result.assign })}</List.Item>
          <List.Item data-count="end">{t('territories.counts.end', { n: result.end })}</List.Item>
          <List.Item data-count="already">{t('territories.counts.already', { n: result.already })}</List.Item>
          {result.kept > 0 && <List.Item data-count="kept">{t('territories.counts.kept', { n: result.kept })}</List.Item>}
          <List.Item data-count="leftWithout">
            <Text span fw={result.leftWithout ? 700 : undefined} c={result.leftWithout ? 'red.8' : undefined}>
              {t('territories.counts.leftWithout', { n: result.leftWithout })}
            </Text>
          </List.Item>
        </List>
        {result.leftWithoutNames.length > 0 && (
          <List size="sm" withPadding aria-label={t('territories.leftWithoutNames')}>
            {result.leftWithoutNames.map((p) => (
              <List.Item key={p.id}>
                {p.name}
                {p.villageNo ? ` · ${t('territories.village', { no: p.villageNo })}` : ''}
              </List.Item>
            ))}
            {result.leftWithout > result.leftWithoutNames.length && <List.Item>…</List.Item>}
          </List>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose} disabled={run.isPending}>
            {t('common.cancel')}
          </Button>
          <Button onClick={() => run.mutate()} loading={run.isPending} disabled={nothing} data-autofocus>
            {t('territories.confirm')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

function Operations({ area, volunteers, onChanged }: { area: string; volunteers: Territories['volunteers']; onChanged: () => void }) {
  const { t } = useTranslation();
  const lang = useLang();
  const ops = useQuery(operationsQuery(area));
  const [undoing, setUndoing] = useState<Operation | null>(null);
  const name = (id: unknown) => volunteers.find((v) => v.id === id)?.name ?? t('territories.nobody');
  const undo = useMutation({
    mutationFn: (id: string) => post<BulkResult>(`/api/caseload/operations/${id}/undo`, { confirm: true }),
    onSuccess: (r) => {
      notifySuccess(t('territories.undone', { assigned: r.assigned, ended: r.ended }));
      setUndoing(null);
      onChanged();
    },
    onError: (e) => {
      setUndoing(null);
      notifyError(e);
    },
  });
  const describe = (o: Operation) =>
    o.kind === 'assign_territories'
      ? t('territories.op.assign_territories', { n: o.counts.assign ?? 0 })
      : o.kind === 'assign_village'
        ? t('territories.op.assign_village', { no: o.params.villageNo, name: name(o.params.userId), n: o.counts.assign ?? 0 })
        : o.kind === 'transfer'
          ? t('territories.op.transfer', { from: name(o.params.fromUserId), to: name(o.params.toUserId), n: o.counts.end ?? 0 })
          : t('territories.op.undo', { assign: o.counts.assign ?? 0, end: o.counts.end ?? 0 });
  if (!ops.data?.length) return null;
  return (
    <section aria-labelledby="operations">
      <Title order={2} size="h4" id="operations" mb="sm">
        {t('territories.history')}
      </Title>
      <Stack gap={4}>
        {ops.data.map((o) => (
          <Group key={o.id} justify="space-between" wrap="nowrap" data-operation={o.kind}>
            <Text size="sm">
              {formatDateTime(o.doneAt, lang)} · {o.doneBy} · {describe(o)}
              {o.undoneBy && ` · ${t('territories.wasUndone')}`}
            </Text>
            {o.kind !== 'undo' && !o.undoneBy && (
              <Button size="xs" variant="subtle" onClick={() => setUndoing(o)}>
                {t('territories.undo')}
              </Button>
            )}
          </Group>
        ))}
      </Stack>
      <ConfirmDialog
        opened={!!undoing}
        title={t('territories.undoTitle')}
        message={undoing ? t('territories.undoBody', { what: describe(undoing) }) : ''}
        confirmLabel={t('territories.undo')}
        loading={undo.isPending}
        onConfirm={() => undoing && undo.mutate(undoing.id)}
        onClose={() => setUndoing(null)}
      />
    </section>
  );
}
