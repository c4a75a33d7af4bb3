import {
  ACTIVITY_STATUS_LABELS,
  type CarePlanBody,
  carePlanCosts,
  FUNDING_SOURCE_LABELS,
  formatDate,
  GOAL_STATUS_LABELS,
  type Label,
  type Locale,
  needLabel,
  overdueActivities,
  PLAN_TARGET_LABELS,
} from '@carehub/core';
import { Badge, Card, Group, Stack, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { pick, useLang } from '../../i18n';

/** A label from a core map, or the code itself when the code is newer than this screen. */
export const labelOf = (map: Record<string, Label>, key: string | undefined | null, lang: Locale): string =>
  key ? (map[key] ? pick(map[key]!, lang) : key) : '—';

export function formatBaht(amount: number, lang: Locale): string {
  return new Intl.NumberFormat(lang === 'th' ? 'th-TH' : 'en-GB', { minimumFractionDigits: 0, maximumFractionDigits: 2 }).format(amount);
}

export const GOAL_STATUS_COLOR: Record<string, string> = {
  open: 'blue',
  achieved: 'teal',
  partly_achieved: 'yellow',
  not_achieved: 'red',
  dropped: 'gray',
};
export const ACTIVITY_STATUS_COLOR: Record<string, string> = { planned: 'blue', in_progress: 'orange', done: 'teal', cancelled: 'gray' };

function Section({ title, count, children }: { title: string; count: number; children: ReactNode }) {
  const { t } = useTranslation();
  return (
    <section>
      <Title order={2} size="h4" mb="xs">
        {title}
      </Title>
      {count === 0 ? <Text c="dimmed">{t('carePlans.noneYet')}</Text> : children}
    </section>
  );
}

/** A field of an item: a label and its value on one line that wraps on a phone. */
function Field({ label, children }: { label: string; children: ReactNode }) {
  return (
    <Group gap={6} wrap="nowrap" align="baseline">
      <Text component="span" size="sm" c="dimmed" style={{ flex: '0 0 auto' }}>
        {label}:
      </Text>
      <Text component="span" size="sm" style={{ minWidth: 0, overflowWrap: 'anywhere' }}>
        {children}
      </Text>
    </Group>
  );
}

/** One version of a plan, read-only: problems, goals, activities (overdue ones marked), costs by fund, reviews. */
export function PlanView({ body, organisations, today }: { body: CarePlanBody; organisations: Record<string, string>; today: string }) {
  const { t } = useTranslation();
  const lang = useLang();
  const overdue = new Set(overdueActivities(body, today).map((a) => a.id));
  const costs = carePlanCosts(body);
  const total = costs.reduce((s, c) => s + c.total, 0);
  const problemNo = new Map(body.problems.map((p, i) => [p.id, i + 1]));
  const goalNo = new Map(body.goals.map((g, i) => [g.id, i + 1]));
  const goalText = (id: string | undefined) => {
    const g = id ? body.goals.find((x) => x.id === id) : undefined;
    return g ? `${goalNo.get(g.id)}. ${g.text}` : '—';
  };

  return (
    <Stack gap="lg">
      <Section title={t('carePlans.problems')} count={body.problems.length}>
        <Stack gap="xs">
          {body.problems.map((p, i) => (
            <Card key={p.id} withBorder padding="sm" data-problem={p.id}>
              <Text fw={600} style={{ overflowWrap: 'anywhere' }}>
                {i + 1}. {p.text}
              </Text>
              <Field label={t('carePlans.target')}>{labelOf(PLAN_TARGET_LABELS, p.target, lang)}</Field>
              {p.sources.length > 0 && (
                <Field label={t('carePlans.source')}>
                  {p.sources
                    .map((s) => `${t(`carePlans.sourceKind.${s.kind}`)}${s.need ? ` · ${needLabel(s.need) ? pick(needLabel(s.need)!, lang) : s.need}` : ''}`)
                    .join('; ')}
                </Field>
              )}
            </Card>
          ))}
        </Stack>
      </Section>

      <Section title={t('carePlans.goals')} count={body.goals.length}>
        <Stack gap="xs">
          {body.goals.map((g, i) => (
            <Card key={g.id} withBorder padding="sm" data-goal={g.id}>
              <Group justify="space-between" align="flex-start" gap="xs">
                <Text fw={600} style={{ overflowWrap: 'anywhere', flex: 1, minWidth: 0 }}>
                  {i + 1}. {g.text}
                </Text>
                <Badge color={GOAL_STATUS_COLOR[g.status] ?? 'gray'} variant="light">
                  {labelOf(GOAL_STATUS_LABELS, g.status, lang)}
                </Badge>
              </Group>
              {g.problemIds.length > 0 && <Field label={t('carePlans.forProblems')}>{g.problemIds.map((id) => problemNo.get(id) ?? id).join(', ')}</Field>}
              <Field label={t('carePlans.measure')}>{g.measure}</Field>
              <Field label={t('carePlans.targetDate')}>{formatDate(g.targetDate, lang)}</Field>
            </Card>
          ))}
        </Stack>
      </Section>

      <Section title={t('carePlans.activities')} count={body.activities.length}>
        <Stack gap="xs">
          {body.activities.map((a, i) => {
            const late = overdue.has(a.id);
            return (
              <Card
                key={a.id}
                withBorder
                padding="sm"
                data-activity={a.id}
                data-status={a.status}
                data-overdue={late || undefined}
                style={late ? { borderColor: 'var(--mantine-color-red-6)', borderWidth: 2 } : undefined}
              >
                <Group justify="space-between" align="flex-start" gap="xs">
                  <Text fw={600} style={{ overflowWrap: 'anywhere', flex: 1, minWidth: 0 }}>
                    {i + 1}. {a.text}
                  </Text>
                  <Group gap={4}>
                    {late && (
                      <Badge color="red" variant="filled">
                        {t('carePlans.overdue')}
                      </Badge>
                    )}
                    <Badge color={ACTIVITY_STATUS_COLOR[a.status] ?? 'gray'} variant="light">
                      {labelOf(ACTIVITY_STATUS_LABELS, a.status, lang)}
                    </Badge>
                  </Group>
                </Group>
                <Field label={t('carePlans.target')}>{labelOf(PLAN_TARGET_LABELS, a.target, lang)}</Field>
                {a.goalId && <Field label={t('carePlans.forGoal')}>{goalText(a.goalId)}</Field>}
                <Field label={t('carePlans.responsible')}>
                  {[a.organisationId ? (organisations[a.organisationId] ?? t('carePlans.unknownOrganisation')) : null, a.responsible]
                    .filter(Boolean)
                    .join(' · ') || '—'}
                </Field>
                <Field label={t('carePlans.dueOn')}>{a.dueOn ? formatDate(a.dueOn, lang) : '—'}</Field>
                {a.cost !== undefined && (
                  <Field label={t('carePlans.cost')}>
                    {t('carePlans.baht', { amount: formatBaht(a.cost, lang) })}
                    {a.funding ? ` · ${labelOf(FUNDING_SOURCE_LABELS, a.funding, lang)}` : ''}
                  </Field>
                )}
                {a.conferenceId && (
                  <Text size="xs" c="dimmed">
                    {t('carePlans.fromConference')}
                  </Text>
                )}
              </Card>
            );
          })}
        </Stack>
      </Section>

      {costs.length > 0 && (
        <section data-costs>
          <Title order={2} size="h4" mb="xs">
            {t('carePlans.costsTitle')}
          </Title>
          <Card withBorder padding="sm">
            <Stack component="dl" gap={4} m={0}>
              {costs.map((c) => (
                <Group key={c.funding} justify="space-between" wrap="nowrap" gap="sm" data-funding={c.funding}>
                  <Text component="dt" size="sm" style={{ minWidth: 0 }}>
                    {labelOf(FUNDING_SOURCE_LABELS, c.funding, lang)}
                  </Text>
                  <Text component="dd" size="sm" m={0} fw={600} style={{ whiteSpace: 'nowrap' }}>
                    {t('carePlans.baht', { amount: formatBaht(c.total, lang) })}
                  </Text>
                </Group>
              ))}
              <Group justify="space-between" wrap="nowrap" gap="sm" pt={4} style={{ borderTop: '1px solid var(--mantine-color-default-border)' }}>
                <Text component="dt" size="sm" fw={700}>
                  {t('carePlans.costsTotal')}
                </Text>
                <Text component="dd" size="sm" m={0} fw={700} style={{ whiteSpace: 'nowrap' }} data-total>
                  {t('carePlans.baht', { amount: formatBaht(total, lang) })}
                </Text>
              </Group>
            </Stack>
          </Card>
        </section>
      )}

      <Section title={t('carePlans.reviews')} count={body.reviews.length}>
        <Stack gap="xs" component="ul" p={0} m={0} style={{ listStyle: 'none' }}>
          {body.reviews.map((r) => (
            <Card key={r.id} component="li" withBorder padding="sm" data-review={r.id}>
              <Text size="sm" fw={600}>
                {formatDate(r.on, lang)}
                {r.by ? ` · ${r.by}` : ''}
              </Text>
              <Text size="sm" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
                {r.outcome}
              </Text>
            </Card>
          ))}
        </Stack>
      </Section>
    </Stack>
  );
}
