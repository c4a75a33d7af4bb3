import { formatDate, formatMonthShort, type IndicatorSeries, type IndicatorValues } from '@carehub/core';
import { Alert, Badge, Button, Card, Group, NumberInput, SimpleGrid, Stack, Table, Text, Title, VisuallyHidden } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { type FormEvent, lazy, type ReactNode, Suspense, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api';
import { ErrorAlert } from '../../components/ErrorAlert';
import { FormModal } from '../../components/FormModal';
import { notifySuccess } from '../../components/feedback';
import { Loading } from '../../components/Loading';
import { AnchorLink, ButtonLink } from '../../components/links';
import { PageHeader } from '../../components/PageHeader';
import { pick, useLang } from '../../i18n';
import { AreaBreadcrumbs } from '../areas/AreaBreadcrumbs';
import { AreaPicker } from '../areas/AreaPicker';
import { hasPermission, useMe } from '../auth/api';
import { indicatorValuesQuery, setTarget } from './api';
import { formatValue, headline, standing } from './format';

const Charts = lazy(() => import('./charts').then((m) => ({ default: m.TrendChart })));
const Compare = lazy(() => import('./charts').then((m) => ({ default: m.CompareChart })));

/** TH, then the province, district, subdistrict and village prefixes of an area code. */

/**
 * Quality-of-life indicators (issue 8, part 3): for an area in the user's scope (`?area=`, as on
 * the dashboard), a card per indicator with its latest value against the target, the trend of the
 * last 12 months with the target line, the child areas compared, and the same numbers as tables.
 */
export function IndicatorsPage({ area }: { area?: string }) {
  const { t } = useTranslation();
  const lang = useLang();
  const values = useQuery(indicatorValuesQuery(area));
  if (values.isPending) return <Loading />;
  if (values.isError) {
    const e = values.error;
    return (
      <>
        <PageHeader title={t('indicators.title')} />
        {e instanceof ApiError && e.code === 'forbidden.out_of_scope' ? (
          <Alert color="orange" role="alert" title={t('indicators.outOfScopeTitle')} data-testid="indicators-out-of-scope">
            <Text size="sm">{e.text(lang)}</Text>
            <ButtonLink to="/indicators" search={{}} variant="light" mt="sm">
              {t('indicators.backToMine')}
            </ButtonLink>
          </Alert>
        ) : (
          <ErrorAlert error={e} onRetry={() => values.refetch()} />
        )}
      </>
    );
  }
  return <IndicatorsView v={values.data} />;
}

function IndicatorsView({ v }: { v: IndicatorValues }) {
  const { t } = useTranslation();
  const lang = useLang();
  const me = useMe();
  const navigate = useNavigate();
  const name = lang === 'en' ? v.area.nameEn : v.area.nameTh;
  const shown = v.area.code.length === 8 ? v.area.code.slice(0, 6) : v.area.code;
  const canEdit = hasPermission(me, 'indicators.manage');
  return (
    <>
      <PageHeader title={`${t('indicators.title')}: ${name}`}>
        <ButtonLink to="/dashboard" search={{ area: v.area.code }} variant="light">
          {t('indicators.toDashboard')}
        </ButtonLink>
      </PageHeader>
      <AreaBreadcrumbs area={v.area} scopes={me.scopes} to="/indicators" label={t('indicators.breadcrumb')} />
      <Text size="sm" c="dimmed" mb="sm" data-testid="indicators-period">
        {t('indicators.period', { from: formatMonthShort(v.from, lang), to: formatMonthShort(v.to, lang), date: formatDate(v.asOf, lang) })}
      </Text>
      <Card withBorder radius="md" padding="sm" mb="md">
        <AreaPicker
          label={t('indicators.pickArea')}
          value={shown === 'TH' ? null : shown}
          scopes={me.scopes}
          onChange={(code) => {
            // The picker reports what it shows; move only when the user picked another area.
            if (code && code !== shown) void navigate({ to: '/indicators', search: { area: code } });
          }}
        />
      </Card>
      {v.indicators.length === 0 ? (
        <Text c="dimmed">{t('indicators.empty')}</Text>
      ) : (
        <SimpleGrid cols={{ base: 1, lg: 2 }} spacing="md">
          {v.indicators.map((s) => (
            <IndicatorCard key={s.code} s={s} v={v} canEdit={canEdit} />
          ))}
        </SimpleGrid>
      )}
    </>
  );
}

const STANDING_COLOUR = { meets: 'teal', misses: 'orange', none: 'gray' } as const;

function IndicatorCard({ s, v, canEdit }: { s: IndicatorSeries; v: IndicatorValues; canEdit: boolean }) {
  const { t } = useTranslation();
  const lang = useLang();
  const headingId = useId();
  const [asTable, setAsTable] = useState(false);
  const [editing, setEditing] = useState(false);
  const title = pick(s.name, lang);
  const last = headline(s);
  const running = s.months.at(-1);
  const st = standing(s);
  const childNames = s.children.map((c) => (lang === 'en' ? c.area.nameEn : c.area.nameTh));
  const counted = s.children.filter((c) => c.denominator > 0).length;
  return (
    <Card withBorder radius="md" padding="md" component="section" aria-labelledby={headingId} data-indicator={s.code}>
      <Stack gap="xs">
        <Group justify="space-between" align="flex-start" wrap="nowrap" gap="xs">
          <Title order={2} size="h4" id={headingId} style={{ flex: 1 }}>
            {title}
          </Title>
          <Button variant="subtle" size="compact-xs" onClick={() => setAsTable((x) => !x)} aria-pressed={asTable} style={{ flexShrink: 0 }}>
            {asTable ? t('indicators.showChart') : t('indicators.showTable')}
          </Button>
        </Group>
        <Text size="sm" c="dimmed">
          {pick(s.description, lang)}
        </Text>
        <Group gap="md" align="flex-end" wrap="wrap">
          <div>
            <Text size="xs" c="dimmed">
              {last ? t('indicators.latest', { month: formatMonthShort(last.month, lang) }) : ''}
            </Text>
            <Text fz={30} fw={700} lh={1.1} data-value={last?.value ?? ''} aria-hidden={(last?.value ?? null) === null}>
              {formatValue(last?.value ?? null, s.unit, lang)}
            </Text>
            {(last?.value ?? null) === null && <VisuallyHidden>{t('indicators.noData')}</VisuallyHidden>}
            {last && (
              <Text size="xs" c="dimmed">
                {s.unit === 'percent'
                  ? t('indicators.ofCount', { numerator: last.numerator, denominator: last.denominator })
                  : t('indicators.personsCounted', { count: last.denominator })}
              </Text>
            )}
          </div>
          <div>
            <Text size="xs" c="dimmed">
              {t('indicators.target')} · {s.direction === 'higher' ? t('indicators.higherBetter') : t('indicators.lowerBetter')}
            </Text>
            <Group gap="xs">
              <Text fw={600} data-target={s.target ?? ''}>
                {s.target === null ? t('indicators.noTarget') : formatValue(s.target, s.unit, lang)}
              </Text>
              {st !== 'none' && (
                <Badge color={STANDING_COLOUR[st]} variant="light" data-standing={st}>
                  {t(st === 'meets' ? 'indicators.meets' : 'indicators.misses')}
                </Badge>
              )}
              {canEdit && (
                <Button variant="subtle" size="compact-xs" onClick={() => setEditing(true)}>
                  {t('indicators.editTarget')}
                </Button>
              )}
            </Group>
          </div>
        </Group>
        {last?.provisional && (
          <Text size="xs" c="orange.8">
            {s.maturityDays ? t('indicators.provisionalDays', { days: s.maturityDays }) : t('indicators.provisional')}
          </Text>
        )}
        {running && last && running.month !== last.month && (
          <Text size="xs" c="dimmed" data-running={running.month}>
            {t('indicators.runningMonth', {
              month: formatMonthShort(running.month, lang),
              value: formatValue(running.value, s.unit, lang),
              numerator: running.numerator,
              denominator: running.denominator,
            })}
          </Text>
        )}

        <Title order={3} size="h6" mt="xs">
          {t('indicators.trend')}
        </Title>
        {asTable ? (
          <ValuesTable
            s={s}
            kind="months"
            first={t('indicators.col.month')}
            caption={`${title}: ${t('indicators.trend')}`}
            rows={s.months.map((m) => ({
              ...m,
              key: m.month,
              label: `${formatMonthShort(m.month, lang)}${m.provisional ? ` (${t('indicators.provisionalShort')})` : ''}`,
            }))}
          />
        ) : (
          <Suspense fallback={<Loading />}>
            <Charts s={s} title={title} />
          </Suspense>
        )}

        {s.children.length > 0 && (
          <>
            <Title order={3} size="h6" mt="xs">
              {t('indicators.compare', { month: formatMonthShort(v.to, lang) })}
            </Title>
            {asTable ? (
              <ValuesTable
                s={s}
                kind="children"
                first={t('indicators.col.area')}
                caption={`${title}: ${t('indicators.compare', { month: formatMonthShort(v.to, lang) })}`}
                rows={s.children.map((c, i) => ({
                  ...c,
                  key: c.area.code,
                  label: (
                    <AnchorLink to="/indicators" search={{ area: c.area.code }} size="sm">
                      {childNames[i] ?? c.area.code}
                    </AnchorLink>
                  ),
                }))}
              />
            ) : counted === 0 ? (
              <Text size="sm" c="dimmed">
                {t('indicators.noneCounted')}
              </Text>
            ) : (
              <Suspense fallback={<Loading />}>
                <Compare s={s} title={title} names={childNames} />
              </Suspense>
            )}
          </>
        )}
      </Stack>
      <FormModal opened={editing} onClose={() => setEditing(false)} title={t('indicators.editTargetOf', { name: title })}>
        <TargetForm s={s} onDone={() => setEditing(false)} />
      </FormModal>
    </Card>
  );
}

interface ValueRow {
  key: string;
  label: ReactNode;
  numerator: number;
  denominator: number;
  value: number | null;
}

/** An indicator's figures as a table: by month, or by child area. */
function ValuesTable({ s, rows, caption, first, kind }: { s: IndicatorSeries; rows: ValueRow[]; caption: string; first: string; kind: 'months' | 'children' }) {
  const { t } = useTranslation();
  const lang = useLang();
  return (
    <Table.ScrollContainer minWidth={360}>
      <Table striped withTableBorder fz="sm" data-table={kind}>
        <Table.Caption>{caption}</Table.Caption>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">{first}</Table.Th>
            <Table.Th scope="col" ta="right">
              {s.unit === 'percent' ? t('indicators.col.numerator') : t('indicators.col.sum')}
            </Table.Th>
            <Table.Th scope="col" ta="right">
              {s.unit === 'percent' ? t('indicators.col.denominator') : t('indicators.col.persons')}
            </Table.Th>
            <Table.Th scope="col" ta="right">
              {t('indicators.col.value')}
            </Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((r) => (
            <Table.Tr key={r.key} data-key={r.key}>
              <Table.Th scope="row" fw={400}>
                {r.label}
              </Table.Th>
              <Table.Td ta="right">{r.numerator.toLocaleString('th-TH')}</Table.Td>
              <Table.Td ta="right">{r.denominator.toLocaleString('th-TH')}</Table.Td>
              <Table.Td ta="right">{formatValue(r.value, s.unit, lang)}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

function TargetForm({ s, onDone }: { s: IndicatorSeries; onDone: () => void }) {
  const { t } = useTranslation();
  const lang = useLang();
  const queryClient = useQueryClient();
  const [value, setValue] = useState<string | number>(s.target ?? '');
  const [error, setError] = useState<string | null>(null);
  const save = useMutation({
    mutationFn: (target: number | null) => setTarget(s.code, target),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: ['indicators'] });
      notifySuccess(t('indicators.targetSaved'));
      onDone();
    },
    onError: (e) => setError(e instanceof ApiError ? (e.fields[0]?.[lang === 'en' ? 'message_en' : 'message_th'] ?? e.text(lang)) : String(e)),
  });
  function submit(e: FormEvent) {
    e.preventDefault();
    const target = value === '' ? null : Number(value);
    if (target !== null && (!Number.isFinite(target) || (s.unit === 'percent' && (target < 0 || target > 100)))) {
      setError(t('indicators.targetRange'));
      return;
    }
    setError(null);
    save.mutate(target);
  }
  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="md">
        <NumberInput
          label={s.unit === 'percent' ? t('indicators.targetPercent') : t('indicators.targetPoints')}
          description={t('indicators.targetHelp')}
          value={value}
          onChange={(x) => {
            setValue(x);
            setError(null);
          }}
          min={s.unit === 'percent' ? 0 : -100}
          max={s.unit === 'percent' ? 100 : 100}
          decimalScale={1}
          allowNegative={s.unit !== 'percent'}
          error={error}
          data-autofocus
        />
        <Group justify="flex-end">
          <Button variant="default" onClick={onDone}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" loading={save.isPending}>
            {t('common.save')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
