import { AREA_PLAN_STATUS_LABELS, type AreaPlanStatus, formatDateTime } from '@carehub/core';
import { Alert, Badge, Button, Card, Group, Select, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api';
import { ErrorAlert } from '../../components/ErrorAlert';
import { notifyError, notifySuccess } from '../../components/feedback';
import { Loading } from '../../components/Loading';
import { AnchorLink } from '../../components/links';
import { PageHeader } from '../../components/PageHeader';
import { pick, useLang } from '../../i18n';
import { usePickedArea } from '../areas/AreaContext';
import { AreaPicker } from '../areas/AreaPicker';
import { hasPermission, useMe } from '../auth/api';
import { todayInThailand } from '../careplans/plan';
import { areaPlanQuery, areaPlansKey, areaPlansQuery, createAreaPlan } from './api';
import { fiscalYearChoices } from './plan';

export const STATUS_COLOR: Record<AreaPlanStatus, string> = { draft: 'gray', approved: 'teal', closed: 'dark' };
export const formatBaht = (n: number, lang: 'th' | 'en') =>
  n.toLocaleString(lang === 'th' ? 'th-TH' : 'en-GB', { minimumFractionDigits: 2, maximumFractionDigits: 2 });

/** The plans of the user's areas by fiscal year, and (for area admins) a new draft drafted from the needs. */
export function AreaPlansPage() {
  const { t } = useTranslation();
  const lang = useLang();
  const me = useMe();
  const picked = usePickedArea();
  const [area, setArea] = useState<string | null>(picked.code);
  const [year, setYear] = useState<number | null>(null);
  const years = fiscalYearChoices(todayInThailand());
  const plans = useQuery(areaPlansQuery({ area, year }));
  const canWrite = hasPermission(me, 'areaplans.manage');

  return (
    <>
      <PageHeader title={t('areaPlans.title')} />
      <Text c="dimmed" size="sm" mb="md">
        {t('areaPlans.intro')}
      </Text>
      <SimpleGrid cols={{ base: 1, md: canWrite ? 2 : 1 }} spacing="md" mb="lg">
        {canWrite && <NewPlanCard years={years} />}
        <Card withBorder padding="md" component="section" aria-labelledby="areaplans-filter">
          <Title order={2} size="h4" id="areaplans-filter" mb="sm">
            {t('areaPlans.filterTitle')}
          </Title>
          <Stack gap="sm">
            <AreaPicker label={t('areaPlans.filterArea')} value={area} onChange={setArea} scopes={me.scopes} withSearch={false} />
            <Select
              label={t('areaPlans.filterYear')}
              data={[
                { value: '', label: t('areaPlans.allYears') },
                ...[...new Set([...years, ...(plans.data ?? []).map((p) => p.fiscalYear)])]
                  .sort((a, b) => b - a)
                  .map((y) => ({ value: String(y), label: t('areaPlans.fiscalYear', { year: y }) })),
              ]}
              value={year === null ? '' : String(year)}
              onChange={(v) => setYear(v ? Number(v) : null)}
              allowDeselect={false}
            />
          </Stack>
        </Card>
      </SimpleGrid>

      <section aria-labelledby="areaplans-list">
        <Title order={2} size="h4" id="areaplans-list" mb="sm">
          {t('areaPlans.listTitle')}
        </Title>
        {plans.isPending ? (
          <Loading />
        ) : plans.isError ? (
          <ErrorAlert error={plans.error} onRetry={() => plans.refetch()} />
        ) : plans.data.length === 0 ? (
          <Text c="dimmed">{t('areaPlans.empty')}</Text>
        ) : (
          <Stack gap="sm" component="ul" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
            {plans.data.map((p) => (
              <Card key={p.id} withBorder padding="sm" component="li" data-plan-row={p.id}>
                <Group justify="space-between" align="flex-start" gap="xs">
                  <div style={{ minWidth: 0, flex: 1 }}>
                    <AnchorLink to="/area-plans/$id" params={{ id: p.id }} fw={600}>
                      {p.title}
                    </AnchorLink>
                    <Text size="sm" c="dimmed">
                      {t('areaPlans.listLine', { area: p.areaName, year: p.fiscalYear })}
                    </Text>
                    <Text size="sm">
                      {t('areaPlans.listProjects', { done: p.projectsDone, total: p.projects })} · {t('areaPlans.baht', { amount: formatBaht(p.budget, lang) })}
                    </Text>
                    <Text size="xs" c="dimmed">
                      {t('areaPlans.updatedAt', { at: formatDateTime(p.updatedAt, lang) })}
                    </Text>
                  </div>
                  <Badge color={STATUS_COLOR[p.status]} variant="light">
                    {pick(AREA_PLAN_STATUS_LABELS[p.status], lang)}
                  </Badge>
                </Group>
              </Card>
            ))}
          </Stack>
        )}
      </section>
    </>
  );
}

/** A new draft: a subdistrict of the user's areas and a fiscal year; the server counts the needs and proposes projects. */
function NewPlanCard({ years }: { years: number[] }) {
  const { t } = useTranslation();
  const me = useMe();
  const qc = useQueryClient();
  const navigate = useNavigate();
  const picked = usePickedArea();
  const [area, setArea] = useState<string | null>(picked.code && picked.code.length === 6 ? picked.code : null);
  const [year, setYear] = useState<number>(years[1] ?? years[0]!);
  const [areaError, setAreaError] = useState<string | undefined>();
  const [existing, setExisting] = useState<string | null>(null);

  const create = useMutation({
    mutationFn: (areaCode: string) => createAreaPlan({ areaCode, fiscalYear: year }),
    onSuccess: (plan) => {
      qc.setQueryData(areaPlanQuery(plan.id).queryKey, plan);
      void qc.invalidateQueries({ queryKey: areaPlansKey });
      notifySuccess(t('areaPlans.created'));
      void navigate({ to: '/area-plans/$id', params: { id: plan.id } });
    },
    onError: (err) => {
      if (err instanceof ApiError && err.code === 'areaplan.exists') {
        setExisting((err.body.details as { id?: string } | undefined)?.id ?? null);
        return;
      }
      notifyError(err);
    },
  });

  return (
    <Card withBorder padding="md" component="section" aria-labelledby="areaplans-new">
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          setExisting(null);
          if (area?.length !== 6) {
            setAreaError(t('areaPlans.chooseSubdistrict'));
            return;
          }
          create.mutate(area);
        }}
      >
        <Title order={2} size="h4" id="areaplans-new" mb="xs">
          {t('areaPlans.newTitle')}
        </Title>
        <Text size="sm" c="dimmed" mb="sm">
          {t('areaPlans.newHelp')}
        </Text>
        <Stack gap="sm">
          <AreaPicker
            label={t('areaPlans.newArea')}
            value={area}
            onChange={(v) => {
              setArea(v);
              setAreaError(undefined);
              setExisting(null);
            }}
            scopes={me.scopes}
            error={areaError}
            required
          />
          <Select
            label={t('areaPlans.newYear')}
            data={years.map((y) => ({ value: String(y), label: t('areaPlans.fiscalYear', { year: y }) }))}
            value={String(year)}
            onChange={(v) => {
              if (v) setYear(Number(v));
              setExisting(null);
            }}
            allowDeselect={false}
            required
          />
          {existing && (
            <Alert color="orange" role="alert" data-exists={existing}>
              <Text size="sm">{t('areaPlans.exists')}</Text>
              <AnchorLink to="/area-plans/$id" params={{ id: existing }} size="sm">
                {t('areaPlans.openExisting')}
              </AnchorLink>
            </Alert>
          )}
          <Group>
            <Button type="submit" loading={create.isPending}>
              {t('areaPlans.create')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Card>
  );
}
