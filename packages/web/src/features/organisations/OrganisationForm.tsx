import { ORGANISATION_TYPE_LABELS, ORGANISATION_TYPES, OrganisationInput, type OrganisationType } from '@carehub/core';
import { Button, Group, Modal, Select, Stack, Switch, TextInput } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { notifySuccess } from '../../components/feedback';
import { check, useFieldErrors } from '../../components/forms';
import { pick, useLang } from '../../i18n';
import { AreaPicker } from '../areas/AreaPicker';
import { createOrganisation, type Organisation, type OrganisationBody, updateOrganisation } from './api';

/** Create or edit an organisation in a modal (full screen on phones). Mount it only while open. */
export function OrganisationForm({ organisation, scopes, onClose }: { organisation?: Organisation; scopes: readonly string[]; onClose: () => void }) {
  const { t } = useTranslation();
  const lang = useLang();
  const queryClient = useQueryClient();
  const wide = useMediaQuery('(min-width: 48em)', true, { getInitialValueInEffect: false });
  const [name, setName] = useState(organisation?.name ?? '');
  const [type, setType] = useState<OrganisationType | null>(organisation?.type ?? null);
  const [areaCode, setAreaCode] = useState<string | null>(organisation?.areaCode ?? null);
  const [active, setActive] = useState(organisation?.active ?? true);
  const { errors, setIssues, clear, fail } = useFieldErrors();

  const typeOptions = useMemo(() => ORGANISATION_TYPES.map((v) => ({ value: v, label: pick(ORGANISATION_TYPE_LABELS[v], lang) })), [lang]);

  const save = useMutation({
    mutationFn: (body: OrganisationBody) => {
      if (!organisation) return createOrganisation(body);
      const diff: Partial<OrganisationBody> = {};
      if (body.name !== organisation.name) diff.name = body.name;
      if (body.type !== organisation.type) diff.type = body.type;
      if (body.areaCode !== organisation.areaCode) diff.areaCode = body.areaCode;
      // Always sent: the server's schema defaults a missing `active` to true.
      diff.active = body.active;
      return updateOrganisation(organisation.id, diff);
    },
    onSuccess: async (saved) => {
      await queryClient.invalidateQueries({ queryKey: ['organisations'] });
      notifySuccess(organisation ? t('organisations.updated', { name: saved.name }) : t('organisations.created', { name: saved.name }));
      onClose();
    },
    onError: (err) => fail(err, { 'conflict.duplicate': 'name', 'forbidden.out_of_scope': 'areaCode', 'area.unknown': 'areaCode' }),
  });

  function submit(e: FormEvent) {
    e.preventDefault();
    const r = check(OrganisationInput, { name, type: type ?? undefined, areaCode: areaCode ?? undefined, active });
    if (r.data === null) return setIssues(r.issues);
    setIssues([]);
    save.mutate(r.data as OrganisationBody);
  }

  return (
    <Modal
      opened
      onClose={onClose}
      title={organisation ? t('organisations.editTitle', { name: organisation.name }) : t('organisations.createTitle')}
      size="lg"
      fullScreen={!wide}
      closeButtonProps={{ 'aria-label': t('common.close') }}
    >
      <form onSubmit={submit} noValidate>
        <Stack gap="md">
          <TextInput
            label={t('organisations.name')}
            value={name}
            onChange={(e) => {
              setName(e.currentTarget.value);
              clear('name');
            }}
            error={errors.name}
            required
            autoComplete="off"
            data-autofocus
          />
          <Select
            label={t('organisations.type')}
            data={typeOptions}
            value={type}
            onChange={(v) => {
              setType(v as OrganisationType | null);
              clear('type');
            }}
            error={errors.type}
            required
            searchable
            allowDeselect={false}
            comboboxProps={{ withinPortal: true }}
          />
          <AreaPicker
            label={t('organisations.area')}
            value={areaCode}
            onChange={(c) => {
              setAreaCode(c);
              clear('areaCode');
            }}
            scopes={scopes}
            error={errors.areaCode}
            required
          />
          {organisation && <Switch label={t('organisations.active')} checked={active} onChange={(e) => setActive(e.currentTarget.checked)} />}
          <Group justify="flex-end" gap="sm" mt="sm">
            <Button variant="default" onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={save.isPending}>
              {t('common.save')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
