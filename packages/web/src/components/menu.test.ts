import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROLE_PERMISSIONS, ROLES } from '@carehub/core';
import { describe, expect, it, vi } from 'vitest';
import { appPages } from '../router';
import { DAILY_WORK, menuFor } from './Shell';

// Nothing is rendered here: the language module, which sets <html lang> as it loads, is left out.
vi.mock('../i18n', () => ({
  LANGUAGES: ['th', 'en'],
  default: {},
  useLang: () => 'th',
  currentLang: () => 'th',
  setLang: () => undefined,
  pick: (label: { th: string }) => label.th,
}));

/**
 * Every page a role may open must be reachable from that role's own menu (JOURNEYS.md): read from the
 * router's route tree and each route's guard, so a page added without a menu entry fails here.
 */
describe('navigation by role', () => {
  const pages = appPages();
  const permitted = (role: (typeof ROLES)[number]) => {
    const perms = ROLE_PERMISSIONS[role];
    return pages.filter((p) => !p.permission || perms.includes(p.permission));
  };

  it('reads the pages and their guards from the route tree', () => {
    const byPath = new Map(pages.map((p) => [p.path, p]));
    expect(byPath.get('/visits')?.permission).toBe('visits.record');
    expect(byPath.get('/visits/review')?.permission).toBe('visits.review');
    expect(byPath.get('/persons/$id')?.permission).toBe('persons.read');
    expect(byPath.get('/')).toBeDefined();
    expect(byPath.get('/me/sessions')?.permission).toBeUndefined();
    expect(byPath.has('/login')).toBe(false);
    expect(pages.length).toBeGreaterThan(20);
  });

  for (const role of ROLES) {
    it(`${role}: every page without parameters it may open is in its menu, or linked from a page that is`, () => {
      const menu = menuFor(role, ROLE_PERMISSIONS[role]).map((n) => n.to as string);
      const unreachable = permitted(role)
        .filter((p) => !p.path.includes('$'))
        .filter((p) => !menu.includes(p.path) && !(p.reachedFrom && menu.includes(p.reachedFrom)))
        .map((p) => p.path);
      expect(unreachable, `${role} cannot reach these pages from its menu`).toEqual([]);
    });

    it(`${role}: its menu leads only to pages it may open`, () => {
      const allowed = permitted(role).map((p) => p.path);
      const menu = menuFor(role, ROLE_PERMISSIONS[role]).map((n) => n.to as string);
      expect(menu.filter((to) => !allowed.includes(to))).toEqual([]);
    });
  }

  it('a page that is in no menu is linked from the page named as its way in', () => {
    const src = join(import.meta.dirname, '..');
    const sources = (readdirSync(src, { recursive: true }) as string[])
      .filter((f) => f.endsWith('.tsx') && f !== 'router.tsx')
      .map((f) => readFileSync(join(src, f), 'utf8'));
    for (const p of pages.filter((x) => x.reachedFrom)) {
      expect(
        sources.some((text) => text.includes(`to="${p.path}"`)),
        `${p.path} has no link`,
      ).toBe(true);
    }
  });

  it("each role's daily work comes first, right after the home page", () => {
    for (const role of ROLES) {
      const menu = menuFor(role, ROLE_PERMISSIONS[role]).map((n) => n.to);
      const daily = DAILY_WORK[role].filter((to) => menu.includes(to));
      expect(daily.length, `${role} has daily work in its menu`).toBeGreaterThan(0);
      expect(menu.slice(0, daily.length + 1), role).toEqual(['/', ...daily]);
    }
    expect(menuFor('volunteer_osm', ROLE_PERMISSIONS.volunteer_osm).map((n) => n.to)).toEqual([
      '/',
      '/visits',
      '/persons',
      '/tasks',
      '/referrals',
      '/me/sessions',
      '/me/notifications',
    ]);
    expect(menuFor('health_professional', ROLE_PERMISSIONS.health_professional)[1]?.to).toBe('/visits/review');
  });
});
