import { formatDate } from '@carehub/core';
import { Group, Text, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useQuery } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Loading } from '../../components/Loading';
import { AnchorLink } from '../../components/links';
import { PageHeader } from '../../components/PageHeader';
import { Pager } from '../../components/Pager';
import { RecordList } from '../../components/RecordList';
import { useLang } from '../../i18n';
import { usePickedArea } from '../areas/AreaContext';
import { useAreaLabel } from '../areas/AreaName';
import { fullName, PERSONS_PAGE_SIZE, personsQuery } from './api';

export interface PersonsSearch {
  q?: string;
  page?: number;
}

/** The person list: a debounced search, filtered by the picked area, paged; a table, or cards on phones. */
export function PersonsPage({ search }: { search: PersonsSearch }) {
  const { t } = useTranslation();
  const lang = useLang();
  const navigate = useNavigate({ from: '/persons' });
  const { code: area } = usePickedArea();
  const areaLabel = useAreaLabel(area);
  const page = search.page ?? 1;
  const q = search.q ?? '';

  const [text, setText] = useState(q);
  const [debounced] = useDebouncedValue(text.trim(), 350);
  useEffect(() => {
    if (debounced !== q) void navigate({ search: { q: debounced || undefined, page: undefined }, replace: true });
  }, [debounced, q, navigate]);

  const persons = useQuery(personsQuery({ q: q || undefined, area, page }));
  // A page beyond the end (e.g. after picking a smaller area) goes back to the first page.
  const beyondEnd = !!persons.data && !persons.isPlaceholderData && page > 1 && persons.data.items.length === 0;
  useEffect(() => {
    if (beyondEnd) void navigate({ search: (s: PersonsSearch) => ({ ...s, page: undefined }), replace: true });
  }, [beyondEnd, navigate]);
  const setPage = (p: number) => navigate({ search: (s: PersonsSearch) => ({ ...s, page: p > 1 ? p : undefined }) });

  return (
    <>
      <PageHeader title={t('persons.title')} />
      <Group align="flex-end" gap="md" mb="md" wrap="wrap">
        <TextInput
          type="search"
          label={t('persons.search')}
          placeholder={t('persons.searchPlaceholder')}
          value={text}
          onChange={(e) => setText(e.currentTarget.value)}
          style={{ flex: '1 1 280px' }}
          autoComplete="off"
        />
      </Group>
      <Text size="sm" c="dimmed" mb="sm">
        {t('persons.filterArea', { name: area ? areaLabel : t('header.allMyAreas') })}{' '}
        <AnchorLink to="/" size="sm">
          {t('home.workingArea')}
        </AnchorLink>
      </Text>
      {persons.isPending ? (
        <Loading />
      ) : persons.isError ? (
        <ErrorAlert error={persons.error} onRetry={() => persons.refetch()} />
      ) : (
        <div aria-busy={persons.isPlaceholderData}>
          <RecordList
            caption={t('persons.title')}
            rows={persons.data.items}
            rowKey={(p) => p.id}
            empty={t('persons.empty')}
            columns={[
              {
                key: 'name',
                header: t('persons.name'),
                primary: true,
                render: (p) => (
                  <AnchorLink to="/persons/$id" params={{ id: p.id }} fw={600}>
                    {fullName(p)}
                  </AnchorLink>
                ),
              },
              {
                key: 'cid',
                header: t('persons.cid'),
                render: (p) => <span style={{ fontVariantNumeric: 'tabular-nums' }}>{p.cid ?? t('persons.noCid')}</span>,
              },
              { key: 'sex', header: t('persons.sex'), render: (p) => t(`persons.sexes.${p.sex}`) },
              { key: 'birth', header: t('persons.birthDate'), render: (p) => (p.birthDate ? formatDate(p.birthDate, lang) : t('common.none')) },
              { key: 'area', header: t('persons.area'), render: (p) => p.areaName },
            ]}
          />
          <Pager page={persons.data.page} pageSize={persons.data.pageSize || PERSONS_PAGE_SIZE} total={persons.data.total} onChange={setPage} />
        </div>
      )}
    </>
  );
}
