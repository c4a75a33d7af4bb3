import { describe, expect, it } from 'vitest';
import { safeRedirect } from './redirect';

describe('the page to return to after sign-in', () => {
  it('keeps a path on this site with its query', () => {
    expect(safeRedirect('/persons?q=%E0%B8%AA%E0%B8%A1&page=2')).toBe('/persons?q=%E0%B8%AA%E0%B8%A1&page=2');
    expect(safeRedirect('/admin/users')).toBe('/admin/users');
  });

  it('refuses other hosts, odd values and the sign-in page itself', () => {
    for (const bad of [undefined, '', 'https://evil.example/', '//evil.example', '/\\evil.example', 'javascript:alert(1)', '/login', '/login?redirect=/x']) {
      expect(safeRedirect(bad), String(bad)).toBe('/');
    }
    expect(safeRedirect('/loginhelp')).toBe('/loginhelp');
  });
});
