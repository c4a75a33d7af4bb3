import { formatDateTime } from '@carehub/core';
import { Alert, Badge, Button, Fieldset, Group, Select, Stack, Switch, Text, TextInput } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api';
import { ErrorAlert } from '../../components/ErrorAlert';
import { notifyError, notifySuccess } from '../../components/feedback';
import { Loading } from '../../components/Loading';
import { PageHeader } from '../../components/PageHeader';
import { RecordList } from '../../components/RecordList';
import { useReveal } from '../../components/useReveal';
import { useLang } from '../../i18n';
import { hasPermission, useMe } from '../auth/api';
import {
  areaDeliveriesQuery,
  type Channel,
  type Delivery,
  type MyNotifications,
  myNoticesQuery,
  myNotificationsQuery,
  type Preferences,
  type PushState,
  pushState,
  savePreferences,
  sendTestNotice,
  subscribePush,
  unsubscribePush,
} from './api';

/** Every half hour of the day, "00:00" … "23:30", for the quiet-hours pickers (no native time input). */
export const HALF_HOURS = Array.from({ length: 48 }, (_, i) => `${String(Math.floor(i / 2)).padStart(2, '0')}:${i % 2 ? '30' : '00'}`);

/** The signed-in user's own channels, contact details and quiet hours ("การแจ้งเตือนของฉัน"). */
export function MyNotificationsPage() {
  const { t } = useTranslation();
  const mine = useQuery(myNotificationsQuery);
  const me = useMe();
  return (
    <>
      <PageHeader title={t('myNotifications.title')} />
      <Text mb="xs">{t('myNotifications.intro')}</Text>
      <Text c="dimmed" size="sm" mb="md">
        {t('myNotifications.privacy')}
      </Text>
      {mine.isPending ? <Loading /> : mine.isError ? <ErrorAlert error={mine.error} onRetry={() => mine.refetch()} /> : <PreferencesForm data={mine.data} />}
      <RecentNotices />
      {hasPermission(me, 'users.manage') && <AreaDeliveries />}
    </>
  );
}

function PreferencesForm({ data }: { data: MyNotifications }) {
  const { t } = useTranslation();
  const lang = useLang();
  const queryClient = useQueryClient();
  const [p, setP] = useState<Preferences>(data.preferences);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [push, setPush] = useState<PushState | null>(null);
  // A new object per refusal, so a second refusal is revealed and focused again.
  const [refusal, setRefusal] = useState<object | null>(null);
  const errorBox = useReveal<HTMLDivElement>(refusal);
  const offered = (c: Channel) => data.offered.includes(c);

  const pushOffered = data.offered.includes('webpush');
  useEffect(() => {
    if (pushOffered) pushState().then(setPush, () => setPush('unsupported'));
  }, [pushOffered]);

  const set = <K extends keyof Preferences>(key: K, value: Preferences[K], field?: string) => {
    setP((old) => ({ ...old, [key]: value }));
    if (field) setErrors((e) => ({ ...e, [field]: '' }));
  };

  const save = useMutation({
    mutationFn: (body: Preferences) => savePreferences(body),
    onSuccess: (r) => {
      setErrors({});
      setRefusal(null);
      queryClient.setQueryData(myNotificationsQuery.queryKey, r);
      setP(r.preferences);
      notifySuccess(t('myNotifications.saved'));
    },
    onError: (e) => {
      if (e instanceof ApiError && e.fields.length) {
        setErrors(Object.fromEntries(e.fields.map((f) => [f.path, lang === 'en' ? f.message_en : f.message_th])));
        setRefusal({});
        return;
      }
      notifyError(e);
    },
  });

  const test = useMutation({
    mutationFn: sendTestNotice,
    onSuccess: async () => {
      notifySuccess(t('myNotifications.testSent'));
      await queryClient.invalidateQueries({ queryKey: ['me', 'notifications', 'notices'] });
    },
    onError: notifyError,
  });

  const togglePush = useMutation({
    mutationFn: async (on: boolean) => (on ? subscribePush(data.vapidPublicKey ?? '') : unsubscribePush()),
    onSuccess: (state) => {
      setPush(state);
      set('webpush', { enabled: state === 'on' });
    },
    onError: notifyError,
  });

  function submit(e: FormEvent) {
    e.preventDefault();
    save.mutate({
      ...p,
      email: { ...p.email, address: p.email.address?.trim() || null },
      line: { ...p.line, userId: p.line.userId?.trim() || null },
      sms: { ...p.sms, phone: p.sms.phone?.trim() || null },
    });
  }

  const problems = Object.values(errors).filter(Boolean);
  const quiet = p.quietHours !== null;

  return (
    <form onSubmit={submit} noValidate aria-label={t('myNotifications.title')}>
      <Stack gap="md" maw={560}>
        {data.offered.length === 0 && <Alert color="gray">{t('myNotifications.noneOffered')}</Alert>}
        {problems.length > 0 && (
          <Alert color="red" role="alert" tabIndex={-1} ref={errorBox} title={t('common.errorTitle')}>
            {problems.join(' · ')}
          </Alert>
        )}
        {offered('webpush') && (
          <Fieldset legend={t('myNotifications.webpush')}>
            <Switch
              label={t('myNotifications.webpushThisBrowser')}
              checked={push === 'on'}
              disabled={push === 'unsupported' || push === 'denied' || push === null || togglePush.isPending}
              onChange={(e) => togglePush.mutate(e.currentTarget.checked)}
              description={
                push === 'unsupported'
                  ? t('myNotifications.webpushUnsupported')
                  : push === 'denied'
                    ? t('myNotifications.webpushDenied')
                    : t('myNotifications.webpushDevices', { count: data.pushSubscriptions })
              }
              error={errors['webpush.enabled']}
            />
          </Fieldset>
        )}
        {offered('email') && (
          <Fieldset legend={t('myNotifications.email')}>
            <Stack gap="xs">
              <Switch
                label={t('myNotifications.useEmail')}
                checked={p.email.enabled}
                onChange={(e) => set('email', { ...p.email, enabled: e.currentTarget.checked }, 'email.enabled')}
                error={errors['email.enabled']}
              />
              <TextInput
                label={t('myNotifications.emailAddress')}
                type="email"
                autoComplete="email"
                value={p.email.address ?? ''}
                onChange={(e) => set('email', { ...p.email, address: e.currentTarget.value }, 'email.address')}
                error={errors['email.address']}
                required={p.email.enabled}
              />
            </Stack>
          </Fieldset>
        )}
        {offered('line') && (
          <Fieldset legend={t('myNotifications.line')}>
            <Stack gap="xs">
              <Switch
                label={t('myNotifications.useLine')}
                checked={p.line.enabled}
                onChange={(e) => set('line', { ...p.line, enabled: e.currentTarget.checked }, 'line.enabled')}
                error={errors['line.enabled']}
              />
              <TextInput
                label={t('myNotifications.lineUserId')}
                description={t('myNotifications.lineUserIdHelp')}
                autoComplete="off"
                autoCapitalize="none"
                spellCheck={false}
                value={p.line.userId ?? ''}
                onChange={(e) => set('line', { ...p.line, userId: e.currentTarget.value }, 'line.userId')}
                error={errors['line.userId']}
                required={p.line.enabled}
              />
            </Stack>
          </Fieldset>
        )}
        {offered('sms') && (
          <Fieldset legend={t('myNotifications.sms')}>
            <Stack gap="xs">
              <Switch
                label={t('myNotifications.useSms')}
                checked={p.sms.enabled}
                onChange={(e) => set('sms', { ...p.sms, enabled: e.currentTarget.checked }, 'sms.enabled')}
                error={errors['sms.enabled']}
              />
              <TextInput
                label={t('myNotifications.phone')}
                type="tel"
                inputMode="tel"
                autoComplete="tel"
                value={p.sms.phone ?? ''}
                onChange={(e) => set('sms', { ...p.sms, phone: e.currentTarget.value }, 'sms.phone')}
                error={errors['sms.phone']}
                required={p.sms.enabled}
              />
            </Stack>
          </Fieldset>
        )}
        <Fieldset legend={t('myNotifications.quietHours')}>
          <Stack gap="xs">
            <Switch
              label={t('myNotifications.useQuietHours')}
              checked={quiet}
              onChange={(e) => set('quietHours', e.currentTarget.checked ? { from: '22:00', to: '06:00' } : null, 'quietHours.from')}
            />
            {quiet && (
              <Group grow align="flex-start">
                <Select
                  label={t('myNotifications.quietFrom')}
                  data={HALF_HOURS}
                  value={p.quietHours?.from ?? null}
                  onChange={(v) => v && set('quietHours', { from: v, to: p.quietHours?.to ?? '06:00' }, 'quietHours.from')}
                  allowDeselect={false}
                  error={errors['quietHours.from']}
                />
                <Select
                  label={t('myNotifications.quietTo')}
                  data={HALF_HOURS}
                  value={p.quietHours?.to ?? null}
                  onChange={(v) => v && set('quietHours', { from: p.quietHours?.from ?? '22:00', to: v }, 'quietHours.to')}
                  allowDeselect={false}
                  error={errors['quietHours.to']}
                />
              </Group>
            )}
            <Text size="sm" c="dimmed">
              {t('myNotifications.quietRule')}
            </Text>
          </Stack>
        </Fieldset>
        <Group>
          <Button type="submit" loading={save.isPending}>
            {t('myNotifications.save')}
          </Button>
          <Button variant="light" onClick={() => test.mutate()} loading={test.isPending}>
            {t('myNotifications.sendTest')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function RecentNotices() {
  const { t } = useTranslation();
  const lang = useLang();
  const notices = useQuery(myNoticesQuery);
  if (notices.isPending) return <Loading />;
  if (notices.isError) return <ErrorAlert error={notices.error} onRetry={() => notices.refetch()} />;
  const statusColor = { sent: 'teal', pending: 'yellow', failed: 'red' } as const;
  return (
    <Stack mt="xl" gap="xs">
      <Group justify="space-between">
        <Text fw={600} component="h2" fz="lg">
          {t('myNotifications.recent')}
        </Text>
        <Button variant="subtle" size="xs" onClick={() => notices.refetch()}>
          {t('myNotifications.refresh')}
        </Button>
      </Group>
      <RecordList
        caption={t('myNotifications.recent')}
        rows={notices.data}
        rowKey={(n) => n.id}
        empty={t('myNotifications.noNotices')}
        minWidth={560}
        columns={[
          {
            key: 'title',
            header: t('myNotifications.notice'),
            primary: true,
            render: (n) => (
              <Group gap="xs" component="span">
                <span>{lang === 'en' ? n.titleEn : n.titleTh}</span>
                {n.urgent && (
                  <Badge color="red" variant="light">
                    {t('myNotifications.urgent')}
                  </Badge>
                )}
              </Group>
            ),
          },
          { key: 'at', header: t('myNotifications.at'), render: (n) => formatDateTime(n.createdAt, lang) },
          {
            key: 'deliveries',
            header: t('myNotifications.deliveries'),
            render: (n) =>
              n.deliveries.length === 0 ? (
                t('myNotifications.inAppOnly')
              ) : (
                <Group gap={4} component="span">
                  {n.deliveries.map((d) => (
                    <Badge key={d.id} color={statusColor[d.status]} variant="light" title={d.lastError ?? undefined}>
                      {t(`myNotifications.channel.${d.channel}`)}: {t(`myNotifications.status.${d.status}`)}
                    </Badge>
                  ))}
                </Group>
              ),
          },
        ]}
      />
    </Stack>
  );
}

const STATUS_COLOR = { sent: 'teal', pending: 'yellow', failed: 'red' } as const;

/** For user admins: how notices to the users of their area went (channel and status only). */
function AreaDeliveries() {
  const { t } = useTranslation();
  const lang = useLang();
  const [status, setStatus] = useState<Delivery['status'] | null>('failed');
  const rows = useQuery(areaDeliveriesQuery(status));
  return (
    <Stack mt="xl" gap="xs">
      <Text fw={600} component="h2" fz="lg">
        {t('myNotifications.area')}
      </Text>
      <Text c="dimmed" size="sm">
        {t('myNotifications.areaIntro')}
      </Text>
      <Select
        label={t('myNotifications.statusFilter')}
        maw={260}
        data={[
          { value: 'all', label: t('myNotifications.all') },
          ...(['failed', 'pending', 'sent'] as const).map((v) => ({ value: v, label: t(`myNotifications.status.${v}`) })),
        ]}
        value={status ?? 'all'}
        onChange={(v) => setStatus(v === 'all' || !v ? null : (v as Delivery['status']))}
        allowDeselect={false}
      />
      {rows.isPending ? (
        <Loading />
      ) : rows.isError ? (
        <ErrorAlert error={rows.error} onRetry={() => rows.refetch()} />
      ) : (
        <RecordList
          caption={t('myNotifications.area')}
          rows={rows.data}
          rowKey={(d) => d.id}
          empty={t('myNotifications.noDeliveries')}
          minWidth={640}
          columns={[
            { key: 'user', header: t('myNotifications.user'), primary: true, render: (d) => `${d.user.displayName} (${d.user.username})` },
            { key: 'at', header: t('myNotifications.at'), render: (d) => formatDateTime(d.createdAt, lang) },
            { key: 'channel', header: t('myNotifications.channelHeader'), render: (d) => t(`myNotifications.channel.${d.channel}`) },
            {
              key: 'status',
              header: t('myNotifications.statusHeader'),
              render: (d) => (
                <Badge color={STATUS_COLOR[d.status]} variant="light">
                  {t(`myNotifications.status.${d.status}`)}
                  {d.urgent ? ` · ${t('myNotifications.urgent')}` : ''}
                </Badge>
              ),
            },
            { key: 'attempts', header: t('myNotifications.attempts'), render: (d) => String(d.attempts) },
            { key: 'error', header: t('myNotifications.error'), render: (d) => d.lastError ?? t('common.none') },
          ]}
        />
      )}
    </Stack>
  );
}
