import { Alert, Box, Button, Center, Group, Paper, Stack, Text, TextInput, Title } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { type FormEvent, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api';
import { errorText } from '../../components/feedback';
import { LanguageSwitch } from '../../components/LanguageSwitch';
import { SecretInput } from '../../components/SecretInput';
import { useLang } from '../../i18n';
import { login, meQuery } from './api';
import { safeRedirect } from './redirect';

export function LoginPage({ redirect }: { redirect?: string }) {
  const { t } = useTranslation();
  const lang = useLang();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const passwordRef = useRef<HTMLInputElement>(null);

  useEffect(() => {
    document.title = `${t('auth.title')} · ${t('app.name')}`;
  }, [t]);

  const mutation = useMutation({
    mutationFn: login,
    onSuccess: async (me) => {
      queryClient.setQueryData(meQuery.queryKey, me);
      await navigate({ href: safeRedirect(redirect) });
    },
    onError: () => {
      setPassword('');
      passwordRef.current?.focus();
    },
  });

  function submit(e: FormEvent) {
    e.preventDefault();
    if (!username.trim() || !password) return;
    mutation.mutate({ username: username.trim(), password });
  }

  const err = mutation.error;
  return (
    <Box mih="100dvh" bg="var(--mantine-color-gray-0)" py="xl" px="sm">
      <Group justify="flex-end" maw={420} mx="auto" mb="md">
        <LanguageSwitch />
      </Group>
      <Center>
        <Paper component="main" withBorder shadow="sm" radius="md" p={{ base: 'md', xs: 'xl' }} w="100%" maw={420}>
          <Stack gap={4} mb="lg" ta="center">
            <Title order={1} c="teal.8">
              {t('app.name')}
            </Title>
            <Text c="dimmed" size="sm">
              {t('app.subtitle')}
            </Text>
          </Stack>
          <form onSubmit={submit} noValidate aria-labelledby="signin-title">
            <Stack gap="md">
              <Title order={2} size="h3" id="signin-title">
                {t('auth.title')}
              </Title>
              {err && (
                <Alert color="red" role="alert" title={err instanceof ApiError ? undefined : t('common.errorTitle')}>
                  {errorText(err, lang)}
                </Alert>
              )}
              <TextInput
                id="username"
                name="username"
                label={t('auth.username')}
                value={username}
                onChange={(e) => setUsername(e.currentTarget.value)}
                autoComplete="username"
                autoCapitalize="none"
                spellCheck={false}
                required
                autoFocus
              />
              <SecretInput
                id="password"
                name="password"
                ref={passwordRef}
                label={t('auth.password')}
                value={password}
                onChange={(e) => setPassword(e.currentTarget.value)}
                autoComplete="current-password"
                required
              />
              <Button type="submit" loading={mutation.isPending} fullWidth>
                {t('auth.signIn')}
              </Button>
            </Stack>
          </form>
        </Paper>
      </Center>
    </Box>
  );
}
