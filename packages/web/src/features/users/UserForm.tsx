import { canManageRole, ROLE_LABELS, ROLES, type Role, scopesOutside, UserCreate, UserUpdate } from '@carehub/core';
import { Button, Checkbox, Group, List, Modal, Paper, Select, Stack, Switch, Text, Textarea, TextInput } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { notifySuccess } from '../../components/feedback';
import { check, useFieldErrors } from '../../components/forms';
import { SecretInput } from '../../components/SecretInput';
import { pick, useLang } from '../../i18n';
import { AreaName, useAreaLabel } from '../areas/AreaName';
import { ScopesPicker } from '../areas/ScopesPicker';
import type { Me } from '../auth/api';
import { organisationsQuery } from '../organisations/api';
import { createUser, type User, type UserCreateBody, type UserUpdateBody, updateUser } from './api';

interface UserFormProps {
  me: Me;
  /** The user to edit; undefined to create one. */
  user?: User;
  onClose: () => void;
}

const sameSet = (a: readonly string[], b: readonly string[]) => a.length === b.length && [...a].sort().join() === [...b].sort().join();

/** Create or edit a user in a modal (full screen on phones). Mount it only while open. */
export function UserForm({ me, user, onClose }: UserFormProps) {
  const { t } = useTranslation();
  const lang = useLang();
  const queryClient = useQueryClient();
  const wide = useMediaQuery('(min-width: 48em)', true, { getInitialValueInEffect: false });
  const editing = !!user;
  const self = user?.id === me.id;

  const [username, setUsername] = useState(user?.username ?? '');
  const [displayName, setDisplayName] = useState(user?.displayName ?? '');
  const [role, setRole] = useState<Role | null>(user?.role ?? null);
  const [organisationId, setOrganisationId] = useState<string | null>(user?.organisationId ?? null);
  const [scopes, setScopes] = useState<string[]>(user?.scopes ?? []);
  const [password, setPassword] = useState('');
  // One's own new password needs the current one (the server checks it and counts a wrong one as a failed sign-in).
  const [currentPassword, setCurrentPassword] = useState('');
  const [active, setActive] = useState(user?.active ?? true);
  const [confirmDeactivate, setConfirmDeactivate] = useState<UserUpdateBody | null>(null);
  // Areas outside the organisation's area: the server's refusal names them, and the admin may confirm an exception.
  const [refusedOutside, setRefusedOutside] = useState<string[]>([]);
  const [exception, setException] = useState(false);
  const [reason, setReason] = useState('');
  const { errors, setIssues, clear, fail } = useFieldErrors();

  const roleOptions = useMemo(() => {
    const allowed = ROLES.filter((r) => canManageRole(me.role, r) || r === user?.role);
    return allowed.map((r) => ({ value: r, label: pick(ROLE_LABELS[r], lang), disabled: !canManageRole(me.role, r) }));
  }, [me.role, user?.role, lang]);

  const organisations = useQuery(organisationsQuery({ page: 1, pageSize: 200 }));
  const organisationOptions = useMemo(() => {
    const items = (organisations.data?.items ?? []).filter((o) => o.active || o.id === user?.organisationId).map((o) => ({ value: o.id, label: o.name }));
    if (user && !items.some((o) => o.value === user.organisationId)) items.unshift({ value: user.organisationId, label: user.organisationName });
    return items;
  }, [organisations.data, user]);

  const orgArea = (organisations.data?.items ?? []).find((o) => o.id === organisationId)?.areaCode ?? null;
  const areasChanged = !user || !sameSet(scopes, user.scopes) || organisationId !== user.organisationId;
  // What the form can tell before saving (the organisation list gives its area); the server has the last word.
  const outside = useMemo(() => {
    if (!areasChanged || role === 'system_admin') return [];
    if (orgArea) return scopesOutside(scopes, orgArea);
    return refusedOutside.filter((c) => scopes.includes(c));
  }, [areasChanged, role, orgArea, scopes, refusedOutside]);
  const scopeException = outside.length > 0 && exception ? { reason } : undefined;

  const fieldForCode = {
    'conflict.duplicate': 'username',
    'forbidden.role_too_high': 'role',
    'forbidden.out_of_scope': 'scopes',
    'organisation.unknown': 'organisationId',
  };

  const save = useMutation({
    mutationFn: (body: UserCreateBody | UserUpdateBody) => (user ? updateUser(user.id, body as UserUpdateBody) : createUser(body as UserCreateBody)),
    onSuccess: async (saved, body) => {
      await queryClient.invalidateQueries({ queryKey: ['users'] });
      if (self) await queryClient.invalidateQueries({ queryKey: ['me'] });
      if (!user) notifySuccess(t('users.created', { name: saved.username }));
      else if ((body as UserUpdateBody).active === false) notifySuccess(t('users.deactivated', { name: saved.username }));
      else notifySuccess(t('users.updated', { name: saved.username }));
      onClose();
    },
    onError: (err) => {
      setConfirmDeactivate(null);
      if (err instanceof ApiError && err.code === 'user.scope_outside_organisation') {
        const d = err.body.details as { outside?: string[] } | undefined;
        setRefusedOutside(d?.outside ?? []);
      }
      fail(err, fieldForCode);
    },
  });

  function submit(e: FormEvent) {
    e.preventDefault();
    if (!user) {
      // An empty select is `undefined`, so the message is "required" rather than "not an allowed value".
      const r = check(UserCreate, {
        username,
        displayName,
        role: role ?? undefined,
        organisationId: organisationId ?? undefined,
        scopes,
        password,
        scopeException,
      });
      if (r.data === null) return setIssues(r.issues);
      setIssues([]);
      save.mutate(r.data as UserCreateBody);
      return;
    }
    const body: UserUpdateBody = {};
    if (displayName !== user.displayName) body.displayName = displayName;
    if (role && role !== user.role) body.role = role;
    if (organisationId && organisationId !== user.organisationId) body.organisationId = organisationId;
    if (!sameSet(scopes, user.scopes)) body.scopes = scopes;
    if (active !== user.active) body.active = active;
    if (password) body.password = password;
    if (password && self) body.currentPassword = currentPassword;
    if (Object.keys(body).length === 0) {
      notifySuccess(t('common.noChanges'));
      onClose();
      return;
    }
    if (scopeException && (body.scopes || body.organisationId)) body.scopeException = scopeException;
    const r = check(UserUpdate, body);
    if (r.data === null) return setIssues(r.issues);
    setIssues([]);
    if (body.active === false) setConfirmDeactivate(r.data as UserUpdateBody);
    else save.mutate(r.data as UserUpdateBody);
  }

  return (
    <>
      <Modal
        opened
        onClose={onClose}
        title={user ? t('users.editTitle', { name: user.username }) : t('users.createTitle')}
        size="lg"
        fullScreen={!wide}
        closeButtonProps={{ 'aria-label': t('common.close') }}
      >
        <form onSubmit={submit} noValidate>
          <Stack gap="md">
            <TextInput
              label={t('users.username')}
              description={editing ? undefined : t('users.usernameHelp')}
              value={username}
              onChange={(e) => {
                setUsername(e.currentTarget.value);
                clear('username');
              }}
              error={errors.username}
              readOnly={editing}
              disabled={editing}
              required={!editing}
              autoComplete="off"
              autoCapitalize="none"
              spellCheck={false}
              data-autofocus
            />
            <TextInput
              label={t('users.displayName')}
              value={displayName}
              onChange={(e) => {
                setDisplayName(e.currentTarget.value);
                clear('displayName');
              }}
              error={errors.displayName}
              required
              autoComplete="off"
            />
            <Select
              label={t('users.role')}
              data={roleOptions}
              value={role}
              onChange={(v) => {
                setRole(v as Role | null);
                clear('role');
              }}
              error={errors.role}
              required
              disabled={self}
              allowDeselect={false}
              comboboxProps={{ withinPortal: true }}
            />
            <Select
              label={t('users.organisation')}
              data={organisationOptions}
              value={organisationId}
              onChange={(v) => {
                setOrganisationId(v);
                clear('organisationId');
              }}
              error={errors.organisationId}
              required
              searchable
              nothingFoundMessage={t('common.noResults')}
              allowDeselect={false}
              comboboxProps={{ withinPortal: true }}
            />
            <ScopesPicker
              label={t('users.scopes')}
              value={scopes}
              onChange={(s) => {
                setScopes(s);
                clear('scopes');
              }}
              grantable={me.scopes}
              disabled={self}
              error={errors.scopes}
              preferred={orgArea}
            />
            {outside.length > 0 && !self && (
              <ScopeExceptionFields
                outside={outside}
                orgArea={orgArea}
                confirmed={exception}
                onConfirm={(v) => {
                  setException(v);
                  clear('scopes');
                  clear('scopeException');
                }}
                reason={reason}
                onReason={(v) => {
                  setReason(v);
                  clear('scopeException');
                }}
                error={errors.scopeException}
              />
            )}
            <SecretInput
              label={editing ? t('users.newPassword') : t('users.password')}
              description={editing ? t('users.passwordKeep') : t('users.passwordHelp')}
              value={password}
              onChange={(e) => {
                setPassword(e.currentTarget.value);
                clear('password');
              }}
              error={errors.password}
              required={!editing}
              autoComplete="new-password"
            />
            {self && password && (
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
            )}
            {editing && (
              <Switch label={t('users.active')} checked={active} onChange={(e) => setActive(e.currentTarget.checked)} disabled={self} error={errors.active} />
            )}
            <Group justify="flex-end" gap="sm" mt="sm">
              <Button variant="default" onClick={onClose}>
                {t('common.cancel')}
              </Button>
              <Button type="submit" loading={save.isPending}>
                {t('common.save')}
              </Button>
            </Group>
          </Stack>
        </form>
      </Modal>
      <ConfirmDialog
        opened={confirmDeactivate !== null}
        title={t('users.deactivateTitle')}
        message={t('users.deactivateConfirm', { name: user?.displayName ?? '' })}
        confirmLabel={t('users.deactivate')}
        onConfirm={() => confirmDeactivate && save.mutate(confirmDeactivate)}
        onClose={() => setConfirmDeactivate(null)}
        loading={save.isPending}
      />
    </>
  );
}

interface ScopeExceptionFieldsProps {
  outside: string[];
  orgArea: string | null;
  confirmed: boolean;
  onConfirm: (v: boolean) => void;
  reason: string;
  onReason: (v: string) => void;
  error?: string;
}

/** The areas outside the organisation's, and the admin's confirmation of the exception with a reason. */
function ScopeExceptionFields({ outside, orgArea, confirmed, onConfirm, reason, onReason, error }: ScopeExceptionFieldsProps) {
  const { t } = useTranslation();
  const area = useAreaLabel(orgArea);
  return (
    <Paper withBorder radius="sm" p="sm" bg="orange.0" data-scope-exception>
      <Stack gap="xs">
        <div>
          <Text size="sm">{t('users.outsideOrganisation', { area: area || '—' })}</Text>
          <List size="sm" spacing={2}>
            {outside.map((c) => (
              <List.Item key={c}>
                <AreaName code={c} />
              </List.Item>
            ))}
          </List>
        </div>
        <Checkbox label={t('users.scopeException')} checked={confirmed} onChange={(e) => onConfirm(e.currentTarget.checked)} />
        {confirmed && (
          <Textarea
            label={t('users.scopeExceptionReason')}
            description={t('users.scopeExceptionHelp')}
            value={reason}
            onChange={(e) => onReason(e.currentTarget.value)}
            error={error}
            required
            autosize
            minRows={2}
            maxLength={500}
          />
        )}
      </Stack>
    </Paper>
  );
}
