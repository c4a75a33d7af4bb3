import type { Permission } from '@carehub/core';
import { Container } from '@mantine/core';
import type { QueryClient } from '@tanstack/react-query';
import {
  type AnyRoute,
  createRootRouteWithContext,
  createRoute,
  createRouter,
  type ErrorComponentProps,
  lazyRouteComponent,
  Outlet,
  redirect,
  useRouter,
} from '@tanstack/react-router';
import type { ComponentType, ReactNode } from 'react';
import { ApiError } from './api';
import { ErrorAlert } from './components/ErrorAlert';
import { Loading } from './components/Loading';
import { NotFound } from './components/NotFound';
import { Shell } from './components/Shell';
import { meQuery } from './features/auth/api';
import { LoginPage } from './features/auth/LoginPage';
import { RequirePermission } from './features/auth/RequirePermission';
import { useAreaSearch } from './features/dashboard/areaSearch';
import { HomePage } from './features/home/HomePage';
import type { PersonsSearch } from './features/persons/PersonsPage';

// Pages other than sign-in and home load on first use, so a phone on a slow line starts sooner.
const PersonsPage = lazyRouteComponent(() => import('./features/persons/PersonsPage'), 'PersonsPage');
const PersonPage = lazyRouteComponent(() => import('./features/persons/PersonPage'), 'PersonPage');
const PersonEditPage = lazyRouteComponent(() => import('./features/persons/PersonEditPage'), 'PersonEditPage');
const CarePlanPage = lazyRouteComponent(() => import('./features/careplans/CarePlanPage'), 'CarePlanPage');
const UsersPage = lazyRouteComponent(() => import('./features/users/UsersPage'), 'UsersPage');
const OrganisationsPage = lazyRouteComponent(() => import('./features/organisations/OrganisationsPage'), 'OrganisationsPage');
const AuditPage = lazyRouteComponent(() => import('./features/audit/AuditPage'), 'AuditPage');
const TasksPage = lazyRouteComponent(() => import('./features/assessments/TasksPage'), 'TasksPage');
const ReferralsPage = lazyRouteComponent(() => import('./features/referrals/ReferralsPage'), 'ReferralsPage');
const ReferralPage = lazyRouteComponent(() => import('./features/referrals/ReferralPage'), 'ReferralPage');
const InstrumentsAdminPage = lazyRouteComponent(() => import('./features/assessments/InstrumentsAdminPage'), 'InstrumentsAdminPage');
const VisitsPage = lazyRouteComponent(() => import('./features/visits/VisitsPage'), 'VisitsPage');
const VisitFormPage = lazyRouteComponent(() => import('./features/visits/VisitFormPage'), 'VisitFormPage');
const ReviewPage = lazyRouteComponent(() => import('./features/visits/ReviewPage'), 'ReviewPage');
const RegisterPage = lazyRouteComponent(() => import('./features/visits/RegisterPage'), 'RegisterPage');
const RegistrationReviewPage = lazyRouteComponent(() => import('./features/persons/RegistrationReviewPage'), 'RegistrationReviewPage');
const SessionsPage = lazyRouteComponent(() => import('./features/auth/SessionsPage'), 'SessionsPage');
const MyNotificationsPage = lazyRouteComponent(() => import('./features/notifications/MyNotificationsPage'), 'MyNotificationsPage');
const ImportsPage = lazyRouteComponent(() => import('./features/imports/ImportsPage'), 'ImportsPage');
const CoveragePage = lazyRouteComponent(() => import('./features/imports/CoveragePage'), 'CoveragePage');
const QualityPage = lazyRouteComponent(() => import('./features/imports/QualityPage'), 'QualityPage');
const ImportReviewPage = lazyRouteComponent(() => import('./features/imports/ReviewPage'), 'ReviewPage');
const ImportDecisionsPage = lazyRouteComponent(() => import('./features/imports/DecisionsPage'), 'DecisionsPage');
const AreaPlansPage = lazyRouteComponent(() => import('./features/areaplans/AreaPlansPage'), 'AreaPlansPage');
const AreaPlanPage = lazyRouteComponent(() => import('./features/areaplans/AreaPlanPage'), 'AreaPlanPage');
const DashboardPage = lazyRouteComponent(() => import('./features/dashboard/DashboardPage'), 'DashboardPage');
const IndicatorsPage = lazyRouteComponent(() => import('./features/indicators/IndicatorsPage'), 'IndicatorsPage');
const CaseloadPage = lazyRouteComponent(() => import('./features/caseload/CaseloadPage'), 'CaseloadPage');
const StipendsPage = lazyRouteComponent(() => import('./features/stipends/StipendsPage'), 'StipendsPage');

export interface RouterContext {
  queryClient: QueryClient;
}

function RouteError({ error }: ErrorComponentProps) {
  const router = useRouter();
  return (
    <Container size="sm" py="xl">
      <ErrorAlert error={error} onRetry={() => router.invalidate()} />
    </Container>
  );
}

const rootRoute = createRootRouteWithContext<RouterContext>()({
  component: Outlet,
  notFoundComponent: NotFound,
});

const loginRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/login',
  validateSearch: (s: Record<string, unknown>): { redirect?: string } => (typeof s.redirect === 'string' ? { redirect: s.redirect } : {}),
  component: function LoginRoute() {
    const { redirect: to } = loginRoute.useSearch();
    return <LoginPage redirect={to} />;
  },
});

/** Everything below needs a session: GET /api/me first, or go to /login and come back afterwards. */
const authedRoute = createRoute({
  getParentRoute: () => rootRoute,
  id: 'authed',
  beforeLoad: async ({ context, location }) => {
    try {
      await context.queryClient.ensureQueryData(meQuery);
    } catch (e) {
      if (e instanceof ApiError && e.status === 401) throw redirect({ to: '/login', search: { redirect: location.href } });
      throw e;
    }
  },
  component: Shell,
  errorComponent: RouteError,
});

/** Where a page that is in no menu is reached from: a page that is in the menu of everyone who may open it. */
type NavPath = '/persons' | '/imports/review' | '/visits';

/**
 * A page for those with `permission` only (the server checks again). The permission is kept on the
 * route as well (its staticData), so the menu test reads the very value the page is guarded with.
 */
function guarded(permission: Permission, Page: ComponentType, menu: { reachedFrom?: NavPath } = {}) {
  return {
    staticData: { permission, ...menu },
    component: function Guarded() {
      return (
        <RequirePermission permission={permission}>
          <Page />
        </RequirePermission>
      );
    },
  };
}

const homeRoute = createRoute({ getParentRoute: () => authedRoute, path: '/', component: HomePage });

const personsRoute = createRoute({
  getParentRoute: () => authedRoute,
  path: '/persons',
  validateSearch: (s: Record<string, unknown>): PersonsSearch & { area?: string } => {
    const page = Number(s.page);
    const q = typeof s.q === 'string' || typeof s.q === 'number' ? String(s.q).trim() : '';
    const text = (k: string) => (typeof s[k] === 'string' && s[k] ? { [k]: s[k] as string } : {});
    const type = Number(s.disabilityType);
    const village = Number(s.village);
    return {
      ...(q ? { q } : {}),
      ...(Number.isInteger(page) && page > 1 ? { page } : {}),
      ...text('vulnerability'),
      ...text('adlGroup'),
      ...text('gap'),
      ...text('status'),
      ...(Number.isInteger(type) && type >= 1 && type <= 7 ? { disabilityType: type } : {}),
      ...(Number.isInteger(village) && village >= 1 && village <= 99 ? { village } : {}),
      // ?area= (a link from the dashboard) becomes the picked area, then leaves the address.
      ...(typeof s.area === 'string' && /^\d{2,6}$/.test(s.area) ? { area: s.area } : {}),
    };
  },
  ...guarded('persons.read', function PersonsRoute(): ReactNode {
    const { area, ...search } = personsRoute.useSearch();
    const navigate = personsRoute.useNavigate();
    const applying = useAreaSearch(area, () => navigate({ search, replace: true }));
    return applying ? null : <PersonsPage search={search} />;
  }),
});

const personRoute = createRoute({
  getParentRoute: () => authedRoute,
  path: '/persons/$id',
  ...guarded('persons.read', function PersonRoute(): ReactNode {
    const { id } = personRoute.useParams();
    return <PersonPage id={id} />;
  }),
});

// Reached from the persons list's "register" button.
const personNewRoute = createRoute({
  getParentRoute: () => authedRoute,
  path: '/persons/new',
  ...guarded('persons.write', () => <PersonEditPage />, { reachedFrom: '/persons' }),
});

const personEditRoute = createRoute({
  getParentRoute: () => authedRoute,
  path: '/persons/$id/edit',
  ...guarded('persons.write', function PersonEditRoute(): ReactNode {
    const { id } = personEditRoute.useParams();
    return <PersonEditPage id={id} />;
  }),
});

const carePlanRoute = createRoute({
  getParentRoute: () => authedRoute,
  path: '/persons/$id/care-plan',
  validateSearch: (s: Record<string, unknown>): { version?: number } => {
    const v = Number(s.version);
    return Number.isInteger(v) && v > 0 ? { version: v } : {};
  },
  ...guarded('persons.read', function CarePlanRoute(): ReactNode {
    const { id } = carePlanRoute.useParams();
    const { version } = carePlanRoute.useSearch();
    return <CarePlanPage key={id} personId={id} version={version} />;
  }),
});

const usersRoute = createRoute({ getParentRoute: () => authedRoute, path: '/admin/users', ...guarded('users.manage', () => <UsersPage />) });

const organisationsRoute = createRoute({
  getParentRoute: () => authedRoute,
  path: '/admin/organisations',
  ...guarded('organisations.manage', () => <OrganisationsPage />),
});

const auditRoute = createRoute({ getParentRoute: () => authedRoute, path: '/admin/audit', ...guarded('audit.read', () => <AuditPage />) });

const tasksRoute = createRoute({ getParentRoute: () => authedRoute, path: '/tasks', ...guarded('persons.read', () => <TasksPage />) });

const referralsRoute = createRoute({
  getParentRoute: () => authedRoute,
  path: '/referrals',
  validateSearch: (s: Record<string, unknown>): { box?: 'outbox' } => (s.box === 'outbox' ? { box: 'outbox' } : {}),
  ...guarded('persons.read', function ReferralsRoute(): ReactNode {
    const { box } = referralsRoute.useSearch();
    return <ReferralsPage box={box ?? 'inbox'} />;
  }),
});

const referralRoute = createRoute({
  getParentRoute: () => authedRoute,
  path: '/referrals/$id',
  ...guarded('persons.read', function ReferralRoute(): ReactNode {
    const { id } = referralRoute.useParams();
    return <ReferralPage key={id} id={id} />;
  }),
});

const instrumentsRoute = createRoute({
  getParentRoute: () => authedRoute,
  path: '/admin/instruments',
  ...guarded('instruments.manage', () => <InstrumentsAdminPage />),
});

/**
 * The visit screens' data is asked for while their code loads, not after it has run: on a phone
 * network that is a round trip (≈ 0.56 s on Fast 3G) less before the volunteer can start.
 */
async function prefetchVisitData({ context }: { context: { queryClient: QueryClient } }) {
  const me = context.queryClient.getQueryData(meQuery.queryKey);
  if (!me) return;
  const visits = await import('./features/visits/api');
  void context.queryClient.prefetchQuery(visits.caseloadQuery(me.id));
  void context.queryClient.prefetchQuery(visits.offlineInstrumentsQuery(me.id));
  void context.queryClient.prefetchQuery(visits.visitSettingsQuery(me.id));
}

const visitsRoute = createRoute({
  getParentRoute: () => authedRoute,
  path: '/visits',
  loader: prefetchVisitData,
  ...guarded('visits.record', () => <VisitsPage />),
});

const visitNewRoute = createRoute({
  getParentRoute: () => authedRoute,
  path: '/visits/new/$personId',
  loader: prefetchVisitData,
  ...guarded('visits.record', function VisitNewRoute(): ReactNode {
    const { personId } = visitNewRoute.useParams();
    return <VisitFormPage personId={personId} />;
  }),
});

const reviewRoute = createRoute({ getParentRoute: () => authedRoute, path: '/visits/review', ...guarded('visits.review', () => <ReviewPage />) });

// Village territories and bulk caseload changes (issue 17, item 2).
const caseloadRoute = createRoute({ getParentRoute: () => authedRoute, path: '/caseload', ...guarded('caseload.manage', () => <CaseloadPage />) });

// The volunteers' monthly stipend: targets, eligibility, sign-off, payment list.
const stipendsRoute = createRoute({ getParentRoute: () => authedRoute, path: '/stipends', ...guarded('visits.review', () => <StipendsPage />) });

// A newly found person registered on the phone (offline too); reached from the visits screen.
const registerRoute = createRoute({
  getParentRoute: () => authedRoute,
  path: '/visits/register',
  // Guarded by the visit screens' permission it is reached from; the page itself also asks for persons.write.
  ...guarded('visits.record', () => <RegisterPage />, { reachedFrom: '/visits' }),
});

// Supervisors decide whether a volunteer's new person is already registered; reached from the persons list.
const registrationReviewRoute = createRoute({
  getParentRoute: () => authedRoute,
  path: '/persons/registrations',
  ...guarded('caseload.manage', () => <RegistrationReviewPage />, { reachedFrom: '/persons' }),
});

const sessionsRoute = createRoute({ getParentRoute: () => authedRoute, path: '/me/sessions', component: SessionsPage });
// Every signed-in user sets their own channels and quiet hours (the API keeps each to their own).
const myNotificationsRoute = createRoute({ getParentRoute: () => authedRoute, path: '/me/notifications', component: MyNotificationsPage });

const importsRoute = createRoute({
  getParentRoute: () => authedRoute,
  path: '/imports',
  validateSearch: (s: Record<string, unknown>): { source?: string } => (typeof s.source === 'string' && s.source ? { source: s.source } : {}),
  ...guarded('imports.manage', function ImportsRoute(): ReactNode {
    const { source } = importsRoute.useSearch();
    return <ImportsPage source={source} />;
  }),
});

const importReviewRoute = createRoute({
  getParentRoute: () => authedRoute,
  path: '/imports/review',
  validateSearch: (s: Record<string, unknown>): { source?: string } => (typeof s.source === 'string' && s.source ? { source: s.source } : {}),
  ...guarded('imports.manage', function ImportReviewRoute(): ReactNode {
    const { source } = importReviewRoute.useSearch();
    return <ImportReviewPage source={source} />;
  }),
});

// Past decisions belong to the review queue: reached from its "decisions" button, not from the menu.
const importDecisionsRoute = createRoute({
  getParentRoute: () => authedRoute,
  path: '/imports/review/decisions',
  validateSearch: (s: Record<string, unknown>): { source?: string; kind?: 'reviewed' | 'scored' } => ({
    ...(typeof s.source === 'string' && s.source ? { source: s.source } : {}),
    ...(s.kind === 'reviewed' || s.kind === 'scored' ? { kind: s.kind } : {}),
  }),
  ...guarded(
    'imports.manage',
    function ImportDecisionsRoute(): ReactNode {
      const { source, kind } = importDecisionsRoute.useSearch();
      return <ImportDecisionsPage source={source} kind={kind} />;
    },
    { reachedFrom: '/imports/review' },
  ),
});

const dashboardRoute = createRoute({
  getParentRoute: () => authedRoute,
  path: '/dashboard',
  validateSearch: (s: Record<string, unknown>): { area?: string } =>
    typeof s.area === 'string' && /^(TH|\d{2}|\d{4}|\d{6}|\d{8})$/.test(s.area) ? { area: s.area } : {},
  ...guarded('dashboard.read', function DashboardRoute(): ReactNode {
    const { area } = dashboardRoute.useSearch();
    return <DashboardPage area={area} />;
  }),
});

const indicatorsRoute = createRoute({
  getParentRoute: () => authedRoute,
  path: '/indicators',
  validateSearch: (s: Record<string, unknown>): { area?: string } =>
    typeof s.area === 'string' && /^(TH|\d{2}|\d{4}|\d{6}|\d{8})$/.test(s.area) ? { area: s.area } : {},
  ...guarded('dashboard.read', function IndicatorsRoute(): ReactNode {
    const { area } = indicatorsRoute.useSearch();
    return <IndicatorsPage area={area} />;
  }),
});

/**
 * An area's counts per source for those who oversee an area or its data (admins, stewards: the roles
 * whose menu lists it). The API answers anyone who reads persons, but volunteers and caregivers see
 * their caseload only and no area's counts (core's roles.ts), so the page is not theirs.
 */
const coverageRoute = createRoute({ getParentRoute: () => authedRoute, path: '/imports/coverage', ...guarded('audit.read', () => <CoveragePage />) });

/** Each source's data quality in an area (issue 19, item 8): for the same readers as coverage, counts only. */
const qualityRoute = createRoute({ getParentRoute: () => authedRoute, path: '/imports/quality', ...guarded('audit.read', () => <QualityPage />) });

const areaPlansRoute = createRoute({ getParentRoute: () => authedRoute, path: '/area-plans', ...guarded('areaplans.read', () => <AreaPlansPage />) });

const areaPlanRoute = createRoute({
  getParentRoute: () => authedRoute,
  path: '/area-plans/$id',
  ...guarded('areaplans.read', function AreaPlanRoute(): ReactNode {
    const { id } = areaPlanRoute.useParams();
    return <AreaPlanPage key={id} id={id} />;
  }),
});

const routeTree = rootRoute.addChildren([
  loginRoute,
  authedRoute.addChildren([
    homeRoute,
    personsRoute,
    personNewRoute,
    personRoute,
    personEditRoute,
    carePlanRoute,
    tasksRoute,
    referralsRoute,
    referralRoute,
    visitsRoute,
    visitNewRoute,
    reviewRoute,
    caseloadRoute,
    stipendsRoute,
    registerRoute,
    registrationReviewRoute,
    usersRoute,
    organisationsRoute,
    instrumentsRoute,
    auditRoute,
    sessionsRoute,
    myNotificationsRoute,
    importsRoute,
    importReviewRoute,
    importDecisionsRoute,
    coverageRoute,
    qualityRoute,
    areaPlansRoute,
    areaPlanRoute,
    dashboardRoute,
    indicatorsRoute,
  ]),
]);

/** A page of the signed-in app: its full path, and the permission and menu parent its route declares. */
export interface AppPage {
  path: string;
  permission?: Permission;
  reachedFrom?: NavPath;
}

/** Every page below sign-in, read from the route tree itself (not a second list that could drift from it). */
export function appPages(): AppPage[] {
  const pages: AppPage[] = [];
  const walk = (route: AnyRoute, parent: string) => {
    const own = route.options && 'path' in route.options ? (route.options.path as string | undefined) : undefined;
    const path = own ? `${parent.replace(/\/$/, '')}/${own.replace(/^\//, '')}` : parent;
    const children = route.children ? (Object.values(route.children) as AnyRoute[]) : [];
    if (own && route !== loginRoute) pages.push({ path, ...route.options.staticData });
    for (const c of children) walk(c, path);
  };
  walk(authedRoute as unknown as AnyRoute, '');
  return pages;
}

/** Plain query strings (`?q=1103702071811&page=2`), not TanStack's default JSON values (`?q=%221103…%22`). */
function parseSearch(search: string): Record<string, string> {
  return Object.fromEntries(new URLSearchParams(search.startsWith('?') ? search.slice(1) : search));
}

function stringifySearch(search: Record<string, unknown>): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(search)) if (v !== undefined && v !== null && v !== '') params.set(k, String(v));
  const s = params.toString();
  return s ? `?${s}` : '';
}

export function createAppRouter(queryClient: QueryClient) {
  return createRouter({
    routeTree,
    context: { queryClient },
    parseSearch,
    stringifySearch,
    defaultPendingComponent: Loading,
    defaultPreload: 'intent',
    defaultPreloadStaleTime: 0,
    scrollRestoration: true,
  });
}

declare module '@tanstack/react-router' {
  interface StaticDataRouteOption {
    /** The permission the page is guarded with; none: anyone signed in. */
    permission?: Permission;
    /** The page that links here, for a page that is in no menu itself. */
    reachedFrom?: NavPath;
  }
  interface Register {
    router: ReturnType<typeof createAppRouter>;
  }
}
