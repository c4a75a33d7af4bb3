import {
  CONSENT_METHOD_LABELS,
  CONSENT_METHODS,
  CONSENT_PURPOSE_LABELS,
  CONSENT_PURPOSES,
  DISABILITY_TYPE_LABELS,
  DISABILITY_TYPES,
  ENTITLEMENT_KINDS,
  ENTITLEMENT_LABELS,
  ENTITLEMENT_STATUS_LABELS,
  ENTITLEMENT_STATUSES,
  HEALTH_SCHEME_LABELS,
  HEALTH_SCHEMES,
  REHAB_CONDITION_LABELS,
  REHAB_CONDITIONS,
  VULNERABILITY_KINDS,
  VULNERABILITY_LABELS,
} from '@carehub/core';
import { Button, Checkbox, Group, Modal, MultiSelect, Select, Stack, TextInput } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { post } from '../../api';
import { DateField } from '../../components/DateFields';
import { notifySuccess } from '../../components/feedback';
import { useFieldErrors } from '../../components/forms';
import { pick, useLang } from '../../i18n';
import type { Person } from './api';

export type DialogKind = 'vulnerability' | 'entitlement' | 'household' | 'consent';

const PATHS: Record<DialogKind, string> = { vulnerability: 'vulnerabilities', entitlement: 'entitlements', household: 'household', consent: 'consents' };
const TITLES: Record<DialogKind, 'registry.addVulnerability' | 'registry.addEntitlement' | 'registry.addMember' | 'registry.addConsent'> = {
  vulnerability: 'registry.addVulnerability',
  entitlement: 'registry.addEntitlement',
  household: 'registry.addMember',
  consent: 'registry.addConsent',
};

/** One modal form for each list on the person page; the server answers with the whole updated record. */
export function ProfileDialog({ person, kind, onClose }: { person: Person; kind: DialogKind | null; onClose: () => void }) {
  const { t } = useTranslation();
  const lang = useLang();
  const qc = useQueryClient();
  const [v, setV] = useState<Record<string, unknown>>({});
  const { errors, clear, fail } = useFieldErrors();
  const set = (k: string) => (value: unknown) => {
    setV((prev) => ({ ...prev, [k]: value }));
    clear(k);
  };
  const str = (k: string) => ({
    value: (v[k] as string) ?? '',
    onChange: (e: React.ChangeEvent<HTMLInputElement>) => set(k)(e.currentTarget.value),
    error: errors[k],
  });
  const day = (k: string) => ({
    value: (v[k] as string) ?? '',
    onChange: (iso: string) => set(k)(iso || undefined),
    error: errors[k],
  });
  const choose = (k: string, label: string, data: Array<{ value: string; label: string }>, required = false) => (
    <Select
      label={label}
      data={data}
      value={(v[k] as string) ?? null}
      onChange={set(k)}
      error={errors[k]}
      required={required}
      comboboxProps={{ withinPortal: false }}
    />
  );
  const close = () => {
    setV({});
    clear();
    onClose();
  };
  const save = useMutation({
    mutationFn: () => {
      const clean = Object.fromEntries(Object.entries(v).filter(([, x]) => x !== '' && x !== null && x !== undefined));
      return post<Person>(`/api/persons/${person.id}/${PATHS[kind!]}`, clean);
    },
    onSuccess: (saved) => {
      qc.setQueryData(['persons', 'one', person.id], saved);
      void qc.invalidateQueries({ queryKey: ['persons'] });
      notifySuccess(t('registry.saved'));
      close();
    },
    onError: (err) => fail(err),
  });

  let fields: ReactNode = null;
  if (kind === 'vulnerability') {
    fields = (
      <>
        {choose(
          'kind',
          t('registry.kind'),
          VULNERABILITY_KINDS.map((k) => ({ value: k, label: pick(VULNERABILITY_LABELS[k], lang) })),
          true,
        )}
        {v.kind === 'disability' && (
          <>
            <MultiSelect
              label={t('registry.disabilityType')}
              data={DISABILITY_TYPES.map((d) => ({ value: String(d), label: `${d}. ${pick(DISABILITY_TYPE_LABELS[d], lang)}` }))}
              value={((v.disabilityTypes as number[]) ?? []).map(String)}
              onChange={(x) => set('disabilityTypes')(x.map(Number))}
              error={errors.disabilityTypes}
              comboboxProps={{ withinPortal: false }}
              required
            />
            <TextInput label={t('registry.cardNumber')} {...str('cardNumber')} />
            <DateField label={t('registry.cardIssued')} {...day('cardIssued')} />
            <DateField label={t('registry.cardExpiry')} {...day('cardExpiry')} />
          </>
        )}
        {v.kind === 'awaiting_rehabilitation' &&
          choose(
            'condition',
            t('registry.condition'),
            REHAB_CONDITIONS.map((c) => ({ value: c, label: pick(REHAB_CONDITION_LABELS[c], lang) })),
            true,
          )}
        <DateField label={t('registry.since')} {...day('since')} />
        <TextInput label={t('registry.note')} {...str('note')} />
      </>
    );
  } else if (kind === 'entitlement') {
    fields = (
      <>
        {choose(
          'kind',
          t('registry.entitlementKind'),
          ENTITLEMENT_KINDS.map((k) => ({ value: k, label: pick(ENTITLEMENT_LABELS[k], lang) })),
          true,
        )}
        {v.kind === 'health_scheme' ? (
          choose(
            'detail',
            t('registry.scheme'),
            HEALTH_SCHEMES.map((k) => ({ value: k, label: pick(HEALTH_SCHEME_LABELS[k], lang) })),
          )
        ) : (
          <TextInput label={t('registry.detail')} {...str('detail')} />
        )}
        {choose(
          'status',
          t('registry.entitlementStatus'),
          ENTITLEMENT_STATUSES.map((k) => ({ value: k, label: pick(ENTITLEMENT_STATUS_LABELS[k], lang) })),
          true,
        )}
        <DateField label={t('registry.startDate')} {...day('startDate')} />
      </>
    );
  } else if (kind === 'household') {
    fields = (
      <>
        <TextInput label={t('registry.memberName')} required {...str('name')} />
        <TextInput label={t('registry.relation')} required {...str('relation')} />
        <TextInput label={t('registry.phone')} inputMode="tel" {...str('phone')} />
        <Checkbox label={t('registry.mainCaregiver')} checked={!!v.isMainCaregiver} onChange={(e) => set('isMainCaregiver')(e.currentTarget.checked)} />
        <Checkbox label={t('registry.livesWith')} checked={v.livesWith !== false} onChange={(e) => set('livesWith')(e.currentTarget.checked)} />
      </>
    );
  } else if (kind === 'consent') {
    fields = (
      <>
        {choose(
          'purpose',
          t('registry.purpose'),
          CONSENT_PURPOSES.map((k) => ({ value: k, label: pick(CONSENT_PURPOSE_LABELS[k], lang) })),
          true,
        )}
        {choose(
          'givenBy',
          t('registry.givenBy'),
          [
            { value: 'self', label: t('registry.self') },
            { value: 'guardian', label: t('registry.guardian') },
          ],
          true,
        )}
        {v.givenBy === 'guardian' && <TextInput label={t('registry.guardianName')} required {...str('guardianName')} />}
        {choose(
          'method',
          t('registry.method'),
          CONSENT_METHODS.map((k) => ({ value: k, label: pick(CONSENT_METHOD_LABELS[k], lang) })),
          true,
        )}
        <DateField label={t('registry.givenAt')} required {...day('givenAt')} />
      </>
    );
  }

  return (
    <Modal opened={kind !== null} onClose={close} title={kind ? t(TITLES[kind]) : ''} closeButtonProps={{ 'aria-label': t('common.close') }}>
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          save.mutate();
        }}
      >
        <Stack gap="sm">
          {fields}
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              {t('registry.cancel')}
            </Button>
            <Button type="submit" loading={save.isPending}>
              {t('registry.save')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
