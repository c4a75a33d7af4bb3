import { formatDateTime, ORGANISATION_TYPE_LABELS, ROLE_LABELS, thaiToday } from '@carehub/core';
import { Card, type CardProps, Group, List, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { createLink } from '@tanstack/react-router';
import { type ComponentPropsWithoutRef, forwardRef } from 'react';
import { useTranslation } from 'react-i18next';
import { PageHeader } from '../../components/PageHeader';
import { DAILY_WORK, menuFor, type NavTo } from '../../components/Shell';
import { pick, useLang } from '../../i18n';
import { usePickedArea } from '../areas/AreaContext';
import { AreaName } from '../areas/AreaName';
import { AreaPicker } from '../areas/AreaPicker';
import { tasksQuery } from '../assessments/api';
import { type Me, useMe } from '../auth/api';
import { reviewCountQuery } from '../imports/reviewApi';
import { referralsQuery } from '../referrals/api';

type DailyText =
  | 'visits'
  | 'review'
  | 'tasks'
  | 'referrals'
  | 'persons'
  | 'dashboard'
  | 'indicators'
  | 'areaPlans'
  | 'imports'
  | 'importReview'
  | 'coverage'
  | 'users'
  | 'organisations';

/** What each page of someone's daily work is for, under its menu name on the home page. */
const DAILY_TEXT: Partial<Record<NavTo, DailyText>> = {
  '/visits': 'visits',
  '/visits/review': 'review',
  '/tasks': 'tasks',
  '/referrals': 'referrals',
  '/persons': 'persons',
  '/dashboard': 'dashboard',
  '/indicators': 'indicators',
  '/area-plans': 'areaPlans',
  '/imports': 'imports',
  '/imports/review': 'importReview',
  '/imports/coverage': 'coverage',
  '/admin/users': 'users',
  '/admin/organisations': 'organisations',
};

const CardAnchor = forwardRef<HTMLAnchorElement, CardProps & ComponentPropsWithoutRef<'a'>>((props, ref) => <Card component="a" ref={ref} {...props} />);
/** A whole card that is one link: a large target on a phone, named by its text. */
const CardLink = createLink(CardAnchor);

/**
 * How much waits on each page of the daily work. Lists the shell already loads for its badges are
 * shared; the visit lists load with the visit screens' code, so the first page stays small.
 */
function useDailyCounts(me: Me, pages: readonly NavTo[]): Partial<Record<NavTo, string>> {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const has = (to: NavTo) => pages.includes(to);
  const due = useQuery({
    queryKey: ['home', 'visits-due', me.id],
    enabled: has('/visits'),
    networkMode: 'always',
    queryFn: async () => {
      const { caseloadQuery } = await import('../visits/api');
      const { data } = await queryClient.fetchQuery(caseloadQuery(me.id));
      const today = thaiToday();
      return {
        due: data.filter((p) => p.nextVisitOn === null || p.nextVisitOn <= today).length,
        overdue: data.filter((p) => p.nextVisitOn !== null && p.nextVisitOn < today).length,
      };
    },
  });
  const pending = useQuery({
    queryKey: ['home', 'visits-pending'],
    enabled: has('/visits/review'),
    queryFn: async () => {
      const { pendingVisitsQuery } = await import('../visits/api');
      return (await queryClient.fetchQuery(pendingVisitsQuery)).length;
    },
  });
  const tasks = useQuery({ ...tasksQuery('open'), enabled: has('/tasks') });
  const inbox = useQuery({ ...referralsQuery('inbox'), enabled: has('/referrals') });
  const rows = useQuery({ ...reviewCountQuery, enabled: has('/imports/review') });
  const waiting = inbox.data?.filter((r) => r.state === 'sent').length;
  return {
    ...(due.data ? { '/visits': t('home.count.visitsDue', { count: due.data.due, overdue: due.data.overdue }) } : {}),
    ...(pending.data !== undefined ? { '/visits/review': t('home.count.review', { count: pending.data }) } : {}),
    ...(tasks.data ? { '/tasks': t('home.count.tasks', { count: tasks.data.length }) } : {}),
    ...(waiting !== undefined ? { '/referrals': t('home.count.referrals', { count: waiting }) } : {}),
    ...(rows.data ? { '/imports/review': t('home.count.importReview', { count: rows.data.total }) } : {}),
  };
}

/** The role's daily work (the first entries of its menu) as large links, each with what waits there. */
function DailyWork({ me }: { me: Me }) {
  const { t } = useTranslation();
  const menu = menuFor(me.role, me.permissions);
  const cards = DAILY_WORK[me.role].flatMap((to) => menu.filter((n) => n.to === to));
  const counts = useDailyCounts(
    me,
    cards.map((c) => c.to),
  );
  if (!cards.length) return null;
  return (
    <section aria-labelledby="home-work">
      <Title order={2} size="h4" id="home-work" mb="sm">
        {t('home.myWork')}
      </Title>
      <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }} spacing="sm">
        {cards.map((c) => {
          const text = DAILY_TEXT[c.to];
          const count = counts[c.to];
          return (
            <CardLink key={c.to} to={c.to} withBorder radius="md" padding="md" mih={88} data-home-card={c.to} style={{ textDecoration: 'none' }}>
              <Text fw={700} size="lg" c="blue.8">
                {t(c.label)}
              </Text>
              {count && (
                <Text size="sm" fw={600} c="dark.7" mt={2} data-home-count>
                  {count}
                </Text>
              )}
              {text && (
                <Text size="sm" c="gray.7" mt={4}>
                  {t(`home.daily.${text}`)}
                </Text>
              )}
            </CardLink>
          );
        })}
      </SimpleGrid>
    </section>
  );
}

export function HomePage() {
  const { t } = useTranslation();
  const lang = useLang();
  const me = useMe();
  const { code, setCode } = usePickedArea();

  return (
    <>
      <PageHeader title={t('home.welcome', { name: me.displayName })} />
      <DailyWork me={me} />
      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md" mt="lg">
        <Card withBorder radius="md" padding="md" component="section" aria-labelledby="home-account">
          <Title order={2} size="h4" id="home-account" mb="sm">
            {me.displayName}
          </Title>
          <Stack gap="xs">
            <Group gap="xs" wrap="nowrap" align="baseline">
              <Text size="sm" c="dimmed" miw={90}>
                {t('home.role')}
              </Text>
              <Text size="sm">{pick(ROLE_LABELS[me.role], lang)}</Text>
            </Group>
            <Group gap="xs" wrap="nowrap" align="baseline">
              <Text size="sm" c="dimmed" miw={90}>
                {t('home.organisation')}
              </Text>
              <Text size="sm" style={{ minWidth: 0, overflowWrap: 'anywhere' }}>
                {me.organisation.name}{' '}
                <Text span size="xs" c="dimmed">
                  ({pick(ORGANISATION_TYPE_LABELS[me.organisation.type], lang)})
                </Text>
              </Text>
            </Group>
            <div>
              <Text size="sm" c="dimmed">
                {t('home.scopes')}
              </Text>
              <List size="sm" spacing={2}>
                {me.scopes.map((s) => (
                  <List.Item key={s}>
                    <AreaName code={s} />
                  </List.Item>
                ))}
              </List>
            </div>
            <Text size="xs" c="dimmed">
              {t('home.sessionExpires', { at: formatDateTime(me.sessionExpiresAt, lang) })}
            </Text>
          </Stack>
        </Card>
        <Card withBorder radius="md" padding="md" component="section" aria-labelledby="home-area">
          <Title order={2} size="h4" id="home-area" mb="sm">
            {t('home.workingArea')}
          </Title>
          <AreaPicker label={t('areas.picker')} description={t('home.workingAreaHelp')} value={code} onChange={setCode} scopes={me.scopes} />
        </Card>
      </SimpleGrid>
    </>
  );
}
