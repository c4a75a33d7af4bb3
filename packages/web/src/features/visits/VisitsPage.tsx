import { ADL_GROUP_LABELS, formatDate, formatDateTime } from '@carehub/core';
import { Alert, Badge, Button, Card, Group, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { get } from '../../api';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Loading } from '../../components/Loading';
import { ButtonLink } from '../../components/links';
import { PageHeader } from '../../components/PageHeader';
import { pick, useLang } from '../../i18n';
import type { OutboxItem } from '../../offline/db';
import { discard, flush, resolveConflict, useOutbox } from '../../offline/outbox';
import { useMe } from '../auth/api';
import type { Person } from '../persons/api';
import { caseloadQuery, myVisitsQuery, offlineInstrumentsQuery, visitSettingsQuery } from './api';

export function useOnline(): boolean {
  const [online, setOnline] = useState(() => navigator.onLine);
  useEffect(() => {
    const on = () => setOnline(true);
    const off = () => setOnline(false);
    window.addEventListener('online', on);
    window.addEventListener('offline', off);
    return () => {
      window.removeEventListener('online', on);
      window.removeEventListener('offline', off);
    };
  }, []);
  return online;
}

/** The volunteer's home: what is waiting to send, visits returned for correction, and the caseload by due date. */
export function VisitsPage() {
  const { t } = useTranslation();
  const lang = useLang();
  const me = useMe();
  const online = useOnline();
  const caseload = useQuery(caseloadQuery(me.id));
  // Kept on the device for the visit form, which may open with no signal.
  useQuery(offlineInstrumentsQuery(me.id));
  useQuery(visitSettingsQuery(me.id));
  const returned = useQuery({ ...myVisitsQuery(me.id, 'returned'), enabled: online });
  const today = new Date().toISOString().slice(0, 10);

  return (
    <>
      <PageHeader title={t('visits.title')}>
        <Badge color={online ? 'teal' : 'gray'} size="lg" data-online={online}>
          {online ? t('visits.online') : t('visits.offline')}
        </Badge>
      </PageHeader>
      <Stack gap="lg">
        <OutboxPanel userId={me.id} />
        {returned.data && returned.data.length > 0 && (
          <Alert color="orange" title={t('visits.returnedTitle')}>
            <Stack gap={6}>
              {returned.data.map((v) => (
                <div key={v.id} data-returned={v.id}>
                  <Text size="sm" fw={600}>
                    {v.personName} · {formatDateTime(v.visitedAt, lang)}
                  </Text>
                  <Text size="sm">
                    {t('visits.reviewComment')}: {v.review.comment}
                  </Text>
                </div>
              ))}
            </Stack>
          </Alert>
        )}
        <div>
          <Title order={2} size="h4" mb="xs">
            {t('visits.caseload')}
          </Title>
          {caseload.isPending ? (
            <Loading />
          ) : caseload.isError ? (
            <ErrorAlert error={caseload.error} onRetry={() => caseload.refetch()} />
          ) : (
            <>
              {caseload.data.offline && (
                <Text size="sm" c="dimmed" mb="xs">
                  {t('visits.savedCopy', { at: formatDateTime(new Date(caseload.data.savedAt).toISOString(), lang) })}
                </Text>
              )}
              {caseload.data.data.length === 0 && <Text c="dimmed">{t('visits.noCaseload')}</Text>}
              <Stack gap="sm">
                {caseload.data.data.map((p) => {
                  const overdue = p.nextVisitOn !== null && p.nextVisitOn < today;
                  return (
                    <Card key={p.personId} withBorder padding="sm" data-person={p.personId}>
                      <Group justify="space-between" align="flex-start" wrap="nowrap">
                        <div>
                          <Text fw={700}>{p.name}</Text>
                          <Text size="sm" c="dimmed">
                            {p.age !== null ? t('visits.age', { age: p.age }) : ''} {p.address}
                          </Text>
                          <Group gap={4} mt={4}>
                            {p.adlGroup && (
                              <Badge color="grape" variant="light">
                                {pick(ADL_GROUP_LABELS[p.adlGroup as keyof typeof ADL_GROUP_LABELS] ?? { th: p.adlGroup, en: p.adlGroup }, lang)}
                              </Badge>
                            )}
                            {p.nextVisitOn === null ? (
                              <Badge color="orange">{t('visits.neverVisited')}</Badge>
                            ) : (
                              <Badge color={overdue ? 'red' : 'gray'} variant={overdue ? 'filled' : 'light'}>
                                {overdue
                                  ? t('visits.overdue', { date: formatDate(p.nextVisitOn, lang) })
                                  : t('visits.due', { date: formatDate(p.nextVisitOn, lang) })}
                              </Badge>
                            )}
                          </Group>
                        </div>
                        <ButtonLink to="/visits/new/$personId" params={{ personId: p.personId }} size="md">
                          {t('visits.record')}
                        </ButtonLink>
                      </Group>
                    </Card>
                  );
                })}
              </Stack>
            </>
          )}
        </div>
      </Stack>
    </>
  );
}

/** A phone edit that met a newer version on the server: both values side by side, the volunteer decides. */
function ConflictCard({ item }: { item: OutboxItem }) {
  const { t } = useTranslation();
  const server = useQuery({ queryKey: ['persons', 'one', item.personId], queryFn: () => get<Person>(`/api/persons/${item.personId}`) });
  const mine = (item.body as { phones?: string[] }).phones ?? [];
  return (
    <Alert color="yellow" mt="xs" title={t('visits.conflictTitle', { name: item.personName })} data-conflict={item.id}>
      <Text size="sm">{t('visits.conflictBody')}</Text>
      <Text size="sm" mt={4}>
        {t('visits.conflictMine')}: {mine.join(', ') || '—'}
      </Text>
      <Text size="sm">
        {t('visits.conflictServer')}: {server.data ? server.data.phones.join(', ') || '—' : '…'}
      </Text>
      <Group mt={6}>
        <Button size="xs" disabled={!server.data} onClick={() => server.data && void resolveConflict(item, 'mine', server.data.version)}>
          {t('visits.keepMine')}
        </Button>
        <Button size="xs" variant="default" onClick={() => void resolveConflict(item, 'theirs', 0)}>
          {t('visits.keepServer')}
        </Button>
      </Group>
    </Alert>
  );
}

/** What this device holds for the server: waiting, sending, refused (with why), and recently sent. */
function OutboxPanel({ userId }: { userId: string }) {
  const { t } = useTranslation();
  const lang = useLang();
  const items = useOutbox(userId);
  const visits = items.filter((i) => i.kind === 'visit');
  const waiting = visits.filter((i) => i.status === 'waiting' || i.status === 'sending');
  const failed = items.filter((i) => i.status === 'error');
  const sent = visits.filter((i) => i.status === 'sent').slice(0, 10);
  return (
    <Card withBorder padding="sm" aria-label={t('visits.outbox')}>
      <Group justify="space-between">
        <Text fw={700}>{t('visits.outbox')}</Text>
        <Group gap={6}>
          <Badge color={waiting.length ? 'orange' : 'teal'} data-waiting={waiting.length}>
            {t('visits.waiting', { count: waiting.length })}
          </Badge>
          {waiting.length > 0 && (
            <Button size="xs" variant="light" onClick={() => void flush()}>
              {t('visits.sendNow')}
            </Button>
          )}
        </Group>
      </Group>
      {waiting.map((i) => (
        <Text key={i.id} size="sm" data-outbox-status={i.status}>
          {i.personName} · {formatDateTime(new Date(i.createdAt).toISOString(), lang)} · {t(`visits.status.${i.status}`)}
          {i.error && !i.error.permanent ? ` (${pick(i.error, lang)})` : ''}
        </Text>
      ))}
      {items
        .filter((i) => i.status === 'conflict')
        .map((i) => (
          <ConflictCard key={i.id} item={i} />
        ))}
      {failed.map((i) => (
        <Alert key={i.id} color="red" mt="xs" title={t('visits.refused', { name: i.personName })}>
          <Text size="sm">{i.error ? pick(i.error, lang) : ''}</Text>
          <Button size="xs" variant="default" mt={6} onClick={() => void discard(i.group)}>
            {t('visits.discard')}
          </Button>
        </Alert>
      ))}
      {sent.length > 0 && (
        <Text size="xs" c="dimmed" mt="xs">
          {t('visits.sentRecently', { count: sent.length })}
        </Text>
      )}
    </Card>
  );
}
