import { Alert, Button } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useLang } from '../i18n';
import { errorText } from './feedback';

/** An error loading data, in the user's language, with a retry button. */
export function ErrorAlert({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const { t } = useTranslation();
  const lang = useLang();
  return (
    <Alert color="red" title={t('common.errorTitle')} role="alert" my="md">
      {errorText(error, lang)}
      {onRetry && (
        <Button variant="light" color="red" size="xs" mt="sm" display="block" onClick={onRetry}>
          {t('common.retry')}
        </Button>
      )}
    </Alert>
  );
}
