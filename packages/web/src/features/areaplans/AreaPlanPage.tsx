import {
  AREA_FUNDING_SOURCE_LABELS,
  AREA_PLAN_STATUS_LABELS,
  AREA_PROJECT_STATUS_LABELS,
  type AreaPlan,
  type AreaProject,
  type AreaProjectStatus,
  formatDate,
  formatDateTime,
  needCategoryLabel,
  nextProjectStatuses,
} from '@carehub/core';
import { Alert, Badge, Button, Card, Grid, Group, List, Select, Stack, Text, Textarea, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { ErrorAlert } from '../../components/ErrorAlert';
import { errorText, notifyError, notifySuccess } from '../../components/feedback';
import { Loading } from '../../components/Loading';
import { ButtonLink } from '../../components/links';
import { PageHeader } from '../../components/PageHeader';
import { pick, useLang } from '../../i18n';
import { formatBaht, STATUS_COLOR } from './AreaPlansPage';
import { approveAreaPlan, areaPlanPdfUrl, areaPlanQuery, areaPlansKey, closeAreaPlan, deleteAreaPlan, recordProjectProgress } from './api';
import { BudgetSummary, NeedsPanel } from './NeedsPanel';
import { PlanEditor } from './PlanEditor';

type Act = 'approve' | 'close' | 'delete';

/**
 * One subdistrict plan: its area and fiscal year, the needs counted now beside it, the editor (area
 * admins, until the plan is closed), each project's progress once approved, approval, closing,
 * deleting a draft (after a confirmation) and the PDF.
 */
export function AreaPlanPage({ id }: { id: string }) {
  const { t } = useTranslation();
  const lang = useLang();
  const qc = useQueryClient();
  const navigate = useNavigate();
  const plan = useQuery(areaPlanQuery(id));
  // The plan the editor started from (kept while editing, whatever is fetched meanwhile); `key` remounts it.
  const [editing, setEditing] = useState<{ base: AreaPlan; key: number } | null>(null);
  const [startedEditing, setStartedEditing] = useState(false);
  const [dirty, setDirty] = useState(false);
  const [act, setAct] = useState<Act | null>(null);
  const [actError, setActError] = useState<{ text: string; fields: string[] } | null>(null);
  const onDirty = useCallback((d: boolean) => setDirty(d), []);

  const remember = (p: AreaPlan) => {
    qc.setQueryData(areaPlanQuery(id).queryKey, p);
    void qc.invalidateQueries({ queryKey: [...areaPlansKey, 'list'] });
  };

  const action = useMutation({
    mutationFn: async ({ kind, version }: { kind: Act; version: number }) => {
      if (kind === 'approve') return approveAreaPlan(id, version);
      if (kind === 'close') return closeAreaPlan(id, version);
      await deleteAreaPlan(id, version);
      return null;
    },
    onSuccess: (result, { kind }) => {
      setAct(null);
      setActError(null);
      if (kind === 'delete') {
        qc.removeQueries({ queryKey: areaPlanQuery(id).queryKey });
        void qc.invalidateQueries({ queryKey: areaPlansKey });
        notifySuccess(t('areaPlans.deleted'));
        void navigate({ to: '/area-plans' });
        return;
      }
      if (result) remember(result);
      setEditing(null);
      notifySuccess(kind === 'approve' ? t('areaPlans.approved') : t('areaPlans.closed'));
    },
    onError: (err) => {
      setAct(null);
      if (err instanceof ApiError && err.code === 'conflict.stale') void plan.refetch();
      setActError({ text: errorText(err, lang), fields: err instanceof ApiError ? err.fields.map((f) => (lang === 'en' ? f.message_en : f.message_th)) : [] });
    },
  });

  if (plan.isPending) return <Loading />;
  if (plan.isError) return <ErrorAlert error={plan.error} onRetry={() => plan.refetch()} />;
  const p = plan.data;
  // A draft opens in the editor for those who may change it.
  if (!editing && !startedEditing && p.canEdit && p.status === 'draft') {
    setStartedEditing(true);
    setEditing({ base: p, key: 0 });
  }

  const header = (
    <div data-plan-header data-status={p.status} data-version={p.version}>
      <ButtonLink to="/area-plans" variant="subtle" size="xs" px={0} mb="xs">
        ← {t('areaPlans.back')}
      </ButtonLink>
      <PageHeader title={p.title}>
        <Group gap="xs">
          <Button component="a" variant="default" href={areaPlanPdfUrl(p.id)} download data-pdf>
            {t('areaPlans.downloadPdf')}
          </Button>
          {p.canEdit && !editing && (
            <Button variant="default" onClick={() => setEditing({ base: p, key: Date.now() })}>
              {t('areaPlans.edit')}
            </Button>
          )}
          {p.canEdit && p.status === 'draft' && (
            <Button onClick={() => setAct('approve')} disabled={dirty} title={dirty ? t('areaPlans.saveFirst') : undefined}>
              {t('areaPlans.approve')}
            </Button>
          )}
          {p.canEdit && p.status === 'approved' && (
            <Button variant="default" onClick={() => setAct('close')} disabled={dirty}>
              {t('areaPlans.close')}
            </Button>
          )}
          {p.canEdit && p.status === 'draft' && (
            <Button color="red" variant="light" onClick={() => setAct('delete')}>
              {t('areaPlans.deleteDraft')}
            </Button>
          )}
        </Group>
      </PageHeader>
      <Group gap="xs" mb="xs">
        <Badge color={STATUS_COLOR[p.status]} variant="light" size="lg" data-status-badge>
          {pick(AREA_PLAN_STATUS_LABELS[p.status], lang)}
        </Badge>
        <Text fw={600}>{t('areaPlans.fiscalYear', { year: p.fiscalYear })}</Text>
        <Text>{t('areaPlans.areaLine', p.area)}</Text>
      </Group>
      <Text size="sm" c="dimmed">
        {t('areaPlans.versionLine', { version: p.version, at: formatDateTime(p.updated.at, lang), by: p.updated.by })}
        {p.approved ? ` · ${t('areaPlans.approvedLine', { at: formatDateTime(p.approved.at, lang), by: p.approved.by })}` : ''}
      </Text>
      {dirty && p.status === 'draft' && (
        <Text size="xs" c="dimmed">
          {t('areaPlans.saveFirst')}
        </Text>
      )}
      {actError && (
        <Alert color="red" role="alert" title={t('common.errorTitle')} mt="sm" withCloseButton onClose={() => setActError(null)} data-action-error>
          {actError.text}
          {actError.fields.length > 0 && (
            <List size="sm" mt={4}>
              {actError.fields.map((f) => (
                <List.Item key={f}>{f}</List.Item>
              ))}
            </List>
          )}
        </Alert>
      )}
      {!p.canEdit && (
        <Text size="sm" c="dimmed" mt="xs">
          {p.status === 'closed' ? t('areaPlans.closedNote') : t('areaPlans.readOnly')}
        </Text>
      )}
    </div>
  );

  return (
    <>
      {header}
      <Stack mt="md">
        {editing ? (
          <PlanEditor
            key={editing.key}
            base={editing.base}
            onDirty={onDirty}
            onSaved={(saved) => {
              remember(saved);
              setEditing({ base: saved, key: Date.now() });
            }}
            onCancel={() => {
              setDirty(false);
              setEditing(null);
            }}
            onReload={async () => {
              const latest = await plan.refetch();
              setDirty(false);
              if (latest.data) setEditing({ base: latest.data, key: Date.now() });
            }}
          />
        ) : (
          <Grid gap="md">
            <Grid.Col span={{ base: 12, md: 7, xl: 8 }} order={{ base: 2, md: 1 }}>
              <Stack gap="sm">
                {p.notes && <Text style={{ whiteSpace: 'pre-wrap' }}>{p.notes}</Text>}
                <Title order={2} size="h4">
                  {p.status === 'draft' ? t('areaPlans.projects') : t('areaPlans.tracking')}
                </Title>
                {p.projects.length === 0 && <Text c="dimmed">{t('areaPlans.noProjects')}</Text>}
                {p.projects.map((x, i) => (
                  <ProjectCard key={x.id} plan={p} project={x} n={i + 1} onChanged={remember} onStale={() => plan.refetch()} />
                ))}
                <BudgetSummary projects={p.projects} />
              </Stack>
            </Grid.Col>
            <Grid.Col span={{ base: 12, md: 5, xl: 4 }} order={{ base: 1, md: 2 }}>
              <NeedsPanel needs={p.needsNow} projects={p.projects} />
            </Grid.Col>
          </Grid>
        )}
      </Stack>
      <ConfirmDialog
        opened={act !== null}
        title={act === 'approve' ? t('areaPlans.approveTitle') : act === 'close' ? t('areaPlans.closeTitle') : t('areaPlans.deleteTitle')}
        message={
          act === 'approve' ? t('areaPlans.approveConfirm') : act === 'close' ? t('areaPlans.closeConfirm') : t('areaPlans.deleteConfirm', { title: p.title })
        }
        confirmLabel={act === 'approve' ? t('areaPlans.approve') : act === 'close' ? t('areaPlans.close') : t('areaPlans.deleteDraft')}
        danger={act === 'delete'}
        loading={action.isPending}
        onConfirm={() => act && action.mutate({ kind: act, version: p.version })}
        onClose={() => setAct(null)}
      />
    </>
  );
}

/** A project as read, with its progress; area admins record progress here once the plan is approved. */
function ProjectCard({
  plan,
  project: x,
  n,
  onChanged,
  onStale,
}: {
  plan: AreaPlan;
  project: AreaProject;
  n: number;
  onChanged: (p: AreaPlan) => void;
  onStale: () => void;
}) {
  const { t } = useTranslation();
  const lang = useLang();
  const next = nextProjectStatuses(x.status);
  const [status, setStatus] = useState<AreaProjectStatus | ''>('');
  const [note, setNote] = useState('');
  const [error, setError] = useState<string | undefined>();
  const tracking = plan.canEdit && plan.status === 'approved';
  const progress = useMutation({
    mutationFn: () =>
      recordProjectProgress(plan.id, x.id, { version: plan.version, ...(status ? { status } : {}), ...(note.trim() ? { note: note.trim() } : {}) }),
    onSuccess: (saved) => {
      setStatus('');
      setNote('');
      setError(undefined);
      onChanged(saved);
      notifySuccess(t('areaPlans.progressSaved'));
    },
    onError: (err) => {
      // What was typed stays; a stale plan is fetched again so the next try names the current version.
      if (err instanceof ApiError && err.code === 'conflict.stale') onStale();
      if (err instanceof ApiError) setError(err.fields[0] ? (lang === 'en' ? err.fields[0].message_en : err.fields[0].message_th) : err.text(lang));
      else notifyError(err);
    },
  });
  const label = (s: AreaProjectStatus) => pick(AREA_PROJECT_STATUS_LABELS[s], lang);
  return (
    <Card withBorder padding="sm" component="article" aria-labelledby={`project-${x.id}`} data-project={x.id} data-status={x.status}>
      <Group justify="space-between" align="flex-start" gap="xs">
        <Text fw={700} id={`project-${x.id}`} style={{ minWidth: 0, flex: 1 }}>
          {n}. {x.title}
        </Text>
        <Badge variant="light" color={x.status === 'done' ? 'teal' : x.status === 'cancelled' ? 'gray' : x.status === 'in_progress' ? 'blue' : 'yellow'}>
          {label(x.status)}
        </Badge>
      </Group>
      {x.description && (
        <Text size="sm" c="dimmed" style={{ whiteSpace: 'pre-wrap' }}>
          {x.description}
        </Text>
      )}
      <Text size="sm" mt={4}>
        {x.needCategories.map((c) => (needCategoryLabel(c) ? pick(needCategoryLabel(c)!, lang) : c)).join(', ') || '—'} ·{' '}
        {t('areaPlans.personsCount', { n: x.targetPersons })}
      </Text>
      <Text size="sm" data-project-budget>
        {x.budget === null ? t('areaPlans.noBudget') : t('areaPlans.baht', { amount: formatBaht(x.budget, lang) })}
        {x.fundingSource ? ` · ${pick(AREA_FUNDING_SOURCE_LABELS[x.fundingSource], lang)}` : ''}
      </Text>
      <Text size="sm">
        {x.organisation ?? t('areaPlans.noOrganisation')}
        {x.startOn || x.endOn ? ` · ${x.startOn ? formatDate(x.startOn, lang) : '…'} – ${x.endOn ? formatDate(x.endOn, lang) : '…'}` : ''}
      </Text>
      {x.updates.length > 0 && (
        <List size="xs" c="dimmed" mt={4} data-updates>
          {x.updates.map((u) => (
            <List.Item key={`${u.at}-${u.toStatus}`}>
              {formatDateTime(u.at, lang)} · {u.by}
              {u.fromStatus !== u.toStatus ? ` · ${u.fromStatus ? label(u.fromStatus) : ''} → ${label(u.toStatus)}` : ''}
              {u.note ? ` · ${u.note}` : ''}
            </List.Item>
          ))}
        </List>
      )}
      {tracking && (next.length > 0 || x.status === 'in_progress') && (
        <form
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            if (!status && !note.trim()) {
              setError(t('areaPlans.progressEmpty'));
              return;
            }
            progress.mutate();
          }}
        >
          <Stack gap="xs" mt="sm">
            <Select
              label={t('areaPlans.nextStatus', { n })}
              data={[{ value: '', label: t('areaPlans.keepStatus') }, ...next.map((s) => ({ value: s, label: label(s) }))]}
              value={status}
              onChange={(v) => {
                setStatus((v as AreaProjectStatus | null) ?? '');
                setError(undefined);
              }}
              allowDeselect={false}
            />
            <Textarea
              label={t('areaPlans.progressNote', { n })}
              value={note}
              onChange={(e) => {
                setNote(e.currentTarget.value);
                setError(undefined);
              }}
              error={error}
              autosize
              minRows={1}
              maxLength={2000}
            />
            <Group>
              <Button type="submit" size="xs" variant="light" loading={progress.isPending}>
                {t('areaPlans.recordProgress')}
              </Button>
            </Group>
          </Stack>
        </form>
      )}
    </Card>
  );
}
