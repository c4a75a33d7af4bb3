import {
  CASE_TEAM_ROLE_LABELS,
  CASE_TEAM_ROLES,
  CaseConferenceInput,
  type CaseTeamRole,
  type FieldIssue,
  FUNDING_SOURCE_LABELS,
  FUNDING_SOURCES,
  formatDate,
  formatDateTime,
  PLAN_TARGET_LABELS,
  PLAN_TARGETS,
} from '@carehub/core';
import { Alert, Button, Card, Checkbox, Fieldset, Group, List, NumberInput, Select, SimpleGrid, Stack, Text, Textarea, TextInput, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api';
import { ErrorAlert } from '../../components/ErrorAlert';
import { FormModal } from '../../components/FormModal';
import { notifyError, notifySuccess } from '../../components/feedback';
import { check } from '../../components/forms';
import { Loading } from '../../components/Loading';
import { AnchorLink } from '../../components/links';
import { pick, useLang } from '../../i18n';
import { type Conference, carePlanKey, carePlanQuery, conferencesQuery, recordConference, teamQuery } from './api';
import { type OrganisationChoice, OrganisationSelect, ThaiDateInput } from './fields';
import { labelOf } from './PlanView';
import { newId, todayInThailand } from './plan';

/** The person's case conferences, newest first: who met, what they decided, and the plan version their decisions made. */
export function ConferenceList({ personId }: { personId: string }) {
  const { t } = useTranslation();
  const lang = useLang();
  const list = useQuery(conferencesQuery(personId));
  return (
    <section aria-labelledby="conferences-title" data-conferences>
      <Title order={2} size="h3" id="conferences-title" mb="xs">
        {t('carePlans.conferencesTitle')}
      </Title>
      {list.isPending ? (
        <Loading />
      ) : list.isError ? (
        <ErrorAlert error={list.error} onRetry={() => list.refetch()} />
      ) : list.data.length === 0 ? (
        <Text c="dimmed">{t('carePlans.conferencesEmpty')}</Text>
      ) : (
        <Stack gap="xs" component="ul" p={0} m={0} style={{ listStyle: 'none' }}>
          {list.data.map((c) => (
            <ConferenceCard key={c.id} personId={personId} conference={c} lang={lang} />
          ))}
        </Stack>
      )}
    </section>
  );
}

function ConferenceCard({ personId, conference: c, lang }: { personId: string; conference: Conference; lang: 'th' | 'en' }) {
  const { t } = useTranslation();
  return (
    <Card component="li" withBorder padding="sm" data-conference={c.id}>
      <Text fw={600}>
        {formatDate(c.heldOn, lang)}
        {c.place ? ` · ${c.place}` : ''}
      </Text>
      <Text size="sm" mt={4}>
        <Text span c="dimmed" size="sm">
          {t('carePlans.attendees')}:{' '}
        </Text>
        {c.attendees.map((a) => `${a.name} (${labelOf(CASE_TEAM_ROLE_LABELS, a.role, lang)}${a.organisation ? `, ${a.organisation}` : ''})`).join('; ')}
      </Text>
      {c.summary && (
        <Text size="sm" mt={4} style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
          {c.summary}
        </Text>
      )}
      <Text size="sm" c="dimmed" mt={4}>
        {t('carePlans.decisions')}:
      </Text>
      <List size="sm">
        {c.decisions.map((d, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: decisions are a fixed list in the order they were recorded
          <List.Item key={i}>
            {d.text}
            {d.activityId && <Text span size="xs" c="teal.8">{` · ${t('carePlans.becameActivity')}`}</Text>}
          </List.Item>
        ))}
      </List>
      <Group justify="space-between" mt={4} gap="xs">
        <Text size="xs" c="dimmed">
          {t('carePlans.recordedBy', { name: c.recordedBy, at: formatDateTime(c.recordedAt, lang) })}
        </Text>
        {c.planVersion && (
          <AnchorLink
            to="/persons/$id/care-plan"
            params={{ id: personId }}
            search={{ version: c.planVersion }}
            size="sm"
            data-conference-version={c.planVersion}
          >
            {t('carePlans.openVersion', { version: c.planVersion })}
          </AnchorLink>
        )}
      </Group>
    </Card>
  );
}

interface AttendeeRow {
  key: string;
  name: string;
  role: CaseTeamRole | null;
  organisation: string;
}
interface DecisionRow {
  key: string;
  text: string;
  makeActivity: boolean;
  activity: {
    text: string;
    target: string;
    goalId: string | null;
    organisation: OrganisationChoice | null;
    responsible: string;
    dueOn: string | undefined;
    cost: number | undefined;
    funding: string | null;
  };
}

const emptyDecision = (): DecisionRow => ({
  key: newId('d'),
  text: '',
  makeActivity: false,
  activity: { text: '', target: 'person', goalId: null, organisation: null, responsible: '', dueOn: undefined, cost: undefined, funding: null },
});

interface ConferenceDialogProps {
  personId: string;
  opened: boolean;
  onClose: () => void;
}

/** Record a case conference: when, where, who, what was said and decided; decisions may become plan activities. */
export function ConferenceDialog({ personId, opened, onClose }: ConferenceDialogProps) {
  const { t } = useTranslation();
  return (
    <FormModal opened={opened} onClose={onClose} title={t('carePlans.conferenceTitle')} size="xl">
      <ConferenceForm personId={personId} onClose={onClose} />
    </FormModal>
  );
}

function ConferenceForm({ personId, onClose }: Omit<ConferenceDialogProps, 'opened'>) {
  const { t } = useTranslation();
  const lang = useLang();
  const qc = useQueryClient();
  const plan = useQuery(carePlanQuery(personId));
  const team = useQuery(teamQuery(personId));
  // The decisions are made against the plan as it was when the form opened.
  const [baseVersion, setBaseVersion] = useState<number | null>(plan.data?.version ?? null);
  const [heldOn, setHeldOn] = useState<string | undefined>(todayInThailand());
  const [place, setPlace] = useState('');
  const [attendees, setAttendees] = useState<AttendeeRow[]>(() =>
    team.data?.length
      ? team.data.map((m) => ({
          key: newId('m'),
          name: m.name,
          role: (CASE_TEAM_ROLES as readonly string[]).includes(m.role) ? (m.role as CaseTeamRole) : 'other',
          organisation: m.organisation ?? '',
        }))
      : [{ key: newId('m'), name: '', role: null, organisation: '' }],
  );
  const [summary, setSummary] = useState('');
  const [decisions, setDecisions] = useState<DecisionRow[]>(() => [emptyDecision()]);
  const [issues, setIssues] = useState<FieldIssue[]>([]);
  const [conflict, setConflict] = useState<number | null>(null);
  const topRef = useRef<HTMLDivElement>(null);
  const base = baseVersion ?? plan.data?.version ?? 0;

  const msg = (i: FieldIssue) => (lang === 'en' ? i.message_en : i.message_th);
  const errorAt = (path: string) => {
    const i = issues.find((x) => x.path === path || x.path.startsWith(`${path}.`));
    return i ? msg(i) : undefined;
  };
  const clearAt = (path: string) => setIssues((prev) => prev.filter((x) => !(x.path === path || x.path.startsWith(`${path}.`))));
  const setAttendee = (i: number, patch: Partial<AttendeeRow>) => {
    setAttendees((rows) => rows.map((r, j) => (j === i ? { ...r, ...patch } : r)));
    for (const k of Object.keys(patch)) clearAt(`attendees.${i}.${k}`);
  };
  const setDecision = (i: number, patch: Partial<DecisionRow>) => {
    setDecisions((rows) => rows.map((r, j) => (j === i ? { ...r, ...patch } : r)));
    clearAt(`decisions.${i}.text`);
  };
  const setActivity = (i: number, patch: Partial<DecisionRow['activity']>) => {
    setDecisions((rows) => rows.map((r, j) => (j === i ? { ...r, activity: { ...r.activity, ...patch } } : r)));
    clearAt(`decisions.${i}.activity`);
  };

  const save = useMutation({
    mutationFn: (body: CaseConferenceInput) => recordConference(personId, body),
    onSuccess: (c) => {
      void qc.invalidateQueries({ queryKey: ['conferences', personId] });
      void qc.invalidateQueries({ queryKey: carePlanKey(personId) });
      notifySuccess(c.planVersion ? t('carePlans.conferenceSavedWithPlan', { version: c.planVersion }) : t('carePlans.conferenceSaved'));
      onClose();
    },
    onError: (err) => {
      if (err instanceof ApiError && err.status === 409) {
        const latest = (err.body.details as { latestVersion?: number } | undefined)?.latestVersion ?? null;
        void qc.invalidateQueries({ queryKey: carePlanKey(personId) });
        setConflict(latest);
        setBaseVersion(latest);
      } else if (err instanceof ApiError && err.fields.length) setIssues(err.fields);
      else notifyError(err);
      requestAnimationFrame(() => topRef.current?.focus());
    },
  });

  const submit = () => {
    const body = {
      heldOn: heldOn ?? '',
      ...(place.trim() ? { place: place.trim() } : {}),
      attendees: attendees.map((a) => ({
        name: a.name.trim(),
        role: a.role ?? undefined,
        ...(a.organisation.trim() ? { organisation: a.organisation.trim() } : {}),
      })),
      ...(summary.trim() ? { summary: summary.trim() } : {}),
      decisions: decisions.map((d) => {
        if (!d.makeActivity) return { text: d.text.trim() };
        const a = d.activity;
        return {
          text: d.text.trim(),
          activity: {
            text: a.text.trim() || d.text.trim(),
            target: a.target,
            ...(a.goalId ? { goalId: a.goalId } : {}),
            ...(a.organisation ? { organisationId: a.organisation.id } : {}),
            ...(a.responsible.trim() ? { responsible: a.responsible.trim() } : {}),
            ...(a.dueOn ? { dueOn: a.dueOn } : {}),
            ...(a.cost !== undefined ? { cost: a.cost } : {}),
            ...(a.funding ? { funding: a.funding } : {}),
          },
        };
      }),
      baseVersion: base,
    };
    const checked = check(CaseConferenceInput, body);
    if (!checked.data) {
      setIssues(checked.issues);
      requestAnimationFrame(() => topRef.current?.focus());
      return;
    }
    // An activity must say who is responsible (the plan's own rule): checked here so the message sits at the decision.
    const missing = body.decisions.flatMap((d, i) =>
      'activity' in d && d.activity && !d.activity.organisationId && !d.activity.responsible
        ? [{ path: `decisions.${i}.activity.responsible`, message_th: 'ระบุหน่วยงานหรือผู้รับผิดชอบ', message_en: 'Give the responsible organisation or person' }]
        : [],
    );
    const unfunded = body.decisions.flatMap((d, i) =>
      'activity' in d && d.activity?.cost && !d.activity.funding
        ? [{ path: `decisions.${i}.activity.funding`, message_th: 'ระบุแหล่งงบประมาณเมื่อมีค่าใช้จ่าย', message_en: 'Give the funding source of a cost' }]
        : [],
    );
    if (missing.length || unfunded.length) {
      setIssues([...missing, ...unfunded]);
      requestAnimationFrame(() => topRef.current?.focus());
      return;
    }
    setIssues([]);
    save.mutate(body as CaseConferenceInput);
  };

  const roleOptions = CASE_TEAM_ROLES.map((r) => ({ value: r, label: pick(CASE_TEAM_ROLE_LABELS[r], lang) }));
  const goalOptions = (plan.data?.body.goals ?? []).map((g, i) => ({
    value: g.id,
    label: `${i + 1}. ${g.text.length > 70 ? `${g.text.slice(0, 69)}…` : g.text}`,
  }));
  const unplaced = issues.filter((i) => !/^(heldOn|place|summary|attendees\.\d+\.|decisions\.\d+\.)/.test(i.path));

  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        submit();
      }}
      noValidate
      data-conference-form
    >
      <Stack gap="md">
        <div ref={topRef} tabIndex={-1} style={{ outline: 'none' }}>
          <Text size="sm" c="dimmed">
            {base === 0 ? t('carePlans.conferenceNoPlan') : t('carePlans.conferenceBase', { version: base })}
          </Text>
          {conflict !== null && (
            <Alert color="orange" role="alert" title={t('carePlans.conferenceConflictTitle')} mt="xs" data-conflict={conflict}>
              {t('carePlans.conferenceConflictBody', { latest: conflict })}
            </Alert>
          )}
          {issues.length > 0 && (
            <Alert color="red" role="alert" title={t('carePlans.fixTitle')} mt="xs" data-issues>
              <List size="sm">
                {issues.map((i) => (
                  <List.Item key={`${i.path}-${i.message_en}`}>{msg(i)}</List.Item>
                ))}
              </List>
              {unplaced.length > 0 && (
                <Text size="xs" mt={4}>
                  {t('carePlans.conferencePlanIssue')}
                </Text>
              )}
            </Alert>
          )}
        </div>
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <ThaiDateInput
            label={t('carePlans.heldOn')}
            value={heldOn}
            onChange={(v) => {
              setHeldOn(v);
              clearAt('heldOn');
            }}
            error={errorAt('heldOn')}
            required
          />
          <TextInput label={t('carePlans.place')} value={place} onChange={(e) => setPlace(e.currentTarget.value)} maxLength={200} />
        </SimpleGrid>

        <Fieldset legend={t('carePlans.attendees')}>
          <Stack gap="xs">
            {team.data && team.data.length > 0 && (
              <Text size="xs" c="dimmed">
                {t('carePlans.attendeesFromTeam')}
              </Text>
            )}
            {attendees.map((a, i) => (
              <Card key={a.key} withBorder padding="xs" data-attendee={i}>
                <SimpleGrid cols={{ base: 1, sm: 3 }}>
                  <TextInput
                    label={t('carePlans.attendeeName', { n: i + 1 })}
                    value={a.name}
                    onChange={(e) => setAttendee(i, { name: e.currentTarget.value })}
                    error={errorAt(`attendees.${i}.name`)}
                    required
                    maxLength={200}
                  />
                  <Select
                    label={t('carePlans.attendeeRole', { n: i + 1 })}
                    data={roleOptions}
                    value={a.role}
                    onChange={(v) => setAttendee(i, { role: v as CaseTeamRole | null })}
                    error={errorAt(`attendees.${i}.role`)}
                    required
                    comboboxProps={{ withinPortal: false }}
                  />
                  <TextInput
                    label={t('carePlans.attendeeOrganisation', { n: i + 1 })}
                    value={a.organisation}
                    onChange={(e) => setAttendee(i, { organisation: e.currentTarget.value })}
                    maxLength={200}
                  />
                </SimpleGrid>
                {attendees.length > 1 && (
                  <Group justify="flex-end" mt={4}>
                    <Button
                      size="xs"
                      variant="subtle"
                      color="red"
                      onClick={() => {
                        setAttendees((rows) => rows.filter((_, j) => j !== i));
                        setIssues([]);
                      }}
                    >
                      {t('carePlans.removeAttendee', { n: i + 1 })}
                    </Button>
                  </Group>
                )}
              </Card>
            ))}
            <Group>
              <Button
                size="xs"
                variant="default"
                onClick={() => setAttendees((rows) => [...rows, { key: newId('m'), name: '', role: null, organisation: '' }])}
              >
                {t('carePlans.addAttendee')}
              </Button>
            </Group>
          </Stack>
        </Fieldset>

        <Textarea label={t('carePlans.summary')} value={summary} onChange={(e) => setSummary(e.currentTarget.value)} autosize minRows={3} maxLength={8000} />

        <Fieldset legend={t('carePlans.decisions')}>
          <Stack gap="xs">
            {decisions.map((d, i) => (
              <Card key={d.key} withBorder padding="xs" data-decision={i}>
                <Stack gap="xs">
                  <Textarea
                    label={t('carePlans.decisionText', { n: i + 1 })}
                    value={d.text}
                    onChange={(e) => setDecision(i, { text: e.currentTarget.value })}
                    error={errorAt(`decisions.${i}.text`)}
                    required
                    autosize
                    minRows={2}
                    maxLength={1000}
                  />
                  <Checkbox
                    label={t('carePlans.makeActivity')}
                    checked={d.makeActivity}
                    onChange={(e) => setDecision(i, { makeActivity: e.currentTarget.checked })}
                  />
                  {d.makeActivity && (
                    <SimpleGrid cols={{ base: 1, sm: 2 }}>
                      <TextInput
                        label={t('carePlans.activityText')}
                        description={t('carePlans.activityTextFromDecision')}
                        value={d.activity.text}
                        onChange={(e) => setActivity(i, { text: e.currentTarget.value })}
                        error={errorAt(`decisions.${i}.activity.text`)}
                        maxLength={1000}
                      />
                      <Select
                        label={t('carePlans.target')}
                        data={PLAN_TARGETS.map((x) => ({ value: x, label: pick(PLAN_TARGET_LABELS[x], lang) }))}
                        value={d.activity.target}
                        onChange={(v) => v && setActivity(i, { target: v })}
                        allowDeselect={false}
                        comboboxProps={{ withinPortal: false }}
                      />
                      <Select
                        label={t('carePlans.forGoal')}
                        data={goalOptions}
                        value={d.activity.goalId}
                        onChange={(v) => setActivity(i, { goalId: v })}
                        placeholder={goalOptions.length ? t('carePlans.noGoal') : t('carePlans.noGoalsYet')}
                        clearable
                        comboboxProps={{ withinPortal: false }}
                      />
                      <OrganisationSelect
                        label={t('carePlans.organisation')}
                        value={d.activity.organisation}
                        onChange={(o) => setActivity(i, { organisation: o })}
                        error={errorAt(`decisions.${i}.activity.organisationId`)}
                        inModal
                      />
                      <TextInput
                        label={t('carePlans.responsiblePerson')}
                        description={t('carePlans.responsibleHelp')}
                        value={d.activity.responsible}
                        onChange={(e) => setActivity(i, { responsible: e.currentTarget.value })}
                        error={errorAt(`decisions.${i}.activity.responsible`)}
                        maxLength={200}
                      />
                      <ThaiDateInput
                        label={t('carePlans.dueOn')}
                        value={d.activity.dueOn}
                        onChange={(v) => setActivity(i, { dueOn: v })}
                        error={errorAt(`decisions.${i}.activity.dueOn`)}
                      />
                      <NumberInput
                        label={t('carePlans.costBaht')}
                        value={d.activity.cost ?? ''}
                        onChange={(v) => setActivity(i, { cost: typeof v === 'number' ? v : undefined })}
                        min={0}
                        max={10_000_000}
                        decimalScale={2}
                        thousandSeparator=","
                        inputMode="decimal"
                      />
                      <Select
                        label={t('carePlans.funding')}
                        data={FUNDING_SOURCES.map((f) => ({ value: f, label: pick(FUNDING_SOURCE_LABELS[f], lang) }))}
                        value={d.activity.funding}
                        onChange={(v) => setActivity(i, { funding: v })}
                        error={errorAt(`decisions.${i}.activity.funding`)}
                        clearable
                        searchable
                        comboboxProps={{ withinPortal: false }}
                      />
                    </SimpleGrid>
                  )}
                  {decisions.length > 1 && (
                    <Group justify="flex-end">
                      <Button
                        size="xs"
                        variant="subtle"
                        color="red"
                        onClick={() => {
                          setDecisions((rows) => rows.filter((_, j) => j !== i));
                          setIssues([]);
                        }}
                      >
                        {t('carePlans.removeDecision', { n: i + 1 })}
                      </Button>
                    </Group>
                  )}
                </Stack>
              </Card>
            ))}
            <Group>
              <Button size="xs" variant="default" onClick={() => setDecisions((rows) => [...rows, emptyDecision()])}>
                {t('carePlans.addDecision')}
              </Button>
            </Group>
          </Stack>
        </Fieldset>

        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={onClose} disabled={save.isPending}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" loading={save.isPending}>
            {t('carePlans.saveConference')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
