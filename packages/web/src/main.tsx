import './zod-jitless';
import '@fontsource/sarabun/thai-400.css';
import '@fontsource/sarabun/thai-600.css';
import '@fontsource/sarabun/thai-700.css';
import '@fontsource/sarabun/latin-400.css';
import '@fontsource/sarabun/latin-600.css';
import '@fontsource/sarabun/latin-700.css';
import '@mantine/core/styles.css';
import '@mantine/notifications/styles.css';
import './styles.css';

import { MantineProvider } from '@mantine/core';
import { Notifications, notifications } from '@mantine/notifications';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { RouterProvider } from '@tanstack/react-router';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { ApiError, setUnauthorizedHandler } from './api';
import i18n from './i18n';
import { createAppRouter } from './router';
import { theme } from './theme';

const retry = (count: number, err: unknown) => {
  // Client errors (4xx) will not get better by asking again; network blips and 5xx may.
  if (err instanceof ApiError && err.status >= 400 && err.status < 500) return false;
  return count < 2;
};

const queryClient = new QueryClient({
  defaultOptions: {
    queries: { retry, staleTime: 30_000, refetchOnWindowFocus: false },
    mutations: { retry: false },
  },
});

const router = createAppRouter(queryClient);

// A 401 from any call: the session is gone. Say so, go to sign-in, and come back here afterwards.
let redirecting = false;
setUnauthorizedHandler((err: ApiError) => {
  const here = router.state.location;
  if (redirecting || here.pathname === '/login') return;
  redirecting = true;
  notifications.show({ id: 'signed-out', color: 'orange', title: i18n.t('auth.sessionEnded'), message: err.text(i18n.language === 'en' ? 'en' : 'th') });
  void router.navigate({ to: '/login', search: { redirect: here.href } }).finally(() => {
    queryClient.clear();
    redirecting = false;
  });
});

const root = document.getElementById('root');
if (!root) throw new Error('#root is missing from index.html');

createRoot(root).render(
  <StrictMode>
    <MantineProvider theme={theme} defaultColorScheme="light">
      <Notifications position="top-center" zIndex={1000} />
      <QueryClientProvider client={queryClient}>
        <RouterProvider router={router} />
      </QueryClientProvider>
    </MantineProvider>
  </StrictMode>,
);
