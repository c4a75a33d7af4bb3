import { describeIssue, type FieldIssue, type IssueLike, type Locale } from '@carehub/core';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { ApiError } from '../api';
import { useLang } from '../i18n';
import { notifyError } from './feedback';

interface SafeParser<T> {
  safeParse(v: unknown): { success: true; data: T } | { success: false; error: { issues: readonly unknown[] } };
}

/** Checks a form with the same core zod schema the server uses, so messages match the server's. */
export function check<T>(schema: SafeParser<T>, value: unknown): { data: T; issues: [] } | { data: null; issues: FieldIssue[] } {
  const r = schema.safeParse(value);
  if (r.success) return { data: r.data, issues: [] };
  return {
    data: null,
    issues: r.error.issues.map((raw) => {
      const i = raw as IssueLike;
      // An unanswered choice (z.enum) is "required", not "not one of the allowed values".
      if (i.code === 'invalid_value' && valueAt(value, i.path) === undefined) return { ...describeIssue({ ...i, code: 'invalid_type', input: undefined }) };
      return describeIssue(i);
    }),
  };
}

function valueAt(value: unknown, path: ReadonlyArray<PropertyKey>): unknown {
  let v: unknown = value;
  for (const k of path) v = v && typeof v === 'object' ? (v as Record<PropertyKey, unknown>)[k] : undefined;
  return v;
}

/** Field name of an issue path: `scopes.0` belongs to the `scopes` field. */
const fieldOf = (path: string) => path.split('.')[0] ?? path;

function messages(issues: FieldIssue[], lang: Locale): Record<string, string> {
  const out: Record<string, string> = {};
  for (const i of issues) {
    const f = fieldOf(i.path);
    out[f] ??= lang === 'en' ? i.message_en : i.message_th;
  }
  return out;
}

/**
 * Inline field errors of a form. Issues are kept in both languages so a language switch re-renders them.
 * `fail(err)` puts a server `validation.failed` answer onto the fields; anything else becomes a notification.
 */
export function useFieldErrors(rename: Record<string, string> = {}) {
  const lang = useLang();
  const [issues, setIssues] = useState<FieldIssue[]>([]);
  const errors = useMemo(() => messages(issues, lang), [issues, lang]);
  // A refused submit shows its errors at their fields: bring the first one into sight and focus it,
  // so a phone user who pressed the button at the bottom of a long form sees why nothing happened.
  useEffect(() => {
    if (issues.length === 0) return;
    const frame = requestAnimationFrame(() => {
      const first = document.querySelector<HTMLElement>('[aria-invalid="true"]');
      first?.scrollIntoView({ block: 'center' });
      first?.focus({ preventScroll: true });
    });
    return () => cancelAnimationFrame(frame);
  }, [issues]);

  const clear = useCallback((field?: string) => {
    setIssues((prev) => (field ? prev.filter((i) => fieldOf(i.path) !== field) : []));
  }, []);

  const fail = useCallback(
    (err: unknown, fieldForCode: Record<string, string> = {}) => {
      if (err instanceof ApiError) {
        const fields = err.fields.map((f) => ({ ...f, path: rename[f.path] ?? f.path }));
        if (fields.length > 0) {
          setIssues(fields);
          return;
        }
        const field = fieldForCode[err.code];
        if (field) {
          setIssues([{ path: field, message_th: err.body.message_th, message_en: err.body.message_en }]);
          return;
        }
      }
      notifyError(err);
    },
    [rename],
  );

  return { errors, issues, setIssues, clear, fail };
}
