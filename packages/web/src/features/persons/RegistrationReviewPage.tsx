import { formatDateTime } from '@carehub/core';
import { Alert, Badge, Button, Card, Group, Stack, Text, Textarea, Title } from '@mantine/core';
import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { get, post } from '../../api';
import { ErrorAlert } from '../../components/ErrorAlert';
import { notifyError, notifySuccess } from '../../components/feedback';
import { Loading } from '../../components/Loading';
import { PageHeader } from '../../components/PageHeader';
import { useLang } from '../../i18n';
import { formatPartialDate } from './PartialDate';

interface ReviewPerson {
  name: string;
  birthDate: string | null;
  sex: 'male' | 'female' | 'unknown';
  areaName: string;
  address: string | null;
  cid: string | null;
}
interface ReviewItem {
  id: string;
  name: string;
  submittedAt: string;
  submittedBy: string;
  person: ReviewPerson;
  candidates: Array<{ reason: 'same_cid' | 'similar_name_and_birth'; score: number; personId: string | null; person: ReviewPerson | null }>;
}

export const registrationCountQuery = queryOptions({
  queryKey: ['registrations', 'count'],
  queryFn: ({ signal }) => get<{ review: number }>('/api/persons/registrations/count', undefined, signal),
});
const registrationsQuery = queryOptions({
  queryKey: ['registrations', 'review'],
  queryFn: ({ signal }) => get<ReviewItem[]>('/api/persons/registrations', undefined, signal),
});

function PersonLines({ p }: { p: ReviewPerson }) {
  const { t } = useTranslation();
  const lang = useLang();
  return (
    <Text size="sm">
      {[
        p.birthDate ? `${t('registry.birthDate')} ${formatPartialDate(p.birthDate, lang)}` : null,
        t(`persons.sexes.${p.sex}`),
        p.address,
        p.areaName,
        p.cid ? `${t('persons.cid')} ${p.cid}` : null,
      ]
        .filter(Boolean)
        .join(' · ')}
    </Text>
  );
}

/** One new person a volunteer registered, beside the registered persons they may be; the supervisor decides. */
function ReviewCard({ item }: { item: ReviewItem }) {
  const { t } = useTranslation();
  const lang = useLang();
  const qc = useQueryClient();
  const [rejecting, setRejecting] = useState(false);
  const [reason, setReason] = useState('');
  const decide = useMutation({
    mutationFn: (body: { decision: 'new' } | { decision: 'same'; personId: string } | { decision: 'reject'; reason: string }) =>
      post<{ status: 'created' | 'linked' | 'rejected' }>(`/api/persons/registrations/${item.id}/decide`, body),
    onSuccess: (r) => {
      notifySuccess(t(`registrationReview.${r.status}`));
      void qc.invalidateQueries({ queryKey: ['registrations'] });
      void qc.invalidateQueries({ queryKey: ['persons'] });
    },
    onError: (e) => {
      notifyError(e);
      // A refusal may bring a match registered meanwhile (the server re-checks before a new person): show it.
      void qc.invalidateQueries({ queryKey: ['registrations'] });
    },
  });
  const sameCid = item.candidates.some((c) => c.reason === 'same_cid');
  return (
    <Card withBorder padding="md" data-registration={item.id}>
      <Title order={2} size="h4">
        {item.name}
      </Title>
      <PersonLines p={item.person} />
      <Text size="xs" c="dimmed">
        {t('registrationReview.submitted', { name: item.submittedBy, at: formatDateTime(item.submittedAt, lang) })}
      </Text>
      <Text fw={600} mt="sm">
        {t('registrationReview.candidates')}
      </Text>
      <Stack gap="xs" mt={4}>
        {item.candidates.map((c, i) => (
          <Card key={c.personId ?? `outside-${i}`} withBorder padding="xs" data-candidate={c.personId ?? 'outside'}>
            <Group justify="space-between" align="flex-start">
              <div>
                <Text fw={600}>{c.person?.name ?? t('registrationReview.outside')}</Text>
                {c.person && <PersonLines p={c.person} />}
                <Badge variant="light" color={c.reason === 'same_cid' ? 'red' : 'yellow'} mt={4}>
                  {c.reason === 'same_cid' ? t('registrationReview.sameCid') : t('registrationReview.similar', { score: c.score.toFixed(2) })}
                </Badge>
              </div>
              {c.personId && (
                <Button size="sm" loading={decide.isPending} onClick={() => c.personId && decide.mutate({ decision: 'same', personId: c.personId })}>
                  {t('registrationReview.same')}
                </Button>
              )}
            </Group>
          </Card>
        ))}
      </Stack>
      <Group mt="md" gap="sm">
        {!sameCid && (
          <Button variant="light" loading={decide.isPending} onClick={() => decide.mutate({ decision: 'new' })}>
            {t('registrationReview.new')}
          </Button>
        )}
        <Button variant="default" color="red" onClick={() => setRejecting((x) => !x)} aria-expanded={rejecting}>
          {t('registrationReview.reject')}
        </Button>
      </Group>
      {rejecting && (
        <Stack gap="xs" mt="sm">
          <Textarea
            label={t('registrationReview.rejectReason')}
            value={reason}
            onChange={(e) => setReason(e.currentTarget.value)}
            minLength={5}
            maxLength={500}
            autosize
          />
          <Button
            color="red"
            disabled={reason.trim().length < 5}
            loading={decide.isPending}
            onClick={() => decide.mutate({ decision: 'reject', reason: reason.trim() })}
            style={{ alignSelf: 'flex-start' }}
          >
            {t('registrationReview.reject')}
          </Button>
        </Stack>
      )}
    </Card>
  );
}

/** Supervisors: persons volunteers registered in the field that may already be in the registry. */
export function RegistrationReviewPage() {
  const { t } = useTranslation();
  const list = useQuery(registrationsQuery);
  return (
    <>
      <PageHeader title={t('registrationReview.title')} />
      {list.isPending ? (
        <Loading />
      ) : list.isError ? (
        <ErrorAlert error={list.error} onRetry={() => list.refetch()} />
      ) : list.data.length === 0 ? (
        <Alert color="teal">{t('registrationReview.empty')}</Alert>
      ) : (
        <Stack gap="md" maw={860}>
          {list.data.map((item) => (
            <ReviewCard key={item.id} item={item} />
          ))}
        </Stack>
      )}
    </>
  );
}
