import {
  ADL_GROUP_LABELS,
  ADL_GROUPS,
  CASELOAD_ROLES,
  DISABILITY_TYPE_LABELS,
  DISABILITY_TYPES,
  GAP_CODES,
  GAP_LABELS,
  PERSON_STATUS_LABELS,
  PERSON_STATUSES,
  VULNERABILITY_LABELS,
} from '@carehub/core';
import { Alert, Badge, Group, Select, Text, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useQuery } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../components/ErrorAlert';
import { ListDownload } from '../../components/ListDownload';
import { Loading } from '../../components/Loading';
import { AnchorLink, ButtonLink } from '../../components/links';
import { PageHeader } from '../../components/PageHeader';
import { Pager } from '../../components/Pager';
import { RecordList } from '../../components/RecordList';
import { pick, useLang } from '../../i18n';
import { usePickedArea } from '../areas/AreaContext';
import { useAreaLabel } from '../areas/AreaName';
import { hasPermission, useMe } from '../auth/api';
import { fullName, PERSONS_PAGE_SIZE, personsQuery } from './api';
import { OfflinePersons } from './OfflinePersons';
import { formatPartialDate } from './PartialDate';
import { registrationCountQuery } from './RegistrationReviewPage';

export interface PersonsSearch {
  q?: string;
  page?: number;
  vulnerability?: string;
  disabilityType?: number;
  adlGroup?: string;
  gap?: string;
  status?: string;
  /** A village (หมู่ที่) of the picked subdistrict. */
  village?: number;
}

const VULNERABILITY_FILTERS = ['disability', 'elderly', 'awaiting_rehabilitation', 'chronic_condition', 'low_income', 'living_alone', 'other_risk'] as const;

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

  const me = useMe();
  const { vulnerability, disabilityType, adlGroup, gap, status } = search;
  // A village narrows a picked subdistrict: the server reads subdistrict + 2-digit number as a village.
  const village = area?.length === 6 ? search.village : undefined;
  const listArea = area && village ? `${area}${String(village).padStart(2, '0')}` : area;
  const persons = useQuery(personsQuery({ q: q || undefined, area: listArea, page, vulnerability, disabilityType, adlGroup, gap, status }));
  const supervises = hasPermission(me, 'caseload.manage');
  const toReview = useQuery({ ...registrationCountQuery, enabled: supervises });
  // A volunteer registers a newly found person from the phone (offline too); the area's staff use the full form.
  const fieldOnly = CASELOAD_ROLES.includes(me.role);
  const setFilter = (key: keyof PersonsSearch, value: string | null) =>
    navigate({
      search: (s: PersonsSearch) => ({
        ...s,
        page: undefined,
        [key]: value ? (key === 'disabilityType' || key === 'village' ? Number(value) : value) : undefined,
      }),
    });
  const filter = (key: keyof PersonsSearch, label: string, options: Array<{ value: string; label: string }>) => (
    <Select
      label={label}
      data={options}
      value={search[key] !== undefined ? String(search[key]) : null}
      onChange={(v) => setFilter(key, v)}
      clearable
      placeholder={t('registry.any')}
      w={200}
    />
  );
  // A page beyond the end (e.g. after picking a smaller area) goes back to the first page.
  const beyondEnd = !!persons.data && !persons.isPlaceholderData && page > 1 && persons.data.items.length === 0;
  useEffect(() => {
    if (beyondEnd) void navigate({ search: (s: PersonsSearch) => ({ ...s, page: undefined }), replace: true });
  }, [beyondEnd, navigate]);
  const setPage = (p: number) => navigate({ search: (s: PersonsSearch) => ({ ...s, page: p > 1 ? p : undefined }) });

  return (
    <>
      <PageHeader title={t('persons.title')}>
        <Group gap="sm" align="flex-start">
          <ListDownload
            path="/api/persons/export"
            query={{ q: q || undefined, area: listArea, vulnerability, disabilityType, adlGroup, gap, status }}
            total={persons.data?.total}
          />
          {hasPermission(me, 'persons.write') &&
            (fieldOnly ? (
              <ButtonLink to="/visits/register">{t('visits.register')}</ButtonLink>
            ) : (
              <ButtonLink to="/persons/new">{t('registry.new')}</ButtonLink>
            ))}
        </Group>
      </PageHeader>
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
      <Group gap="sm" mb="md" wrap="wrap" role="group" aria-label={t('registry.filters')}>
        {filter(
          'vulnerability',
          t('registry.vulnerability'),
          VULNERABILITY_FILTERS.map((v) => ({ value: v, label: pick(VULNERABILITY_LABELS[v], lang) })),
        )}
        {filter(
          'disabilityType',
          t('registry.disabilityType'),
          DISABILITY_TYPES.map((d) => ({ value: String(d), label: pick(DISABILITY_TYPE_LABELS[d], lang) })),
        )}
        {filter(
          'adlGroup',
          t('registry.adlGroup'),
          ADL_GROUPS.map((g) => ({ value: g, label: pick(ADL_GROUP_LABELS[g], lang) })),
        )}
        {filter(
          'gap',
          t('registry.gap'),
          GAP_CODES.map((g) => ({ value: g, label: pick(GAP_LABELS[g], lang) })),
        )}
        {filter(
          'status',
          t('registry.status'),
          PERSON_STATUSES.map((g) => ({ value: g, label: pick(PERSON_STATUS_LABELS[g], lang) })),
        )}
        {area?.length === 6 &&
          filter(
            'village',
            t('registry.villageNo'),
            Array.from({ length: 99 }, (_, i) => ({ value: String(i + 1), label: t('persons.village', { no: i + 1 }) })),
          )}
      </Group>
      <Text size="sm" c="dimmed" mb="sm">
        {t('persons.filterArea', { name: area ? areaLabel : t('header.allMyAreas') })}{' '}
        <AnchorLink to="/" size="sm">
          {t('home.workingArea')}
        </AnchorLink>
      </Text>
      {supervises && !!toReview.data?.review && (
        <Alert color="yellow" mb="md" data-registrations-to-review={toReview.data.review}>
          <AnchorLink to="/persons/registrations" fw={600}>
            {t('registrationReview.link', { count: toReview.data.review })}
          </AnchorLink>
        </Alert>
      )}
      {persons.fetchStatus === 'paused' && !persons.data ? (
        // No signal and nothing fetched: never an endless spinner; the caseload kept on the phone instead.
        <OfflinePersons userId={me.id} />
      ) : persons.isPending ? (
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
              {
                key: 'birth',
                header: t('persons.birthDate'),
                render: (p) =>
                  p.birthDate ? `${formatPartialDate(p.birthDate, lang)}${p.age !== null ? ` (${t('registry.age', { age: p.age })})` : ''}` : t('common.none'),
              },
              { key: 'area', header: t('persons.area'), render: (p) => p.areaName },
              {
                key: 'flags',
                header: t('registry.vulnerability'),
                render: (p) => (
                  <Group gap={4}>
                    {p.flags.map((f) => (
                      <Badge key={f} variant="light" size="sm">
                        {pick(VULNERABILITY_LABELS[f as keyof typeof VULNERABILITY_LABELS] ?? { th: f, en: f }, lang)}
                      </Badge>
                    ))}
                    {p.adlGroup && (
                      <Badge color="grape" variant="light" size="sm">
                        {pick(ADL_GROUP_LABELS[p.adlGroup], lang)}
                      </Badge>
                    )}
                    {p.gaps.length > 0 && (
                      <Badge color="orange" size="sm">
                        {t('registry.gapBadge')}
                      </Badge>
                    )}
                  </Group>
                ),
              },
            ]}
          />
          <Pager page={persons.data.page} pageSize={persons.data.pageSize || PERSONS_PAGE_SIZE} total={persons.data.total} onChange={setPage} />
        </div>
      )}
    </>
  );
}
