import { Container } from '@mantine/core';
import type { QueryClient } from '@tanstack/react-query';
import {
  createRootRouteWithContext,
  createRoute,
  createRouter,
  type ErrorComponentProps,
  lazyRouteComponent,
  Outlet,
  redirect,
  useRouter,
} from '@tanstack/react-router';
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
const SessionsPage = lazyRouteComponent(() => import('./features/auth/SessionsPage'), 'SessionsPage');
const ImportsPage = lazyRouteComponent(() => import('./features/imports/ImportsPage'), 'ImportsPage');
const CoveragePage = lazyRouteComponent(() => import('./features/imports/CoveragePage'), 'CoveragePage');
const ImportReviewPage = lazyRouteComponent(() => import('./features/imports/ReviewPage'), 'ReviewPage');
const ImportDecisionsPage = lazyRouteComponent(() => import('./features/imports/DecisionsPage'), 'DecisionsPage');
const AreaPlansPage = lazyRouteComponent(() => import('./features/areaplans/AreaPlansPage'), 'AreaPlansPage');
const AreaPlanPage = lazyRouteComponent(() => import('./features/areaplans/AreaPlanPage'), 'AreaPlanPage');
const DashboardPage = lazyRouteComponent(() => import('./features/dashboard/DashboardPage'), 'DashboardPage');
const IndicatorsPage = lazyRouteComponent(() => import('./features/indicators/IndicatorsPage'), 'IndicatorsPage');

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
  component: function PersonsRoute() {
    const { area, ...search } = personsRoute.useSearch();
    const navigate = personsRoute.useNavigate();
    const applying = useAreaSearch(area, () => navigate({ search, replace: true }));
    return <RequirePermission permission="persons.read">{applying ? null : <PersonsPage search={search} />}</RequirePermission>;
  },
});

const personRoute = createRoute({
  getParentRoute: () => authedRoute,
  path: '/persons/$id',
  component: function PersonRoute() {
    const { id } = personRoute.useParams();
    return (
      <RequirePermission permission="persons.read">
        <PersonPage id={id} />
      </RequirePermission>
    );
  },
});

const personNewRoute = createRoute({
  getParentRoute: () => authedRoute,
  path: '/persons/new',
  component: () => (
    <RequirePermission permission="persons.write">
      <PersonEditPage />
    </RequirePermission>
  ),
});

const personEditRoute = createRoute({
  getParentRoute: () => authedRoute,
  path: '/persons/$id/edit',
  component: function PersonEditRoute() {
    const { id } = personEditRoute.useParams();
    return (
      <RequirePermission permission="persons.write">
        <PersonEditPage id={id} />
      </RequirePermission>
    );
  },
});

const carePlanRoute = createRoute({
  getParentRoute: () => authedRoute,
  path: '/persons/$id/care-plan',
  validateSearch: (s: Record<string, unknown>): { version?: number } => {
    const v = Number(s.version);
    return Number.isInteger(v) && v > 0 ? { version: v } : {};
  },
  component: function CarePlanRoute() {
    const { id } = carePlanRoute.useParams();
    const { version } = carePlanRoute.useSearch();
    return (
      <RequirePermission permission="persons.read">
        <CarePlanPage key={id} personId={id} version={version} />
      </RequirePermission>
    );
  },
});

const usersRoute = createRoute({
  getParentRoute: () => authedRoute,
  path: '/admin/users',
  component: () => (
    <RequirePermission permission="users.manage">
      <UsersPage />
    </RequirePermission>
  ),
});

const organisationsRoute = createRoute({
  getParentRoute: () => authedRoute,
  path: '/admin/organisations',
  component: () => (
    <RequirePermission permission="organisations.manage">
      <OrganisationsPage />
    </RequirePermission>
  ),
});

const auditRoute = createRoute({
  getParentRoute: () => authedRoute,
  path: '/admin/audit',
  component: () => (
    <RequirePermission permission="audit.read">
      <AuditPage />
    </RequirePermission>
  ),
});

const tasksRoute = createRoute({
  getParentRoute: () => authedRoute,
  path: '/tasks',
  component: () => (
    <RequirePermission permission="persons.read">
      <TasksPage />
    </RequirePermission>
  ),
});

const referralsRoute = createRoute({
  getParentRoute: () => authedRoute,
  path: '/referrals',
  validateSearch: (s: Record<string, unknown>): { box?: 'outbox' } => (s.box === 'outbox' ? { box: 'outbox' } : {}),
  component: function ReferralsRoute() {
    const { box } = referralsRoute.useSearch();
    return (
      <RequirePermission permission="persons.read">
        <ReferralsPage box={box ?? 'inbox'} />
      </RequirePermission>
    );
  },
});

const referralRoute = createRoute({
  getParentRoute: () => authedRoute,
  path: '/referrals/$id',
  component: function ReferralRoute() {
    const { id } = referralRoute.useParams();
    return (
      <RequirePermission permission="persons.read">
        <ReferralPage key={id} id={id} />
      </RequirePermission>
    );
  },
});

const instrumentsRoute = createRoute({
  getParentRoute: () => authedRoute,
  path: '/admin/instruments',
  component: () => (
    <RequirePermission permission="instruments.manage">
      <InstrumentsAdminPage />
    </RequirePermission>
  ),
});

const visitsRoute = createRoute({
  getParentRoute: () => authedRoute,
  path: '/visits',
  component: () => (
    <RequirePermission permission="visits.record">
      <VisitsPage />
    </RequirePermission>
  ),
});

const visitNewRoute = createRoute({
  getParentRoute: () => authedRoute,
  path: '/visits/new/$personId',
  component: function VisitNewRoute() {
    const { personId } = visitNewRoute.useParams();
    return (
      <RequirePermission permission="visits.record">
        <VisitFormPage personId={personId} />
      </RequirePermission>
    );
  },
});

const reviewRoute = createRoute({
  getParentRoute: () => authedRoute,
  path: '/visits/review',
  component: () => (
    <RequirePermission permission="visits.review">
      <ReviewPage />
    </RequirePermission>
  ),
});

const sessionsRoute = createRoute({ getParentRoute: () => authedRoute, path: '/me/sessions', component: SessionsPage });

const importsRoute = createRoute({
  getParentRoute: () => authedRoute,
  path: '/imports',
  validateSearch: (s: Record<string, unknown>): { source?: string } => (typeof s.source === 'string' && s.source ? { source: s.source } : {}),
  component: function ImportsRoute() {
    const { source } = importsRoute.useSearch();
    return (
      <RequirePermission permission="imports.manage">
        <ImportsPage source={source} />
      </RequirePermission>
    );
  },
});

const importReviewRoute = createRoute({
  getParentRoute: () => authedRoute,
  path: '/imports/review',
  validateSearch: (s: Record<string, unknown>): { source?: string } => (typeof s.source === 'string' && s.source ? { source: s.source } : {}),
  component: function ImportReviewRoute() {
    const { source } = importReviewRoute.useSearch();
    return (
      <RequirePermission permission="imports.manage">
        <ImportReviewPage source={source} />
      </RequirePermission>
    );
  },
});

const importDecisionsRoute = createRoute({
  getParentRoute: () => authedRoute,
  path: '/imports/review/decisions',
  validateSearch: (s: Record<string, unknown>): { source?: string; kind?: 'reviewed' | 'scored' } => ({
    ...(typeof s.source === 'string' && s.source ? { source: s.source } : {}),
    ...(s.kind === 'reviewed' || s.kind === 'scored' ? { kind: s.kind } : {}),
  }),
  component: function ImportDecisionsRoute() {
    const { source, kind } = importDecisionsRoute.useSearch();
    return (
      <RequirePermission permission="imports.manage">
        <ImportDecisionsPage source={source} kind={kind} />
      </RequirePermission>
    );
  },
});

const dashboardRoute = createRoute({
  getParentRoute: () => authedRoute,
  path: '/dashboard',
  validateSearch: (s: Record<string, unknown>): { area?: string } =>
    typeof s.area === 'string' && /^(TH|\d{2}|\d{4}|\d{6}|\d{8})$/.test(s.area) ? { area: s.area } : {},
  component: function DashboardRoute() {
    const { area } = dashboardRoute.useSearch();
    return (
      <RequirePermission permission="dashboard.read">
        <DashboardPage area={area} />
      </RequirePermission>
    );
  },
});

const indicatorsRoute = createRoute({
  getParentRoute: () => authedRoute,
  path: '/indicators',
  validateSearch: (s: Record<string, unknown>): { area?: string } =>
    typeof s.area === 'string' && /^(TH|\d{2}|\d{4}|\d{6}|\d{8})$/.test(s.area) ? { area: s.area } : {},
  component: function IndicatorsRoute() {
    const { area } = indicatorsRoute.useSearch();
    return (
      <RequirePermission permission="dashboard.read">
        <IndicatorsPage area={area} />
      </RequirePermission>
    );
  },
});

const coverageRoute = createRoute({
  getParentRoute: () => authedRoute,
  path: '/imports/coverage',
  component: () => (
    <RequirePermission permission="persons.read">
      <CoveragePage />
    </RequirePermission>
  ),
});

const areaPlansRoute = createRoute({
  getParentRoute: () => authedRoute,
  path: '/area-plans',
  component: () => (
    <RequirePermission permission="areaplans.read">
      <AreaPlansPage />
    </RequirePermission>
  ),
});

const areaPlanRoute = createRoute({
  getParentRoute: () => authedRoute,
  path: '/area-plans/$id',
  component: function AreaPlanRoute() {
    const { id } = areaPlanRoute.useParams();
    return (
      <RequirePermission permission="areaplans.read">
        <AreaPlanPage key={id} id={id} />
      </RequirePermission>
    );
  },
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
    usersRoute,
    organisationsRoute,
    instrumentsRoute,
    auditRoute,
    sessionsRoute,
    importsRoute,
    importReviewRoute,
    importDecisionsRoute,
    coverageRoute,
    areaPlansRoute,
    areaPlanRoute,
    dashboardRoute,
    indicatorsRoute,
  ]),
]);

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
  interface Register {
    router: ReturnType<typeof createAppRouter>;
  }
}
