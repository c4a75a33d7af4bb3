import { CASE_TEAM_ROLE_LABELS, CASE_TEAM_ROLES, CaseTeamMemberInput } from '@carehub/core';
import { Anchor, Button, Card, Group, Select, SimpleGrid, Stack, Text, TextInput, Title } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { ErrorAlert } from '../../components/ErrorAlert';
import { notifyError, notifySuccess } from '../../components/feedback';
import { check, useFieldErrors } from '../../components/forms';
import { Loading } from '../../components/Loading';
import { pick, useLang } from '../../i18n';
import { hasPermission, useMe } from '../auth/api';
import { addTeamMember, removeTeamMember, type TeamMember, teamQuery, userChoicesQuery } from './api';
import { type OrganisationChoice, OrganisationSelect } from './fields';
import { labelOf } from './PlanView';

/** The people around the person: who they are, their role, where they work, how to call them. */
export function TeamPanel({ personId, canWrite }: { personId: string; canWrite: boolean }) {
  const { t } = useTranslation();
  const lang = useLang();
  const qc = useQueryClient();
  const team = useQuery(teamQuery(personId));
  const [adding, setAdding] = useState(false);
  const [removing, setRemoving] = useState<TeamMember | null>(null);
  const remove = useMutation({
    mutationFn: (m: TeamMember) => removeTeamMember(personId, m.id),
    onSuccess: (list) => {
      qc.setQueryData(teamQuery(personId).queryKey, list);
      notifySuccess(t('carePlans.memberRemoved'));
      setRemoving(null);
    },
    onError: (e) => {
      setRemoving(null);
      notifyError(e);
    },
  });

  return (
    <section aria-labelledby="case-team-title" data-team>
      <Group justify="space-between" mb="xs">
        <Title order={2} size="h3" id="case-team-title">
          {t('carePlans.teamTitle')}
        </Title>
        {canWrite && !adding && (
          <Button size="xs" variant="light" onClick={() => setAdding(true)}>
            {t('carePlans.addMember')}
          </Button>
        )}
      </Group>
      {team.isPending ? (
        <Loading />
      ) : team.isError ? (
        <ErrorAlert error={team.error} onRetry={() => team.refetch()} />
      ) : team.data.length === 0 ? (
        <Text c="dimmed">{t('carePlans.teamEmpty')}</Text>
      ) : (
        <Stack gap="xs" component="ul" p={0} m={0} style={{ listStyle: 'none' }}>
          {team.data.map((m) => (
            <Card key={m.id} component="li" withBorder padding="sm" data-member={m.id}>
              <Group justify="space-between" align="flex-start" gap="xs">
                <div style={{ minWidth: 0, flex: 1 }}>
                  <Text fw={600} style={{ overflowWrap: 'anywhere' }}>
                    {m.name || t('carePlans.memberNameHidden')}
                  </Text>
                  <Text size="sm">{labelOf(CASE_TEAM_ROLE_LABELS, m.role, lang)}</Text>
                  {m.organisation && (
                    <Text size="sm" c="dimmed" style={{ overflowWrap: 'anywhere' }}>
                      {m.organisation}
                    </Text>
                  )}
                  {m.phone && (
                    <Anchor href={`tel:${m.phone.replace(/[^0-9+]/g, '')}`} size="sm">
                      {t('carePlans.call', { phone: m.phone })}
                    </Anchor>
                  )}
                </div>
                {canWrite && (
                  <Button
                    size="xs"
                    variant="subtle"
                    color="red"
                    onClick={() => setRemoving(m)}
                    aria-label={t('carePlans.removeMemberAria', { name: m.name || t('carePlans.memberNameHidden') })}
                  >
                    {t('carePlans.removeMember')}
                  </Button>
                )}
              </Group>
            </Card>
          ))}
        </Stack>
      )}
      {adding && (
        <AddMemberForm
          personId={personId}
          onDone={(list) => {
            if (list) qc.setQueryData(teamQuery(personId).queryKey, list);
            setAdding(false);
          }}
        />
      )}
      <ConfirmDialog
        opened={removing !== null}
        title={t('carePlans.removeMemberTitle')}
        message={t('carePlans.removeMemberConfirm', { name: removing?.name || t('carePlans.memberNameHidden') })}
        confirmLabel={t('carePlans.removeMember')}
        loading={remove.isPending}
        onConfirm={() => removing && remove.mutate(removing)}
        onClose={() => setRemoving(null)}
      />
    </section>
  );
}

function AddMemberForm({ personId, onDone }: { personId: string; onDone: (list?: TeamMember[]) => void }) {
  const { t } = useTranslation();
  const lang = useLang();
  const me = useMe();
  const canListUsers = hasPermission(me, 'users.manage');
  const [role, setRole] = useState<string | null>(null);
  const [userId, setUserId] = useState<string | null>(null);
  const [userSearch, setUserSearch] = useState('');
  const [name, setName] = useState('');
  const [organisation, setOrganisation] = useState<OrganisationChoice | null>(null);
  const [phone, setPhone] = useState('');
  const { errors, setIssues, clear, fail } = useFieldErrors();
  const [q] = useDebouncedValue(userSearch.trim(), 250);
  const users = useQuery({ ...userChoicesQuery(q), enabled: canListUsers });
  // Anyone may add themselves; those who manage users may add any active user.
  const userOptions = [
    { value: me.id, label: `${me.displayName} (${t('carePlans.me')})` },
    ...(users.data?.items ?? []).filter((u) => u.active && u.id !== me.id).map((u) => ({ value: u.id, label: `${u.displayName} (${u.username})` })),
  ];

  const save = useMutation({
    mutationFn: (body: CaseTeamMemberInput) => addTeamMember(personId, body),
    onSuccess: (list) => {
      notifySuccess(t('carePlans.memberAdded'));
      onDone(list);
    },
    onError: (err) => fail(err, { 'organisation.unknown': 'organisationId' }),
  });

  const submit = () => {
    const body = {
      role: role ?? undefined,
      ...(userId ? { userId } : {}),
      ...(name.trim() ? { name: name.trim() } : {}),
      ...(organisation ? { organisationId: organisation.id } : {}),
      ...(phone.trim() ? { phone: phone.trim() } : {}),
    };
    const checked = check(CaseTeamMemberInput, body);
    if (!checked.data) return setIssues(checked.issues);
    save.mutate(checked.data);
  };

  return (
    <Card
      withBorder
      padding="sm"
      mt="sm"
      component="form"
      aria-label={t('carePlans.addMember')}
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        submit();
      }}
    >
      <Stack gap="sm">
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <Select
            label={t('carePlans.memberRole')}
            data={CASE_TEAM_ROLES.map((r) => ({ value: r, label: pick(CASE_TEAM_ROLE_LABELS[r], lang) }))}
            value={role}
            onChange={(v) => {
              setRole(v);
              clear('role');
            }}
            error={errors.role}
            required
            searchable
          />
          <Select
            label={t('carePlans.memberUser')}
            description={canListUsers ? t('carePlans.memberUserHelp') : t('carePlans.memberUserSelfOnly')}
            data={userOptions}
            value={userId}
            onChange={(v) => {
              setUserId(v);
              clear('userId');
              clear('name');
            }}
            searchable
            searchValue={userSearch}
            onSearchChange={setUserSearch}
            clearable
            error={errors.userId}
          />
          <TextInput
            label={t('carePlans.memberName')}
            description={t('carePlans.memberNameHelp')}
            value={name}
            onChange={(e) => {
              setName(e.currentTarget.value);
              clear('name');
            }}
            error={errors.name}
            maxLength={200}
          />
          <OrganisationSelect
            label={t('carePlans.memberOrganisation')}
            value={organisation}
            onChange={(o) => {
              setOrganisation(o);
              clear('organisationId');
            }}
            error={errors.organisationId}
          />
          <TextInput
            label={t('carePlans.memberPhone')}
            type="tel"
            inputMode="tel"
            autoComplete="off"
            value={phone}
            onChange={(e) => {
              setPhone(e.currentTarget.value);
              clear('phone');
            }}
            error={errors.phone}
            maxLength={20}
          />
        </SimpleGrid>
        <Group gap="sm">
          <Button type="submit" loading={save.isPending}>
            {t('carePlans.saveMember')}
          </Button>
          <Button variant="default" onClick={() => onDone()} disabled={save.isPending}>
            {t('common.cancel')}
          </Button>
        </Group>
      </Stack>
    </Card>
  );
}
