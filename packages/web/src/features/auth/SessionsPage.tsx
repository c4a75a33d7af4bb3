import { formatDateTime } from '@carehub/core';
import { Badge, Button, Stack, Text } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { ErrorAlert } from '../../components/ErrorAlert';
import { notifyError, notifySuccess } from '../../components/feedback';
import { Loading } from '../../components/Loading';
import { PageHeader } from '../../components/PageHeader';
import { RecordList } from '../../components/RecordList';
import { useLang } from '../../i18n';
import { revokeSession, type Session, sessionsQuery } from './api';
import { ChangePassword } from './ChangePassword';

/** "Chrome · Android" from a user-agent string; good enough to recognise one's own devices. */
export function describeUserAgent(ua: string | null): string | null {
  if (!ua) return null;
  const browser = /Edg\//.test(ua) ? 'Edge' : /Firefox\//.test(ua) ? 'Firefox' : /Chrom(e|ium)\//.test(ua) ? 'Chrome' : /Safari\//.test(ua) ? 'Safari' : null;
  const os = /Android/.test(ua)
    ? 'Android'
    : /iPhone|iPad|iPod/.test(ua)
      ? 'iOS'
      : /Windows/.test(ua)
        ? 'Windows'
        : /Mac OS X|Macintosh/.test(ua)
          ? 'macOS'
          : /Linux/.test(ua)
            ? 'Linux'
            : null;
  const parts = [browser, os].filter(Boolean);
  return parts.length ? parts.join(' · ') : ua.slice(0, 60);
}

export function SessionsPage() {
  const { t } = useTranslation();
  const lang = useLang();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const sessions = useQuery(sessionsQuery);
  const [target, setTarget] = useState<Session | null>(null);

  const revoke = useMutation({
    mutationFn: (s: Session) => revokeSession(s.id),
    onSuccess: async (_r, s) => {
      setTarget(null);
      notifySuccess(t('sessions.revoked'));
      if (s.current) {
        await navigate({ to: '/login' });
        queryClient.clear();
        return;
      }
      await queryClient.invalidateQueries({ queryKey: sessionsQuery.queryKey });
    },
    onError: notifyError,
  });

  return (
    <>
      <PageHeader title={t('sessions.title')} />
      <ChangePassword />
      <Text c="dimmed" mb="md">
        {t('sessions.intro')}
      </Text>
      {sessions.isPending ? (
        <Loading />
      ) : sessions.isError ? (
        <ErrorAlert error={sessions.error} onRetry={() => sessions.refetch()} />
      ) : (
        <RecordList
          caption={t('sessions.title')}
          rows={sessions.data}
          rowKey={(s) => s.id}
          empty={t('sessions.empty')}
          minWidth={640}
          columns={[
            {
              key: 'device',
              header: t('sessions.device'),
              primary: true,
              render: (s) => (
                <Stack gap={2} component="span">
                  <span title={s.userAgent ?? undefined}>{describeUserAgent(s.userAgent) ?? t('sessions.unknownDevice')}</span>
                  {s.current && (
                    <Badge color="teal" variant="light" w="fit-content">
                      {t('sessions.current')}
                    </Badge>
                  )}
                </Stack>
              ),
            },
            { key: 'ip', header: t('sessions.ip'), render: (s) => s.ip ?? t('common.none') },
            { key: 'created', header: t('sessions.createdAt'), render: (s) => formatDateTime(s.createdAt, lang) },
            { key: 'seen', header: t('sessions.lastSeenAt'), render: (s) => formatDateTime(s.lastSeenAt, lang) },
            { key: 'expires', header: t('sessions.expiresAt'), render: (s) => formatDateTime(s.expiresAt, lang) },
          ]}
          actions={(s) => (
            <Button size="xs" variant="light" color="red" onClick={() => setTarget(s)}>
              {t('sessions.revoke')}
            </Button>
          )}
        />
      )}
      <ConfirmDialog
        opened={target !== null}
        title={t('sessions.revokeTitle')}
        message={target?.current ? t('sessions.revokeCurrentConfirm') : t('sessions.revokeConfirm')}
        confirmLabel={t('sessions.revoke')}
        onConfirm={() => target && revoke.mutate(target)}
        onClose={() => setTarget(null)}
        loading={revoke.isPending}
      />
    </>
  );
}
