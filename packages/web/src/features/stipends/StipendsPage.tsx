import { formatDateTime, formatMonth, thaiMonthOf } from '@carehub/core';
import { Alert, Anchor, Badge, Button, Group, Modal, NumberInput, Stack, Table, Text, Textarea, TextInput } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, post, put } from '../../api';
import { MonthField } from '../../components/DateFields';
import { ErrorAlert } from '../../components/ErrorAlert';
import { notifyError, notifySuccess } from '../../components/feedback';
import { Loading } from '../../components/Loading';
import { AnchorLink } from '../../components/links';
import { PageHeader } from '../../components/PageHeader';
import { useLang } from '../../i18n';
import { usePickedArea } from '../areas/AreaContext';
import { AreaName } from '../areas/AreaName';
import { useMe } from '../auth/api';
import { subdistrictOf } from '../caseload/api';
import { paymentListUrl, type StipendMonth, type StipendRow, stipendQuery } from './api';

const baht = (n: number, lang: string) => n.toLocaleString(lang === 'en' ? 'en-GB' : 'th-TH');

/**
 * The monthly home-visit stipend of a subdistrict's อสม. (issue 17, item 2): each volunteer's target and
 * approved visits, who is eligible, the supervisor's sign-off that locks the month, re-opening with a
 * reason, and the signed payment list for the subdistrict fund as XLSX and PDF.
 */
export function StipendsPage() {
  const { t } = useTranslation();
  const me = useMe();
  const { code } = usePickedArea();
  const area = subdistrictOf(code, me.scopes);
  const [month, setMonth] = useState(thaiMonthOf());
  return (
    <>
      <PageHeader title={t('stipends.title')} />
      <Group align="flex-end" mb="md">
        <MonthField label={t('stipends.month')} value={month} onChange={setMonth} w={220} />
        {area && (
          <Text c="dimmed" pb={6}>
            <AreaName code={area} />
          </Text>
        )}
      </Group>
      {area ? (
        <Month area={area} month={month} />
      ) : (
        <Alert color="blue" role="status">
          {t('territories.pickSubdistrict')}
        </Alert>
      )}
    </>
  );
}

function Month({ area, month }: { area: string; month: string }) {
  const { t } = useTranslation();
  const lang = useLang();
  const qc = useQueryClient();
  const data = useQuery(stipendQuery(area, month));
  const [signing, setSigning] = useState(false);
  const [reopening, setReopening] = useState(false);
  const [editing, setEditing] = useState<StipendRow | null>(null);
  const refresh = () => void qc.invalidateQueries({ queryKey: ['stipends', area, month] });
  if (data.isPending) return <Loading />;
  if (data.isError) return <ErrorAlert error={data.error} onRetry={() => data.refetch()} />;
  const m = data.data;
  const signed = m.signoff;
  return (
    <Stack gap="md">
      {signed ? (
        <Alert color="green" title={t('stipends.signedTitle')} role="status" data-signed>
          <Stack gap={4}>
            <Text>{t('stipends.signedBy', { name: signed.signedBy, at: formatDateTime(signed.signedAt, lang) })}</Text>
            <Text>{t('stipends.fund', { fund: signed.fund })}</Text>
            <Text size="sm">{t('stipends.locked')}</Text>
            <Group gap="sm" mt={4}>
              <Button component="a" href={paymentListUrl(area, month, 'xlsx')} download variant="light">
                {t('stipends.downloadXlsx')}
              </Button>
              <Button component="a" href={paymentListUrl(area, month, 'pdf')} download variant="light">
                {t('stipends.downloadPdf')}
              </Button>
              <Button variant="subtle" color="red" onClick={() => setReopening(true)}>
                {t('stipends.reopen')}
              </Button>
            </Group>
          </Stack>
        </Alert>
      ) : (
        m.totals.pending > 0 && (
          <Alert color="orange" role="status" data-pending>
            {t('stipends.pendingWarning', { n: m.totals.pending })} <AnchorLink to="/visits/review">{t('stipends.goReview')}</AnchorLink>
          </Alert>
        )
      )}
      <Text>{t('stipends.rule', { target: m.defaultTarget, amount: baht(m.amountBaht, lang) })}</Text>
      <Table.ScrollContainer minWidth={640}>
        <Table striped data-stipends>
          <Table.Thead>
            <Table.Tr>
              {(['volunteer', 'villages', 'target', 'approved', 'pending', 'returned', 'status', 'amount'] as const).map((k) => (
                <Table.Th key={k}>{t(`stipends.columns.${k}`)}</Table.Th>
              ))}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {m.rows.map((r) => (
              <Table.Tr key={r.userId} data-volunteer={r.name}>
                <Table.Td>{r.name}</Table.Td>
                <Table.Td>{r.villages.length ? r.villages.map((v) => t('territories.village', { no: v })).join(', ') : '—'}</Table.Td>
                <Table.Td>
                  <Group gap={4} wrap="nowrap">
                    <Text span>{r.target}</Text>
                    {!signed && (
                      <Anchor
                        component="button"
                        type="button"
                        size="sm"
                        onClick={() => setEditing(r)}
                        aria-label={t('stipends.editTargetFor', { name: r.name })}
                      >
                        {t('stipends.editTarget')}
                      </Anchor>
                    )}
                  </Group>
                </Table.Td>
                <Table.Td data-approved>{r.approved}</Table.Td>
                <Table.Td>{r.pending}</Table.Td>
                <Table.Td>{r.returned}</Table.Td>
                <Table.Td>
                  <Badge color={r.eligible ? 'green' : 'gray'} variant="light" data-eligible={r.eligible}>
                    {r.eligible ? t('stipends.eligible') : t('stipends.notEligible', { n: Math.max(0, r.target - r.approved) })}
                  </Badge>
                </Table.Td>
                <Table.Td>{baht(r.amountBaht, lang)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
          <Table.Tfoot>
            <Table.Tr>
              <Table.Th colSpan={6}>{t('stipends.total', { eligible: m.totals.eligible, volunteers: m.totals.volunteers })}</Table.Th>
              <Table.Th />
              <Table.Th data-total>{baht(m.totals.totalBaht, lang)}</Table.Th>
            </Table.Tr>
          </Table.Tfoot>
        </Table>
      </Table.ScrollContainer>
      {!signed && (
        <Group>
          <Button onClick={() => setSigning(true)}>{t('stipends.sign')}</Button>
        </Group>
      )}
      {m.reopened.length > 0 && (
        <Stack gap={2}>
          <Text fw={600}>{t('stipends.history')}</Text>
          {m.reopened.map((s) => (
            <Text key={s.id} size="sm">
              {t('stipends.reopenedLine', {
                signedBy: s.signedBy,
                signedAt: formatDateTime(s.signedAt, lang),
                by: s.reopenedBy ?? '',
                at: s.reopenedAt ? formatDateTime(s.reopenedAt, lang) : '',
                reason: s.reopenReason ?? '',
              })}
            </Text>
          ))}
        </Stack>
      )}
      {signing && <SignDialog month={m} onClose={() => setSigning(false)} onDone={refresh} />}
      {reopening && <ReopenDialog area={area} month={month} onClose={() => setReopening(false)} onDone={refresh} />}
      {editing && <TargetDialog area={area} month={month} row={editing} onClose={() => setEditing(null)} onDone={refresh} />}
    </Stack>
  );
}

function SignDialog({ month, onClose, onDone }: { month: StipendMonth; onClose: () => void; onDone: () => void }) {
  const { t } = useTranslation();
  const lang = useLang();
  const [fund, setFund] = useState('');
  const sign = useMutation({
    mutationFn: () => post('/api/stipends/signoff', { areaCode: month.areaCode, month: month.month, fund: fund.trim() || undefined, confirm: true }),
    onSuccess: () => {
      notifySuccess(t('stipends.signedToast'));
      onClose();
      onDone();
    },
    onError: notifyError,
  });
  return (
    <Modal
      opened
      onClose={onClose}
      title={t('stipends.signTitle', { month: formatMonth(month.month, lang) })}
      centered
      closeButtonProps={{ 'aria-label': t('common.close') }}
    >
      <Stack gap="sm">
        <Text>
          {t('stipends.signBody', { eligible: month.totals.eligible, volunteers: month.totals.volunteers, total: baht(month.totals.totalBaht, lang) })}
        </Text>
        {month.totals.pending > 0 && (
          <Alert color="orange" role="alert">
            {t('stipends.pendingWarning', { n: month.totals.pending })}
          </Alert>
        )}
        <TextInput
          label={t('stipends.fundLabel')}
          description={t('stipends.fundHelp')}
          value={fund}
          onChange={(e) => setFund(e.currentTarget.value)}
          maxLength={200}
        />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose} disabled={sign.isPending}>
            {t('common.cancel')}
          </Button>
          <Button onClick={() => sign.mutate()} loading={sign.isPending} data-autofocus>
            {t('stipends.signConfirm')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

function ReopenDialog({ area, month, onClose, onDone }: { area: string; month: string; onClose: () => void; onDone: () => void }) {
  const { t } = useTranslation();
  const lang = useLang();
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const reopen = useMutation({
    mutationFn: () => post('/api/stipends/reopen', { areaCode: area, month, reason: reason.trim() }),
    onSuccess: () => {
      notifySuccess(t('stipends.reopened'));
      onClose();
      onDone();
    },
    onError: (e) => {
      if (e instanceof ApiError && e.fields.length) setError(lang === 'en' ? e.fields[0]!.message_en : e.fields[0]!.message_th);
      else notifyError(e);
    },
  });
  return (
    <Modal opened onClose={onClose} title={t('stipends.reopenTitle')} centered closeButtonProps={{ 'aria-label': t('common.close') }}>
      <Stack gap="sm">
        <Text size="sm">{t('stipends.reopenBody')}</Text>
        <Textarea
          label={t('stipends.reason')}
          value={reason}
          onChange={(e) => {
            setReason(e.currentTarget.value);
            setError(null);
          }}
          error={error}
          required
          minRows={3}
          data-autofocus
        />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose} disabled={reopen.isPending}>
            {t('common.cancel')}
          </Button>
          <Button color="red" onClick={() => (reason.trim().length < 10 ? setError(t('stipends.reasonShort')) : reopen.mutate())} loading={reopen.isPending}>
            {t('stipends.reopen')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

function TargetDialog({ area, month, row, onClose, onDone }: { area: string; month: string; row: StipendRow; onClose: () => void; onDone: () => void }) {
  const { t } = useTranslation();
  const [target, setTarget] = useState<number | string>(row.target);
  const save = useMutation({
    mutationFn: () => put('/api/stipends/targets', { areaCode: area, month, userIds: [row.userId], targetVisits: Number(target) }),
    onSuccess: () => {
      notifySuccess(t('stipends.targetSaved'));
      onClose();
      onDone();
    },
    onError: notifyError,
  });
  return (
    <Modal opened onClose={onClose} title={t('stipends.targetTitle', { name: row.name })} centered closeButtonProps={{ 'aria-label': t('common.close') }}>
      <Stack gap="sm">
        <NumberInput label={t('stipends.targetLabel')} value={target} onChange={setTarget} min={1} max={500} allowDecimal={false} required data-autofocus />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t('common.cancel')}
          </Button>
          <Button onClick={() => save.mutate()} loading={save.isPending} disabled={!Number(target)}>
            {t('common.save')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
