import { PasswordChange } from '@carehub/core';
import { Button, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { notifySuccess } from '../../components/feedback';
import { check, useFieldErrors } from '../../components/forms';
import { SecretInput } from '../../components/SecretInput';
import { changeOwnPassword } from './api';

/**
 * The signed-in user's own password change, on the account page. The server needs the current password
 * and judges the new one by strength; its Thai/English reasons (`details.fields`) show beside the field.
 */
export function ChangePassword() {
  const { t } = useTranslation();
  const [currentPassword, setCurrentPassword] = useState('');
  const [newPassword, setNewPassword] = useState('');
  const { errors, setIssues, clear, fail } = useFieldErrors();

  const save = useMutation({
    mutationFn: changeOwnPassword,
    onSuccess: () => {
      setCurrentPassword('');
      setNewPassword('');
      notifySuccess(t('account.changed'));
    },
    // A 429 (wait before trying again) has no field: it is shown as a notice with the seconds to wait.
    onError: (err) => fail(err, { 'auth.current_password_wrong': 'currentPassword', 'user.password_weak': 'newPassword' }),
  });

  function submit(e: FormEvent) {
    e.preventDefault();
    const r = check(PasswordChange, { currentPassword, newPassword });
    if (r.data === null) return setIssues(r.issues);
    setIssues([]);
    save.mutate(r.data);
  }

  return (
    <Paper withBorder p="md" mb="xl" component="section" aria-labelledby="change-password">
      <form onSubmit={submit} noValidate>
        <Stack gap="sm" maw={480}>
          <Title order={2} size="h4" id="change-password">
            {t('account.changePassword')}
          </Title>
          <Text size="sm" c="dimmed">
            {t('account.changePasswordIntro')}
          </Text>
          <SecretInput
            label={t('account.currentPassword')}
            value={currentPassword}
            onChange={(e) => {
              setCurrentPassword(e.currentTarget.value);
              clear('currentPassword');
            }}
            error={errors.currentPassword}
            required
            autoComplete="current-password"
          />
          <SecretInput
            label={t('account.newPassword')}
            value={newPassword}
            onChange={(e) => {
              setNewPassword(e.currentTarget.value);
              clear('newPassword');
            }}
            error={errors.newPassword}
            required
            autoComplete="new-password"
          />
          <Group>
            <Button type="submit" loading={save.isPending}>
              {t('account.save')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}
