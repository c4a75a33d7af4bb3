import { AGREEMENT_BY, AGREEMENT_BY_LABELS, AGREEMENT_METHOD_LABELS, AGREEMENT_METHODS, CarePlanAgreementInput } from '@carehub/core';
import { Button, Group, Select, Stack, Textarea, TextInput } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { FormModal } from '../../components/FormModal';
import { check, useFieldErrors } from '../../components/forms';
import { pick, useLang } from '../../i18n';
import { type CarePlanView, recordAgreement } from './api';
import { ThaiDateInput } from './fields';
import { todayInThailand } from './plan';

interface AgreementDialogProps {
  personId: string;
  version: number;
  opened: boolean;
  onClose: () => void;
  onRecorded: (view: CarePlanView) => void;
}

/** The person's (or a guardian's, caregiver's, relative's) agreement to one version of the plan. */
export function AgreementDialog({ personId, version, opened, onClose, onRecorded }: AgreementDialogProps) {
  const { t } = useTranslation();
  return (
    <FormModal opened={opened} onClose={onClose} title={t('carePlans.agreementTitle', { version })}>
      <AgreementForm personId={personId} version={version} onClose={onClose} onRecorded={onRecorded} />
    </FormModal>
  );
}

function AgreementForm({ personId, version, onClose, onRecorded }: Omit<AgreementDialogProps, 'opened'>) {
  const { t } = useTranslation();
  const lang = useLang();
  const today = todayInThailand();
  const [agreedBy, setAgreedBy] = useState<string>('self');
  const [agreedByName, setName] = useState('');
  const [method, setMethod] = useState<string>('signature');
  const [agreedOn, setAgreedOn] = useState<string | undefined>(today);
  const [note, setNote] = useState('');
  const { errors, setIssues, clear, fail } = useFieldErrors();

  const save = useMutation({
    mutationFn: (body: CarePlanAgreementInput) => recordAgreement(personId, body),
    onSuccess: (view) => {
      onRecorded(view);
      onClose();
    },
    onError: (err) => fail(err),
  });

  const submit = () => {
    const body = { version, agreedBy, agreedByName: agreedByName.trim(), method, agreedOn: agreedOn ?? '', ...(note.trim() ? { note: note.trim() } : {}) };
    const checked = check(CarePlanAgreementInput, body);
    if (!checked.data) return setIssues(checked.issues);
    if (checked.data.agreedOn > today)
      return setIssues([{ path: 'agreedOn', message_th: 'วันที่ยินยอมต้องไม่เป็นวันในอนาคต', message_en: 'The agreement date cannot be in the future' }]);
    save.mutate(checked.data);
  };

  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        submit();
      }}
      noValidate
    >
      <Stack gap="sm">
        <Select
          label={t('carePlans.agreedBy')}
          data={AGREEMENT_BY.map((x) => ({ value: x, label: pick(AGREEMENT_BY_LABELS[x], lang) }))}
          value={agreedBy}
          onChange={(v) => v && setAgreedBy(v)}
          allowDeselect={false}
          required
          comboboxProps={{ withinPortal: false }}
          data-autofocus
        />
        <TextInput
          label={t('carePlans.agreedByName')}
          value={agreedByName}
          onChange={(e) => {
            setName(e.currentTarget.value);
            clear('agreedByName');
          }}
          error={errors.agreedByName}
          required
          maxLength={200}
        />
        <Select
          label={t('carePlans.agreementMethod')}
          data={AGREEMENT_METHODS.map((x) => ({ value: x, label: pick(AGREEMENT_METHOD_LABELS[x], lang) }))}
          value={method}
          onChange={(v) => v && setMethod(v)}
          allowDeselect={false}
          required
          comboboxProps={{ withinPortal: false }}
        />
        <ThaiDateInput
          label={t('carePlans.agreedOn')}
          value={agreedOn}
          onChange={(v) => {
            setAgreedOn(v);
            clear('agreedOn');
          }}
          error={errors.agreedOn}
          required
        />
        <Textarea label={t('carePlans.agreementNote')} value={note} onChange={(e) => setNote(e.currentTarget.value)} autosize minRows={2} maxLength={1000} />
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={onClose} disabled={save.isPending}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" loading={save.isPending}>
            {t('carePlans.saveAgreement')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
