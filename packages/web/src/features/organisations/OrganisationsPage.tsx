import { ORGANISATION_TYPE_LABELS, ORGANISATION_TYPES } from '@carehub/core';
import { Badge, Button, Group, Select, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useQuery } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Loading } from '../../components/Loading';
import { PageHeader } from '../../components/PageHeader';
import { Pager } from '../../components/Pager';
import { RecordList } from '../../components/RecordList';
import { pick, useLang } from '../../i18n';
import { AreaName } from '../areas/AreaName';
import { AreaSuccessors } from '../areas/AreaSuccessors';
import { useMe } from '../auth/api';
import { type Organisation, organisationsQuery } from './api';
import { OrganisationForm } from './OrganisationForm';

export function OrganisationsPage() {
  const { t } = useTranslation();
  const lang = useLang();
  const me = useMe();
  const [text, setText] = useState('');
  const [q] = useDebouncedValue(text.trim(), 350);
  const [type, setType] = useState<string | null>(null);
  // A new search or type starts at page 1.
  const filterKey = `${q}|${type ?? ''}`;
  const [paging, setPaging] = useState({ key: filterKey, page: 1 });
  const page = paging.key === filterKey ? paging.page : 1;
  const setPage = (p: number) => setPaging({ key: filterKey, page: p });
  const organisations = useQuery(organisationsQuery({ q: q || undefined, type, page }));
  const [form, setForm] = useState<{ organisation?: Organisation } | null>(null);

  const typeOptions = useMemo(() => ORGANISATION_TYPES.map((v) => ({ value: v, label: pick(ORGANISATION_TYPE_LABELS[v], lang) })), [lang]);

  return (
    <>
      <PageHeader title={t('organisations.title')}>
        <Button onClick={() => setForm({})}>{t('organisations.create')}</Button>
      </PageHeader>
      <Group align="flex-end" gap="md" mb="md" wrap="wrap">
        <TextInput
          type="search"
          label={t('organisations.search')}
          placeholder={t('organisations.searchPlaceholder')}
          value={text}
          onChange={(e) => setText(e.currentTarget.value)}
          style={{ flex: '1 1 240px' }}
          autoComplete="off"
        />
        <Select
          label={t('organisations.type')}
          placeholder={t('organisations.allTypes')}
          data={typeOptions}
          value={type}
          onChange={setType}
          clearable
          clearButtonProps={{ 'aria-label': t('common.clear') }}
          style={{ flex: '1 1 240px' }}
        />
      </Group>
      {organisations.isPending ? (
        <Loading />
      ) : organisations.isError ? (
        <ErrorAlert error={organisations.error} onRetry={() => organisations.refetch()} />
      ) : (
        <div aria-busy={organisations.isPlaceholderData}>
          <RecordList
            caption={t('organisations.title')}
            rows={organisations.data.items}
            rowKey={(o) => o.id}
            columns={[
              { key: 'name', header: t('organisations.name'), primary: true, render: (o) => o.name },
              { key: 'type', header: t('organisations.type'), render: (o) => pick(ORGANISATION_TYPE_LABELS[o.type], lang) },
              { key: 'area', header: t('organisations.area'), render: (o) => <AreaName code={o.areaCode} /> },
              {
                key: 'status',
                header: t('common.status'),
                render: (o) => (
                  <Badge color={o.active ? 'teal' : 'gray'} variant="light" w="max-content">
                    {o.active ? t('common.active') : t('common.inactive')}
                  </Badge>
                ),
              },
            ]}
            actions={(o) => (
              <Button size="xs" variant="light" onClick={() => setForm({ organisation: o })}>
                {t('common.edit')}
                <span className="visually-hidden"> {o.name}</span>
              </Button>
            )}
          />
          <Pager page={organisations.data.page} pageSize={organisations.data.pageSize} total={organisations.data.total} onChange={setPage} />
        </div>
      )}
      <AreaSuccessors scopes={me.scopes} />
      {form && <OrganisationForm organisation={form.organisation} scopes={me.scopes} onClose={() => setForm(null)} />}
    </>
  );
}
