import { formatDateTime, isOpenReferral } from '@carehub/core';
import { Card, Group, SegmentedControl, Stack, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../components/ErrorAlert';
import { ListDownload } from '../../components/ListDownload';
import { Loading } from '../../components/Loading';
import { AnchorLink } from '../../components/links';
import { PageHeader } from '../../components/PageHeader';
import { useLang } from '../../i18n';
import { type Referral, type ReferralBox, referralsQuery } from './api';
import { OverdueBadge, StateBadge, UrgencyBadge, VitalInterestBadge } from './ReferralBadges';

/** Referrals to the user's organisation (inbox) or from it (outbox): open ones first, most urgent first; live. */
export function ReferralsPage({ box }: { box: ReferralBox }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const referrals = useQuery(referralsQuery(box));
  // The server orders by urgency and time; the open ones come first here.
  const shown = referrals.data ? [...referrals.data].sort((a, b) => Number(!isOpenReferral(a.state)) - Number(!isOpenReferral(b.state))) : [];
  return (
    <>
      <PageHeader title={t('referrals.title')}>
        <ListDownload path="/api/referrals/export" query={{ box }} />
      </PageHeader>
      <SegmentedControl
        mb="md"
        aria-label={t('referrals.box')}
        value={box}
        onChange={(v) => void navigate({ to: '/referrals', search: v === 'outbox' ? { box: 'outbox' } : {} })}
        data={(['inbox', 'outbox'] as const).map((b) => ({ value: b, label: t(`referrals.${b}`) }))}
      />
      {referrals.isPending ? (
        <Loading />
      ) : referrals.isError ? (
        <ErrorAlert error={referrals.error} onRetry={() => referrals.refetch()} />
      ) : shown.length === 0 ? (
        <Text c="dimmed">{t(box === 'inbox' ? 'referrals.emptyInbox' : 'referrals.emptyOutbox')}</Text>
      ) : (
        <Stack gap="sm" data-referral-list={box}>
          {shown.map((r) => (
            <ReferralCard key={r.id} referral={r} />
          ))}
        </Stack>
      )}
    </>
  );
}

export function ReferralCard({ referral: r }: { referral: Referral }) {
  const { t } = useTranslation();
  const lang = useLang();
  return (
    <Card
      withBorder
      padding="sm"
      data-referral={r.id}
      data-state={r.state}
      opacity={isOpenReferral(r.state) ? 1 : 0.75}
      style={r.overdue ? { borderColor: 'var(--mantine-color-red-6)', borderWidth: 2 } : undefined}
    >
      <Group gap={6} mb={4}>
        <UrgencyBadge urgency={r.urgency} />
        <StateBadge state={r.state} />
        {r.overdue && <OverdueBadge />}
        {r.legalBasis === 'vital_interest' && <VitalInterestBadge />}
      </Group>
      <AnchorLink to="/referrals/$id" params={{ id: r.id }} fw={600}>
        {r.personName ?? t('referrals.personHidden')}
      </AnchorLink>
      <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
        {r.fromOrganisation} → {r.toOrganisation}
      </Text>
      {r.basisReason && (
        <Text size="sm" c="grape.8" style={{ overflowWrap: 'anywhere' }}>
          {t('referrals.vitalInterestReasonShown', { reason: r.basisReason })}
        </Text>
      )}
      <Text size="sm" lineClamp={2} style={{ overflowWrap: 'anywhere' }}>
        {r.reason}
      </Text>
      <Text size="xs" c="dimmed">
        {t('referrals.sentAt')} {formatDateTime(r.sentAt, lang)}
        {r.state === 'sent' && ` · ${t('referrals.responseDue')} ${formatDateTime(r.responseDue, lang)}`}
      </Text>
    </Card>
  );
}
