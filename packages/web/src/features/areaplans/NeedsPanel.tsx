import {
  AREA_FUNDING_SOURCE_LABELS,
  AREA_VULNERABILITY_LABELS,
  type AreaFundingSource,
  type AreaNeedsSummary,
  type AreaProjectStatus,
  budgetByFunding,
  formatDateTime,
  needCategoryLabel,
  needCoverage,
  needLabel,
} from '@carehub/core';
import { Button, Card, Group, List, Stack, Table, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { pick, useLang } from '../../i18n';
import { formatBaht } from './AreaPlansPage';

interface Props {
  needs: AreaNeedsSummary;
  projects: ReadonlyArray<{ needCategories: readonly string[]; targetPersons: number | ''; status?: AreaProjectStatus }>;
  /** While editing: add a project for a category not yet covered. */
  onAdd?: (category: string, uncovered: number) => void;
}

/**
 * The needs of the subdistrict counted now (persons, never names) beside the plan: for each need
 * category, how many persons need it, how many the projects plan to reach, and how many are not covered.
 */
export function NeedsPanel({ needs, projects, onAdd }: Props) {
  const { t } = useTranslation();
  const lang = useLang();
  const rows = needCoverage(
    needs,
    projects.map((p) => ({ ...p, targetPersons: p.targetPersons === '' ? 0 : p.targetPersons })),
  );
  const category = (c: string) => (needCategoryLabel(c) ? pick(needCategoryLabel(c)!, lang) : c);
  return (
    <Card withBorder padding="md" component="section" aria-labelledby="areaplan-needs" data-needs-panel>
      <Title order={2} size="h4" id="areaplan-needs">
        {t('areaPlans.needsTitle')}
      </Title>
      <Text size="xs" c="dimmed" mb="xs">
        {t('areaPlans.needsHelp')} {t('areaPlans.needsAsOf', { at: formatDateTime(needs.asOf, lang) })}
      </Text>
      <Text size="sm" mb="sm" data-needs-summary>
        {t('areaPlans.needsSummary', { persons: needs.persons, visited: needs.personsVisited, withNeeds: needs.personsWithNeeds })}
      </Text>
      {rows.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t('areaPlans.noNeeds')}
        </Text>
      ) : (
        <Table.ScrollContainer minWidth={280}>
          <Table fz="sm" verticalSpacing={4} horizontalSpacing={6} captionSide="top">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('areaPlans.colCategory')}</Table.Th>
                <Table.Th ta="right">{t('areaPlans.colPersons')}</Table.Th>
                <Table.Th ta="right">{t('areaPlans.colPlanned')}</Table.Th>
                <Table.Th ta="right">{t('areaPlans.colUncovered')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((r) => {
                const detail = needs.categories.find((c) => c.category === r.category)?.needs ?? [];
                return (
                  <Table.Tr key={r.category} data-need-category={r.category} data-uncovered={r.uncovered}>
                    <Table.Td>
                      <Text size="sm" fw={600}>
                        {category(r.category)}
                      </Text>
                      {detail.length > 0 && (
                        <List size="xs" c="dimmed" listStyleType="none" spacing={0}>
                          {detail.map((n) => (
                            <List.Item key={n.code}>
                              {needLabel(n.code) ? pick(needLabel(n.code)!, lang) : n.code}: {t('areaPlans.personsCount', { n: n.persons })}
                            </List.Item>
                          ))}
                        </List>
                      )}
                      {onAdd && r.uncovered > 0 && (
                        <Button
                          size="compact-xs"
                          variant="light"
                          mt={4}
                          onClick={() => onAdd(r.category, r.uncovered)}
                          aria-label={t('areaPlans.addForCategoryAria', { category: category(r.category) })}
                        >
                          {t('areaPlans.addForCategory')}
                        </Button>
                      )}
                    </Table.Td>
                    <Table.Td ta="right">{r.persons}</Table.Td>
                    <Table.Td ta="right">{r.planned}</Table.Td>
                    <Table.Td ta="right" c={r.uncovered > 0 ? 'red.8' : undefined} fw={r.uncovered > 0 ? 700 : undefined}>
                      {r.uncovered}
                    </Table.Td>
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      <Title order={3} size="h5" mt="md" mb={4}>
        {t('areaPlans.vulnerabilityTitle')}
      </Title>
      <Stack gap={2}>
        {needs.vulnerability.map((v) => (
          <Group key={v.key} justify="space-between" gap="xs" wrap="nowrap">
            <Text size="sm">{pick(AREA_VULNERABILITY_LABELS[v.key], lang)}</Text>
            <Text size="sm">{t('areaPlans.personsCount', { n: v.persons })}</Text>
          </Group>
        ))}
      </Stack>
    </Card>
  );
}

/** The budget by funding source and the total (projects not cancelled). */
export function BudgetSummary({
  projects,
}: {
  projects: ReadonlyArray<{ budget: number | '' | null; fundingSource: AreaFundingSource | null; status?: AreaProjectStatus }>;
}) {
  const { t } = useTranslation();
  const lang = useLang();
  const b = budgetByFunding(projects.map((p) => ({ ...p, budget: p.budget === '' ? null : p.budget })));
  return (
    <Card withBorder padding="sm" component="section" aria-labelledby="areaplan-budget" data-budget>
      <Title order={2} size="h5" id="areaplan-budget" mb={4}>
        {t('areaPlans.budgetTitle')}
      </Title>
      <Stack gap={2}>
        {b.rows.map((r) => (
          <Group key={r.fundingSource ?? 'none'} justify="space-between" gap="xs" wrap="nowrap" data-funding={r.fundingSource ?? 'none'}>
            <Text size="sm">{r.fundingSource ? pick(AREA_FUNDING_SOURCE_LABELS[r.fundingSource], lang) : t('areaPlans.noFunding')}</Text>
            <Text size="sm" style={{ whiteSpace: 'nowrap' }}>
              {t('areaPlans.baht', { amount: formatBaht(r.total, lang) })}
            </Text>
          </Group>
        ))}
        <Group justify="space-between" gap="xs" wrap="nowrap" data-budget-total>
          <Text size="sm" fw={700}>
            {t('areaPlans.budgetTotal')}
          </Text>
          <Text size="sm" fw={700} style={{ whiteSpace: 'nowrap' }}>
            {t('areaPlans.baht', { amount: formatBaht(b.total, lang) })}
          </Text>
        </Group>
      </Stack>
    </Card>
  );
}
