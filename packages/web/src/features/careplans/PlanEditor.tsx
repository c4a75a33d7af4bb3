import {
  ACTIVITY_STATUS_LABELS,
  ACTIVITY_STATUSES,
  type ActivityStatus,
  CarePlanBody,
  FUNDING_SOURCE_LABELS,
  FUNDING_SOURCES,
  type FundingSource,
  formatDate,
  GOAL_STATUS_LABELS,
  GOAL_STATUSES,
  type GoalStatus,
  needLabel,
  PLAN_TARGET_LABELS,
  PLAN_TARGETS,
  type PlanTarget,
} from '@carehub/core';
import {
  Alert,
  Badge,
  Button,
  Card,
  Fieldset,
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
  Title,
} from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { TFunction } from 'i18next';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { notifyError, notifySuccess } from '../../components/feedback';
import { check } from '../../components/forms';
import { pick, useLang } from '../../i18n';
import { type CarePlanView, carePlanKey, saveCarePlan, type UnplannedNeed } from './api';
import { OrganisationSelect, ThaiDateInput } from './fields';
import { formatBaht, labelOf } from './PlanView';
import { cleanBody, newId, type PlacedIssue, type PlanPart, placeIssues, planIds, samePlan, todayInThailand } from './plan';

type Problem = CarePlanBody['problems'][number];
type Goal = CarePlanBody['goals'][number];
type Activity = CarePlanBody['activities'][number];
type Review = CarePlanBody['reviews'][number];

interface PlanEditorProps {
  personId: string;
  /** The version being edited; its number is the save's baseVersion. */
  base: CarePlanView;
  /** The latest version the server has told about (live), to warn before a save that would be refused. */
  latestVersion: number | undefined;
  onSaved: (saved: CarePlanView) => void;
  onCancel: () => void;
  /** Throw the edits away and edit the latest version instead. */
  onReload: () => void;
}

const shorten = (s: string, n = 80) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

/**
 * The whole plan as a form. Nothing is saved until Save, which sends the whole plan as the version
 * after the one being edited; if someone saved in between, the server refuses, the edits stay on the
 * screen and the user chooses what to do.
 */
export function PlanEditor({ personId, base, latestVersion, onSaved, onCancel, onReload }: PlanEditorProps) {
  const { t } = useTranslation();
  const lang = useLang();
  const qc = useQueryClient();
  const [draft, setDraft] = useState<CarePlanBody>(() => structuredClone(base.body));
  const [orgNames, setOrgNames] = useState<Record<string, string>>(base.organisations);
  const [changeNote, setChangeNote] = useState('');
  const [issues, setIssues] = useState<PlacedIssue[]>([]);
  const [conflict, setConflict] = useState<{ latestVersion: number } | null>(null);
  const [confirm, setConfirm] = useState<'cancel' | 'reload' | null>(null);
  const summaryRef = useRef<HTMLDivElement>(null);
  const today = todayInThailand();

  const dirty = !samePlan(draft, base.body) || changeNote.trim() !== '';
  const msg = (i: { message_th: string; message_en: string }) => (lang === 'en' ? i.message_en : i.message_th);
  const errorAt = (part: PlanPart, id: string, field: string) => {
    const found = issues.find((i) => i.part === part && i.itemId === id && i.field === field);
    return found ? msg(found) : undefined;
  };
  const clearAt = (part: PlanPart, id: string, fields: string[]) =>
    setIssues((prev) =>
      prev.some((i) => i.part === part && i.itemId === id) ? prev.filter((i) => !(i.part === part && i.itemId === id && fields.includes(i.field ?? ''))) : prev,
    );

  const focusLater = (domId: string) => requestAnimationFrame(() => document.getElementById(domId)?.focus());

  function setProblem(id: string, patch: Partial<Problem>) {
    setDraft((d) => ({ ...d, problems: d.problems.map((x) => (x.id === id ? { ...x, ...patch } : x)) }));
    clearAt('problems', id, Object.keys(patch));
  }
  function setGoal(id: string, patch: Partial<Goal>) {
    setDraft((d) => ({ ...d, goals: d.goals.map((x) => (x.id === id ? { ...x, ...patch } : x)) }));
    clearAt('goals', id, Object.keys(patch));
  }
  function setActivity(id: string, patch: Partial<Activity>) {
    setDraft((d) => ({ ...d, activities: d.activities.map((x) => (x.id === id ? { ...x, ...patch } : x)) }));
    // A cost needs a fund and a fund answers a cost; an organisation answers "responsible" and the other way round.
    clearAt('activities', id, [...Object.keys(patch), ...('organisationId' in patch ? ['responsible'] : []), ...('cost' in patch ? ['funding'] : [])]);
  }
  function setReview(id: string, patch: Partial<Review>) {
    setDraft((d) => ({ ...d, reviews: d.reviews.map((x) => (x.id === id ? { ...x, ...patch } : x)) }));
    clearAt('reviews', id, Object.keys(patch));
  }

  function addProblem(from?: UnplannedNeed) {
    const id = newId('p', planIds(draft));
    const problem: Problem = from
      ? { id, text: pick(from.label, lang), target: 'person', sources: [{ kind: from.source.kind, id: from.source.id, need: from.need }] }
      : { id, text: '', target: 'person', sources: [] };
    setDraft((d) => ({ ...d, problems: [...d.problems, problem] }));
    focusLater(`plan-${id}-text`);
  }
  function addGoal() {
    const id = newId('g', planIds(draft));
    // A new goal most often answers the last problem written.
    const last = draft.problems.at(-1)?.id;
    setDraft((d) => ({ ...d, goals: [...d.goals, { id, problemIds: last ? [last] : [], text: '', measure: '', targetDate: '', status: 'open' }] }));
    focusLater(`plan-${id}-text`);
  }
  function addActivity() {
    const id = newId('a', planIds(draft));
    const goalId = draft.goals.at(-1)?.id;
    setDraft((d) => ({ ...d, activities: [...d.activities, { id, text: '', target: 'person', status: 'planned', ...(goalId ? { goalId } : {}) }] }));
    focusLater(`plan-${id}-text`);
  }
  function addReview() {
    const id = newId('r', planIds(draft));
    setDraft((d) => ({ ...d, reviews: [...d.reviews, { id, on: today, outcome: '' }] }));
    focusLater(`plan-${id}-text`);
  }
  // Removing an item also removes what pointed at it, so the plan stays whole.
  const removeProblem = (id: string) =>
    setDraft((d) => ({
      ...d,
      problems: d.problems.filter((x) => x.id !== id),
      goals: d.goals.map((g) => ({ ...g, problemIds: g.problemIds.filter((p) => p !== id) })),
    }));
  const removeGoal = (id: string) =>
    setDraft((d) => ({
      ...d,
      goals: d.goals.filter((x) => x.id !== id),
      activities: d.activities.map((a) => (a.goalId === id ? { ...a, goalId: undefined } : a)),
    }));
  const removeActivity = (id: string) => setDraft((d) => ({ ...d, activities: d.activities.filter((x) => x.id !== id) }));
  const removeReview = (id: string) => setDraft((d) => ({ ...d, reviews: d.reviews.filter((x) => x.id !== id) }));

  const save = useMutation({
    mutationFn: (body: CarePlanBody) =>
      saveCarePlan(personId, { baseVersion: base.version, body, ...(changeNote.trim() ? { changeNote: changeNote.trim() } : {}) }),
    onSuccess: (saved) => {
      notifySuccess(t('carePlans.savedVersion', { version: saved.version }));
      onSaved(saved);
    },
    onError: (err, body) => {
      if (err instanceof ApiError && err.status === 409) {
        const latest = (err.body.details as { latestVersion?: number } | undefined)?.latestVersion;
        setConflict({ latestVersion: latest ?? (latestVersion ?? base.version) + 1 });
        void qc.invalidateQueries({ queryKey: carePlanKey(personId) });
        requestAnimationFrame(() => summaryRef.current?.focus());
        return;
      }
      if (err instanceof ApiError && err.fields.length) {
        setIssues(placeIssues(body, err.fields));
        requestAnimationFrame(() => summaryRef.current?.focus());
        return;
      }
      notifyError(err);
    },
  });

  const submit = () => {
    const body = cleanBody(draft);
    const checked = check(CarePlanBody, body);
    if (!checked.data) {
      setIssues(placeIssues(body, checked.issues));
      requestAnimationFrame(() => summaryRef.current?.focus());
      return;
    }
    setIssues([]);
    save.mutate(body);
  };

  const copyEdits = async () => {
    try {
      await navigator.clipboard.writeText(planAsText(draft, orgNames, changeNote, t, lang));
      notifySuccess(t('carePlans.copied'));
    } catch {
      notifyError(new Error('clipboard'));
    }
  };

  const itemLabel = (i: PlacedIssue) => (i.part !== undefined && i.index !== undefined ? `${t(`carePlans.item.${i.part}`, { n: i.index + 1 })}: ` : '');
  const plannedNeeds = new Set(draft.problems.flatMap((p) => p.sources.map((s) => s.need).filter(Boolean)));
  const needs = base.unplannedNeeds.filter((n) => !plannedNeeds.has(n.need));
  const problemOptions = draft.problems.map((p, i) => ({ value: p.id, label: shorten(`${i + 1}. ${p.text || t('carePlans.item.problems', { n: i + 1 })}`) }));
  const goalOptions = draft.goals.map((g, i) => ({ value: g.id, label: shorten(`${i + 1}. ${g.text || t('carePlans.item.goals', { n: i + 1 })}`) }));
  const targetOptions = PLAN_TARGETS.map((x) => ({ value: x, label: pick(PLAN_TARGET_LABELS[x], lang) }));
  const newer = latestVersion !== undefined && latestVersion > base.version && !conflict;
  const recover = (
    <Group gap="xs">
      <Button size="xs" variant="default" onClick={copyEdits}>
        {t('carePlans.copyEdits')}
      </Button>
      <Button size="xs" color="red" variant="light" onClick={() => setConfirm('reload')}>
        {t('carePlans.reloadLatest')}
      </Button>
    </Group>
  );

  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        submit();
      }}
      noValidate
      aria-label={t('carePlans.editTitle')}
      data-plan-editor
      data-base-version={base.version}
    >
      <Stack gap="lg">
        <Text c="dimmed" size="sm">
          {base.version === 0 ? t('carePlans.editingNew') : t('carePlans.editingVersion', { version: base.version })}
        </Text>
        <div ref={summaryRef} tabIndex={-1} style={{ outline: 'none' }}>
          {conflict && (
            <Alert color="red" role="alert" title={t('carePlans.conflictTitle')} data-conflict={conflict.latestVersion}>
              <Text size="sm" mb="sm">
                {t('carePlans.conflictBody', { mine: base.version, latest: conflict.latestVersion })}
              </Text>
              {recover}
            </Alert>
          )}
          {newer && (
            <Alert color="orange" role="status" title={t('carePlans.newerTitle')} data-newer={latestVersion}>
              <Text size="sm" mb="sm">
                {t('carePlans.newerBody', { latest: latestVersion, mine: base.version })}
              </Text>
              {recover}
            </Alert>
          )}
          {issues.length > 0 && (
            <Alert color="red" role="alert" title={t('carePlans.fixTitle')} mt={conflict || newer ? 'sm' : 0} data-issues>
              <List size="sm">
                {issues.map((i) => (
                  <List.Item key={`${i.path}-${i.message_en}`}>
                    {itemLabel(i)}
                    {msg(i)}
                  </List.Item>
                ))}
              </List>
            </Alert>
          )}
        </div>

        {needs.length > 0 && (
          <section aria-labelledby="plan-needs-title" data-unplanned>
            <Title order={2} size="h4" id="plan-needs-title">
              {t('carePlans.unplannedTitle')}
            </Title>
            <Text size="sm" c="dimmed" mb="xs">
              {t('carePlans.unplannedHelp')}
            </Text>
            <Stack gap="xs">
              {needs.map((n) => (
                <Card key={n.need} withBorder padding="xs" data-need={n.need}>
                  <Group justify="space-between" gap="xs">
                    <div style={{ minWidth: 0, flex: 1 }}>
                      <Text fw={600} size="sm">
                        {pick(n.label, lang)}
                      </Text>
                      <Text size="xs" c="dimmed">
                        {t(`carePlans.sourceKind.${n.source.kind}`)} · {formatDate(n.foundAt, lang)}
                        {n.note ? ` · ${n.note}` : ''}
                      </Text>
                    </div>
                    <Button size="xs" variant="light" onClick={() => addProblem(n)} aria-label={t('carePlans.addNeedAria', { need: pick(n.label, lang) })}>
                      {t('carePlans.addNeed')}
                    </Button>
                  </Group>
                </Card>
              ))}
            </Stack>
          </section>
        )}

        <section aria-labelledby="plan-problems-title">
          <Title order={2} size="h4" id="plan-problems-title" mb="xs">
            {t('carePlans.problems')}
          </Title>
          <Stack gap="sm">
            {draft.problems.map((p, i) => (
              <Fieldset key={p.id} legend={t('carePlans.item.problems', { n: i + 1 })} data-edit-problem={p.id}>
                <Stack gap="xs">
                  <Textarea
                    id={`plan-${p.id}-text`}
                    label={t('carePlans.problemText')}
                    value={p.text}
                    onChange={(e) => setProblem(p.id, { text: e.currentTarget.value })}
                    error={errorAt('problems', p.id, 'text')}
                    required
                    autosize
                    minRows={2}
                    maxLength={1000}
                  />
                  <Select
                    label={t('carePlans.target')}
                    data={targetOptions}
                    value={p.target}
                    onChange={(v) => v && setProblem(p.id, { target: v as PlanTarget })}
                    allowDeselect={false}
                  />
                  {p.sources.length > 0 && (
                    <Group gap={4}>
                      <Text size="sm" c="dimmed">
                        {t('carePlans.source')}:
                      </Text>
                      {p.sources.map((s) => (
                        <Badge key={`${s.kind}-${s.id}-${s.need ?? ''}`} variant="light" color="grape">
                          {t(`carePlans.sourceKind.${s.kind}`)}
                          {s.need ? ` · ${needLabel(s.need) ? pick(needLabel(s.need)!, lang) : s.need}` : ''}
                        </Badge>
                      ))}
                    </Group>
                  )}
                  <RemoveButton label={t('carePlans.removeItem', { item: t('carePlans.item.problems', { n: i + 1 }) })} onClick={() => removeProblem(p.id)} />
                </Stack>
              </Fieldset>
            ))}
            <Group>
              <Button variant="default" onClick={() => addProblem()}>
                {t('carePlans.addProblem')}
              </Button>
            </Group>
          </Stack>
        </section>

        <section aria-labelledby="plan-goals-title">
          <Title order={2} size="h4" id="plan-goals-title" mb="xs">
            {t('carePlans.goals')}
          </Title>
          <Stack gap="sm">
            {draft.goals.map((g, i) => (
              <Fieldset key={g.id} legend={t('carePlans.item.goals', { n: i + 1 })} data-edit-goal={g.id}>
                <Stack gap="xs">
                  <Textarea
                    id={`plan-${g.id}-text`}
                    label={t('carePlans.goalText')}
                    value={g.text}
                    onChange={(e) => setGoal(g.id, { text: e.currentTarget.value })}
                    error={errorAt('goals', g.id, 'text')}
                    required
                    autosize
                    minRows={2}
                    maxLength={1000}
                  />
                  <MultiSelect
                    label={t('carePlans.forProblems')}
                    data={problemOptions}
                    value={g.problemIds.filter((id) => problemOptions.some((o) => o.value === id))}
                    onChange={(v) => setGoal(g.id, { problemIds: v })}
                    error={errorAt('goals', g.id, 'problemIds')}
                    placeholder={problemOptions.length ? undefined : t('carePlans.noProblemsYet')}
                  />
                  <TextInput
                    label={t('carePlans.measure')}
                    description={t('carePlans.measureHelp')}
                    value={g.measure}
                    onChange={(e) => setGoal(g.id, { measure: e.currentTarget.value })}
                    error={errorAt('goals', g.id, 'measure')}
                    required
                    maxLength={500}
                  />
                  <SimpleGrid cols={{ base: 1, sm: 2 }}>
                    <ThaiDateInput
                      label={t('carePlans.targetDate')}
                      value={g.targetDate}
                      onChange={(v) => setGoal(g.id, { targetDate: v ?? '' })}
                      error={errorAt('goals', g.id, 'targetDate')}
                      required
                    />
                    <Select
                      label={t('carePlans.goalStatus')}
                      data={GOAL_STATUSES.map((s) => ({ value: s, label: pick(GOAL_STATUS_LABELS[s], lang) }))}
                      value={g.status}
                      onChange={(v) => v && setGoal(g.id, { status: v as GoalStatus })}
                      allowDeselect={false}
                    />
                  </SimpleGrid>
                  <RemoveButton label={t('carePlans.removeItem', { item: t('carePlans.item.goals', { n: i + 1 }) })} onClick={() => removeGoal(g.id)} />
                </Stack>
              </Fieldset>
            ))}
            <Group>
              <Button variant="default" onClick={addGoal}>
                {t('carePlans.addGoal')}
              </Button>
            </Group>
          </Stack>
        </section>

        <section aria-labelledby="plan-activities-title">
          <Title order={2} size="h4" id="plan-activities-title" mb="xs">
            {t('carePlans.activities')}
          </Title>
          <Stack gap="sm">
            {draft.activities.map((a, i) => (
              <Fieldset key={a.id} legend={t('carePlans.item.activities', { n: i + 1 })} data-edit-activity={a.id}>
                <Stack gap="xs">
                  <Textarea
                    id={`plan-${a.id}-text`}
                    label={t('carePlans.activityText')}
                    value={a.text}
                    onChange={(e) => setActivity(a.id, { text: e.currentTarget.value })}
                    error={errorAt('activities', a.id, 'text')}
                    required
                    autosize
                    minRows={2}
                    maxLength={1000}
                  />
                  <SimpleGrid cols={{ base: 1, sm: 2 }}>
                    <Select
                      label={t('carePlans.target')}
                      data={targetOptions}
                      value={a.target}
                      onChange={(v) => v && setActivity(a.id, { target: v as PlanTarget })}
                      allowDeselect={false}
                    />
                    <Select
                      label={t('carePlans.forGoal')}
                      data={goalOptions}
                      value={a.goalId && goalOptions.some((o) => o.value === a.goalId) ? a.goalId : null}
                      onChange={(v) => setActivity(a.id, { goalId: v ?? undefined })}
                      error={errorAt('activities', a.id, 'goalId')}
                      placeholder={goalOptions.length ? t('carePlans.noGoal') : t('carePlans.noGoalsYet')}
                      clearable
                    />
                    <OrganisationSelect
                      label={t('carePlans.organisation')}
                      value={a.organisationId ? { id: a.organisationId, name: orgNames[a.organisationId] ?? t('carePlans.unknownOrganisation') } : null}
                      onChange={(o) => {
                        if (o) setOrgNames((m) => ({ ...m, [o.id]: o.name }));
                        setActivity(a.id, { organisationId: o?.id });
                      }}
                      error={errorAt('activities', a.id, 'organisationId')}
                    />
                    <TextInput
                      label={t('carePlans.responsiblePerson')}
                      description={t('carePlans.responsibleHelp')}
                      value={a.responsible ?? ''}
                      onChange={(e) => setActivity(a.id, { responsible: e.currentTarget.value })}
                      error={errorAt('activities', a.id, 'responsible')}
                      maxLength={200}
                    />
                    <ThaiDateInput
                      label={t('carePlans.dueOn')}
                      value={a.dueOn}
                      onChange={(v) => setActivity(a.id, { dueOn: v })}
                      error={errorAt('activities', a.id, 'dueOn')}
                    />
                    <Select
                      label={t('carePlans.activityStatus')}
                      data={ACTIVITY_STATUSES.map((s) => ({ value: s, label: pick(ACTIVITY_STATUS_LABELS[s], lang) }))}
                      value={a.status}
                      onChange={(v) => v && setActivity(a.id, { status: v as ActivityStatus })}
                      allowDeselect={false}
                    />
                    <NumberInput
                      label={t('carePlans.costBaht')}
                      value={a.cost ?? ''}
                      onChange={(v) => setActivity(a.id, { cost: typeof v === 'number' ? v : undefined })}
                      error={errorAt('activities', a.id, 'cost')}
                      min={0}
                      max={10_000_000}
                      decimalScale={2}
                      thousandSeparator=","
                      inputMode="decimal"
                    />
                    <Select
                      label={t('carePlans.funding')}
                      data={FUNDING_SOURCES.map((f) => ({ value: f, label: pick(FUNDING_SOURCE_LABELS[f], lang) }))}
                      value={a.funding ?? null}
                      onChange={(v) => setActivity(a.id, { funding: (v as FundingSource | null) ?? undefined })}
                      error={errorAt('activities', a.id, 'funding')}
                      clearable
                      searchable
                    />
                  </SimpleGrid>
                  <RemoveButton
                    label={t('carePlans.removeItem', { item: t('carePlans.item.activities', { n: i + 1 }) })}
                    onClick={() => removeActivity(a.id)}
                  />
                </Stack>
              </Fieldset>
            ))}
            <Group>
              <Button variant="default" onClick={addActivity}>
                {t('carePlans.addActivity')}
              </Button>
            </Group>
          </Stack>
        </section>

        <section aria-labelledby="plan-reviews-title">
          <Title order={2} size="h4" id="plan-reviews-title" mb="xs">
            {t('carePlans.reviews')}
          </Title>
          <Stack gap="sm">
            {draft.reviews.map((r, i) => (
              <Fieldset key={r.id} legend={t('carePlans.item.reviews', { n: i + 1 })} data-edit-review={r.id}>
                <Stack gap="xs">
                  <SimpleGrid cols={{ base: 1, sm: 2 }}>
                    <ThaiDateInput
                      label={t('carePlans.reviewOn')}
                      value={r.on}
                      onChange={(v) => setReview(r.id, { on: v ?? '' })}
                      error={errorAt('reviews', r.id, 'on')}
                      required
                    />
                    <TextInput
                      label={t('carePlans.reviewBy')}
                      value={r.by ?? ''}
                      onChange={(e) => setReview(r.id, { by: e.currentTarget.value })}
                      maxLength={200}
                    />
                  </SimpleGrid>
                  <Textarea
                    id={`plan-${r.id}-text`}
                    label={t('carePlans.reviewOutcome')}
                    value={r.outcome}
                    onChange={(e) => setReview(r.id, { outcome: e.currentTarget.value })}
                    error={errorAt('reviews', r.id, 'outcome')}
                    required
                    autosize
                    minRows={2}
                    maxLength={4000}
                  />
                  <RemoveButton label={t('carePlans.removeItem', { item: t('carePlans.item.reviews', { n: i + 1 }) })} onClick={() => removeReview(r.id)} />
                </Stack>
              </Fieldset>
            ))}
            <Group>
              <Button variant="default" onClick={addReview}>
                {t('carePlans.addReview')}
              </Button>
            </Group>
          </Stack>
        </section>

        <Textarea
          label={t('carePlans.changeNote')}
          description={t('carePlans.changeNoteHelp')}
          value={changeNote}
          onChange={(e) => setChangeNote(e.currentTarget.value)}
          autosize
          minRows={2}
          maxLength={1000}
        />
        <Group gap="sm">
          <Button type="submit" loading={save.isPending}>
            {t('carePlans.savePlan')}
          </Button>
          <Button variant="default" onClick={() => (dirty ? setConfirm('cancel') : onCancel())} disabled={save.isPending}>
            {t('carePlans.cancelEdit')}
          </Button>
        </Group>
      </Stack>
      <ConfirmDialog
        opened={confirm !== null}
        title={confirm === 'reload' ? t('carePlans.reloadTitle') : t('carePlans.discardTitle')}
        message={confirm === 'reload' ? t('carePlans.reloadConfirm') : t('carePlans.discardConfirm')}
        confirmLabel={confirm === 'reload' ? t('carePlans.reloadLatest') : t('carePlans.discard')}
        onConfirm={() => {
          const what = confirm;
          setConfirm(null);
          if (what === 'reload') onReload();
          else onCancel();
        }}
        onClose={() => setConfirm(null)}
      />
    </form>
  );
}

function RemoveButton({ label, onClick }: { label: string; onClick: () => void }) {
  return (
    <Group justify="flex-end">
      <Button size="xs" color="red" variant="subtle" onClick={onClick}>
        {label}
      </Button>
    </Group>
  );
}

/** The edits as plain text, to keep them somewhere before reloading the latest version. */
function planAsText(b: CarePlanBody, orgs: Record<string, string>, note: string, t: TFunction, lang: 'th' | 'en'): string {
  const lines: string[] = [];
  lines.push(`# ${t('carePlans.problems')}`);
  b.problems.forEach((p, i) => {
    lines.push(`${i + 1}. ${p.text} (${labelOf(PLAN_TARGET_LABELS, p.target, lang)})`);
  });
  lines.push('', `# ${t('carePlans.goals')}`);
  b.goals.forEach((g, i) => {
    lines.push(`${i + 1}. ${g.text} · ${t('carePlans.measure')}: ${g.measure} · ${g.targetDate ? formatDate(g.targetDate, lang) : '—'}`);
  });
  lines.push('', `# ${t('carePlans.activities')}`);
  b.activities.forEach((a, i) => {
    const who = [a.organisationId ? orgs[a.organisationId] : null, a.responsible].filter(Boolean).join(' · ');
    const cost =
      a.cost !== undefined
        ? ` · ${t('carePlans.baht', { amount: formatBaht(a.cost, lang) })} ${a.funding ? labelOf(FUNDING_SOURCE_LABELS, a.funding, lang) : ''}`
        : '';
    lines.push(`${i + 1}. ${a.text} · ${who} · ${a.dueOn ? formatDate(a.dueOn, lang) : '—'} · ${labelOf(ACTIVITY_STATUS_LABELS, a.status, lang)}${cost}`);
  });
  lines.push('', `# ${t('carePlans.reviews')}`);
  b.reviews.forEach((r) => {
    lines.push(`${r.on ? formatDate(r.on, lang) : '—'} ${r.by ?? ''}: ${r.outcome}`);
  });
  if (note.trim()) lines.push('', `# ${t('carePlans.changeNote')}`, note.trim());
  return lines.join('\n');
}
