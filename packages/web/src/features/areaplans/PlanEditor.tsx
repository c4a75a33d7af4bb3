import {
  AREA_FUNDING_SOURCE_LABELS,
  AREA_FUNDING_SOURCES,
  AREA_PROJECT_STATUS_LABELS,
  type AreaFundingSource,
  type AreaPlan,
  AreaPlanSave,
  NEED_CATEGORIES,
  needCategoryLabel,
} from '@carehub/core';
import {
  Alert,
  Badge,
  Button,
  Fieldset,
  Grid,
  Group,
  List,
  MultiSelect,
  NumberInput,
  Select,
  SimpleGrid,
  Stack,
  Text,
  Textarea,
  TextInput,
} from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { errorText, notifySuccess } from '../../components/feedback';
import { check } from '../../components/forms';
import { pick, useLang } from '../../i18n';
import { OrganisationSelect, ThaiDateInput } from '../careplans/fields';
import { saveAreaPlan } from './api';
import { BudgetSummary, NeedsPanel } from './NeedsPanel';
import { emptyProject, type PlacedIssue, type PlanDraft, type ProjectDraft, placeIssues, sameDraft, toDraft, toSave } from './plan';

interface Props {
  /** The plan as it was when editing started: its version is the save's. */
  base: AreaPlan;
  onSaved: (plan: AreaPlan) => void;
  onCancel: () => void;
  /** Throw the edits away and edit the latest version. */
  onReload: () => void;
  /** Reports whether there are unsaved edits (the page holds approval back meanwhile). */
  onDirty: (dirty: boolean) => void;
}

/**
 * The plan and its projects as one form, beside the needs counted now (so what is not covered shows
 * while editing). Nothing is saved until Save; a refused save (someone saved first, a field is wrong)
 * leaves every edit on the screen.
 */
export function PlanEditor({ base, onSaved, onCancel, onReload, onDirty }: Props) {
  const { t } = useTranslation();
  const lang = useLang();
  const start = useRef(toDraft(base));
  const [draft, setDraftState] = useState<PlanDraft>(() => structuredClone(start.current));
  const [issues, setIssues] = useState<PlacedIssue[]>([]);
  const [conflict, setConflict] = useState<{ latest: number; by: string } | null>(null);
  const [formError, setFormError] = useState<string | null>(null);
  const [confirm, setConfirm] = useState<{ kind: 'remove'; key: string } | { kind: 'cancel' } | { kind: 'reload' } | null>(null);
  const summaryRef = useRef<HTMLDivElement>(null);

  const setDraft = setDraftState;
  const dirty = !sameDraft(draft, start.current);
  useEffect(() => onDirty(dirty), [dirty, onDirty]);
  const msg = (i: { message_th: string; message_en: string }) => (lang === 'en' ? i.message_en : i.message_th);
  const errorAt = (key: string | undefined, field: string) => {
    const found = issues.find((i) => i.projectKey === key && i.field === field);
    return found ? msg(found) : undefined;
  };
  const focusSummary = () => requestAnimationFrame(() => summaryRef.current?.focus());

  function setProject(key: string, patch: Partial<ProjectDraft>) {
    setDraft((d) => ({ ...d, projects: d.projects.map((p) => (p.key === key ? { ...p, ...patch } : p)) }));
    const fields = [...Object.keys(patch), ...('budget' in patch ? ['fundingSource'] : []), ...('organisation' in patch ? ['organisationId'] : [])];
    setIssues((prev) => prev.filter((i) => !(i.projectKey === key && fields.includes(i.field ?? ''))));
  }
  function addProject(categories: string[] = [], target: number | '' = '') {
    const p = emptyProject(categories, target);
    if (categories.length === 1) p.title = pick(needCategoryLabel(categories[0]!) ?? { th: '', en: '' }, 'th');
    setDraft((d) => ({ ...d, projects: [...d.projects, p] }));
    requestAnimationFrame(() => document.getElementById(`project-${p.key}-title`)?.focus());
  }
  const removeProject = (key: string) => setDraft((d) => ({ ...d, projects: d.projects.filter((p) => p.key !== key) }));

  const save = useMutation({
    mutationFn: (body: AreaPlanSave) => saveAreaPlan(base.id, body),
    onSuccess: (saved) => {
      notifySuccess(t('areaPlans.saved', { version: saved.version }));
      onSaved(saved);
    },
    onError: (err) => {
      if (err instanceof ApiError && err.code === 'conflict.stale') {
        const d = err.body.details as { latestVersion?: number; updatedBy?: string } | undefined;
        setConflict({ latest: d?.latestVersion ?? base.version + 1, by: d?.updatedBy ?? '' });
      } else if (err instanceof ApiError && err.fields.length) setIssues(placeIssues(draft, err.fields));
      else setFormError(errorText(err, lang));
      focusSummary();
    },
  });

  const submit = () => {
    setFormError(null);
    const body = toSave(draft, base.version);
    const checked = check(AreaPlanSave, body);
    if (!checked.data) {
      setIssues(placeIssues(draft, checked.issues));
      focusSummary();
      return;
    }
    setIssues([]);
    save.mutate(body);
  };

  const categoryOptions = NEED_CATEGORIES.map((c) => ({ value: c.code, label: pick(c.label, lang) }));
  const fundingOptions = AREA_FUNDING_SOURCES.map((f) => ({ value: f, label: pick(AREA_FUNDING_SOURCE_LABELS[f], lang) }));
  const approved = base.status === 'approved';
  const toRemove = confirm?.kind === 'remove' ? draft.projects.find((p) => p.key === confirm.key) : undefined;
  const issueLabel = (i: PlacedIssue) => (i.projectIndex !== undefined ? `${t('areaPlans.project', { n: i.projectIndex + 1 })}: ` : '');

  return (
    <Grid gap="md">
      <Grid.Col span={{ base: 12, md: 7, xl: 8 }} order={{ base: 2, md: 1 }}>
        <form
          noValidate
          aria-label={t('areaPlans.editTitle')}
          data-plan-editor
          data-base-version={base.version}
          onSubmit={(e) => {
            e.preventDefault();
            submit();
          }}
        >
          <Stack gap="md">
            <div ref={summaryRef} tabIndex={-1} style={{ outline: 'none' }}>
              {conflict && (
                <Alert color="red" role="alert" title={t('areaPlans.conflictTitle')} data-conflict={conflict.latest}>
                  <Text size="sm" mb="sm">
                    {t('areaPlans.conflictBody', { mine: base.version, latest: conflict.latest, by: conflict.by })}
                  </Text>
                  <Button size="xs" color="red" variant="light" onClick={() => setConfirm({ kind: 'reload' })}>
                    {t('areaPlans.reloadLatest')}
                  </Button>
                </Alert>
              )}
              {formError && (
                <Alert color="red" role="alert" title={t('common.errorTitle')} data-form-error>
                  {formError}
                </Alert>
              )}
              {issues.length > 0 && (
                <Alert color="red" role="alert" title={t('areaPlans.fixTitle')} data-issues>
                  <List size="sm">
                    {issues.map((i) => (
                      <List.Item key={`${i.path}-${i.message_en}`}>
                        {issueLabel(i)}
                        {msg(i)}
                      </List.Item>
                    ))}
                  </List>
                </Alert>
              )}
            </div>
            <TextInput
              label={t('areaPlans.planTitle')}
              value={draft.title}
              onChange={(e) => {
                const title = e.currentTarget.value;
                setDraft((d) => ({ ...d, title }));
              }}
              error={issues.find((i) => i.field === 'title' && !i.projectKey) ? msg(issues.find((i) => i.field === 'title' && !i.projectKey)!) : undefined}
              required
              maxLength={300}
            />
            <Textarea
              label={t('areaPlans.notes')}
              value={draft.notes}
              onChange={(e) => {
                const notes = e.currentTarget.value;
                setDraft((d) => ({ ...d, notes }));
              }}
              autosize
              minRows={2}
              maxLength={4000}
            />

            <section aria-labelledby="areaplan-projects">
              <Text component="h2" fw={700} size="lg" id="areaplan-projects" mb="xs">
                {t('areaPlans.projects')}
              </Text>
              <Stack gap="sm">
                {draft.projects.length === 0 && <Text c="dimmed">{t('areaPlans.noProjects')}</Text>}
                {draft.projects.map((p, i) => (
                  <Fieldset key={p.key} legend={t('areaPlans.project', { n: i + 1 })} data-edit-project={p.id ?? p.key}>
                    <Stack gap="xs">
                      {p.status && p.status !== 'planned' && (
                        <Badge variant="light" w="fit-content">
                          {pick(AREA_PROJECT_STATUS_LABELS[p.status], lang)}
                        </Badge>
                      )}
                      <TextInput
                        id={`project-${p.key}-title`}
                        label={t('areaPlans.projectTitle')}
                        value={p.title}
                        onChange={(e) => setProject(p.key, { title: e.currentTarget.value })}
                        error={errorAt(p.key, 'title')}
                        required
                        maxLength={300}
                      />
                      <Textarea
                        label={t('areaPlans.description')}
                        value={p.description}
                        onChange={(e) => setProject(p.key, { description: e.currentTarget.value })}
                        error={errorAt(p.key, 'description')}
                        autosize
                        minRows={1}
                        maxLength={2000}
                      />
                      <SimpleGrid cols={{ base: 1, sm: 2 }}>
                        <MultiSelect
                          label={t('areaPlans.needCategories')}
                          data={categoryOptions}
                          value={p.needCategories}
                          onChange={(v) => setProject(p.key, { needCategories: v })}
                          error={errorAt(p.key, 'needCategories')}
                          searchable
                        />
                        <NumberInput
                          label={t('areaPlans.targetPersons')}
                          value={p.targetPersons}
                          onChange={(v) => setProject(p.key, { targetPersons: typeof v === 'number' ? v : '' })}
                          error={errorAt(p.key, 'targetPersons')}
                          min={0}
                          max={1_000_000}
                          allowDecimal={false}
                          allowNegative={false}
                          inputMode="numeric"
                          required
                        />
                        <NumberInput
                          label={t('areaPlans.budget')}
                          value={p.budget}
                          onChange={(v) => setProject(p.key, { budget: typeof v === 'number' ? v : '' })}
                          error={errorAt(p.key, 'budget')}
                          min={0}
                          max={1_000_000_000}
                          decimalScale={2}
                          allowNegative={false}
                          thousandSeparator=","
                          inputMode="decimal"
                        />
                        <Select
                          label={t('areaPlans.fundingSource')}
                          data={fundingOptions}
                          value={p.fundingSource}
                          onChange={(v) => setProject(p.key, { fundingSource: (v as AreaFundingSource | null) ?? null })}
                          error={errorAt(p.key, 'fundingSource')}
                          clearable
                        />
                        <OrganisationSelect
                          label={t('areaPlans.organisation')}
                          value={p.organisation}
                          onChange={(o) => setProject(p.key, { organisation: o })}
                          error={errorAt(p.key, 'organisationId')}
                        />
                        <div />
                        <ThaiDateInput
                          label={t('areaPlans.startOn')}
                          value={p.startOn}
                          onChange={(v) => setProject(p.key, { startOn: v })}
                          error={errorAt(p.key, 'startOn')}
                        />
                        <ThaiDateInput
                          label={t('areaPlans.endOn')}
                          value={p.endOn}
                          onChange={(v) => setProject(p.key, { endOn: v })}
                          error={errorAt(p.key, 'endOn')}
                        />
                      </SimpleGrid>
                      {approved && p.id ? (
                        <Text size="xs" c="dimmed">
                          {t('areaPlans.cannotRemove')}
                        </Text>
                      ) : (
                        <Group justify="flex-end">
                          <Button size="xs" color="red" variant="subtle" onClick={() => setConfirm({ kind: 'remove', key: p.key })}>
                            {t('areaPlans.removeProject', { n: i + 1 })}
                          </Button>
                        </Group>
                      )}
                    </Stack>
                  </Fieldset>
                ))}
                <Group>
                  <Button variant="default" onClick={() => addProject()}>
                    {t('areaPlans.addProject')}
                  </Button>
                </Group>
              </Stack>
            </section>

            <BudgetSummary projects={draft.projects} />

            <Group gap="sm">
              <Button type="submit" loading={save.isPending}>
                {t('areaPlans.save')}
              </Button>
              <Button variant="default" disabled={save.isPending} onClick={() => (dirty ? setConfirm({ kind: 'cancel' }) : onCancel())}>
                {t('areaPlans.cancelEdit')}
              </Button>
            </Group>
          </Stack>
        </form>
      </Grid.Col>
      <Grid.Col span={{ base: 12, md: 5, xl: 4 }} order={{ base: 1, md: 2 }}>
        <NeedsPanel needs={base.needsNow} projects={draft.projects} onAdd={(c, n) => addProject([c], n)} />
      </Grid.Col>
      <ConfirmDialog
        opened={confirm !== null}
        title={confirm?.kind === 'remove' ? t('areaPlans.removeTitle') : confirm?.kind === 'reload' ? t('areaPlans.reloadTitle') : t('areaPlans.discardTitle')}
        message={
          confirm?.kind === 'remove'
            ? t('areaPlans.removeConfirm', { title: toRemove?.title || t('areaPlans.untitled') })
            : confirm?.kind === 'reload'
              ? t('areaPlans.reloadConfirm')
              : t('areaPlans.discardConfirm')
        }
        confirmLabel={
          confirm?.kind === 'remove' ? t('areaPlans.removeTitle') : confirm?.kind === 'reload' ? t('areaPlans.reloadLatest') : t('areaPlans.discard')
        }
        onConfirm={() => {
          const c = confirm;
          setConfirm(null);
          if (c?.kind === 'remove') removeProject(c.key);
          else if (c?.kind === 'reload') onReload();
          else onCancel();
        }}
        onClose={() => setConfirm(null)}
      />
    </Grid>
  );
}
