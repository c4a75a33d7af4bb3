import {
  type AdlGroup,
  checkVitals,
  DEFAULT_VISIT_INTERVALS,
  formatDate,
  GLUCOSE_TIER_RULE,
  type InstrumentDefinition,
  scoreResponse,
  suggestNextVisit,
  VisitInput,
  type VitalTiers,
  vitalTier,
} from '@carehub/core';
import {
  Alert,
  Button,
  Card,
  Checkbox,
  FileInput,
  Group,
  Image,
  MultiSelect,
  NumberInput,
  Paper,
  Select,
  SimpleGrid,
  Stack,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { DateField, DateTimeField } from '../../components/DateFields';
import { notifyError, notifySuccess } from '../../components/feedback';
import { check } from '../../components/forms';
import { Loading } from '../../components/Loading';
import { PageHeader } from '../../components/PageHeader';
import { pick, useLang } from '../../i18n';
import { enqueue } from '../../offline/outbox';
import { AssessmentForm } from '../assessments/AssessmentForm';
import { shrinkPhoto } from '../assessments/photo';
import { ResultPanel } from '../assessments/ResultPanel';
import { useMe } from '../auth/api';
import { offlineInstrumentsQuery, useCaseload, visitSettingsQuery } from './api';
import { answerInVisit, type InVisitAssessment, inVisit } from './chain';
import { helpOptions, needOptions, VITAL_FIELDS } from './labels';
import { VitalTierChip } from './VitalTierChip';

const PRESENT = ['self', 'caregiver', 'family', 'neighbour', 'staff'] as const;
/** The readings with a 7-colour tier, each shown under its own field. */
const TIERED = new Set<string>(['systolic', 'diastolic', 'sugar', 'sugarFasting'] satisfies Array<keyof VitalTiers>);

const localDateTime = (d: Date) => new Date(d.getTime() - d.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
const withOffset = (local: string) => {
  const d = new Date(local);
  const off = -d.getTimezoneOffset();
  const sign = off >= 0 ? '+' : '-';
  const hh = String(Math.floor(Math.abs(off) / 60)).padStart(2, '0');
  const mm = String(Math.abs(off) % 60).padStart(2, '0');
  return `${local}:00${sign}${hh}:${mm}`;
};

/**
 * One home visit, phone first: everything is kept on the device and goes to the outbox, which sends
 * it when there is a signal. Assessments done during the visit are signed with the visit's id.
 */
export function VisitFormPage({ personId }: { personId: string }) {
  const { t } = useTranslation();
  const lang = useLang();
  const me = useMe();
  const navigate = useNavigate();
  const { query: caseload, entries } = useCaseload(me.id);
  const instruments = useQuery(offlineInstrumentsQuery(me.id));
  const definitionOf = (code: string) => instruments.data?.data.find((i) => i.code === code)?.definition as InstrumentDefinition | undefined;
  const settings = useQuery(visitSettingsQuery(me.id));
  const [visitId] = useState(() => crypto.randomUUID());
  const [when, setWhen] = useState(() => localDateTime(new Date()));
  const [gps, setGps] = useState<{ lat: number; lng: number; accuracy?: number } | null>(null);
  const [present, setPresent] = useState<string[]>(['self']);
  const [vitals, setVitals] = useState<Record<string, number>>({});
  const [needs, setNeeds] = useState<string[]>([]);
  const [help, setHelp] = useState<string[]>([]);
  const [note, setNote] = useState('');
  const [phones, setPhones] = useState<string | null>(null);
  const [photos, setPhotos] = useState<string[]>([]);
  const [next, setNext] = useState<string | null>(null);
  const [assessments, setAssessments] = useState<InVisitAssessment[]>([]);
  const [pickInstrument, setPickInstrument] = useState<string | null>(null);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [saving, setSaving] = useState(false);

  const person = entries?.find((p) => p.personId === personId);
  const vitalCheck = useMemo(() => checkVitals(vitals), [vitals]);
  // Neither the form nor the person record says which disease a person has: no dark green here.
  const tiers = useMemo(() => vitalTier(vitals), [vitals]);
  const suggested = useMemo(
    () =>
      suggestNextVisit(
        {
          visitedOn: when.slice(0, 10),
          adlGroup: (person?.adlGroup as AdlGroup | null) ?? null,
          urgentNeed: false,
          alarms: vitalCheck.alarms.length > 0,
        },
        settings.data?.data.intervals ?? DEFAULT_VISIT_INTERVALS,
      ),
    [when, person?.adlGroup, vitalCheck.alarms.length, settings.data],
  );
  const nextVisitOn = next ?? suggested;

  if (caseload.isPending || instruments.isPending) return <Loading />;
  if (!person) return <Alert color="orange">{t('visitForm.notInCaseload')}</Alert>;

  const locate = () =>
    navigator.geolocation?.getCurrentPosition(
      (p) => setGps({ lat: p.coords.latitude, lng: p.coords.longitude, accuracy: Math.round(p.coords.accuracy) }),
      () => notifyError(new Error(t('assess.gpsUnavailable'))),
      { enableHighAccuracy: true, timeout: 15_000 },
    );

  const save = async () => {
    const body = {
      id: visitId,
      personId,
      visitedAt: withOffset(when),
      gps,
      present,
      vitals,
      needs: needs.map((code) => ({ code })),
      help: help.map((code) => ({ code })),
      photos,
      note,
      nextVisitOn,
      assessmentIds: assessments.map((a) => a.id),
    };
    // The same Thai/English field messages as the server's answer, in the user's language.
    const parsed = check(VisitInput, body);
    const incomplete = assessments.find((a) => scoreResponse(a.definition, a.answers).missing.length > 0);
    if (!parsed.data || incomplete) {
      setErrors(Object.fromEntries(parsed.issues.map((i) => [i.path, lang === 'th' ? i.message_th : i.message_en])));
      notifyError(new Error(incomplete ? t('visitForm.incompleteAssessment') : t('visitForm.invalid')));
      return;
    }
    setSaving(true);
    try {
      const newPhones = phones === null ? null : phones.split(/[,\s]+/).filter(Boolean);
      // A person registered on this phone has no version on the server yet: their phones go with the registration.
      if (!person.local && newPhones && newPhones.join(',') !== person.phones.join(','))
        // An edit of the person goes with the person's version: if someone changed them meanwhile, the
        // outbox holds it as a conflict for the volunteer to settle, and nothing is overwritten.
        await enqueue([
          {
            id: crypto.randomUUID(),
            kind: 'person',
            method: 'PATCH',
            group: `person:${personId}:${visitId}`,
            order: 0,
            userId: me.id,
            personId,
            personName: person.name,
            path: `/api/persons/${personId}`,
            body: { version: person.version, phones: newPhones },
          },
        ]);
      const outcome = await enqueue([
        ...assessments.map((a, order) => ({
          id: a.id,
          kind: 'assessment' as const,
          group: visitId,
          order,
          userId: me.id,
          personId,
          personName: person.name,
          path: `/api/persons/${personId}/assessments`,
          body: {
            id: a.id,
            instrumentCode: a.definition.code,
            instrumentVersion: a.definition.version,
            answers: a.answers,
            sign: true,
            place: 'home',
            visitId,
            performedAt: body.visitedAt,
            ...(gps ? { gps: { lat: gps.lat, lng: gps.lng } } : {}),
          },
        })),
        {
          id: visitId,
          kind: 'visit' as const,
          group: visitId,
          order: assessments.length,
          userId: me.id,
          personId,
          personName: person.name,
          path: '/api/visits',
          body,
        },
      ]);
      // Said as it is: sent only when the server took it; otherwise kept on the phone (or refused, and why is in the outbox).
      if (outcome === 'sent') notifySuccess(t('visits.sentNow'));
      else if (outcome === 'error') notifyError(new Error(t('visits.savedRefused')));
      else notifySuccess(t('visits.savedLocally'));
      await navigate({ to: '/visits' });
    } catch (e) {
      notifyError(e);
    } finally {
      setSaving(false);
    }
  };

  const vitalError = (key: string) =>
    errors[`vitals.${key}`] ?? vitalCheck.errors.find((e) => e.path === `vitals.${key}`)?.[lang === 'th' ? 'message_th' : 'message_en'];

  return (
    <>
      <PageHeader title={t('visitForm.title')} />
      <Stack gap="md" maw={720}>
        <Card withBorder padding="sm">
          <Text fw={700}>{person.name}</Text>
          <Text size="sm" c="dimmed">
            {person.address}
          </Text>
        </Card>
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <DateTimeField label={t('visitForm.when')} value={when} onChange={setWhen} required />
          <Stack gap={4} justify="flex-end">
            <Button variant="default" onClick={locate}>
              {t('visitForm.gps')}
            </Button>
            {gps && (
              <Text size="xs" c="dimmed">
                {gps.lat.toFixed(5)}, {gps.lng.toFixed(5)} (±{gps.accuracy ?? '?'} m)
              </Text>
            )}
          </Stack>
        </SimpleGrid>
        <Checkbox.Group label={t('visitForm.present')} value={present} onChange={setPresent}>
          <Group mt={6}>
            {PRESENT.map((p) => (
              <Checkbox key={p} value={p} label={t(`visitForm.presentOptions.${p}`)} />
            ))}
          </Group>
        </Checkbox.Group>
        <Paper withBorder p="sm">
          <Title order={3} size="h5" mb="xs">
            {t('visitForm.vitals')}
          </Title>
          <SimpleGrid cols={{ base: 2, sm: 3 }}>
            {VITAL_FIELDS.map((v) => (
              <Stack key={v.key} gap={4}>
                <NumberInput
                  label={`${pick(v.label, lang)} (${v.unit})`}
                  description={v.key === 'sugar' ? t('visitForm.sugarNotFasting', { high: GLUCOSE_TIER_RULE.randomHigh }) : undefined}
                  value={vitals[v.key] ?? ''}
                  min={v.min}
                  max={v.max}
                  decimalScale={v.decimals}
                  inputMode="decimal"
                  error={vitalError(v.key)}
                  onChange={(x) =>
                    setVitals((s) => {
                      const copy = { ...s };
                      if (typeof x === 'number') copy[v.key] = x;
                      else delete copy[v.key];
                      return copy;
                    })
                  }
                />
                {TIERED.has(v.key) && <VitalTierChip tier={tiers[v.key as keyof VitalTiers]} what={pick(v.label, lang)} />}
              </Stack>
            ))}
          </SimpleGrid>
          {tiers.systolic && tiers.diastolic && (
            <Group gap="xs" mt="xs">
              <Text size="sm">{t('visitForm.bpTier')}</Text>
              <VitalTierChip tier={tiers.bp} what={t('visitForm.bpTier')} />
            </Group>
          )}
          {vitalCheck.alarms.map((a) => (
            <Alert key={a.code} mt="xs" color={a.severity === 'urgent' ? 'red' : 'orange'}>
              {pick(a.message, lang)}
            </Alert>
          ))}
        </Paper>
        <MultiSelect label={t('visitForm.needs')} data={needOptions(lang)} value={needs} onChange={setNeeds} searchable clearable />
        <MultiSelect label={t('visitForm.help')} data={helpOptions(lang)} value={help} onChange={setHelp} searchable clearable />
        <Paper withBorder p="sm">
          <Title order={3} size="h5" mb="xs">
            {t('visitForm.assessments')}
          </Title>
          {assessments.map((a) => (
            <Stack key={a.id} gap="xs" mb="md">
              <Group justify="space-between">
                <Text fw={600}>{pick(a.definition.title, lang)}</Text>
                <Button size="xs" variant="subtle" color="red" onClick={() => setAssessments((s) => s.filter((x) => x.id !== a.id))}>
                  {t('visitForm.removeAssessment')}
                </Button>
              </Group>
              <AssessmentForm
                definition={a.definition}
                answers={a.answers}
                onChange={(answers) => setAssessments((s) => answerInVisit(s, a.id, answers, definitionOf))}
              />
              <ResultPanel definition={a.definition} result={scoreResponse(a.definition, a.answers)} answers={a.answers} live />
              {scoreResponse(a.definition, a.answers)
                .next.filter((code) => !assessments.some((x) => x.definition.code === code))
                .map((code) => {
                  const def = definitionOf(code);
                  return (
                    def && (
                      <Button key={code} variant="light" onClick={() => setAssessments((s) => [...s, inVisit(def)])}>
                        {t('assess.continueWith', { code: pick(def.title, lang) })}
                      </Button>
                    )
                  );
                })}
            </Stack>
          ))}
          <Group align="flex-end">
            <Select
              label={t('visitForm.addAssessment')}
              data={(instruments.data?.data ?? []).map((i) => ({ value: i.code, label: pick(i.title, lang) }))}
              value={pickInstrument}
              onChange={setPickInstrument}
              searchable
              w={320}
              maw="100%"
            />
            <Button
              variant="light"
              disabled={!pickInstrument}
              onClick={() => {
                const def = pickInstrument ? definitionOf(pickInstrument) : undefined;
                if (def) setAssessments((s) => [...s, inVisit(def)]);
                setPickInstrument(null);
              }}
            >
              {t('visitForm.addAssessment')}
            </Button>
          </Group>
        </Paper>
        <FileInput
          label={t('visitForm.photos')}
          accept="image/jpeg,image/png,image/webp"
          multiple
          clearable
          error={errors.photos}
          onChange={async (files) => {
            const shrunk: string[] = [];
            for (const file of files.slice(0, 6)) shrunk.push(await shrinkPhoto(file));
            setPhotos(shrunk);
          }}
        />
        {photos.length > 0 && (
          <Group>
            {photos.map((src, i) => (
              <Image key={src.slice(-48)} src={src} alt={`${t('visitForm.photo')} ${i + 1}`} maw={120} radius="sm" />
            ))}
          </Group>
        )}
        {!person.local && (
          <TextInput
            label={t('visitForm.phones')}
            description={t('visitForm.phonesHelp')}
            inputMode="tel"
            value={phones ?? person.phones.join(', ')}
            onChange={(e) => setPhones(e.currentTarget.value)}
          />
        )}
        <Textarea label={t('visitForm.note')} value={note} onChange={(e) => setNote(e.currentTarget.value)} autosize minRows={2} maxLength={4000} />
        <DateField
          label={t('visitForm.next')}
          description={t('visitForm.nextSuggested', { date: formatDate(suggested, lang) })}
          value={next ?? ''}
          error={errors.nextVisitOn}
          onChange={(iso) => setNext(iso || null)}
        />
        <Button size="lg" onClick={save} loading={saving}>
          {t('visitForm.save')}
        </Button>
      </Stack>
    </>
  );
}
