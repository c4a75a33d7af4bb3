import { PasswordInput, type PasswordInputProps } from '@mantine/core';
import { useTranslation } from 'react-i18next';

/**
 * A password field whose show/hide button is named in the user's language, and without the word
 * "password", so `getByLabel('Password')` finds only the field.
 */
export function SecretInput(props: PasswordInputProps & { ref?: React.Ref<HTMLInputElement> }) {
  const { t } = useTranslation();
  return <PasswordInput {...props} visibilityToggleButtonProps={{ 'aria-label': t('auth.toggleVisibility') }} />;
}
