/*
 * Web push for CareHub, imported by the generated service worker (vite.config.ts, workbox.importScripts).
 * A notice carries no personal details: a short title and body, and an in-app path to open on click.
 * Only paths of this app are opened; anything else opens the home page.
 */
self.addEventListener('push', (event) => {
  let data = {};
  try {
    data = event.data ? event.data.json() : {};
  } catch {
    data = {};
  }
  const title = typeof data.title === 'string' && data.title ? data.title : 'CareHub';
  event.waitUntil(
    self.registration.showNotification(title, {
      body: typeof data.body === 'string' ? data.body : '',
      tag: typeof data.tag === 'string' ? data.tag : undefined,
      icon: '/icons/icon-192.png',
      badge: '/icons/icon-192.png',
      lang: 'th',
      data: { url: typeof data.url === 'string' ? data.url : '/' },
    }),
  );
});

self.addEventListener('notificationclick', (event) => {
  event.notification.close();
  const raw = event.notification.data?.url || '/';
  let target = new URL('/', self.location.origin);
  try {
    const u = new URL(raw, self.location.origin);
    if (u.origin === self.location.origin) target = u;
  } catch {
    /* keep the home page */
  }
  event.waitUntil(
    self.clients.matchAll({ type: 'window', includeUncontrolled: true }).then((windows) => {
      // An open CareHub window goes to the notice's page and comes to the front; else a new one opens.
      for (const w of windows) {
        if (new URL(w.url).origin === self.location.origin && 'navigate' in w) {
          return w
            .navigate(target.href)
            .then((c) => (c ? c.focus().catch(() => c) : c))
            .catch(() => self.clients.openWindow(target.href));
        }
      }
      return self.clients.openWindow(target.href);
    }),
  );
});
