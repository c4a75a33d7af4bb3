import { Stack, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../components/ErrorAlert';
import { personReferralsQuery } from './api';
import { ReferralCard } from './ReferralsPage';

/**
 * The referrals about one person, on their record beside the consents: who their case was sent to,
 * and which went without consent to prevent a danger to life, with the reason given.
 */
export function PersonReferrals({ personId }: { personId: string }) {
  const { t } = useTranslation();
  const list = useQuery(personReferralsQuery(personId));
  if (list.isError) return <ErrorAlert error={list.error} onRetry={() => list.refetch()} />;
  if (!list.data) return null;
  return (
    <Stack gap="xs" data-person-referrals>
      {list.data.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t('referrals.personNone')}
        </Text>
      ) : (
        list.data.map((r) => <ReferralCard key={r.id} referral={r} />)
      )}
    </Stack>
  );
}
