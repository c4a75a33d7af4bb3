import { formatDateTime } from '@carehub/core';
import { Card, Group, Progress, Select, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { get } from '../../api';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Loading } from '../../components/Loading';
import { ButtonLink } from '../../components/links';
import { PageHeader } from '../../components/PageHeader';
import { useLang } from '../../i18n';
import { AreaPicker } from '../areas/AreaPicker';
import { useMe } from '../auth/api';

/** A count and its share in percent (null when there is nothing to divide). */
export interface Share {
  count: number;
  percent: number | null;
}

/** GET /api/imports/quality: one source's data quality in an area (counts only). */
export interface SourceQuality {
  code: string;
  name: string;
  rows: number;
  statuses: { linked: number; new: number; review: number; rejected: number; pending: number };
  /** The persons the source's rows are linked to in the area: completeness is a share of them. */
  persons: number;
  completeness: { validId: Share; birthDay: Share; village: Share };
  invalidId: Share;
  staleArea: Share;
  unknownValue: Share;
  placeholderBirthDate: Share;
  warned: Share;
  rejected: Share;
  duplicatesWaiting: number;
  onlyThisSource: Share;
  trend: Array<{
    startedAt: string;
    status: 'running' | 'done' | 'failed' | 'rolled_back';
    total: number;
    accepted: number;
    rejected: number;
    warned: number;
    review: number;
  }>;
}

export interface Quality {
  area: string | null;
  sources: SourceQuality[];
}

export const qualityQuery = (area: string | null) =>
  queryOptions({
    queryKey: ['imports', 'quality', area ?? ''],
    queryFn: ({ signal }) => get<Quality>('/api/imports/quality', { area: area ?? undefined }, signal),
  });

const COMPLETENESS = ['validId', 'birthDay', 'village'] as const;
const PROBLEMS = ['invalidId', 'staleArea', 'unknownValue', 'placeholderBirthDate', 'rejected'] as const;
const TREND = ['total', 'accepted', 'rejected', 'warned', 'review'] as const;

/**
 * Data quality for stewards (issue 19, item 8): per source, in one of the viewer's areas, how complete
 * the linked persons are (national ID, birth date to the day, address to the village), the values read
 * with a warning or refused, the duplicates waiting for review, the persons only this source knows, and
 * each recent import. Counts only; nobody is named.
 */
export function QualityPage() {
  const { t } = useTranslation();
  const me = useMe();
  const [area, setArea] = useState<string | null>(null);
  const [source, setSource] = useState<string | null>(null);
  // Only an area code goes to the server: "all of my areas" is the default there.
  const asked = area && /^\d{2,6}$/.test(area) ? area : null;
  const quality = useQuery({ ...qualityQuery(asked), placeholderData: keepPreviousData });
  const shown = quality.data?.sources.filter((s) => !source || s.code === source) ?? [];
  return (
    <>
      <PageHeader title={t('imports.quality.title')}>
        <ButtonLink to="/imports/coverage" variant="light">
          {t('imports.quality.toCoverage')}
        </ButtonLink>
      </PageHeader>
      <Text mb="md" maw={760}>
        {t('imports.quality.intro')}
      </Text>
      <Card withBorder radius="md" padding="sm" mb="md">
        <SimpleGrid cols={{ base: 1, md: 2 }} spacing="sm">
          <AreaPicker label={t('imports.quality.area')} value={area} onChange={setArea} scopes={me.scopes} />
          <Select
            label={t('imports.quality.source')}
            placeholder={t('imports.quality.allSources')}
            clearable
            value={source}
            onChange={setSource}
            data={(quality.data?.sources ?? []).map((s) => ({ value: s.code, label: `${s.name} (${s.code})` }))}
            data-quality-source
          />
        </SimpleGrid>
      </Card>
      {quality.isPending ? (
        <Loading />
      ) : quality.isError ? (
        <ErrorAlert error={quality.error} onRetry={() => quality.refetch()} />
      ) : shown.length === 0 ? (
        <Text c="dimmed">{t('imports.quality.empty')}</Text>
      ) : (
        <Stack gap="lg">
          {shown.map((s) => (
            <SourceCard key={s.code} s={s} />
          ))}
        </Stack>
      )}
    </>
  );
}

function SourceCard({ s }: { s: SourceQuality }) {
  const { t } = useTranslation();
  const lang = useLang();
  const titleId = useId();
  const trendId = useId();
  const number = (n: number) => n.toLocaleString(lang === 'en' ? 'en-GB' : 'th-TH');
  const pct = (p: number | null) => (p === null ? '—' : `${p.toLocaleString(lang === 'en' ? 'en-GB' : 'th-TH', { maximumFractionDigits: 1 })}%`);
  return (
    <Card withBorder radius="md" padding="md" component="section" aria-labelledby={titleId} data-quality={s.code}>
      <Title order={2} size="h4" id={titleId}>
        {s.name}{' '}
        <Text span size="sm" c="dimmed">
          ({s.code})
        </Text>
      </Title>
      <Text size="sm" c="dimmed" mb="sm" data-quality-rows={s.rows}>
        {t('imports.quality.rows', { rows: number(s.rows), persons: number(s.persons) })}
      </Text>

      <Title order={3} size="h5" mb={4}>
        {t('imports.quality.completeness')}
      </Title>
      <Text size="xs" c="dimmed" mb="xs">
        {t('imports.quality.completenessHelp')}
      </Text>
      <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="sm" mb="md">
        {COMPLETENESS.map((k) => {
          const v = s.completeness[k];
          const label = t(`imports.quality.${k}`);
          const summary = t('imports.quality.ofPersons', { percent: pct(v.percent), count: number(v.count), of: number(s.persons) });
          return (
            <Card key={k} withBorder padding="sm" data-completeness={k} data-percent={v.percent ?? ''}>
              <Text size="sm" fw={600}>
                {label}
              </Text>
              <Text fz="xl" fw={700}>
                {pct(v.percent)}
              </Text>
              <Progress
                value={v.percent ?? 0}
                color={v.percent === null ? 'gray' : v.percent >= 90 ? 'teal' : v.percent >= 60 ? 'yellow' : 'red'}
                aria-label={`${label}: ${summary}`}
                my={4}
              />
              <Text size="xs" c="dimmed">
                {summary}
              </Text>
            </Card>
          );
        })}
      </SimpleGrid>

      <Title order={3} size="h5" mb="xs">
        {t('imports.quality.problems')}
      </Title>
      <SimpleGrid component="dl" cols={{ base: 2, sm: 4, lg: 7 }} spacing="sm" m={0} mb="md">
        {PROBLEMS.map((k) => (
          <Card key={k} withBorder padding="xs" data-problem={k} data-value={s[k].count}>
            <Text component="dt" size="xs" c="dimmed">
              {t(`imports.quality.${k}`)}
            </Text>
            <Text component="dd" m={0} fw={700}>
              {number(s[k].count)}{' '}
              <Text span size="xs" c="dimmed" fw={400}>
                ({t('imports.quality.ofRows', { percent: pct(s[k].percent) })})
              </Text>
            </Text>
          </Card>
        ))}
        <Card withBorder padding="xs" data-problem="duplicatesWaiting" data-value={s.duplicatesWaiting}>
          <Text component="dt" size="xs" c="dimmed">
            {t('imports.quality.duplicatesWaiting')}
          </Text>
          <Text component="dd" m={0} fw={700}>
            {number(s.duplicatesWaiting)}
          </Text>
        </Card>
        <Card withBorder padding="xs" data-problem="onlyThisSource" data-value={s.onlyThisSource.count}>
          <Text component="dt" size="xs" c="dimmed">
            {t('imports.quality.onlyThisSource')}
          </Text>
          <Text component="dd" m={0} fw={700}>
            {number(s.onlyThisSource.count)}{' '}
            <Text span size="xs" c="dimmed" fw={400}>
              ({t('imports.quality.ofPersonsShort', { percent: pct(s.onlyThisSource.percent) })})
            </Text>
          </Text>
        </Card>
      </SimpleGrid>

      <Group justify="space-between" align="baseline">
        <Title order={3} size="h5" mb="xs" id={trendId}>
          {t('imports.quality.trend')}
        </Title>
        <Text size="xs" c="dimmed">
          {t('imports.quality.trendHelp')}
        </Text>
      </Group>
      {s.trend.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t('imports.quality.noBatches')}
        </Text>
      ) : (
        <Table.ScrollContainer minWidth={640}>
          <Table striped aria-labelledby={trendId} data-quality-trend>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t('imports.quality.startedAt')}</Table.Th>
                <Table.Th scope="col">{t('imports.quality.status')}</Table.Th>
                {TREND.map((k) => (
                  <Table.Th key={k} scope="col" ta="end">
                    {t(`imports.quality.batch.${k}`)}
                  </Table.Th>
                ))}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {s.trend.map((b) => (
                <Table.Tr key={b.startedAt} data-batch-row>
                  <Table.Td>{formatDateTime(b.startedAt, lang)}</Table.Td>
                  <Table.Td>{t(`imports.status.${b.status}`)}</Table.Td>
                  {TREND.map((k) => (
                    <Table.Td key={k} ta="end" data-cell={k}>
                      {number(b[k])}
                    </Table.Td>
                  ))}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Card>
  );
}
