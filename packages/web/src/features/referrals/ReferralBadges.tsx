import { REFERRAL_STATE_LABELS, REFERRAL_URGENCY_LABELS, type ReferralState, type ReferralUrgency } from '@carehub/core';
import { Badge } from '@mantine/core';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { pick, useLang } from '../../i18n';

const URGENCY_COLOR: Record<ReferralUrgency, string> = { emergency: 'red', urgent: 'orange', routine: 'gray' };

const STATE_COLOR: Record<ReferralState, string> = {
  sent: 'blue',
  accepted: 'teal',
  declined: 'gray',
  in_progress: 'indigo',
  completed: 'green',
  cancelled: 'gray',
};

export function UrgencyBadge({ urgency }: { urgency: ReferralUrgency }) {
  const lang = useLang();
  return (
    <Badge color={URGENCY_COLOR[urgency]} data-urgency={urgency}>
      {pick(REFERRAL_URGENCY_LABELS[urgency], lang)}
    </Badge>
  );
}

export function StateBadge({ state }: { state: ReferralState }) {
  const lang = useLang();
  return (
    <Badge color={STATE_COLOR[state]} variant="light" data-referral-state={state}>
      {pick(REFERRAL_STATE_LABELS[state], lang)}
    </Badge>
  );
}

/** Sent without the person's consent, to prevent a danger to life: always said where the referral is shown. */
export function VitalInterestBadge() {
  const { t } = useTranslation();
  return (
    <Badge color="grape" variant="filled" data-vital-interest>
      {t('referrals.vitalInterestBadge')}
    </Badge>
  );
}

export function OverdueBadge() {
  const { t } = useTranslation();
  return (
    <Badge color="red" variant="filled" data-overdue>
      {t('referrals.overdue')}
    </Badge>
  );
}

/** "ตอบรับภายใน 24 ชั่วโมง", "ตอบรับภายใน 7 วัน": a response deadline in hours, or whole days from two days up. */
export function responseTime(hours: number, t: TFunction): string {
  return hours >= 48 && hours % 24 === 0 ? t('referrals.within.days', { count: hours / 24 }) : t('referrals.within.hours', { count: hours });
}
