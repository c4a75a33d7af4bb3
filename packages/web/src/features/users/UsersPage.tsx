import { canManageRole, formatDateTime, ROLE_LABELS } from '@carehub/core';
import { Badge, Button, Group, Stack, Text, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { ErrorAlert } from '../../components/ErrorAlert';
import { notifyError, notifySuccess } from '../../components/feedback';
import { Loading } from '../../components/Loading';
import { PageHeader } from '../../components/PageHeader';
import { Pager } from '../../components/Pager';
import { RecordList } from '../../components/RecordList';
import { pick, useLang } from '../../i18n';
import { AreaName } from '../areas/AreaName';
import { useMe } from '../auth/api';
import { revokeUserSessions, type User, updateUser, usersQuery } from './api';
import { UserForm } from './UserForm';

type Pending = { kind: 'revoke' | 'deactivate'; user: User } | null;

export function UsersPage() {
  const { t } = useTranslation();
  const lang = useLang();
  const me = useMe();
  const queryClient = useQueryClient();
  const [text, setText] = useState('');
  const [q] = useDebouncedValue(text.trim(), 350);
  // A new search starts at page 1.
  const [paging, setPaging] = useState({ q, page: 1 });
  const page = paging.q === q ? paging.page : 1;
  const setPage = (p: number) => setPaging({ q, page: p });
  const users = useQuery(usersQuery({ q: q || undefined, page }));

  const [form, setForm] = useState<{ user?: User } | null>(null);
  const [pending, setPending] = useState<Pending>(null);

  const revoke = useMutation({
    mutationFn: (u: User) => revokeUserSessions(u.id),
    onSuccess: (r) => {
      setPending(null);
      notifySuccess(t('users.revoked', { count: r.revoked }));
    },
    onError: notifyError,
  });

  const setActive = useMutation({
    mutationFn: ({ user, active }: { user: User; active: boolean }) => updateUser(user.id, { active }),
    onSuccess: async (u) => {
      setPending(null);
      await queryClient.invalidateQueries({ queryKey: ['users'] });
      notifySuccess(u.active ? t('users.activated', { name: u.username }) : t('users.deactivated', { name: u.username }));
    },
    onError: notifyError,
  });

  const manageable = (u: User) => u.id !== me.id && canManageRole(me.role, u.role);
  const hidden = (u: User) => <span className="visually-hidden"> {u.username}</span>;

  return (
    <>
      <PageHeader title={t('users.title')}>
        <Button onClick={() => setForm({})}>{t('users.create')}</Button>
      </PageHeader>
      <TextInput
        type="search"
        label={t('users.search')}
        placeholder={t('users.searchPlaceholder')}
        value={text}
        onChange={(e) => setText(e.currentTarget.value)}
        maw={420}
        mb="md"
        autoComplete="off"
      />
      {users.isPending ? (
        <Loading />
      ) : users.isError ? (
        <ErrorAlert error={users.error} onRetry={() => users.refetch()} />
      ) : (
        <div aria-busy={users.isPlaceholderData}>
          <RecordList
            caption={t('users.title')}
            rows={users.data.items}
            rowKey={(u) => u.id}
            minWidth={960}
            columns={[
              {
                key: 'name',
                header: t('users.displayName'),
                primary: true,
                render: (u) => (
                  <Stack gap={0} component="span">
                    <span>{u.displayName}</span>
                    <Text span size="xs" c="dimmed" ff="monospace">
                      {u.username}
                    </Text>
                  </Stack>
                ),
              },
              { key: 'role', header: t('users.role'), render: (u) => pick(ROLE_LABELS[u.role], lang) },
              { key: 'org', header: t('users.organisation'), render: (u) => u.organisationName },
              {
                key: 'scopes',
                header: t('users.scopes'),
                render: (u) => (
                  <Stack gap={0} component="span">
                    {u.scopes.map((s) => (
                      <AreaName key={s} code={s} />
                    ))}
                  </Stack>
                ),
              },
              {
                key: 'status',
                header: t('common.status'),
                render: (u) => (
                  <Badge color={u.active ? 'teal' : 'gray'} variant="light" w="max-content">
                    {u.active ? t('common.active') : t('common.inactive')}
                  </Badge>
                ),
              },
              { key: 'last', header: t('users.lastSignIn'), render: (u) => (u.lastSignInAt ? formatDateTime(u.lastSignInAt, lang) : t('users.never')) },
            ]}
            actions={(u) =>
              manageable(u) || u.id === me.id ? (
                <Group gap="xs" wrap="wrap">
                  <Button size="xs" variant="light" onClick={() => setForm({ user: u })}>
                    {t('users.edit')}
                    {hidden(u)}
                  </Button>
                  <Button size="xs" variant="light" color="orange" onClick={() => setPending({ kind: 'revoke', user: u })}>
                    {t('users.revokeSessions')}
                    {hidden(u)}
                  </Button>
                  {manageable(u) &&
                    (u.active ? (
                      <Button size="xs" variant="light" color="red" onClick={() => setPending({ kind: 'deactivate', user: u })}>
                        {t('users.deactivate')}
                        {hidden(u)}
                      </Button>
                    ) : (
                      <Button size="xs" variant="light" color="teal" loading={setActive.isPending} onClick={() => setActive.mutate({ user: u, active: true })}>
                        {t('users.activate')}
                        {hidden(u)}
                      </Button>
                    ))}
                </Group>
              ) : null
            }
          />
          <Pager page={users.data.page} pageSize={users.data.pageSize} total={users.data.total} onChange={setPage} />
        </div>
      )}

      {form && <UserForm me={me} user={form.user} onClose={() => setForm(null)} />}

      <ConfirmDialog
        opened={pending?.kind === 'revoke'}
        title={t('users.revokeTitle')}
        message={t('users.revokeConfirm', { name: pending?.user.displayName ?? '' })}
        confirmLabel={t('users.revokeSessions')}
        onConfirm={() => pending && revoke.mutate(pending.user)}
        onClose={() => setPending(null)}
        loading={revoke.isPending}
      />
      <ConfirmDialog
        opened={pending?.kind === 'deactivate'}
        title={t('users.deactivateTitle')}
        message={t('users.deactivateConfirm', { name: pending?.user.displayName ?? '' })}
        confirmLabel={t('users.deactivate')}
        onConfirm={() => pending && setActive.mutate({ user: pending.user, active: false })}
        onClose={() => setPending(null)}
        loading={setActive.isPending}
      />
    </>
  );
}
