import type { Locale } from '@carehub/core';
import { notifications } from '@mantine/notifications';
import { ApiError } from '../api';
import i18n, { currentLang } from '../i18n';

/** A thrown value as a sentence in the user's language. */
export function errorText(err: unknown, lang: Locale = currentLang()): string {
  if (err instanceof ApiError) return err.text(lang);
  return i18n.t('common.unexpectedError');
}

/** Shows the result of a failed action as a notification (a 401 is left to the sign-in redirect). */
export function notifyError(err: unknown): void {
  if (err instanceof ApiError && err.status === 401) return;
  notifications.show({ color: 'red', title: i18n.t('common.errorTitle'), message: errorText(err), autoClose: 8000 });
}

export function notifySuccess(message: string): void {
  notifications.show({ color: 'teal', message, autoClose: 4000 });
}
