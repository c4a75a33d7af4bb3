import { Card, SimpleGrid, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Loading } from '../../components/Loading';
import { ButtonLink } from '../../components/links';
import { PageHeader } from '../../components/PageHeader';
import { useLang } from '../../i18n';
import { AreaName } from '../areas/AreaName';
import { hasPermission, useMe } from '../auth/api';
import { type CoverageRow, coverageQuery } from './api';

const COUNTED = ['persons', 'disability', 'elderly', 'bedridden', 'awaitingRehabilitation'] as const;

/** Share of a source's rows in a district that are integrated: linked to a known person or registered as a new one. */
export function integratedShare(r: Pick<CoverageRow, 'linked' | 'new' | 'review' | 'rejected'>): number | null {
  const all = r.linked + r.new + r.review + r.rejected;
  return all ? (r.linked + r.new) / all : null;
}

/**
 * How far the agencies' lists are integrated, in the viewer's areas: the persons counted once
 * whatever number of agencies list them, and per source and district the rows linked, new, in review
 * and rejected. Counts only; nobody is named.
 */
export function CoveragePage() {
  const { t } = useTranslation();
  const lang = useLang();
  const me = useMe();
  const coverage = useQuery(coverageQuery);
  const number = (n: number) => n.toLocaleString(lang === 'en' ? 'en-GB' : 'th-TH');
  const percent = new Intl.NumberFormat(lang === 'en' ? 'en-GB' : 'th-TH', { style: 'percent', maximumFractionDigits: 0 });
  return (
    <>
      <PageHeader title={t('imports.coverage.title')}>
        <ButtonLink to="/imports/quality" variant="light">
          {t('imports.coverage.toQuality')}
        </ButtonLink>
        {hasPermission(me, 'imports.manage') && (
          <ButtonLink to="/imports" variant="light">
            {t('imports.coverage.toImports')}
          </ButtonLink>
        )}
      </PageHeader>
      <Text mb="md" maw={760}>
        {t('imports.coverage.intro')}
      </Text>
      {coverage.isPending ? (
        <Loading />
      ) : coverage.isError ? (
        <ErrorAlert error={coverage.error} onRetry={() => coverage.refetch()} />
      ) : (
        <>
          <SimpleGrid component="dl" cols={{ base: 2, sm: 3, md: 5 }} spacing="sm" m={0} mb="xs">
            {COUNTED.map((k) => (
              <Card key={k} withBorder padding="sm" data-counted={k}>
                <Text component="dt" size="sm" c="dimmed">
                  {t(`imports.coverage.${k}`)}
                </Text>
                <Text component="dd" m={0} fw={700} fz="xl" data-value={coverage.data.counted[k]}>
                  {number(coverage.data.counted[k])}
                </Text>
              </Card>
            ))}
          </SimpleGrid>
          <Text size="sm" c="dimmed" mb="lg" data-counted="records">
            {t('imports.coverage.records', {
              sources: number(coverage.data.counted.sources),
              records: number(coverage.data.counted.records),
              persons: number(coverage.data.counted.persons),
            })}
          </Text>

          <Title order={2} size="h4" mb="xs" id="coverage-table">
            {t('imports.coverage.bySource')}
          </Title>
          {coverage.data.bySource.length === 0 ? (
            <Text c="dimmed">{t('imports.coverage.empty')}</Text>
          ) : (
            <Table.ScrollContainer minWidth={720}>
              <Table striped aria-labelledby="coverage-table" data-coverage>
                <Table.Thead>
                  <Table.Tr>
                    {(['source', 'district', 'linked', 'new', 'review', 'rejected', 'integrated'] as const).map((k) => (
                      <Table.Th key={k} scope="col" ta={k === 'source' || k === 'district' ? undefined : 'end'}>
                        {t(`imports.coverage.${k}`)}
                      </Table.Th>
                    ))}
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {coverage.data.bySource.map((r) => {
                    const share = integratedShare(r);
                    return (
                      <Table.Tr key={`${r.source_code}|${r.district ?? ''}`} data-coverage-row={r.source_code} data-district={r.district ?? ''}>
                        <Table.Td>
                          {r.name}
                          <Text size="xs" c="dimmed">
                            {r.source_code}
                          </Text>
                        </Table.Td>
                        <Table.Td>{r.district ? <AreaName code={r.district} /> : t('imports.coverage.notPlaced')}</Table.Td>
                        {(['linked', 'new', 'review', 'rejected'] as const).map((k) => (
                          <Table.Td key={k} ta="end" data-cell={k}>
                            {number(r[k])}
                          </Table.Td>
                        ))}
                        <Table.Td ta="end" data-cell="integrated">
                          {share === null ? '—' : percent.format(share)}
                        </Table.Td>
                      </Table.Tr>
                    );
                  })}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          )}
          <Text size="xs" c="dimmed" mt="xs">
            {t('imports.coverage.integratedHelp')}
          </Text>
        </>
      )}
    </>
  );
}
