import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AUDIT_ACTION_LABELS, auditActionLabel, REFERRAL_ACTIONS } from '@carehub/core';
import { describe, expect, it } from 'vitest';

const SRC = fileURLToPath(new URL('../../', import.meta.url));

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return name.endsWith('.ts') && !name.endsWith('.test.ts') ? [path] : [];
  });
}

/**
 * The actions the server's code records: every dotted code written on a line that sets an audit
 * `action:` or names the action of a profile change, plus the families built from a variable.
 */
function recordedActions(): Set<string> {
  const found = new Set<string>();
  for (const file of sources(SRC)) {
    for (const line of readFileSync(file, 'utf8').split('\n')) {
      if (!/\baction:|change\(actor/.test(line)) continue;
      for (const m of line.matchAll(/'([a-z_]+\.[a-z_]+)'/g)) found.add(m[1]!);
    }
  }
  for (const move of REFERRAL_ACTIONS) found.add(`referral.${move}`);
  for (const status of ['created', 'linked', 'rejected']) found.add(`person_registration.${status}`);
  return found;
}

describe('audit actions in words', () => {
  it('has a Thai and an English label for every action the server records', () => {
    const actions = recordedActions();
    expect(actions.size).toBeGreaterThan(60);
    const missing = [...actions].filter((a) => !AUDIT_ACTION_LABELS[a]);
    expect(missing).toEqual([]);
    for (const a of actions) {
      expect(AUDIT_ACTION_LABELS[a]!.th).toMatch(/[\u0E00-\u0E7F]/);
      expect(AUDIT_ACTION_LABELS[a]!.en).toMatch(/^[A-Z]/);
    }
  });

  it('reads an unknown action as words, never blank', () => {
    expect(auditActionLabel('person.read', 'th')).toBe('เปิดดูข้อมูลบุคคล');
    expect(auditActionLabel('widget.frobbed', 'en')).toBe('widget frobbed');
  });
});
