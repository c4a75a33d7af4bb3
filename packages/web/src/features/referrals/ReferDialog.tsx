import {
  formatDateTime,
  ORGANISATION_TYPE_LABELS,
  REFERRAL_RESPONSE_HOURS,
  REFERRAL_URGENCIES,
  REFERRAL_URGENCY_LABELS,
  ReferralInput,
  type ReferralUrgency,
} from '@carehub/core';
import { Alert, Button, Checkbox, Group, Radio, Select, Stack, Text, Textarea } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api';
import { FormModal } from '../../components/FormModal';
import { notifySuccess } from '../../components/feedback';
import { check, useFieldErrors } from '../../components/forms';
import { useReveal } from '../../components/useReveal';
import { pick, useLang } from '../../i18n';
import { personAssessmentsQuery } from '../assessments/api';
import { useMe } from '../auth/api';
import { referralTargetsQuery, sendReferral } from './api';
import { responseTime } from './ReferralBadges';

export interface ReferPrefill {
  urgency?: ReferralUrgency;
  reason?: string;
  assessmentIds?: string[];
  organisation?: { id: string; name: string } | null;
  /** The alert's task this referral answers: it closes when the referral is accepted. */
  taskId?: string;
}

interface ReferDialogProps {
  personId: string;
  opened: boolean;
  onClose: () => void;
  prefill?: ReferPrefill;
}

/** Refer a person to another organisation: where to, how urgently, why, and which signed assessments go with it. */
export function ReferDialog({ personId, opened, onClose, prefill }: ReferDialogProps) {
  const { t } = useTranslation();
  return (
    <FormModal opened={opened} onClose={onClose} title={t('referrals.dialogTitle')} size="lg">
      <ReferForm personId={personId} prefill={prefill ?? {}} onClose={onClose} />
    </FormModal>
  );
}

function ReferForm({ personId, prefill, onClose }: { personId: string; prefill: ReferPrefill; onClose: () => void }) {
  const { t } = useTranslation();
  const lang = useLang();
  const me = useMe();
  const qc = useQueryClient();
  const navigate = useNavigate();
  const [organisation, setOrganisation] = useState<{ id: string; name: string } | null>(prefill.organisation ?? null);
  const [search, setSearch] = useState(prefill.organisation?.name ?? '');
  const [urgency, setUrgency] = useState<ReferralUrgency>(prefill.urgency ?? 'routine');
  const [reason, setReason] = useState(prefill.reason ?? '');
  const [note, setNote] = useState('');
  const [attached, setAttached] = useState<string[]>(prefill.assessmentIds ?? []);
  const [refused, setRefused] = useState<ApiError | null>(null);
  // Without consent, an urgent referral may still go to prevent a danger to life, with a stated reason.
  const [vital, setVital] = useState(false);
  const [vitalReason, setVitalReason] = useState('');
  const vitalPath = vital && refused !== null && urgency !== 'routine';
  // Said where the user is looking: the refusal sits by the send button and is scrolled to and focused.
  const refusedRef = useReveal<HTMLDivElement>(refused);
  const { errors, setIssues, clear, fail } = useFieldErrors();

  // The search box shows the chosen organisation's name: that is not a new search.
  const [q] = useDebouncedValue(search === organisation?.name ? '' : search.trim(), 300);
  const targets = useQuery({ ...referralTargetsQuery(q), placeholderData: keepPreviousData });
  const assessments = useQuery(personAssessmentsQuery(personId));
  const signed = (assessments.data ?? []).filter((a) => a.status === 'signed' && !a.replacedBy);

  const choices = (targets.data?.items ?? []).filter((o) => o.id !== me.organisation.id);
  const groups = new Map<string, Array<{ value: string; label: string }>>();
  // The chosen one (or the one a task proposes) stays selectable whatever the search shows.
  if (organisation && !choices.some((o) => o.id === organisation.id)) groups.set('', [{ value: organisation.id, label: organisation.name }]);
  for (const o of choices) {
    const group = pick(ORGANISATION_TYPE_LABELS[o.type], lang);
    groups.set(group, [...(groups.get(group) ?? []), { value: o.id, label: o.name }]);
  }
  const data = [...groups].map(([group, items]) => ({ group: group || t('referrals.chosen'), items }));

  const send = useMutation({
    mutationFn: sendReferral,
    onSuccess: (referral) => {
      notifySuccess(t('referrals.sent'));
      void qc.invalidateQueries({ queryKey: ['referrals'] });
      onClose();
      void navigate({ to: '/referrals/$id', params: { id: referral.id } });
    },
    onError: (err) => {
      // Refused as a whole (no consent to sharing): said in the form, and everything typed stays.
      if (err instanceof ApiError && err.code === 'consent.required') setRefused(err);
      else fail(err, { 'organisation.unknown': 'toOrganisationId', 'vitalInterest.reason': 'vitalInterest' });
    },
  });

  const submit = () => {
    if (!vital) setRefused(null);
    const shown = new Set(signed.map((a) => a.id));
    const body = {
      personId,
      toOrganisationId: organisation?.id,
      urgency,
      reason,
      ...(note.trim() ? { note: note.trim() } : {}),
      assessmentIds: attached.filter((id) => shown.has(id)),
      ...(prefill.taskId ? { taskId: prefill.taskId } : {}),
      ...(vitalPath ? { vitalInterest: { reason: vitalReason } } : {}),
    };
    const checked = check(ReferralInput, body);
    if (!checked.data) {
      setIssues(checked.issues);
      return;
    }
    send.mutate(checked.data);
  };

  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        submit();
      }}
      noValidate
    >
      <Stack gap="md">
        <Select
          label={t('referrals.organisation')}
          placeholder={t('referrals.organisationPlaceholder')}
          searchable
          searchValue={search}
          onSearchChange={setSearch}
          data={data}
          value={organisation?.id ?? null}
          onChange={(value, option) => {
            setOrganisation(value && option ? { id: value, name: option.label } : null);
            clear('toOrganisationId');
          }}
          nothingFoundMessage={targets.isFetching ? t('common.loading') : t('referrals.organisationNone')}
          error={errors.toOrganisationId}
          required
          clearable
          comboboxProps={{ withinPortal: false }}
          data-autofocus
        />
        <Radio.Group label={t('referrals.urgency')} value={urgency} onChange={(v) => setUrgency(v as ReferralUrgency)} required>
          <Stack gap="xs" mt={6}>
            {REFERRAL_URGENCIES.map((u) => (
              <Radio key={u} value={u} label={`${pick(REFERRAL_URGENCY_LABELS[u], lang)} · ${responseTime(REFERRAL_RESPONSE_HOURS[u], t)}`} />
            ))}
          </Stack>
        </Radio.Group>
        <Textarea
          label={t('referrals.reason')}
          value={reason}
          onChange={(e) => {
            setReason(e.currentTarget.value);
            clear('reason');
          }}
          error={errors.reason}
          required
          autosize
          minRows={3}
          maxLength={2000}
        />
        <Textarea
          label={t('referrals.noteField')}
          value={note}
          onChange={(e) => setNote(e.currentTarget.value)}
          error={errors.note}
          autosize
          minRows={2}
          maxLength={4000}
        />
        <Checkbox.Group label={t('referrals.attach')} value={attached} onChange={setAttached} error={errors.assessmentIds}>
          <Stack gap="xs" mt={6}>
            {assessments.isError ? (
              <Text size="sm" c="red">
                {t('referrals.attachUnavailable')}
              </Text>
            ) : signed.length === 0 ? (
              <Text size="sm" c="dimmed">
                {assessments.isPending ? t('common.loading') : t('referrals.attachNone')}
              </Text>
            ) : (
              signed.map((a) => (
                <Checkbox
                  key={a.id}
                  value={a.id}
                  label={`${pick(a.instrumentTitle, lang)} · ${a.bands.map((b) => pick(b.label, lang)).join(', ') || '—'} · ${formatDateTime(a.signedAt ?? a.performedAt, lang)}`}
                />
              ))
            )}
          </Stack>
        </Checkbox.Group>
        {refused && (
          <Alert ref={refusedRef} tabIndex={-1} color="orange" role="alert" title={refused.text(lang)} data-refused={refused.code}>
            <Stack gap="xs">
              <Text size="sm">{t('referrals.consentHint')}</Text>
              {urgency === 'routine' ? (
                <Text size="sm">{t('referrals.consentRoutineHint')}</Text>
              ) : (
                <>
                  <Checkbox label={t('referrals.vitalInterest')} checked={vital} onChange={(e) => setVital(e.currentTarget.checked)} />
                  {vital && (
                    <Textarea
                      label={t('referrals.vitalInterestReason')}
                      description={t('referrals.vitalInterestReasonHint')}
                      value={vitalReason}
                      onChange={(e) => {
                        setVitalReason(e.currentTarget.value);
                        clear('vitalInterest');
                      }}
                      error={errors.vitalInterest}
                      required
                      autosize
                      minRows={2}
                      maxLength={2000}
                    />
                  )}
                </>
              )}
            </Stack>
          </Alert>
        )}
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={onClose} disabled={send.isPending}>
            {t('common.back')}
          </Button>
          <Button type="submit" loading={send.isPending} color={vitalPath ? 'red' : undefined}>
            {vitalPath ? t('referrals.vitalInterestSubmit') : t('referrals.submit')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
