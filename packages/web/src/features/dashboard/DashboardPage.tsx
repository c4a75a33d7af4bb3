import { type Dashboard, formatDateTime } from '@carehub/core';
import { Alert, Card, Group, SegmentedControl, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { lazy, Suspense, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Loading } from '../../components/Loading';
import { AnchorLink, ButtonLink } from '../../components/links';
import { PageHeader } from '../../components/PageHeader';
import { useLang } from '../../i18n';
import { AreaBreadcrumbs } from '../areas/AreaBreadcrumbs';
import { hasPermission, useMe } from '../auth/api';
import { dashboardQuery } from './api';
import { ChartCard } from './ChartCard';
import { ExportMenu } from './ExportMenu';
import { useDashboardLive } from './live';
import { type ChartKey, chartData, formatIndicator, indicatorValue, personsArea } from './model';

const AreaMap = lazy(() => import('./AreaMap'));

/**
 * The area dashboard (issue 8): counts for an area in the user's scope and its child areas, drilled
 * down by links (`?area=`), charts each with a table, a map, and live updates when the rollups change.
 */
export function DashboardPage({ area }: { area?: string }) {
  const { t } = useTranslation();
  const me = useMe();
  const dashboard = useQuery(dashboardQuery(area));
  const shown = dashboard.data?.area.code ?? area;
  const liveAt = useDashboardLive(shown);

  if (dashboard.isPending) return <Loading />;
  if (dashboard.isError) {
    const e = dashboard.error;
    if (e instanceof ApiError && e.status === 403 && e.code !== 'forbidden')
      return (
        <>
          <PageHeader title={t('dashboard.title')} />
          <Alert color="orange" role="alert" title={t('dashboard.outOfScopeTitle')} data-testid="dashboard-out-of-scope">
            <Text size="sm">{t('dashboard.outOfScopeText')}</Text>
            <ButtonLink to="/dashboard" search={{}} variant="light" mt="sm">
              {t('dashboard.backToMine')}
            </ButtonLink>
          </Alert>
        </>
      );
    return (
      <>
        <PageHeader title={t('dashboard.title')} />
        <ErrorAlert error={e} onRetry={() => dashboard.refetch()} />
      </>
    );
  }
  return <DashboardView d={dashboard.data} liveAt={liveAt} canReadPersons={hasPermission(me, 'persons.read')} scopes={me.scopes} />;
}

function DashboardView({ d, liveAt, canReadPersons, scopes }: { d: Dashboard; liveAt: Date | null; canReadPersons: boolean; scopes: readonly string[] }) {
  const { t } = useTranslation();
  const lang = useLang();
  const tt = (k: string) => t(k as never) as string;
  const name = lang === 'en' ? d.area.nameEn : d.area.nameTh;
  const [needsPeriod, setNeedsPeriod] = useState<'thisMonth' | 'last12Months'>('last12Months');
  const data = (key: ChartKey) => chartData(d, key, lang, tt, needsPeriod);
  const c = d.counts;
  const listArea = personsArea(d.area.code);

  const headline: Array<{ key: string; label: string; value: string; sub?: string }> = [
    { key: 'persons', label: t('dashboard.persons'), value: String(c.persons) },
    { key: 'disability', label: t('dashboard.disability'), value: String(c.disability) },
    { key: 'elderly', label: t('dashboard.elderly'), value: String(c.elderly) },
    { key: 'bedridden', label: t('dashboard.bedridden'), value: String(c.bedridden) },
    { key: 'awaitingRehabilitation', label: t('dashboard.awaitingRehabilitation'), value: String(c.awaitingRehabilitation) },
    { key: 'withGaps', label: t('dashboard.withGaps'), value: String(c.withGaps) },
    { key: 'visitsThisMonth', label: t('dashboard.visitsThisMonth'), value: String(c.visitsThisMonth) },
    {
      key: 'coverage',
      label: t('dashboard.coverage'),
      value: formatIndicator(d.visits.coverage, 'coverage'),
      sub: t('dashboard.coverageOf', { visited: c.visitDueVisited, due: c.visitDue }),
    },
    { key: 'openReferrals', label: t('dashboard.openReferrals'), value: String(c.openReferrals), sub: t('dashboard.overdueOf', { count: c.overdueReferrals }) },
    { key: 'openTasks', label: t('dashboard.openTasks'), value: String(c.openTasks), sub: t('dashboard.overdueOf', { count: c.overdueTasks }) },
  ];

  return (
    <>
      <PageHeader title={`${t('dashboard.title')}: ${name}`}>
        <Group gap="xs">
          {canReadPersons && listArea && (
            <ButtonLink to="/persons" search={listArea} variant="light" data-testid="dashboard-persons">
              {t('dashboard.personsList')}
            </ButtonLink>
          )}
          <ExportMenu area={d.area.code} />
        </Group>
      </PageHeader>
      <AreaBreadcrumbs area={d.area} scopes={scopes} to="/dashboard" label={t('dashboard.breadcrumb')} testId="dashboard-breadcrumb" />
      <Group gap="md" mb="md" wrap="wrap">
        <Text size="sm" c="dimmed" data-testid="dashboard-as-of">
          {d.refreshedAt ? t('dashboard.asOf', { at: formatDateTime(d.refreshedAt, lang) }) : t('dashboard.notRefreshed')}
        </Text>
        {liveAt && (
          <Text size="sm" c="teal" role="status" data-testid="dashboard-live">
            {t('dashboard.liveUpdated', { at: formatDateTime(liveAt, lang) })}
          </Text>
        )}
      </Group>

      <Stack gap="md">
        <section aria-labelledby="dashboard-headline">
          <Title order={2} size="h4" id="dashboard-headline" mb="xs">
            {t('dashboard.headline')}
          </Title>
          <SimpleGrid cols={{ base: 2, sm: 3, lg: 5 }} spacing="sm">
            {headline.map((h) => (
              <Card key={h.key} withBorder radius="md" padding="sm" data-count={h.key}>
                <Text size="sm" c="dimmed">
                  {h.label}
                </Text>
                <Text fz={28} fw={700} lh={1.2} data-value>
                  {h.value}
                </Text>
                {h.sub && (
                  <Text size="xs" c="dimmed">
                    {h.sub}
                  </Text>
                )}
              </Card>
            ))}
          </SimpleGrid>
        </section>

        {d.area.level !== 'village' && <ChildTable d={d} />}

        <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
          <ChartCard id="visitsByMonth" title={t('dashboard.charts.visitsByMonth')} data={data('visitsByMonth')} kind="line" />
          <ChartCard id="coverage" title={t('dashboard.charts.coverage')} data={data('coverage')} kind="hbar" />
          <ChartCard id="disabilityTypes" title={t('dashboard.charts.disabilityTypes')} data={data('disabilityTypes')} kind="hbar" />
          <ChartCard id="adl" title={t('dashboard.charts.adl')} data={data('adl')} kind="bar" />
          <ChartCard id="ageBands" title={t('dashboard.charts.ageBands')} data={data('ageBands')} kind="bar" />
          <ChartCard id="sex" title={t('dashboard.charts.sex')} data={data('sex')} kind="pie" />
          <ChartCard
            id="needs"
            title={t('dashboard.charts.needs')}
            data={data('needs')}
            kind="hbar"
            extra={
              <SegmentedControl
                size="xs"
                mb="xs"
                aria-label={t('dashboard.period')}
                value={needsPeriod}
                onChange={(v) => setNeedsPeriod(v as typeof needsPeriod)}
                data={[
                  { value: 'last12Months', label: t('dashboard.last12Months') },
                  { value: 'thisMonth', label: t('dashboard.thisMonth') },
                ]}
              />
            }
          />
          <ChartCard id="gaps" title={t('dashboard.charts.gaps')} data={data('gaps')} kind="hbar" height={320} />
          <ChartCard id="followUp" title={t('dashboard.charts.followUp')} data={data('followUp')} kind="bar" />
        </SimpleGrid>

        <Suspense fallback={<Loading />}>
          <AreaMap dashboard={d} />
        </Suspense>
      </Stack>
    </>
  );
}

/** The child areas, each row a drill-down link, with their headline counts. */
function ChildTable({ d }: { d: Dashboard }) {
  const { t } = useTranslation();
  const lang = useLang();
  const cols = ['persons', 'disability', 'elderly', 'bedridden', 'visitsThisMonth', 'coverage', 'openReferrals', 'openTasks'] as const;
  return (
    <Card withBorder radius="md" padding="sm" component="section" aria-labelledby="dashboard-children">
      <Title order={2} size="h4" id="dashboard-children" mb="xs">
        {t('dashboard.children')}
      </Title>
      {d.children.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t('dashboard.childrenEmpty')}
        </Text>
      ) : (
        <Table.ScrollContainer minWidth={640}>
          <Table striped highlightOnHover withTableBorder fz="sm" data-testid="dashboard-children">
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t('dashboard.col.area')}</Table.Th>
                {cols.map((k) => (
                  <Table.Th key={k} scope="col" ta="right">
                    {t(`dashboard.${k}`)}
                  </Table.Th>
                ))}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {d.children.map((c) => (
                <Table.Tr key={c.code} data-area={c.code}>
                  <Table.Th scope="row" fw={400}>
                    <AnchorLink to="/dashboard" search={{ area: c.code }} size="sm">
                      {lang === 'en' ? c.nameEn : c.nameTh}
                    </AnchorLink>
                  </Table.Th>
                  {cols.map((k) => (
                    <Table.Td key={k} ta="right">
                      {k === 'coverage' ? formatIndicator(indicatorValue(c.counts, 'coverage'), 'coverage') : c.counts[k]}
                    </Table.Td>
                  ))}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Card>
  );
}
