import type { Permission, Role } from '@carehub/core';
import { ROLE_LABELS } from '@carehub/core';
import { AppShell, Badge, Burger, Button, Divider, ScrollArea, Stack, Text } from '@mantine/core';
import { useDisclosure, useMediaQuery } from '@mantine/hooks';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, Outlet, useNavigate, useRouterState } from '@tanstack/react-router';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api';
import { AreaProvider, usePickedArea } from '../features/areas/AreaContext';
import { useAreaLabel } from '../features/areas/AreaName';
import { tasksQuery } from '../features/assessments/api';
import { useLiveEvents } from '../features/assessments/live';
import { logout, type Me, useMe } from '../features/auth/api';
import { reviewCountQuery } from '../features/imports/reviewApi';
import { referralsQuery } from '../features/referrals/api';
import { pick, useLang } from '../i18n';
import { notifyError, notifySuccess } from './feedback';
import { LanguageSwitch } from './LanguageSwitch';
import { NavLinkLink } from './links';
import classes from './Shell.module.css';

export type NavTo =
  | '/'
  | '/dashboard'
  | '/indicators'
  | '/persons'
  | '/visits'
  | '/visits/review'
  | '/caseload'
  | '/stipends'
  | '/tasks'
  | '/referrals'
  | '/area-plans'
  | '/admin/users'
  | '/admin/organisations'
  | '/admin/instruments'
  | '/admin/audit'
  | '/imports'
  | '/imports/review'
  | '/imports/coverage'
  | '/imports/quality'
  | '/me/sessions'
  | '/me/notifications';
type NavLabel =
  | 'nav.home'
  | 'dashboard.nav'
  | 'indicators.nav'
  | 'nav.persons'
  | 'nav.visits'
  | 'nav.review'
  | 'nav.caseload'
  | 'nav.stipends'
  | 'nav.tasks'
  | 'nav.referrals'
  | 'areaPlans.nav'
  | 'nav.users'
  | 'nav.organisations'
  | 'nav.instruments'
  | 'nav.audit'
  | 'nav.imports'
  | 'nav.importReview'
  | 'nav.coverage'
  | 'nav.quality'
  | 'nav.sessions'
  | 'nav.notifications';

export const NAV: Array<{ to: NavTo; label: NavLabel; permission?: Permission }> = [
  { to: '/', label: 'nav.home' },
  { to: '/dashboard', label: 'dashboard.nav', permission: 'dashboard.read' },
  { to: '/indicators', label: 'indicators.nav', permission: 'dashboard.read' },
  { to: '/persons', label: 'nav.persons', permission: 'persons.read' },
  { to: '/visits', label: 'nav.visits', permission: 'visits.record' },
  { to: '/visits/review', label: 'nav.review', permission: 'visits.review' },
  { to: '/caseload', label: 'nav.caseload', permission: 'caseload.manage' },
  { to: '/stipends', label: 'nav.stipends', permission: 'visits.review' },
  { to: '/tasks', label: 'nav.tasks', permission: 'persons.read' },
  { to: '/referrals', label: 'nav.referrals', permission: 'persons.read' },
  { to: '/area-plans', label: 'areaPlans.nav', permission: 'areaplans.read' },
  { to: '/admin/users', label: 'nav.users', permission: 'users.manage' },
  { to: '/admin/organisations', label: 'nav.organisations', permission: 'organisations.manage' },
  { to: '/admin/instruments', label: 'nav.instruments', permission: 'instruments.manage' },
  { to: '/admin/audit', label: 'nav.audit', permission: 'audit.read' },
  { to: '/imports', label: 'nav.imports', permission: 'imports.manage' },
  { to: '/imports/review', label: 'nav.importReview', permission: 'imports.manage' },
  // A report for those who oversee an area or its data; the page asks for the same permission.
  { to: '/imports/coverage', label: 'nav.coverage', permission: 'audit.read' },
  { to: '/imports/quality', label: 'nav.quality', permission: 'audit.read' },
  { to: '/me/sessions', label: 'nav.sessions' },
  { to: '/me/notifications', label: 'nav.notifications' },
];

/**
 * Each role's daily work, first in its menu after the home page and as cards on the home page
 * (JOURNEYS.md); the rest of its menu follows in NAV's order. A new role does not compile without one.
 */
export const DAILY_WORK: Record<Role, readonly NavTo[]> = {
  system_admin: ['/admin/users', '/admin/organisations', '/dashboard', '/imports'],
  province_admin: ['/dashboard', '/indicators', '/area-plans', '/imports'],
  district_admin: ['/dashboard', '/indicators', '/area-plans', '/visits/review'],
  subdistrict_admin: ['/dashboard', '/indicators', '/area-plans', '/visits/review'],
  data_steward: ['/imports', '/imports/review', '/imports/coverage', '/imports/quality'],
  social_worker: ['/tasks', '/referrals', '/persons'],
  health_professional: ['/visits/review', '/tasks', '/referrals', '/visits'],
  volunteer_osm: ['/visits', '/persons', '/tasks'],
  volunteer_opm: ['/visits', '/persons', '/tasks'],
  caregiver: ['/visits', '/persons', '/tasks'],
  analyst: ['/dashboard', '/indicators'],
};

/** The menu of a role with these permissions: home, the role's daily work, then every other page it may open. */
export function menuFor(role: Role, permissions: readonly string[]) {
  const allowed = NAV.filter((n) => !n.permission || permissions.includes(n.permission));
  const daily = DAILY_WORK[role].flatMap((to) => allowed.filter((n) => n.to === to));
  return [...allowed.filter((n) => n.to === '/'), ...daily, ...allowed.filter((n) => n.to !== '/' && !daily.includes(n))];
}

/** The signed-in frame: header, navigation by permission, and the page. */
export function Shell() {
  const me = useMe();
  return (
    <AreaProvider key={me.id} userId={me.id} scopes={me.scopes}>
      <Frame me={me} />
    </AreaProvider>
  );
}

function useSignOut() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [pending, setPending] = useState(false);
  async function signOut() {
    setPending(true);
    try {
      await logout();
    } catch (e) {
      if (!(e instanceof ApiError && e.status === 401)) {
        setPending(false);
        notifyError(e);
        return;
      }
    }
    await navigate({ to: '/login' });
    queryClient.clear();
    notifySuccess(t('auth.signedOut'));
  }
  return { signOut, pending };
}

function Frame({ me }: { me: Me }) {
  const { t } = useTranslation();
  const lang = useLang();
  const [opened, { toggle, close }] = useDisclosure(false);
  const wide = useMediaQuery('(min-width: 48em)', true, { getInitialValueInEffect: false });
  const pathname = useRouterState({ select: (s) => s.location.pathname });
  const { code } = usePickedArea();
  const areaLabel = useAreaLabel(code);
  const { signOut, pending } = useSignOut();
  const canRead = me.permissions.includes('persons.read');
  useLiveEvents(canRead);
  const records = me.permissions.includes('visits.record');
  useEffect(() => {
    // The visit outbox sends whatever waits on this device, on any screen; loaded only for those who record visits.
    if (!records) return;
    let stop: (() => void) | undefined;
    let cancelled = false;
    void import('../offline/outbox').then((m) => {
      if (!cancelled) stop = m.startOutbox();
    });
    return () => {
      cancelled = true;
      stop?.();
    };
  }, [records]);
  const openTasks = useQuery({ ...tasksQuery('open'), enabled: canRead });
  // Referrals to the user's organisation waiting for an answer (accept or decline); refreshed live.
  const inbox = useQuery({ ...referralsQuery('inbox'), enabled: canRead });
  const waiting = inbox.data?.filter((r) => r.state === 'sent') ?? [];
  // Rows of the organisation's lists waiting for a reviewer (counts only).
  const toReview = useQuery({ ...reviewCountQuery, enabled: me.permissions.includes('imports.manage') });

  const roleLabel = pick(ROLE_LABELS[me.role], lang);
  const areaText = code ? areaLabel : t('header.allMyAreas');
  const isActive = (to: NavTo) =>
    to === '/'
      ? pathname === '/'
      : pathname === to || (pathname.startsWith(`${to}/`) && !NAV.some((n) => n.to !== to && n.to.startsWith(to) && pathname.startsWith(n.to)));
  const signOutButton = (
    <Button variant="default" size="xs" onClick={signOut} loading={pending} className={classes.signout}>
      {t('auth.signOut')}
    </Button>
  );

  return (
    <AppShell header={{ height: { base: 100, sm: 64 } }} navbar={{ width: 260, breakpoint: 'sm', collapsed: { mobile: !opened } }} padding="md">
      <a href="#main" className="skip-link">
        {t('app.skipToContent')}
      </a>
      <AppShell.Header>
        <div className={classes.header}>
          <Burger
            className={classes.burger}
            opened={opened}
            onClick={toggle}
            hiddenFrom="sm"
            size="sm"
            aria-label={opened ? t('nav.closeMenu') : t('nav.openMenu')}
            aria-expanded={opened}
            aria-controls="main-nav"
          />
          <Link to="/" className={classes.brand} onClick={close}>
            {t('app.name')}
          </Link>
          {wide && (
            <Text size="sm" className={classes.area} truncate="end">
              <Text span c="dimmed" size="sm">
                {t('header.area')}:{' '}
              </Text>
              {areaText}
            </Text>
          )}
          <section className={classes.user} aria-label={t('header.account')}>
            <Text fw={600} size="sm" truncate="end">
              {me.displayName}
              {!wide && (
                <Text span size="sm" c="dimmed" fw={400}>
                  {' · '}
                  {roleLabel}
                </Text>
              )}
            </Text>
            <Text size="xs" c="dimmed" truncate="end">
              {wide ? `${roleLabel} · ${me.organisation.name}` : me.organisation.name}
            </Text>
          </section>
          <div className={classes.lang}>
            <LanguageSwitch />
          </div>
          {wide && signOutButton}
        </div>
      </AppShell.Header>

      <AppShell.Navbar id="main-nav" p="xs" aria-label={t('nav.main')} inert={!wide && !opened}>
        <AppShell.Section grow component={ScrollArea}>
          {menuFor(me.role, me.permissions).map((n) => (
            <NavLinkLink
              key={n.to}
              to={n.to}
              // A menu entry with an entry of its own below it (/imports, /imports/review) is current on its own path only.
              activeOptions={{ exact: n.to === '/' || NAV.some((o) => o.to.startsWith(`${n.to}/`)), includeSearch: false }}
              label={t(n.label)}
              active={isActive(n.to)}
              onClick={close}
              rightSection={
                n.to === '/tasks' && openTasks.data?.length ? (
                  <Badge
                    size="sm"
                    color={openTasks.data.some((x) => x.severity === 'urgent') ? 'red' : 'orange'}
                    aria-label={t('tasks.openCount', { count: openTasks.data.length })}
                  >
                    {openTasks.data.length}
                  </Badge>
                ) : n.to === '/referrals' && waiting.length ? (
                  <Badge
                    size="sm"
                    color={waiting.some((r) => r.urgency === 'emergency' || r.overdue) ? 'red' : 'orange'}
                    aria-label={t('referrals.waitingCount', { count: waiting.length })}
                    data-nav-badge="referrals"
                  >
                    {waiting.length}
                  </Badge>
                ) : n.to === '/imports/review' && toReview.data?.total ? (
                  <Badge size="sm" color="orange" aria-label={t('importReview.count', { count: toReview.data.total })} data-nav-badge="import-review">
                    {toReview.data.total}
                  </Badge>
                ) : undefined
              }
            />
          ))}
        </AppShell.Section>
        {!wide && (
          <AppShell.Section>
            <Divider my="xs" />
            <Stack gap="xs" px="xs" pb="xs">
              <Text size="sm">
                <Text span c="dimmed" size="sm">
                  {t('header.area')}:{' '}
                </Text>
                {areaText}
              </Text>
              {signOutButton}
            </Stack>
          </AppShell.Section>
        )}
      </AppShell.Navbar>

      <AppShell.Main id="main" tabIndex={-1}>
        <Outlet />
      </AppShell.Main>
    </AppShell>
  );
}
