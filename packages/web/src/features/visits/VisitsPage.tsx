import { ADL_GROUP_LABELS, formatDate, formatDateTime, thaiToday } from '@carehub/core';
import { Alert, Badge, Button, Card, Group, Stack, Text, TextInput, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { get } from '../../api';
import { ErrorAlert } from '../../components/ErrorAlert';
import { notifyError, notifySuccess } from '../../components/feedback';
import { Loading } from '../../components/Loading';
import { ButtonLink } from '../../components/links';
import { PageHeader } from '../../components/PageHeader';
import { pick, useLang } from '../../i18n';
import type { OutboxItem } from '../../offline/db';
import { useOnline } from '../../offline/online';
import { discard, flush, resolveConflict, retry } from '../../offline/outbox';
import { searchNames } from '../../offline/search';
import { hasPermission, useMe } from '../auth/api';
import type { Person } from '../persons/api';
import { type CaseloadEntry, myVisitsQuery, offlineInstrumentsQuery, useCaseload, visitSettingsQuery } from './api';

export { useOnline };

/** The volunteer's home: what is waiting to send, visits returned for correction, and the caseload by due date. */
export function VisitsPage() {
  const { t } = useTranslation();
  const lang = useLang();
  const me = useMe();
  const online = useOnline();
  const { query: caseload, entries, outbox } = useCaseload(me.id);
  // Kept on the device for the visit form, which may open with no signal.
  useQuery(offlineInstrumentsQuery(me.id));
  useQuery(visitSettingsQuery(me.id));
  const returned = useQuery({ ...myVisitsQuery(me.id, 'returned'), enabled: online });
  const [q, setQ] = useState('');
  const shown = entries ? searchNames(entries, q, (p) => p.name) : [];

  return (
    <>
      <PageHeader title={t('visits.title')}>
        <Group gap="sm">
          <Badge color={online ? 'teal' : 'gray'} size="lg" data-online={online}>
            {online ? t('visits.online') : t('visits.offline')}
          </Badge>
          {hasPermission(me, 'persons.write') && (
            <ButtonLink to="/visits/register" variant="light">
              {t('visits.register')}
            </ButtonLink>
          )}
        </Group>
      </PageHeader>
      <Stack gap="lg">
        <OutboxPanel items={outbox} />
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
                <Text size="sm" c="dimmed" mb="xs" data-saved-copy>
                  {t('visits.savedCopy', { at: formatDateTime(new Date(caseload.data.savedAt).toISOString(), lang) })}
                </Text>
              )}
              <TextInput
                type="search"
                label={t('visits.searchCaseload')}
                description={t('visits.searchCaseloadHelp')}
                value={q}
                onChange={(e) => setQ(e.currentTarget.value)}
                autoComplete="off"
                mb="sm"
              />
              {entries?.length === 0 && <Text c="dimmed">{t('visits.noCaseload')}</Text>}
              {entries && entries.length > 0 && shown.length === 0 && (
                <Text c="dimmed" role="status">
                  {t('visits.noMatch')}
                </Text>
              )}
              <CaseloadCards entries={shown} />
            </>
          )}
        </div>
      </Stack>
    </>
  );
}

/** The caseload as cards, the most overdue first as the server ordered it; persons registered on this phone on top. */
export function CaseloadCards({ entries }: { entries: CaseloadEntry[] }) {
  const { t } = useTranslation();
  const lang = useLang();
  const today = thaiToday();
  return (
    <Stack gap="sm">
      {entries.map((p) => {
        const overdue = p.nextVisitOn !== null && p.nextVisitOn < today;
        return (
          <Card key={p.personId} withBorder padding="sm" data-person={p.personId} data-local={p.local}>
            <Group justify="space-between" align="flex-start" wrap="nowrap">
              <div>
                <Text fw={700}>{p.name}</Text>
                <Text size="sm" c="dimmed">
                  {p.age !== null ? t('visits.age', { age: p.age }) : ''} {p.address}
                </Text>
                <Group gap={4} mt={4}>
                  {p.local && (
                    <Badge color={p.local === 'review' ? 'yellow' : 'blue'} variant="light">
                      {t('visits.localPerson')} · {t(`visits.status.${p.local}`)}
                    </Badge>
                  )}
                  {p.adlGroup && (
                    <Badge color="grape" variant="light">
                      {pick(ADL_GROUP_LABELS[p.adlGroup as keyof typeof ADL_GROUP_LABELS] ?? { th: p.adlGroup, en: p.adlGroup }, lang)}
                    </Badge>
                  )}
                  {p.nextVisitOn === null ? (
                    <Badge color="orange">{t('visits.neverVisited')}</Badge>
                  ) : (
                    <Badge color={overdue ? 'red' : 'gray'} variant={overdue ? 'filled' : 'light'} data-next-visit={p.nextVisitOn}>
                      {overdue ? t('visits.overdue', { date: formatDate(p.nextVisitOn, lang) }) : t('visits.due', { date: formatDate(p.nextVisitOn, lang) })}
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

/**
 * What this device holds for the server, each item in its true state: waiting (รอส่ง), sending, sent
 * (ส่งแล้ว), held for a duplicate review, waiting on a person still in review, or refused with the
 * server's reason and a way to send it again or drop it.
 */
function OutboxPanel({ items }: { items: OutboxItem[] }) {
  const { t } = useTranslation();
  const lang = useLang();
  const shown = items.filter((i) => i.kind === 'visit' || i.kind === 'registration');
  const pending = shown.filter((i) => i.status === 'waiting' || i.status === 'sending' || i.status === 'review');
  const failed = items.filter((i) => i.status === 'error');
  const sent = shown.filter((i) => i.status === 'sent').slice(0, 10);
  // What was recorded for a person registered on this phone waits on that registration: held for review, or refused.
  const registrationOf = new Map(items.filter((i) => i.kind === 'registration' && i.status !== 'sent').map((i) => [i.id, i.status]));
  const waiting = pending.filter((i) => i.status !== 'review').length;
  const label = (i: OutboxItem) => {
    const person = i.kind === 'registration' || i.status !== 'waiting' ? undefined : registrationOf.get(i.personId);
    if (person === 'error') return t('visits.personNotRegistered');
    if (person) return t('visits.waitsForPerson');
    return t(`visits.status.${i.status}`);
  };
  const again = async (i: OutboxItem) => {
    const outcome = await retry(i);
    if (outcome === 'sent') notifySuccess(t('visits.sentNow'));
    else if (outcome === 'review') notifySuccess(t('visits.savedReview'));
    else if (outcome === 'error') notifyError(new Error(t('visits.savedRefused')));
    else notifySuccess(t('visits.savedLocally'));
  };
  const line = (i: OutboxItem) => `${t(`visits.kind.${i.kind}`)} · ${i.personName} · ${formatDateTime(new Date(i.createdAt).toISOString(), lang)}`;
  return (
    <Card withBorder padding="sm" aria-label={t('visits.outbox')} data-outbox>
      <Group justify="space-between">
        <Text fw={700}>{t('visits.outbox')}</Text>
        <Group gap={6}>
          <Badge color={waiting ? 'orange' : 'teal'} data-waiting={waiting}>
            {t('visits.waiting', { count: waiting })}
          </Badge>
          {waiting > 0 && (
            <Button size="xs" variant="light" onClick={() => void flush()}>
              {t('visits.sendNow')}
            </Button>
          )}
        </Group>
      </Group>
      <div role="status" aria-live="polite">
        {pending.map((i) => (
          <Text key={i.id} size="sm" data-outbox-item={i.id} data-outbox-kind={i.kind} data-outbox-status={i.status}>
            {line(i)} · <strong>{label(i)}</strong>
            {i.error && !i.error.permanent ? ` (${pick(i.error, lang)})` : ''}
          </Text>
        ))}
      </div>
      {items
        .filter((i) => i.status === 'conflict')
        .map((i) => (
          <ConflictCard key={i.id} item={i} />
        ))}
      {failed.map((i) => (
        <Alert
          key={i.id}
          color="red"
          mt="xs"
          title={i.kind === 'registration' ? t('visits.refusedRegistration', { name: i.personName }) : t('visits.refused', { name: i.personName })}
          data-outbox-item={i.id}
          data-outbox-kind={i.kind}
          data-outbox-status="error"
        >
          <Text size="sm">{i.error ? pick(i.error, lang) : ''}</Text>
          <Group mt={6} gap="xs">
            <Button size="xs" onClick={() => void again(i)}>
              {t('visits.retry')}
            </Button>
            <Button size="xs" variant="default" onClick={() => void discard(i)}>
              {t('visits.discard')}
            </Button>
          </Group>
        </Alert>
      ))}
      {sent.length > 0 && (
        <Stack gap={0} mt="xs">
          <Text size="xs" c="dimmed">
            {t('visits.sentRecently', { count: sent.length })}
          </Text>
          {sent.map((i) => (
            <Text key={i.id} size="xs" c="dimmed" data-outbox-item={i.id} data-outbox-kind={i.kind} data-outbox-status="sent">
              {line(i)} · {t('visits.status.sent')}
            </Text>
          ))}
        </Stack>
      )}
    </Card>
  );
}
