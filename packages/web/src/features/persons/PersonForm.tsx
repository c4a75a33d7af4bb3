import { CID_MISSING_REASON_LABELS, CID_MISSING_REASONS, type DuplicateCandidate, PERSON_STATUS_LABELS, PERSON_STATUSES, THAI_TITLES } from '@carehub/core';
import { Alert, Autocomplete, Button, Card, Group, NumberInput, Select, SimpleGrid, Stack, Text, TextInput } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import { ApiError, patch, post } from '../../api';
import { DateField } from '../../components/DateFields';
import { ErrorAlert } from '../../components/ErrorAlert';
import { notifySuccess } from '../../components/feedback';
import { useFieldErrors } from '../../components/forms';
import { AnchorLink } from '../../components/links';
import { PageHeader } from '../../components/PageHeader';
import { useReveal } from '../../components/useReveal';
import { pick, useLang } from '../../i18n';
import { usePickedArea } from '../areas/AreaContext';
import { AreaPicker } from '../areas/AreaPicker';
import { useMe } from '../auth/api';
import { fullName, type Person } from './api';
import { formatPartialDate, toThaiInput } from './PartialDate';

type Candidate = z.infer<typeof DuplicateCandidate>;

interface Values {
  cid: string;
  cidMissingReason: string | null;
  otherDocument: string;
  titleTh: string;
  firstNameTh: string;
  lastNameTh: string;
  firstNameEn: string;
  lastNameEn: string;
  birthDate: string;
  sex: string | null;
  status: string;
  statusDate: string;
  areaCode: string | null;
  houseNo: string;
  villageNo: number | string;
  addressText: string;
  phones: string;
  gps: { lat: number; lng: number } | null;
}

function initial(p: Person | undefined, area: string | null): Values {
  return {
    cid: p?.cid ?? '',
    cidMissingReason: p?.cidMissingReason ?? null,
    otherDocument: p?.otherDocument ?? '',
    titleTh: p?.titleTh ?? '',
    firstNameTh: p?.firstNameTh ?? '',
    lastNameTh: p?.lastNameTh ?? '',
    firstNameEn: p?.firstNameEn ?? '',
    lastNameEn: p?.lastNameEn ?? '',
    birthDate: toThaiInput(p?.birthDate ?? null),
    sex: p?.sex ?? null,
    status: p?.status ?? 'alive',
    statusDate: p?.statusDate ?? '',
    areaCode: p?.areaCode ?? (area && area.length >= 6 ? area.slice(0, 6) : null),
    houseNo: p?.address.houseNo ?? '',
    villageNo: p?.address.villageNo ?? '',
    addressText: p?.address.text ?? '',
    phones: p?.phones.join(', ') ?? '',
    gps: p?.gps ?? null,
  };
}

const orNull = (s: string) => (s.trim() ? s.trim() : null);

/** The body the API takes; on edit only what changed, with the version read. */
function body(v: Values, original?: Person) {
  const full = {
    cid: orNull(v.cid),
    cidMissingReason: v.cid.trim() ? null : v.cidMissingReason,
    otherDocument: orNull(v.otherDocument),
    titleTh: orNull(v.titleTh),
    firstNameTh: v.firstNameTh.trim(),
    lastNameTh: v.lastNameTh.trim(),
    firstNameEn: orNull(v.firstNameEn),
    lastNameEn: orNull(v.lastNameEn),
    birthDate: orNull(v.birthDate),
    sex: v.sex,
    status: v.status,
    statusDate: v.status === 'alive' ? null : orNull(v.statusDate),
    areaCode: v.areaCode,
    address: { houseNo: orNull(v.houseNo), villageNo: v.villageNo === '' ? null : Number(v.villageNo), text: orNull(v.addressText) },
    gps: v.gps,
    phones: v.phones
      .split(',')
      .map((x) => x.trim())
      .filter(Boolean),
  };
  if (!original) return full;
  const before = body(initial(original, null)) as Record<string, unknown>;
  const changed = Object.fromEntries(Object.entries(full).filter(([k, val]) => JSON.stringify(val) !== JSON.stringify(before[k])));
  return { ...changed, version: original.version };
}

/** Register a person, or edit one: inline Thai/English errors, the duplicate warning, and stale-edit refusal. */
export function PersonForm({ person }: { person?: Person }) {
  const { t } = useTranslation();
  const lang = useLang();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const { code: pickedArea } = usePickedArea();
  const me = useMe();
  const [v, setV] = useState<Values>(() => initial(person, pickedArea));
  const [candidates, setCandidates] = useState<Candidate[] | null>(null);
  const [stale, setStale] = useState(false);
  // The duplicate warning and the stale-edit refusal answer the save button: scrolled to, not left above the fold.
  const duplicateRef = useReveal<HTMLDivElement>(candidates?.length);
  const staleRef = useReveal<HTMLDivElement>(stale);
  const { errors, clear, fail } = useFieldErrors({ 'address.houseNo': 'houseNo', 'address.villageNo': 'villageNo', 'address.text': 'addressText' });
  const set =
    <K extends keyof Values>(k: K) =>
    (value: Values[K]) => {
      setV((prev) => ({ ...prev, [k]: value }));
      clear(k);
    };
  const text = (k: keyof Values) => ({
    value: v[k] as string,
    onChange: (e: React.ChangeEvent<HTMLInputElement>) => set(k)(e.currentTarget.value as never),
    error: errors[k],
  });

  const save = useMutation({
    mutationFn: (confirmNotDuplicate: boolean) =>
      person
        ? patch<Person>(`/api/persons/${person.id}`, body(v, person))
        : post<Person>('/api/persons', { ...body(v), ...(confirmNotDuplicate && { confirmNotDuplicate }) }),
    onSuccess: (saved) => {
      qc.setQueryData(['persons', 'one', saved.id], saved);
      void qc.invalidateQueries({ queryKey: ['persons'] });
      notifySuccess(t('registry.saved'));
      void navigate({ to: '/persons/$id', params: { id: saved.id } });
    },
    onError: (err) => {
      if (err instanceof ApiError && (err.code === 'person.possible_duplicate' || err.code === 'conflict.duplicate')) {
        setCandidates((err.body.details as { candidates?: Candidate[] })?.candidates ?? []);
        if (err.code === 'conflict.duplicate') fail(err, { 'conflict.duplicate': 'cid' });
        return;
      }
      if (err instanceof ApiError && err.code === 'conflict.stale') {
        setStale(true);
        return;
      }
      fail(err);
    },
  });

  const locate = () =>
    navigator.geolocation?.getCurrentPosition((pos) =>
      set('gps')({ lat: Number(pos.coords.latitude.toFixed(6)), lng: Number(pos.coords.longitude.toFixed(6)) }),
    );

  return (
    <>
      <PageHeader title={person ? `${t('registry.edit')}: ${fullName(person)}` : t('registry.new')} />
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          setCandidates(null);
          save.mutate(false);
        }}
      >
        <Stack gap="md" maw={900}>
          {stale && (
            <Alert ref={staleRef} tabIndex={-1} role="alert" color="orange" title={t('registry.stale')}>
              <Button
                variant="light"
                size="xs"
                onClick={() => qc.invalidateQueries({ queryKey: ['persons', 'one', person?.id] }).then(() => window.location.reload())}
              >
                {t('registry.reload')}
              </Button>
            </Alert>
          )}
          {candidates && candidates.length > 0 && (
            <Alert ref={duplicateRef} tabIndex={-1} role="alert" color="yellow" title={t('registry.possibleDuplicate')} data-duplicate-warning>
              <Stack gap={4}>
                {candidates.map((c) =>
                  c.id ? (
                    <AnchorLink key={c.id} to="/persons/$id" params={{ id: c.id }}>
                      {c.name} {c.birthDate ? `(${formatPartialDate(c.birthDate, lang)})` : ''} · {c.areaName}
                    </AnchorLink>
                  ) : (
                    <Text key={`elsewhere-${c.reason}`} size="sm" data-exists-elsewhere>
                      {t(c.reason === 'same_cid' ? 'registry.sameCidElsewhere' : 'registry.duplicateElsewhere')}
                    </Text>
                  ),
                )}
                {candidates.every((c) => c.reason !== 'same_cid') && (
                  <Group>
                    <Button size="xs" variant="light" onClick={() => save.mutate(true)} loading={save.isPending}>
                      {t('registry.notDuplicate')}
                    </Button>
                  </Group>
                )}
              </Stack>
            </Alert>
          )}
          <Card withBorder padding="md">
            <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
              <TextInput label={t('registry.cid')} inputMode="numeric" autoComplete="off" {...text('cid')} />
              <Select
                label={t('registry.cidMissing')}
                data={CID_MISSING_REASONS.map((r) => ({ value: r, label: pick(CID_MISSING_REASON_LABELS[r], lang) }))}
                value={v.cidMissingReason}
                onChange={set('cidMissingReason')}
                disabled={!!v.cid.trim()}
                clearable
                error={errors.cidMissingReason}
              />
              <Autocomplete label={t('registry.title')} data={THAI_TITLES} value={v.titleTh} onChange={set('titleTh')} error={errors.titleTh} />
              <div />
              <TextInput label={t('registry.firstName')} required {...text('firstNameTh')} />
              <TextInput label={t('registry.lastName')} required {...text('lastNameTh')} />
              <TextInput label={t('registry.firstNameEn')} {...text('firstNameEn')} />
              <TextInput label={t('registry.lastNameEn')} {...text('lastNameEn')} />
              <TextInput label={t('registry.birthDate')} description={t('registry.birthDateHint')} inputMode="numeric" {...text('birthDate')} />
              <Select
                label={t('registry.sex')}
                required
                data={(['male', 'female', 'unknown'] as const).map((s) => ({ value: s, label: t(`persons.sexes.${s}`) }))}
                value={v.sex}
                onChange={set('sex')}
                error={errors.sex}
              />
              <Select
                label={t('registry.personStatus')}
                data={PERSON_STATUSES.map((s) => ({ value: s, label: pick(PERSON_STATUS_LABELS[s], lang) }))}
                value={v.status}
                onChange={(x) => set('status')(x ?? 'alive')}
              />
              {v.status !== 'alive' && (
                <DateField label={t('registry.statusDate')} value={v.statusDate} onChange={(iso) => set('statusDate')(iso)} error={errors.statusDate} />
              )}
            </SimpleGrid>
          </Card>
          <Card withBorder padding="md">
            <Stack gap="md">
              <AreaPicker
                label={t('registry.area')}
                required
                scopes={me.scopes}
                value={v.areaCode}
                onChange={(code: string | null) => set('areaCode')(code)}
                error={errors.areaCode}
              />
              <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="md">
                <TextInput label={t('registry.houseNo')} {...text('houseNo')} />
                <NumberInput
                  label={t('registry.villageNo')}
                  min={1}
                  max={99}
                  value={v.villageNo}
                  onChange={(x) => set('villageNo')(x)}
                  error={errors.villageNo}
                />
                <TextInput label={t('registry.phones')} inputMode="tel" {...text('phones')} />
              </SimpleGrid>
              <TextInput label={t('registry.addressText')} {...text('addressText')} />
              <Group>
                <Button variant="default" size="xs" onClick={locate}>
                  {t('registry.useLocation')}
                </Button>
                {v.gps && (
                  <Text size="sm">
                    {t('registry.gps')}: {v.gps.lat}, {v.gps.lng}
                  </Text>
                )}
              </Group>
            </Stack>
          </Card>
          {save.isError && !(save.error instanceof ApiError) && <ErrorAlert error={save.error} />}
          <Group>
            <Button type="submit" loading={save.isPending}>
              {t('registry.save')}
            </Button>
            <Button variant="default" onClick={() => (person ? navigate({ to: '/persons/$id', params: { id: person.id } }) : navigate({ to: '/persons' }))}>
              {t('registry.cancel')}
            </Button>
          </Group>
        </Stack>
      </form>
    </>
  );
}
