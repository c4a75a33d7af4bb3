import { ORGANISATION_TYPE_LABELS } from '@carehub/core';
import { Select } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { DateField } from '../../components/DateFields';
import { pick, useLang } from '../../i18n';
import { organisationChoicesQuery } from './api';

interface ThaiDateInputProps {
  label: string;
  /** ISO yyyy-mm-dd, or '' / undefined when empty. */
  value: string | undefined;
  onChange: (iso: string | undefined) => void;
  required?: boolean;
  error?: string;
}

/**
 * A day typed as Thai users write it (31/12/2570, Buddhist era; a Christian-era year works too) or
 * picked from a Buddhist-era calendar, kept as ISO and shown as every date is ("31 ธ.ค. 2570").
 */
export function ThaiDateInput({ value, onChange, ...rest }: ThaiDateInputProps) {
  return <DateField {...rest} value={value ?? ''} onChange={(iso) => onChange(iso || undefined)} />;
}

export interface OrganisationChoice {
  id: string;
  name: string;
}

interface OrganisationSelectProps {
  label: string;
  value: OrganisationChoice | null;
  onChange: (value: OrganisationChoice | null) => void;
  error?: string;
  description?: string;
  /** Inside a modal the list opens in place, so it scrolls with the form. */
  inModal?: boolean;
}

/** Any active organisation, found by typing part of its name, grouped by type. */
export function OrganisationSelect({ label, value, onChange, error, description, inModal }: OrganisationSelectProps) {
  const { t } = useTranslation();
  const lang = useLang();
  const [search, setSearch] = useState(value?.name ?? '');
  // The box shows the chosen organisation's name: that is not a new search.
  const [q] = useDebouncedValue(search === value?.name ? '' : search.trim(), 250);
  const found = useQuery(organisationChoicesQuery(q));
  const groups = new Map<string, Array<{ value: string; label: string }>>();
  if (value && !found.data?.items.some((o) => o.id === value.id)) groups.set(t('carePlans.chosen'), [{ value: value.id, label: value.name }]);
  for (const o of found.data?.items ?? []) {
    const group = pick(ORGANISATION_TYPE_LABELS[o.type], lang);
    groups.set(group, [...(groups.get(group) ?? []), { value: o.id, label: o.name }]);
  }
  return (
    <Select
      label={label}
      description={description}
      placeholder={t('carePlans.organisationPlaceholder')}
      searchable
      clearable
      searchValue={search}
      onSearchChange={setSearch}
      data={[...groups].map(([group, items]) => ({ group, items }))}
      value={value?.id ?? null}
      onChange={(id, option) => onChange(id ? { id, name: option?.label ?? id } : null)}
      nothingFoundMessage={found.isFetching ? t('common.loading') : t('carePlans.organisationNone')}
      error={error}
      comboboxProps={inModal ? { withinPortal: false } : undefined}
    />
  );
}
