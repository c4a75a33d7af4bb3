import { describe, expect, it } from 'vitest';
import { en } from './en';
import { th } from './th';

function keys(obj: object, prefix = ''): string[] {
  return Object.entries(obj).flatMap(([k, v]) => (typeof v === 'string' ? [`${prefix}${k}`] : keys(v as object, `${prefix}${k}.`)));
}

function placeholders(s: string): string[] {
  return [...s.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]!).sort();
}

function lookup(obj: object, path: string): string {
  return path.split('.').reduce<unknown>((o, k) => (o as Record<string, unknown>)[k], obj) as string;
}

describe('UI strings', () => {
  it('Thai and English have exactly the same keys', () => {
    expect(keys(en).sort()).toEqual(keys(th).sort());
  });

  it('no string is empty', () => {
    for (const k of keys(th)) expect(lookup(th, k).trim(), `th ${k}`).not.toBe('');
    for (const k of keys(en)) expect(lookup(en, k).trim(), `en ${k}`).not.toBe('');
  });

  it('both languages use the same {{placeholders}}', () => {
    for (const k of keys(th)) expect(placeholders(lookup(en, k)), k).toEqual(placeholders(lookup(th, k)));
  });

  it('buttons shown together never have one name inside another (Playwright getByRole name matching)', () => {
    const groups = [
      ['common.cancel', 'common.save', 'common.close', 'users.edit', 'users.revokeSessions', 'users.deactivate', 'users.activate', 'users.create'],
      ['common.cancel', 'common.close', 'sessions.revoke', 'auth.signOut'],
      ['audit.apply', 'audit.reset', 'common.clear'],
      ['auth.signIn', 'auth.signOut', 'auth.toggleVisibility', 'nav.openMenu', 'nav.closeMenu'],
      [
        'referrals.actions.accept',
        'referrals.actions.decline',
        'referrals.actions.start',
        'referrals.actions.complete',
        'referrals.actions.cancel',
        'common.back',
        'common.close',
      ],
      ['referrals.refer', 'referrals.submit', 'common.back', 'common.close', 'registry.edit', 'registry.exportJson', 'registry.exportPdf'],
      ['tasks.done', 'tasks.dismiss', 'referrals.referUrgently'],
      [
        'imports.newSource',
        'imports.editMapping',
        'imports.import',
        'imports.rollback',
        'imports.downloadCsv',
        'imports.downloadXlsx',
        'imports.mapping.save',
        'common.cancel',
        'common.clear',
      ],
    ];
    for (const lang of [th, en]) {
      for (const group of groups) {
        const names = group.map((k) => lookup(lang, k).toLowerCase());
        for (const [i, a] of names.entries())
          for (const [j, b] of names.entries()) if (i !== j) expect(a.includes(b), `${group[i]} "${a}" contains ${group[j]} "${b}"`).toBe(false);
      }
    }
  });

  it('field labels are not inside the password field toggle name', () => {
    for (const lang of [th, en]) expect(lookup(lang, 'auth.toggleVisibility').toLowerCase()).not.toContain(lookup(lang, 'auth.password').toLowerCase());
  });
});
