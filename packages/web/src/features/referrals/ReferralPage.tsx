import { allowedReferralActions, ERRORS, formatDateTime, REFERRAL_STATE_LABELS, type ReferralAction } from '@carehub/core';
import { Alert, Button, Card, Group, Modal, Stack, Text, Textarea, Timeline, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { TFunction } from 'i18next';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api';
import { DescriptionList } from '../../components/DescriptionList';
import { ErrorAlert } from '../../components/ErrorAlert';
import { errorText, notifyError, notifySuccess } from '../../components/feedback';
import { Loading } from '../../components/Loading';
import { AnchorLink, ButtonLink } from '../../components/links';
import { PageHeader } from '../../components/PageHeader';
import { pick, useLang } from '../../i18n';
import { hasPermission, useMe } from '../auth/api';
import { moveReferral, type Referral, referralQuery } from './api';
import { OverdueBadge, StateBadge, UrgencyBadge, VitalInterestBadge } from './ReferralBadges';

/** The moves that ask for words first: a reason to decline or cancel, the outcome to complete. */
type WrittenMove = 'decline' | 'cancel' | 'complete';
const WRITTEN: readonly ReferralAction[] = ['decline', 'cancel', 'complete'];
const isWritten = (a: ReferralAction): a is WrittenMove => WRITTEN.includes(a);

const BUTTON_PROPS: Record<ReferralAction, { color?: string; variant?: string }> = {
  accept: { color: 'teal' },
  start: {},
  complete: { color: 'green' },
  decline: { color: 'red', variant: 'light' },
  cancel: { color: 'red', variant: 'light' },
};

/** One referral: its details, the moves the user's side may make now, and its history; live. */
export function ReferralPage({ id }: { id: string }) {
  const { t } = useTranslation();
  const lang = useLang();
  const me = useMe();
  const qc = useQueryClient();
  const referral = useQuery(referralQuery(id));
  const [writing, setWriting] = useState<WrittenMove | null>(null);
  const [progress, setProgress] = useState('');
  // A move someone else made first (409): said on the page until the next move, beside the fresh state.
  const [conflict, setConflict] = useState<unknown>(null);

  const move = useMutation({
    mutationFn: (body: { action: ReferralAction; reason?: string; outcome?: string; note?: string }) => moveReferral(id, body),
    onSuccess: (updated, body) => {
      notifySuccess(t(`referrals.moved.${body.action}`));
      setWriting(null);
      setProgress('');
      setConflict(null);
      void qc.invalidateQueries({ queryKey: ['referrals', 'list'] });
      void qc.invalidateQueries({ queryKey: ['persons', 'one', updated.personId] });
      qc.setQueryData(referralQuery(id).queryKey, updated);
    },
    onError: (err) => {
      if (err instanceof ApiError && err.status === 409) {
        setWriting(null);
        setConflict(err);
        void qc.invalidateQueries({ queryKey: ['referrals'] });
        return;
      }
      // A missing reason or outcome is shown in the dialog; anything else as a notification.
      if (!(err instanceof ApiError && writing && err.status === 400)) notifyError(err);
    },
  });

  const back = (
    <ButtonLink to="/referrals" search={referral.data?.side === 'sender' ? { box: 'outbox' } : {}} variant="subtle" size="xs" mb="sm" px={0}>
      ← {t('referrals.backToList')}
    </ButtonLink>
  );
  if (referral.isPending) return <Loading />;
  if (!referral.data)
    return (
      <>
        {back}
        <ErrorAlert error={referral.error} onRetry={() => referral.refetch()} />
      </>
    );
  const r = referral.data;
  const actions = hasPermission(me, 'persons.write') ? allowedReferralActions(r.state, r.side) : [];
  // The server names the person only to whoever may still see them (a receiver: while the referral is open).
  const seesPerson = r.personName !== null;
  const act = (action: ReferralAction) => {
    if (isWritten(action)) setWriting(action);
    else move.mutate({ action, ...(action === 'start' && progress.trim() ? { note: progress.trim() } : {}) });
  };

  return (
    <div data-referral-page={r.id} data-state={r.state}>
      {back}
      <PageHeader title={t('referrals.titleOne', { name: r.personName ?? t('referrals.personHidden') })} />
      <Group gap={6} mb="md">
        <UrgencyBadge urgency={r.urgency} />
        <StateBadge state={r.state} />
        {r.overdue && <OverdueBadge />}
        {r.legalBasis === 'vital_interest' && <VitalInterestBadge />}
      </Group>
      {conflict !== null && (
        <Alert color="orange" role="alert" title={t('referrals.conflictTitle')} mb="md" withCloseButton onClose={() => setConflict(null)}>
          {errorText(conflict, lang)} {t('referrals.conflictBody', { state: pick(REFERRAL_STATE_LABELS[r.state], lang) })}
        </Alert>
      )}
      {actions.length > 0 && (
        <Card withBorder mb="md" component="section" aria-label={t('referrals.actionsTitle')}>
          {actions.includes('start') && (
            <Textarea
              label={t('referrals.progressNote')}
              value={progress}
              onChange={(e) => setProgress(e.currentTarget.value)}
              autosize
              minRows={2}
              maxLength={4000}
              mb="sm"
            />
          )}
          <Group gap="sm">
            {actions.map((a) => (
              <Button key={a} {...BUTTON_PROPS[a]} onClick={() => act(a)} loading={move.isPending && move.variables?.action === a} disabled={move.isPending}>
                {t(`referrals.actions.${a}`)}
              </Button>
            ))}
          </Group>
        </Card>
      )}
      <Card withBorder mb="md">
        <DescriptionList items={details(r, seesPerson, t, lang)} />
      </Card>
      <Title order={2} size="h4" mb="sm">
        {t('referrals.history')}
      </Title>
      {r.events.length === 0 ? (
        <Text c="dimmed">{t('referrals.noHistory')}</Text>
      ) : (
        <Timeline active={r.events.length - 1} bulletSize={14} lineWidth={2} data-history>
          {r.events.map((e) => (
            <Timeline.Item key={`${e.at}-${e.action}`} data-event={e.action} title={t(`referrals.actions.${e.action}`, { defaultValue: e.action })}>
              <Text size="sm">{pick(REFERRAL_STATE_LABELS[e.toState], lang)}</Text>
              {e.note && (
                <Text size="sm" style={{ overflowWrap: 'anywhere', whiteSpace: 'pre-wrap' }}>
                  {e.note}
                </Text>
              )}
              <Text size="xs" c="dimmed">
                {formatDateTime(e.at, lang)}
                {` · ${e.actor ? `${e.actor}, ` : ''}${e.organisation}`}
              </Text>
            </Timeline.Item>
          ))}
        </Timeline>
      )}
      <WrittenMoveDialog
        action={writing}
        loading={move.isPending}
        serverError={move.error instanceof ApiError && move.error.status === 400 ? move.error : null}
        onClose={() => {
          setWriting(null);
          move.reset();
        }}
        onSubmit={(action, text) => move.mutate(action === 'complete' ? { action, outcome: text } : { action, reason: text })}
      />
    </div>
  );
}

function details(r: Referral, seesPerson: boolean, t: TFunction, lang: 'th' | 'en') {
  const text = (s: string) => <span style={{ overflowWrap: 'anywhere', whiteSpace: 'pre-wrap' }}>{s}</span>;
  return [
    {
      label: t('referrals.person'),
      value: seesPerson ? (
        <AnchorLink to="/persons/$id" params={{ id: r.personId }}>
          {r.personName}
        </AnchorLink>
      ) : (
        (r.personName ?? t('referrals.personHidden'))
      ),
    },
    { label: t('referrals.from'), value: r.fromOrganisation },
    { label: t('referrals.to'), value: r.toOrganisation },
    { label: t('referrals.sentAt'), value: formatDateTime(r.sentAt, lang) },
    ...(r.state === 'sent' ? [{ label: t('referrals.responseDue'), value: formatDateTime(r.responseDue, lang) }] : []),
    { label: t('referrals.reason'), value: text(r.reason) },
    ...(r.note ? [{ label: t('referrals.note'), value: text(r.note) }] : []),
    ...(r.assessments.length
      ? [
          {
            label: t('referrals.attached', { count: r.assessments.length }),
            value: (
              <Stack gap={2} component="span">
                {r.assessments.map((a) => (
                  <span key={a.id} data-attached={a.instrumentCode}>
                    {pick(a.name, lang)} · {formatDateTime(a.performedAt, lang)}
                  </span>
                ))}
              </Stack>
            ),
          },
        ]
      : []),
    ...(r.outcome ? [{ label: t('referrals.outcome'), value: text(r.outcome) }] : []),
    ...(r.closeReason ? [{ label: t('referrals.closeReason'), value: text(r.closeReason) }] : []),
    ...(r.basisReason ? [{ label: t('referrals.vitalInterestReason'), value: text(r.basisReason) }] : []),
  ];
}

/** Decline or cancel (with a reason), or complete (with the outcome): asked and confirmed in a dialog. */
function WrittenMoveDialog({
  action,
  loading,
  serverError,
  onClose,
  onSubmit,
}: {
  action: WrittenMove | null;
  loading: boolean;
  serverError: ApiError | null;
  onClose: () => void;
  onSubmit: (action: WrittenMove, text: string) => void;
}) {
  const { t } = useTranslation();
  return (
    <Modal
      opened={action !== null}
      onClose={onClose}
      title={action ? t(`referrals.confirm.${action}.title`) : ''}
      closeButtonProps={{ 'aria-label': t('common.close') }}
    >
      {action && <WrittenMoveForm action={action} loading={loading} serverError={serverError} onClose={onClose} onSubmit={onSubmit} />}
    </Modal>
  );
}

function WrittenMoveForm({
  action,
  loading,
  serverError,
  onClose,
  onSubmit,
}: {
  action: WrittenMove;
  loading: boolean;
  serverError: ApiError | null;
  onClose: () => void;
  onSubmit: (action: WrittenMove, text: string) => void;
}) {
  const { t } = useTranslation();
  const lang = useLang();
  const [text, setText] = useState('');
  const [missing, setMissing] = useState(false);
  const required = ERRORS[action === 'complete' ? 'referral.outcome_required' : 'referral.reason_required'];
  const error = missing ? pick(required, lang) : serverError ? serverError.text(lang) : undefined;
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        if (!text.trim()) setMissing(true);
        else onSubmit(action, text.trim());
      }}
      noValidate
    >
      <Stack gap="md">
        <Text size="sm">{t(`referrals.confirm.${action}.body`)}</Text>
        <Textarea
          label={t(action === 'complete' ? 'referrals.outcome' : 'referrals.moveReason')}
          value={text}
          onChange={(e) => {
            setText(e.currentTarget.value);
            setMissing(false);
          }}
          error={error}
          required
          autosize
          minRows={3}
          maxLength={action === 'complete' ? 4000 : 2000}
          data-autofocus
        />
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={onClose} disabled={loading}>
            {t('common.back')}
          </Button>
          <Button type="submit" color={action === 'complete' ? 'green' : 'red'} loading={loading}>
            {t(`referrals.actions.${action}`)}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
