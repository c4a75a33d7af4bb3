import {
  formatDate,
  formatDateTime,
  type PlausibilityFlag,
  TOO_FAST_MINUTES,
  thaiMonthOf,
  thaiToday,
  VITALS,
  type VisitAssessment,
  type VisitOverviewRow,
  type VitalKey,
} from '@carehub/core';
import { Alert, Badge, Box, Button, Card, Checkbox, Group, Image, List, Select, SimpleGrid, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import type { TFunction } from 'i18next';
import { lazy, Suspense, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { get } from '../../api';
import { MonthField } from '../../components/DateFields';
import { ErrorAlert } from '../../components/ErrorAlert';
import { ListDownload } from '../../components/ListDownload';
import { Loading } from '../../components/Loading';
import { AnchorLink } from '../../components/links';
import { PageHeader } from '../../components/PageHeader';
import { pick, useLang } from '../../i18n';
import { pendingVisitsQuery, type Visit } from './api';
import { describeCodes } from './labels';
import { ReviewDialog, type ReviewRequest } from './ReviewDialog';

// ECharts loads only when there is something to draw.
const VisitMap = lazy(() => import('./VisitMap'));

type Flag = PlausibilityFlag;

/** A flag in a sentence of the reader's language, from the numbers the server gives. */
function flagText(f: Flag, t: TFunction): string {
  return f.kind === 'too_fast'
    ? t('review.flag.too_fast', { minutes: f.minutes ?? 0, limit: TOO_FAST_MINUTES })
    : t('review.flag.same_place', { households: f.households ?? 0, lat: f.lat?.toFixed(4) ?? '?', lng: f.lng?.toFixed(4) ?? '?' });
}

/**
 * The supervisor's desk: visits waiting for review, flagged ones first, each with the assessments
 * recorded in it, to approve (after a confirmation) or return with a reason, one by one or in a batch.
 */
export function ReviewPage() {
  const { t } = useTranslation();
  const visits = useQuery(pendingVisitsQuery);
  // Thai dates: after 17:00 UTC it is already tomorrow in Thailand, and the server reads the days in Thai time.
  const to = thaiToday();
  const from = thaiToday(new Date(Date.now() - 30 * 864e5));
  const flags = useQuery({ queryKey: ['visits', 'implausible', from, to], queryFn: () => get<Flag[]>('/api/visits-implausible', { from, to }) });
  const overview = useQuery({ queryKey: ['visits', 'overview'], queryFn: () => get<VisitOverviewRow[]>('/api/visits-overview') });
  const recent = useQuery({ queryKey: ['visits', 'recent', from], queryFn: () => get<Visit[]>('/api/visits', { from, limit: 500 }) });
  const flagged = new Map<string, Flag[]>();
  for (const f of flags.data ?? []) for (const id of f.visits) flagged.set(id, [...(flagged.get(id) ?? []), f]);
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const [request, setRequest] = useState<ReviewRequest | null>(null);
  const pendingIds = (visits.data ?? []).map((v) => v.id);
  // Only visits still waiting count as selected (another reviewer may have decided one meanwhile).
  const chosen = pendingIds.filter((id) => selected.has(id));
  const ask = (decision: ReviewRequest['decision'], ids: string[]) =>
    setRequest({ decision, visitIds: ids, flagged: ids.filter((id) => flagged.has(id)).length });
  const toggle = (id: string, on: boolean) =>
    setSelected((s) => {
      const next = new Set(s);
      if (on) next.add(id);
      else next.delete(id);
      return next;
    });

  return (
    <>
      <PageHeader title={t('review.title')} />
      {overview.data && overview.data.length > 0 && (
        <Table.ScrollContainer minWidth={640} mb="lg">
          <Table striped data-overview>
            <Table.Thead>
              <Table.Tr>
                {(['volunteer', 'persons', 'overdue', 'visits30', 'pending', 'overdueTasks'] as const).map((k) => (
                  <Table.Th key={k}>{t(`review.columns.${k}`)}</Table.Th>
                ))}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {overview.data.map((r) => (
                <Table.Tr key={r.userId}>
                  <Table.Td>
                    {r.volunteer}
                    <Text size="xs" c="dimmed">
                      {r.organisation}
                    </Text>
                  </Table.Td>
                  <Table.Td>{r.persons}</Table.Td>
                  <Table.Td c={r.overdue ? 'red.8' : undefined}>{r.overdue}</Table.Td>
                  <Table.Td>{r.visits30}</Table.Td>
                  <Table.Td>{r.pending}</Table.Td>
                  <Table.Td c={r.overdueTasks ? 'red.8' : undefined}>{r.overdueTasks}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {recent.data?.some((v) => v.gps) && (
        <Suspense fallback={<Loading />}>
          <Box mb="lg">
            <VisitMap visits={recent.data ?? []} />
          </Box>
        </Suspense>
      )}
      <ActivityReportLinks />
      <VisitList volunteers={overview.data ?? []} />
      <Title order={2} size="h4" mb="xs">
        {t('review.pendingTitle')}
      </Title>
      {visits.isPending ? (
        <Loading />
      ) : visits.isError ? (
        <ErrorAlert error={visits.error} onRetry={() => visits.refetch()} />
      ) : visits.data.length === 0 ? (
        <Text c="dimmed">{t('review.empty')}</Text>
      ) : (
        <Stack gap="md">
          <Card withBorder padding="sm" data-batch style={{ position: 'sticky', top: 'var(--app-shell-header-height, 0px)', zIndex: 2 }}>
            <Group justify="space-between">
              <Checkbox
                label={t('review.selectAll', { count: pendingIds.length })}
                checked={chosen.length > 0 && chosen.length === pendingIds.length}
                indeterminate={chosen.length > 0 && chosen.length < pendingIds.length}
                onChange={(e) => setSelected(new Set(e.currentTarget.checked ? pendingIds : []))}
              />
              <Group gap="sm">
                <Button disabled={!chosen.length} onClick={() => ask('approve', chosen)}>
                  {t('review.approveSelected', { count: chosen.length })}
                </Button>
                <Button variant="default" disabled={!chosen.length} onClick={() => ask('return', chosen)}>
                  {t('review.returnSelected', { count: chosen.length })}
                </Button>
              </Group>
            </Group>
          </Card>
          {[...visits.data]
            .sort((a, b) => Number(flagged.has(b.id)) - Number(flagged.has(a.id)))
            .map((v) => (
              <VisitCard
                key={v.id}
                visit={v}
                flags={flagged.get(v.id) ?? []}
                selected={selected.has(v.id)}
                onSelect={(on) => toggle(v.id, on)}
                onReview={(decision) => ask(decision, [v.id])}
              />
            ))}
        </Stack>
      )}
      <ReviewDialog
        request={request}
        onClose={() => setRequest(null)}
        onDone={(ids) =>
          setSelected((s) => {
            const next = new Set(s);
            for (const id of ids) next.delete(id);
            return next;
          })
        }
      />
    </>
  );
}

/** The volunteers' monthly activity report, for the stipend and the subdistrict office: Excel or a printable PDF. */
function ActivityReportLinks() {
  const { t } = useTranslation();
  const [month, setMonth] = useState(() => thaiMonthOf());
  const ok = /^\d{4}-(0[1-9]|1[0-2])$/.test(month);
  const href = (format: 'xlsx' | 'pdf') => `/api/reports/volunteer-activity?month=${month}&format=${format}`;
  return (
    <Card withBorder padding="sm" mb="lg">
      <Group align="flex-end">
        <MonthField label={t('review.reportMonth')} value={month} onChange={setMonth} w={240} />
        <Button component="a" href={ok ? href('xlsx') : undefined} download variant="default" disabled={!ok}>
          {t('review.reportXlsx')}
        </Button>
        <Button component="a" href={ok ? href('pdf') : undefined} download variant="default" disabled={!ok}>
          {t('review.reportPdf')}
        </Button>
      </Group>
    </Card>
  );
}

/** Every visit in the supervisor's areas, by volunteer, area and review state, newest first. */
function VisitList({ volunteers }: { volunteers: VisitOverviewRow[] }) {
  const { t } = useTranslation();
  const lang = useLang();
  const [volunteer, setVolunteer] = useState<string | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const [area, setArea] = useState('');
  const areaOk = /^\d{2,8}$/.test(area);
  const list = useQuery({
    queryKey: ['visits', 'list', volunteer, status, areaOk ? area : null],
    queryFn: () => get<Visit[]>('/api/visits', { recordedBy: volunteer, status, area: areaOk ? area : undefined, limit: 100 }),
  });
  return (
    <Card withBorder padding="sm" mb="lg" data-visit-list>
      <Group justify="space-between" align="flex-start" mb="xs">
        <Title order={2} size="h4">
          {t('review.allTitle')}
        </Title>
        <ListDownload path="/api/visits/export" query={{ recordedBy: volunteer, status, area: areaOk ? area : undefined }} />
      </Group>
      <Group align="flex-end" mb="sm">
        <Select
          label={t('review.columns.volunteer')}
          data={volunteers.map((v) => ({ value: v.userId, label: v.volunteer }))}
          value={volunteer}
          onChange={setVolunteer}
          clearable
          searchable
          w={240}
        />
        <Select
          label={t('common.status')}
          data={(['pending', 'approved', 'returned'] as const).map((x) => ({ value: x, label: t(`review.status.${x}`) }))}
          value={status}
          onChange={setStatus}
          clearable
          w={180}
        />
        <TextInput
          label={t('review.area')}
          value={area}
          onChange={(e) => setArea(e.currentTarget.value.trim())}
          inputMode="numeric"
          w={140}
          error={area && !areaOk ? t('review.areaInvalid') : undefined}
        />
      </Group>
      {list.isError ? (
        <ErrorAlert error={list.error} onRetry={() => list.refetch()} />
      ) : (
        <Table.ScrollContainer minWidth={560}>
          <Table striped>
            <Table.Tbody>
              {(list.data ?? []).map((v) => (
                <Table.Tr key={v.id}>
                  <Table.Td>{formatDateTime(v.visitedAt, lang)}</Table.Td>
                  <Table.Td>
                    <AnchorLink to="/persons/$id" params={{ id: v.personId }}>
                      {v.personName}
                    </AnchorLink>
                  </Table.Td>
                  <Table.Td>{v.recordedBy}</Table.Td>
                  <Table.Td>
                    <Badge variant="light" color={v.review.status === 'approved' ? 'teal' : v.review.status === 'returned' ? 'orange' : 'gray'}>
                      {t(`review.status.${v.review.status}`)}
                    </Badge>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {list.data?.length === 0 && <Text c="dimmed">{t('review.none')}</Text>}
    </Card>
  );
}

function VisitCard({
  visit: v,
  flags,
  selected,
  onSelect,
  onReview,
}: {
  visit: Visit;
  flags: Flag[];
  selected: boolean;
  onSelect: (on: boolean) => void;
  onReview: (decision: ReviewRequest['decision']) => void;
}) {
  const { t } = useTranslation();
  const lang = useLang();
  const [photos, setPhotos] = useState<string[] | null>(null);
  return (
    <Card withBorder padding="md" data-visit={v.id}>
      <Group justify="space-between" align="flex-start" wrap="nowrap">
        <Group align="flex-start" wrap="nowrap" gap="sm">
          <Checkbox mt={4} checked={selected} onChange={(e) => onSelect(e.currentTarget.checked)} aria-label={t('review.select', { name: v.personName })} />
          <div>
            <AnchorLink to="/persons/$id" params={{ id: v.personId }} fw={700}>
              {v.personName}
            </AnchorLink>
            <Text size="sm" c="dimmed">
              {formatDateTime(v.visitedAt, lang)} · {v.recordedBy} · {v.organisation}
            </Text>
          </div>
        </Group>
      </Group>
      {flags.map((f) => (
        <Alert key={`${f.kind}:${f.visits.join()}`} color="red" variant="light" mt="xs" data-flag={f.kind}>
          {flagText(f, t)}
        </Alert>
      ))}
      <SimpleGrid cols={{ base: 1, sm: 2 }} mt="sm" spacing="xs">
        <Text size="sm">
          <b>{t('visitForm.vitals')}:</b>{' '}
          {Object.entries(v.vitals)
            .map(([k, x]) => `${pick(VITALS[k as VitalKey]?.label ?? { th: k, en: k }, lang)} ${x}`)
            .join(' · ') || '—'}
        </Text>
        <Text size="sm">
          <b>{t('visitForm.next')}:</b> {formatDate(v.nextVisitOn, lang)}
        </Text>
        <Text size="sm">
          <b>{t('visitForm.needs')}:</b> {describeCodes(v.needs, 'need', lang) || '—'}
        </Text>
        <Text size="sm">
          <b>{t('visitForm.help')}:</b> {describeCodes(v.help, 'help', lang) || '—'}
        </Text>
        {v.gps && (
          <Text size="sm">
            <b>GPS:</b> {v.gps.lat.toFixed(5)}, {v.gps.lng.toFixed(5)}
          </Text>
        )}
        {v.note && (
          <Text size="sm">
            <b>{t('visitForm.note')}:</b> {v.note}
          </Text>
        )}
      </SimpleGrid>
      {v.alarms.length > 0 && (
        <Alert color="red" mt="xs">
          {v.alarms.map((a) => pick(a.message, lang)).join(' · ')}
        </Alert>
      )}
      {(v.assessments?.length ?? 0) > 0 && <VisitAssessments items={v.assessments ?? []} />}
      {v.photoCount > 0 &&
        (photos ? (
          <Group mt="xs">
            {photos.map((src) => (
              <Image key={src.slice(-32)} src={src} alt={t('visitForm.photo')} maw={160} radius="sm" />
            ))}
          </Group>
        ) : (
          <Button size="xs" variant="subtle" mt="xs" onClick={async () => setPhotos((await get<{ photos: string[] }>(`/api/visits/${v.id}`)).photos)}>
            {t('review.showPhotos', { count: v.photoCount })}
          </Button>
        ))}
      <Group mt="sm">
        <Button onClick={() => onReview('approve')}>{t('review.approve')}</Button>
        <Button variant="default" color="orange" onClick={() => onReview('return')}>
          {t('review.return')}
        </Button>
      </Group>
    </Card>
  );
}

/** The assessments recorded in the visit: instrument, score, band and any alert, as the reviewer needs them. */
function VisitAssessments({ items }: { items: VisitAssessment[] }) {
  const { t } = useTranslation();
  const lang = useLang();
  return (
    <Box mt="xs" data-assessments>
      <Text size="sm" fw={700}>
        {t('review.assessments')}
      </Text>
      <List size="sm" spacing={4}>
        {items.map((a) => (
          <List.Item key={a.id} data-assessment={a.instrumentCode}>
            {pick(a.instrumentTitle, lang)}: {t('review.score')}{' '}
            {Object.entries(a.scores)
              .map(([k, n]) => (k === 'total' || Object.keys(a.scores).length === 1 ? String(n) : `${k} ${n}`))
              .join(', ')}
            {a.bands.map((b) => (
              <Badge
                key={`${b.score}:${b.code}`}
                ml="xs"
                variant="light"
                tt="none"
                color={b.severity === 'urgent' ? 'red' : b.severity === 'warning' ? 'orange' : 'gray'}
              >
                {pick(b.label, lang)}
              </Badge>
            ))}
            {a.alerts.map((x) => (
              <Text key={pick(x.message, 'en')} size="sm" c={x.severity === 'urgent' ? 'red.8' : 'orange.9'}>
                {pick(x.message, lang)}
              </Text>
            ))}
          </List.Item>
        ))}
      </List>
    </Box>
  );
}
