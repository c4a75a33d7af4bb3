import { type Answers, formatDateTime, type InstrumentDefinition } from '@carehub/core';
import { Badge, Button, Card, Group, Select, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { lazy, Suspense, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Loading } from '../../components/Loading';
import { pick, useLang } from '../../i18n';
import { AssessmentForm } from './AssessmentForm';
import { AssessmentRunner } from './AssessmentRunner';
import { type Assessment, instrumentsQuery, instrumentVersionQuery, personAssessmentsQuery } from './api';
import { ResultPanel, SEVERITY_COLOR } from './ResultPanel';

// ECharts is large: load it only when a history is drawn.
const HistoryChart = lazy(() => import('./HistoryChart'));

type Because = Array<{ th: string; en: string }>;
type Mode =
  | { kind: 'list' }
  | { kind: 'fill'; code: string; draft?: Assessment; replaces?: Assessment; because?: Because }
  | { kind: 'view'; assessment: Assessment };

/** The person page's assessments: latest bands, history with a chart per instrument, filling and correcting. */
export function PersonAssessments({ personId, canWrite }: { personId: string; canWrite: boolean }) {
  const { t } = useTranslation();
  const lang = useLang();
  const instruments = useQuery(instrumentsQuery);
  const list = useQuery(personAssessmentsQuery(personId));
  const [mode, setMode] = useState<Mode>({ kind: 'list' });
  const [pick_, setPick] = useState<string | null>(null);

  if (instruments.isPending || list.isPending) return <Loading />;
  if (instruments.isError) return <ErrorAlert error={instruments.error} onRetry={() => instruments.refetch()} />;
  if (list.isError) return <ErrorAlert error={list.error} onRetry={() => list.refetch()} />;
  const latestDef = new Map(instruments.data.map((i) => [i.code, i.definition as InstrumentDefinition]));
  const title = (code: string) => {
    const d = latestDef.get(code);
    return d ? pick(d.title, lang) : code;
  };

  if (mode.kind === 'fill') {
    const definition = mode.draft || mode.replaces ? null : latestDef.get(mode.code);
    const source = mode.draft ?? mode.replaces;
    const close = () => setMode({ kind: 'list' });
    const next = (code: string, because?: Because) => setMode({ kind: 'fill', code, ...(because && { because }) });
    if (source) return <VersionedRunner key={source.id} personId={personId} assessment={source} asDraft={!!mode.draft} onClose={close} onNext={next} />;
    if (!definition) return <ErrorAlert error={new Error(mode.code)} />;
    return <AssessmentRunner key={mode.code} personId={personId} definition={definition} onClose={close} onNext={next} because={mode.because} />;
  }
  if (mode.kind === 'view')
    return (
      <AssessmentView
        assessment={mode.assessment}
        canWrite={canWrite}
        onBack={() => setMode({ kind: 'list' })}
        onCorrect={(a) => setMode({ kind: 'fill', code: a.instrumentCode, replaces: a })}
      />
    );

  const signed = list.data.filter((a) => a.status === 'signed' && !a.replacedBy);
  const latestByCode = new Map<string, Assessment>();
  for (const a of signed) if (!latestByCode.has(a.instrumentCode)) latestByCode.set(a.instrumentCode, a);
  const charted = [...latestByCode.keys()].filter((code) => signed.filter((a) => a.instrumentCode === code).length >= 2);

  return (
    <Stack gap="lg">
      {canWrite && (
        <Group align="flex-end">
          <Select
            label={t('assess.choose')}
            placeholder={t('assess.choosePlaceholder')}
            data={instruments.data.map((i) => ({ value: i.code, label: pick(i.title, lang) }))}
            value={pick_}
            onChange={setPick}
            searchable
            w={360}
            maw="100%"
          />
          <Button disabled={!pick_} onClick={() => pick_ && setMode({ kind: 'fill', code: pick_ })}>
            {t('assess.start')}
          </Button>
        </Group>
      )}
      <div>
        <Title order={3} size="h4" mb="xs">
          {t('assess.latest')}
        </Title>
        {latestByCode.size === 0 ? (
          <Text c="dimmed">{t('assess.noneYet')}</Text>
        ) : (
          <SimpleGrid cols={{ base: 1, sm: 2, md: 3 }}>
            {[...latestByCode.values()].map((a) => (
              <Card key={a.id} withBorder padding="sm" data-latest={a.instrumentCode}>
                <Text fw={600}>{pick(a.instrumentTitle, lang)}</Text>
                <Text size="xs" c="dimmed">
                  {formatDateTime(a.performedAt, lang)}
                </Text>
                <Group gap={6} mt={6}>
                  {a.bands.map((b) => (
                    <Badge key={b.score} color={SEVERITY_COLOR[b.severity] ?? 'gray'}>
                      {pick(b.label, lang)} ({a.scores[b.score]})
                    </Badge>
                  ))}
                </Group>
              </Card>
            ))}
          </SimpleGrid>
        )}
      </div>
      {charted.length > 0 && (
        <Suspense fallback={<Loading />}>
          <SimpleGrid cols={{ base: 1, md: 2 }}>
            {charted.map((code) => (
              <HistoryChart key={code} title={title(code)} definition={latestDef.get(code)} assessments={signed.filter((a) => a.instrumentCode === code)} />
            ))}
          </SimpleGrid>
        </Suspense>
      )}
      <div>
        <Title order={3} size="h4" mb="xs">
          {t('assess.history')}
        </Title>
        {list.data.length === 0 ? (
          <Text c="dimmed">{t('assess.noneYet')}</Text>
        ) : (
          <Table.ScrollContainer minWidth={560}>
            <Table striped>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('assess.when')}</Table.Th>
                  <Table.Th>{t('assess.instrument')}</Table.Th>
                  <Table.Th>{t('assess.resultCol')}</Table.Th>
                  <Table.Th>{t('assess.by')}</Table.Th>
                  <Table.Th />
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {list.data.map((a) => (
                  <Table.Tr key={a.id}>
                    <Table.Td>{formatDateTime(a.performedAt, lang)}</Table.Td>
                    <Table.Td>{pick(a.instrumentTitle, lang)}</Table.Td>
                    <Table.Td>
                      <Group gap={4}>
                        {a.status === 'draft' && <Badge color="gray">{t('assess.draft')}</Badge>}
                        {a.replacedBy && (
                          <Badge color="gray" variant="outline">
                            {t('assess.corrected')}
                          </Badge>
                        )}
                        {a.bands.map((b) => (
                          <Badge key={b.score} variant="light" color={SEVERITY_COLOR[b.severity] ?? 'gray'}>
                            {pick(b.label, lang)} ({a.scores[b.score]})
                          </Badge>
                        ))}
                      </Group>
                    </Table.Td>
                    <Table.Td>{a.recordedBy ?? '—'}</Table.Td>
                    <Table.Td>
                      {a.status === 'draft' ? (
                        <Button size="xs" variant="light" onClick={() => setMode({ kind: 'fill', code: a.instrumentCode, draft: a })}>
                          {t('assess.continueDraft')}
                        </Button>
                      ) : (
                        <Button size="xs" variant="subtle" onClick={() => setMode({ kind: 'view', assessment: a })}>
                          {t('assess.open')}
                        </Button>
                      )}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </div>
    </Stack>
  );
}

/** A draft or a correction is filled with the instrument version its source was made with. */
function VersionedRunner({
  personId,
  assessment,
  asDraft,
  onClose,
  onNext,
}: {
  personId: string;
  assessment: Assessment;
  asDraft: boolean;
  onClose: () => void;
  onNext: (code: string, because?: Because) => void;
}) {
  const def = useQuery(instrumentVersionQuery(assessment.instrumentCode, assessment.instrumentVersion));
  if (def.isPending) return <Loading />;
  if (def.isError) return <ErrorAlert error={def.error} onRetry={() => def.refetch()} />;
  return (
    <AssessmentRunner
      personId={personId}
      definition={def.data}
      {...(asDraft ? { draft: assessment } : { replaces: assessment })}
      onClose={onClose}
      onNext={onNext}
    />
  );
}

function AssessmentView({
  assessment: a,
  canWrite,
  onBack,
  onCorrect,
}: {
  assessment: Assessment;
  canWrite: boolean;
  onBack: () => void;
  onCorrect: (a: Assessment) => void;
}) {
  const { t } = useTranslation();
  const lang = useLang();
  const def = useQuery(instrumentVersionQuery(a.instrumentCode, a.instrumentVersion));
  if (def.isPending) return <Loading />;
  if (def.isError) return <ErrorAlert error={def.error} onRetry={() => def.refetch()} />;
  return (
    <Stack gap="md">
      <Group justify="space-between">
        <Title order={3}>{pick(a.instrumentTitle, lang)}</Title>
        <Group>
          {canWrite && !a.replacedBy && (
            <Button variant="light" onClick={() => onCorrect(a)}>
              {t('assess.correct')}
            </Button>
          )}
          <Button variant="default" onClick={onBack}>
            {t('assess.backToList')}
          </Button>
        </Group>
      </Group>
      <Text size="sm" c="dimmed">
        {t('assess.signedBy', {
          by: a.recordedBy ?? '—',
          org: a.organisation ?? '—',
          at: formatDateTime(a.signedAt ?? a.performedAt, lang),
          place: t(`assess.places.${a.place as 'home'}`),
        })}
      </Text>
      {a.replacedBy && <Text c="orange.8">{t('assess.replacedNotice')}</Text>}
      <ResultPanel definition={def.data} result={a} answers={a.answers as Answers} />
      <AssessmentForm definition={def.data} answers={a.answers as Record<string, never>} />
    </Stack>
  );
}
