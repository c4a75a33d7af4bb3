import { type Answers, ASSESSMENT_PLACES, type InstrumentDefinition, scoreResponse } from '@carehub/core';
import { Alert, Button, Group, Select, Stack, Text, Title } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { notifyError, notifySuccess } from '../../components/feedback';
import { pick, useLang } from '../../i18n';
import { AssessmentForm } from './AssessmentForm';
import { type Assessment, createAssessment, updateAssessment } from './api';
import { ResultPanel } from './ResultPanel';

type Place = (typeof ASSESSMENT_PLACES)[number];

interface Saved {
  id: string;
  answers: Answers;
  /** Set once the server holds a draft under `id`. */
  onServer: boolean;
  replaces?: string;
  version: number;
}

const storageKey = (personId: string, code: string) => `carehub.assessment.${personId}.${code}`;

function readLocal(personId: string, def: InstrumentDefinition): Saved | null {
  try {
    const s = JSON.parse(localStorage.getItem(storageKey(personId, def.code)) ?? 'null') as Saved | null;
    return s && s.version === def.version ? s : null;
  } catch {
    return null;
  }
}

export interface RunnerProps {
  personId: string;
  definition: InstrumentDefinition;
  /** A server draft to go on with. */
  draft?: Assessment;
  /** The signed response this one corrects. */
  replaces?: Assessment;
  onClose: () => void;
  /** Open the next instrument of a chain (2Q → 9Q → 8Q), with the urgent alerts that sent the user there. */
  onNext: (code: string, because?: Array<{ th: string; en: string }>) => void;
  /** Urgent alerts of the instrument that opened this one: shown above the form until it is signed. */
  because?: Array<{ th: string; en: string }>;
}

/**
 * Fills one instrument for one person: live score and band while answering, answers kept on the
 * device as they are typed (nothing lost if the tab closes), a draft on the server on request, and
 * signing after a confirmation, since a signed response never changes.
 */
export function AssessmentRunner({ personId, definition, draft, replaces, onClose, onNext, because }: RunnerProps) {
  const { t } = useTranslation();
  const lang = useLang();
  const qc = useQueryClient();
  const [restored] = useState(() => (draft || replaces ? null : readLocal(personId, definition)));
  const [state, setState] = useState<Saved>(
    () =>
      restored ??
      (draft
        ? { id: draft.id, answers: draft.answers as Answers, onServer: true, version: definition.version }
        : { id: crypto.randomUUID(), answers: (replaces?.answers as Answers) ?? {}, onServer: false, replaces: replaces?.id, version: definition.version }),
  );
  const [place, setPlace] = useState<Place>((draft?.place as Place) ?? 'home');
  const [gps, setGps] = useState<{ lat: number; lng: number } | null>(draft?.gps ?? null);
  const [locating, setLocating] = useState(false);
  const locate = () => {
    if (!navigator.geolocation) return notifyError(new Error(t('assess.gpsUnavailable')));
    setLocating(true);
    navigator.geolocation.getCurrentPosition(
      (p) => {
        setGps({ lat: Math.round(p.coords.latitude * 1e6) / 1e6, lng: Math.round(p.coords.longitude * 1e6) / 1e6 });
        setLocating(false);
      },
      () => {
        setLocating(false);
        notifyError(new Error(t('assess.gpsUnavailable')));
      },
      { enableHighAccuracy: true, timeout: 15_000 },
    );
  };
  const [highlight, setHighlight] = useState<string[]>([]);
  const [confirmSign, setConfirmSign] = useState(false);
  const [signed, setSigned] = useState<Assessment | null>(null);
  const result = useMemo(() => scoreResponse(definition, state.answers), [definition, state.answers]);

  useEffect(() => {
    if (signed) return;
    try {
      localStorage.setItem(storageKey(personId, definition.code), JSON.stringify(state));
    } catch {
      // Storage full or disabled: the server draft is still there.
    }
  }, [state, signed, personId, definition.code]);

  const forget = () => localStorage.removeItem(storageKey(personId, definition.code));
  const save = useMutation({
    mutationFn: (sign: boolean) =>
      state.onServer
        ? updateAssessment(state.id, { answers: state.answers, sign })
        : createAssessment(personId, {
            id: state.id,
            instrumentCode: definition.code,
            instrumentVersion: definition.version,
            answers: state.answers,
            sign,
            place,
            gps,
            ...(state.replaces ? { replaces: state.replaces } : {}),
          }),
    onSuccess: (saved, sign) => {
      void qc.invalidateQueries({ queryKey: ['assessments', personId] });
      if (sign) {
        forget();
        setSigned(saved);
        void qc.invalidateQueries({ queryKey: ['persons', 'one', personId] });
        void qc.invalidateQueries({ queryKey: ['tasks'] });
        notifySuccess(t('assess.signedNotice'));
      } else {
        setState((s) => ({ ...s, onServer: true }));
        notifySuccess(t('assess.draftSaved'));
      }
      setConfirmSign(false);
    },
    onError: (err) => {
      setConfirmSign(false);
      notifyError(err);
    },
  });

  // A self-harm or suicide answer: go straight on to the next instrument (8Q), carrying the alert.
  const urgentNext = signed?.alerts.some((a) => a.severity === 'urgent') ? signed.next[0] : undefined;
  useEffect(() => {
    if (signed && urgentNext)
      onNext(
        urgentNext,
        signed.alerts.filter((a) => a.severity === 'urgent').map((a) => a.message),
      );
  }, [signed, urgentNext, onNext]);

  const title = pick(definition.title, lang);
  if (signed)
    return (
      <Stack gap="md">
        <Title order={3}>{title}</Title>
        <Alert color="teal" title={t('assess.signedTitle')}>
          {t('assess.signedBody')}
        </Alert>
        <ResultPanel definition={definition} result={signed} answers={signed.answers as Answers} />
        <Group>
          {signed.next.map((code) => (
            <Button key={code} onClick={() => onNext(code)}>
              {t('assess.continueWith', { code: code.toUpperCase() })}
            </Button>
          ))}
          <Button variant="default" onClick={onClose}>
            {t('assess.backToList')}
          </Button>
        </Group>
      </Stack>
    );

  return (
    <Stack gap="md">
      <div>
        <Title order={3}>{title}</Title>
        {replaces && <Text c="orange.8">{t('assess.correcting')}</Text>}
        {!definition.source.verified && (
          <Text size="xs" c="dimmed">
            {t('assess.unverified')}
          </Text>
        )}
      </div>
      {because?.map((m) => (
        <Alert key={m.en} color="red" variant="filled" role="alert" title={t('assess.alertUrgent')} data-urgent-carried>
          {pick(m, lang)}
        </Alert>
      ))}
      {restored && (
        <Alert color="blue" withCloseButton={false}>
          <Group justify="space-between">
            <Text size="sm">{t('assess.restored')}</Text>
            <Button
              size="xs"
              variant="default"
              onClick={() => setState({ id: crypto.randomUUID(), answers: {}, onServer: false, version: definition.version })}
            >
              {t('assess.startOver')}
            </Button>
          </Group>
        </Alert>
      )}
      <Select
        label={t('assess.place')}
        data={ASSESSMENT_PLACES.map((p) => ({ value: p, label: t(`assess.places.${p}`) }))}
        value={place}
        onChange={(v) => v && setPlace(v as Place)}
        allowDeselect={false}
        disabled={state.onServer}
        maw={320}
      />
      <Group gap="xs">
        <Button size="xs" variant="default" onClick={locate} loading={locating} disabled={state.onServer}>
          {gps ? t('assess.gpsAgain') : t('assess.gps')}
        </Button>
        {gps && (
          <Text size="xs" c="dimmed">
            {gps.lat}, {gps.lng}
          </Text>
        )}
      </Group>
      <AssessmentForm
        definition={definition}
        answers={state.answers}
        highlight={highlight}
        onChange={(answers) => {
          setState((s) => ({ ...s, answers }));
          setHighlight((h) => h.filter((id) => answers[id] === undefined || answers[id] === null));
        }}
      />
      <div style={{ position: 'sticky', bottom: 0, background: 'var(--mantine-color-body)', paddingBlock: 8 }}>
        <ResultPanel definition={definition} result={result} answers={state.answers} live />
        <Group mt="sm">
          <Button
            onClick={() => {
              if (result.missing.length) {
                setHighlight(result.missing);
                document.querySelector(`[data-item="${result.missing[0]}"]`)?.scrollIntoView({ behavior: 'smooth', block: 'center' });
                notifyError(new Error(t('assess.incomplete')));
                return;
              }
              setConfirmSign(true);
            }}
          >
            {t('assess.sign')}
          </Button>
          <Button variant="default" onClick={() => save.mutate(false)} loading={save.isPending && !confirmSign}>
            {t('assess.saveDraft')}
          </Button>
          <Button variant="subtle" onClick={onClose}>
            {t('assess.leave')}
          </Button>
        </Group>
      </div>
      <ConfirmDialog
        opened={confirmSign}
        title={t('assess.signConfirmTitle')}
        message={t('assess.signConfirmBody')}
        confirmLabel={t('assess.sign')}
        danger={false}
        loading={save.isPending}
        onConfirm={() => save.mutate(true)}
        onClose={() => setConfirmSign(false)}
      />
    </Stack>
  );
}
