import { CID_MISSING_REASON_LABELS, CID_MISSING_REASONS, CONSENT_METHOD_LABELS, CONSENT_METHODS, PersonInput, THAI_TITLES, thaiToday } from '@carehub/core';
import { Alert, Autocomplete, Button, Card, Checkbox, NumberInput, Select, SimpleGrid, Stack, TextInput } from '@mantine/core';
import { useNavigate } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { notifyError, notifySuccess } from '../../components/feedback';
import { check, useFieldErrors } from '../../components/forms';
import { PageHeader } from '../../components/PageHeader';
import { pick, useLang } from '../../i18n';
import { enqueue } from '../../offline/outbox';
import { useAreaLabel } from '../areas/AreaName';
import { hasPermission, useMe } from '../auth/api';
import type { RegistrationBody } from './api';

const orNull = (s: string) => (s.trim() ? s.trim() : null);

/** One of the user's subdistricts, named as the area picker names it. */
function AreaOption({ code }: { code: string }) {
  return <>{useAreaLabel(code)}</>;
}

/**
 * A person the volunteer found at a door, registered on the phone with or without a signal. It goes
 * to the outbox under an id of the phone's own, so a visit can be recorded for them at once; the
 * server registers them, or holds them for a duplicate review, when the phone is back online.
 */
export function RegisterPage() {
  const { t } = useTranslation();
  const lang = useLang();
  const me = useMe();
  const navigate = useNavigate();
  const areas = me.scopes.filter((s) => s.length >= 6).map((s) => s.slice(0, 6));
  const [id] = useState(() => crypto.randomUUID());
  const [v, setV] = useState({
    cid: '',
    cidMissingReason: null as string | null,
    titleTh: '',
    firstNameTh: '',
    lastNameTh: '',
    birthDate: '',
    sex: null as string | null,
    areaCode: areas[0] ?? null,
    houseNo: '',
    villageNo: '' as number | string,
    addressText: '',
    phones: '',
  });
  const [consent, setConsent] = useState(false);
  const [givenBy, setGivenBy] = useState<'self' | 'guardian'>('self');
  const [guardianName, setGuardianName] = useState('');
  const [method, setMethod] = useState<string>('verbal');
  const [saving, setSaving] = useState(false);
  const { errors, setIssues, clear } = useFieldErrors({
    'person.cid': 'cid',
    'person.cidMissingReason': 'cidMissingReason',
    'person.titleTh': 'titleTh',
    'person.firstNameTh': 'firstNameTh',
    'person.lastNameTh': 'lastNameTh',
    'person.birthDate': 'birthDate',
    'person.sex': 'sex',
    'person.areaCode': 'areaCode',
    'person.address.houseNo': 'houseNo',
    'person.address.villageNo': 'villageNo',
    'person.address.text': 'addressText',
    'person.phones': 'phones',
  });
  const set = (k: keyof typeof v) => (value: string | number | null) => {
    setV((prev) => ({ ...prev, [k]: value }));
    clear(k);
  };
  const text = (k: keyof typeof v) => ({
    value: String(v[k] ?? ''),
    onChange: (e: React.ChangeEvent<HTMLInputElement>) => set(k)(e.currentTarget.value),
    error: errors[k],
  });

  const save = async () => {
    const person = {
      cid: orNull(v.cid),
      cidMissingReason: v.cid.trim() ? null : v.cidMissingReason,
      titleTh: orNull(v.titleTh),
      firstNameTh: v.firstNameTh.trim(),
      lastNameTh: v.lastNameTh.trim(),
      birthDate: orNull(v.birthDate),
      sex: v.sex ?? '',
      areaCode: v.areaCode ?? '',
      address: { houseNo: orNull(v.houseNo), villageNo: v.villageNo === '' ? null : Number(v.villageNo), text: orNull(v.addressText) },
      phones: v.phones
        .split(',')
        .map((x) => x.trim())
        .filter(Boolean),
    };
    // The same checks and the same Thai/English messages as the server, with no signal needed.
    const parsed = check(PersonInput, person);
    const issues = [...parsed.issues];
    if (consent && givenBy === 'guardian' && !guardianName.trim())
      issues.push({ path: 'guardianName', message_th: 'กรุณาระบุชื่อผู้ปกครอง/ผู้แทน', message_en: 'Enter the guardian’s name' });
    if (issues.length) {
      setIssues(issues.map((i) => ({ ...i, path: i.path === 'address.villageNo' ? 'villageNo' : i.path === 'address.houseNo' ? 'houseNo' : i.path })));
      return;
    }
    const body: RegistrationBody = {
      id,
      person,
      ...(consent && {
        consent: { purpose: 'care_coordination', givenBy, guardianName: givenBy === 'guardian' ? guardianName.trim() : null, method, givenAt: thaiToday() },
      }),
    };
    const name = [person.titleTh, person.firstNameTh, person.lastNameTh].filter(Boolean).join(' ');
    setSaving(true);
    try {
      const outcome = await enqueue([
        { id, kind: 'registration', group: id, order: 0, userId: me.id, personId: id, personName: name, path: '/api/persons/registrations', body },
      ]);
      if (outcome === 'sent') notifySuccess(t('fieldRegister.registered'));
      else if (outcome === 'review') notifySuccess(t('visits.savedReview'));
      else if (outcome === 'error') notifyError(new Error(t('visits.savedRefused')));
      else notifySuccess(t('visits.savedLocally'));
      await navigate({ to: '/visits' });
    } catch (e) {
      notifyError(e);
    } finally {
      setSaving(false);
    }
  };

  if (!hasPermission(me, 'persons.write'))
    return (
      <>
        <PageHeader title={t('fieldRegister.title')} />
        <Alert color="orange">{t('fieldRegister.notAllowed')}</Alert>
      </>
    );

  return (
    <>
      <PageHeader title={t('fieldRegister.title')} />
      <Stack gap="md" maw={720}>
        <Alert color="blue" variant="light">
          {t('fieldRegister.intro')}
        </Alert>
        <Card withBorder padding="md">
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
            <Autocomplete label={t('registry.title')} data={THAI_TITLES} value={v.titleTh} onChange={set('titleTh')} error={errors.titleTh} />
            <Select
              label={t('registry.sex')}
              required
              data={(['male', 'female', 'unknown'] as const).map((s) => ({ value: s, label: t(`persons.sexes.${s}`) }))}
              value={v.sex}
              onChange={set('sex')}
              error={errors.sex}
            />
            <TextInput label={t('registry.firstName')} required {...text('firstNameTh')} />
            <TextInput label={t('registry.lastName')} required {...text('lastNameTh')} />
            <TextInput label={t('registry.birthDate')} description={t('registry.birthDateHint')} inputMode="numeric" {...text('birthDate')} />
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
            <Select
              label={t('fieldRegister.area')}
              required
              data={areas.map((code) => ({ value: code, label: code }))}
              renderOption={({ option }) => <AreaOption code={option.value} />}
              value={v.areaCode}
              onChange={set('areaCode')}
              error={errors.areaCode}
              description={v.areaCode ? <AreaOption code={v.areaCode} /> : undefined}
            />
            <TextInput label={t('registry.houseNo')} {...text('houseNo')} />
            <NumberInput label={t('registry.villageNo')} min={1} max={99} value={v.villageNo} onChange={(x) => set('villageNo')(x)} error={errors.villageNo} />
            <TextInput label={t('registry.addressText')} {...text('addressText')} />
            <TextInput label={t('registry.phones')} inputMode="tel" {...text('phones')} />
          </SimpleGrid>
        </Card>
        <Card withBorder padding="md">
          <Checkbox label={t('fieldRegister.consent')} checked={consent} onChange={(e) => setConsent(e.currentTarget.checked)} />
          {consent && (
            <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md" mt="sm">
              <Select
                label={t('fieldRegister.consentGivenBy')}
                data={(['self', 'guardian'] as const).map((g) => ({ value: g, label: t(`fieldRegister.givenBy.${g}`) }))}
                value={givenBy}
                onChange={(x) => setGivenBy((x as 'self' | 'guardian') ?? 'self')}
                allowDeselect={false}
              />
              <Select
                label={t('fieldRegister.consentMethod')}
                data={CONSENT_METHODS.map((k) => ({ value: k, label: pick(CONSENT_METHOD_LABELS[k], lang) }))}
                value={method}
                onChange={(x) => setMethod(x ?? 'verbal')}
                allowDeselect={false}
              />
              {givenBy === 'guardian' && (
                <TextInput
                  label={t('fieldRegister.guardianName')}
                  required
                  value={guardianName}
                  onChange={(e) => {
                    setGuardianName(e.currentTarget.value);
                    clear('guardianName');
                  }}
                  error={errors.guardianName}
                />
              )}
            </SimpleGrid>
          )}
        </Card>
        <Button size="lg" onClick={save} loading={saving} disabled={areas.length === 0}>
          {t('fieldRegister.save')}
        </Button>
      </Stack>
    </>
  );
}
