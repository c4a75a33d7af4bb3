import { Alert, Badge, Button, Card, Group, Select, Stack, Table, Text, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { type ReactNode, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { ErrorAlert } from '../../components/ErrorAlert';
import { notifyError } from '../../components/feedback';
import { Loading } from '../../components/Loading';
import { AnchorLink, ButtonLink } from '../../components/links';
import { PageHeader } from '../../components/PageHeader';
import { useLang } from '../../i18n';
import { AreaName } from '../areas/AreaName';
import { formatPartialDate } from '../persons/PartialDate';
import {
  decideRecord,
  REVIEW_PAGE,
  type ReviewCandidate,
  type ReviewDecision,
  type ReviewItem,
  type ReviewPerson,
  reviewsQuery,
  sourcesQuery,
  splitRecord,
} from './api';
import classes from './ReviewPage.module.css';
import { type DecidedRow, EVIDENCE_FIELDS, type EvidenceField, type EvidenceMark, evidenceMark, maskCidTail, queueEntries } from './review';

const MARK_COLORS: Record<EvidenceMark, string> = { agree: 'teal', close: 'yellow', differs: 'red', missing: 'gray' };

const isStale = (e: unknown) => e instanceof ApiError && e.code === 'conflict.stale';

/**
 * The reviewer's queue: rows of the organisation's lists that the score could not place for certain,
 * each beside its candidate persons field by field with how far each field agrees, to link to one of
 * them or register as a new person. A link made here can be undone at once (split).
 */
export function ReviewPage({ source }: { source?: string }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const sources = useQuery(sourcesQuery);
  const mine = (sources.data ?? []).filter((s) => s.mine);
  return (
    <>
      <PageHeader title={t('importReview.title')}>
        <ButtonLink to="/imports" search={source ? { source } : {}} variant="light">
          {t('importReview.toImports')}
        </ButtonLink>
      </PageHeader>
      <Text mb="md" maw={760}>
        {t('importReview.intro')}
      </Text>
      {mine.length > 1 && (
        <Select
          label={t('importReview.source')}
          placeholder={t('importReview.allSources')}
          data={mine.map((s) => ({ value: s.code, label: s.name }))}
          value={source ?? null}
          onChange={(code) => void navigate({ to: '/imports/review', search: code ? { source: code } : {}, replace: true })}
          clearable
          clearButtonProps={{ 'aria-label': t('common.clear') }}
          maw={480}
          mb="md"
        />
      )}
      <Queue key={source ?? ''} source={source} />
    </>
  );
}

function Queue({ source }: { source?: string }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const queue = useQuery(reviewsQuery(source));
  const [decided, setDecided] = useState<DecidedRow[]>([]);
  const [stale, setStale] = useState(false);

  const refresh = () => {
    void queryClient.invalidateQueries({ queryKey: ['imports'] });
    void queryClient.invalidateQueries({ queryKey: ['persons'] });
  };
  const onError = (e: unknown) => {
    if (isStale(e)) setStale(true);
    else notifyError(e);
    refresh();
  };

  if (queue.isPending) return <Loading />;
  if (queue.isError) return <ErrorAlert error={queue.error} onRetry={() => queue.refetch()} />;
  const entries = queueEntries(queue.data, decided);
  const open = entries.filter((e) => e.kind === 'open').length;
  return (
    <section aria-labelledby="review-count">
      <Title order={2} size="h4" id="review-count" mb="xs" data-review-count={open}>
        {t('importReview.count', { count: open })}
      </Title>
      {queue.data.length >= REVIEW_PAGE && (
        <Text size="sm" c="dimmed" mb="xs">
          {t('importReview.firstOnly', { count: queue.data.length })}
        </Text>
      )}
      {stale && (
        <Alert color="orange" role="alert" withCloseButton closeButtonLabel={t('common.close')} onClose={() => setStale(false)} mb="sm" data-stale>
          {t('importReview.stale')}
        </Alert>
      )}
      {entries.length === 0 ? (
        <Text c="dimmed">{t('importReview.empty')}</Text>
      ) : (
        <Stack component="ol" gap="md" p={0} m={0} style={{ listStyle: 'none' }} aria-labelledby="review-count">
          {entries.map((e, index) =>
            e.kind === 'open' ? (
              <ReviewCard
                key={e.item.recordId}
                item={e.item}
                onDecided={(decision) => {
                  setStale(false);
                  setDecided((d) => [...d, { item: e.item, index, decision }]);
                  refresh();
                }}
                onError={onError}
              />
            ) : (
              <DecidedCard
                key={e.row.item.recordId}
                row={e.row}
                onSplit={(split) => {
                  setStale(false);
                  setDecided((d) => d.map((x) => (x.item.recordId === split.recordId ? { ...x, split } : x)));
                  refresh();
                }}
                onError={onError}
              />
            ),
          )}
        </Stack>
      )}
    </section>
  );
}

/** A row and its candidates, to decide. */
function ReviewCard({ item, onDecided, onError }: { item: ReviewItem; onDecided: (d: ReviewDecision) => void; onError: (e: unknown) => void }) {
  const { t } = useTranslation();
  const lang = useLang();
  const [choice, setChoice] = useState<string | null>(null);
  const decide = useMutation({
    mutationFn: (personId: string | null) => decideRecord(item.recordId, personId),
    onSuccess: onDecided,
    onError,
  });
  const percent = new Intl.NumberFormat(lang === 'en' ? 'en-GB' : 'th-TH', { style: 'percent', maximumFractionDigits: 0 });
  const choose = (personId: string | null) => {
    setChoice(personId ?? 'new');
    decide.mutate(personId);
  };
  const titleId = `review-${item.recordId}`;
  return (
    <Card component="li" withBorder padding="md" aria-labelledby={titleId} data-review={item.recordId} data-record-key={item.recordKey}>
      <Title order={3} size="h5" id={titleId} mb="sm" style={{ overflowWrap: 'anywhere' }}>
        {t('importReview.rowTitle', { source: item.sourceName, key: item.recordKey })}
      </Title>
      <Stack gap="md">
        {item.candidates.length === 0 && <Text c="dimmed">{t('importReview.noCandidates')}</Text>}
        {item.candidates.map((c, i) => {
          const candidateId = `${titleId}-${c.personId}`;
          return (
            <Card key={c.personId} component="section" withBorder padding="sm" radius="sm" aria-labelledby={candidateId} data-candidate={c.personId}>
              <Group justify="space-between" align="flex-start" gap="xs" mb="xs">
                <Title order={4} size="h6" id={candidateId} style={{ overflowWrap: 'anywhere', minWidth: 0 }}>
                  {t('importReview.candidate', { n: i + 1, name: c.name })}
                </Title>
                <Badge variant="light" color={c.probability >= 0.8 ? 'teal' : c.probability >= 0.5 ? 'yellow' : 'gray'} data-probability={c.probability}>
                  {t('importReview.probability', { percent: percent.format(c.probability) })}
                </Badge>
              </Group>
              <Comparison row={item.row} candidate={c} />
              <Group justify="flex-end" mt="sm">
                <Button
                  onClick={() => choose(c.personId)}
                  loading={decide.isPending && choice === c.personId}
                  disabled={decide.isPending && choice !== c.personId}
                  aria-label={t('importReview.sameLabel', { name: c.name })}
                >
                  {t('importReview.same')}
                </Button>
              </Group>
            </Card>
          );
        })}
        <Group justify="flex-end">
          <Button variant="default" onClick={() => choose(null)} loading={decide.isPending && choice === 'new'} disabled={decide.isPending && choice !== 'new'}>
            {t('importReview.none')}
          </Button>
        </Group>
      </Stack>
    </Card>
  );
}

/** A row and a candidate field by field, each field marked by how far it agrees. */
function Comparison({ row, candidate }: { row: ReviewPerson; candidate: ReviewCandidate }) {
  const { t } = useTranslation();
  const lang = useLang();
  const value = (field: EvidenceField | 'cid', p: ReviewPerson): ReactNode => {
    switch (field) {
      case 'name':
        return p.name || t('common.none');
      case 'birth_date':
        return p.birthDate ? formatPartialDate(p.birthDate, lang) : t('common.none');
      case 'sex':
        return t(`persons.sexes.${p.sex}`);
      case 'area':
        return <AreaName code={p.areaCode} />;
      case 'cid':
        return p.cid ? maskCidTail(p.cid) : t('common.none');
    }
  };
  const cell = (label: string, content: ReactNode) => (
    <Table.Td>
      <span className={classes.label} aria-hidden>
        {label}
      </span>
      {content}
    </Table.Td>
  );
  return (
    <Table className={classes.compare} verticalSpacing={6} aria-label={t('importReview.compare', { name: candidate.name })} data-compare>
      <Table.Thead>
        <Table.Tr>
          <Table.Th scope="col">{t('importReview.field')}</Table.Th>
          <Table.Th scope="col">{t('importReview.inFile')}</Table.Th>
          <Table.Th scope="col">{t('importReview.inRegistry')}</Table.Th>
          <Table.Th scope="col">{t('importReview.result')}</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {EVIDENCE_FIELDS.map((field) => {
          const mark = evidenceMark(field, candidate.evidence[field], field === 'area' && !!row.areaCode && row.areaCode === candidate.areaCode);
          return (
            <Table.Tr key={field} data-field={field} data-mark={mark}>
              <Table.Th scope="row">{t(`importReview.fields.${field}`)}</Table.Th>
              {cell(t('importReview.inFile'), value(field, row))}
              {cell(t('importReview.inRegistry'), value(field, candidate))}
              {cell(
                t('importReview.result'),
                <Badge variant="light" color={MARK_COLORS[mark]} data-mark-badge>
                  {t(`importReview.marks.${mark}`)}
                </Badge>,
              )}
            </Table.Tr>
          );
        })}
        <Table.Tr data-field="cid">
          <Table.Th scope="row">{t('importReview.fields.cid')}</Table.Th>
          {cell(t('importReview.inFile'), value('cid', row))}
          {cell(t('importReview.inRegistry'), value('cid', candidate))}
          {cell(
            t('importReview.result'),
            <Text span size="sm" c="dimmed">
              {t('importReview.notCompared')}
            </Text>,
          )}
        </Table.Tr>
      </Table.Tbody>
    </Table>
  );
}

/** A row decided here: what became of it, the person, and for a link, the undo. */
function DecidedCard({ row, onSplit, onError }: { row: DecidedRow; onSplit: (d: ReviewDecision) => void; onError: (e: unknown) => void }) {
  const { t } = useTranslation();
  const { item, decision, split } = row;
  const [confirming, setConfirming] = useState(false);
  const result = useRef<HTMLDivElement>(null);
  const linkedTo = item.candidates.find((c) => c.personId === decision.personId)?.name ?? '';
  const undo = useMutation({
    mutationFn: () => splitRecord(item.recordId),
    onSuccess: (d) => {
      setConfirming(false);
      onSplit(d);
    },
    onError: (e) => {
      setConfirming(false);
      onError(e);
    },
  });
  // The button pressed is gone (decided, then again once split): the result takes the focus, and is read out.
  // biome-ignore lint/correctness/useExhaustiveDependencies: refocused when the split lands
  useEffect(() => {
    result.current?.focus();
  }, [split]);
  const titleId = `review-${item.recordId}`;
  const person = split ?? decision;
  return (
    <Card
      component="li"
      withBorder
      padding="md"
      aria-labelledby={titleId}
      data-review={item.recordId}
      data-record-key={item.recordKey}
      data-decided={split ? 'split' : decision.status}
    >
      <Title order={3} size="h5" id={titleId} mb={4} style={{ overflowWrap: 'anywhere' }}>
        {t('importReview.rowTitle', { source: item.sourceName, key: item.recordKey })}
      </Title>
      <Text size="sm" c="dimmed" mb="xs" style={{ overflowWrap: 'anywhere' }}>
        {t('importReview.inFile')}: {item.row.name || t('common.none')}
      </Text>
      <Alert ref={result} tabIndex={-1} role="status" color={split ? 'gray' : 'teal'} data-result>
        {split ? t('importReview.splitDone') : decision.status === 'linked' ? t('importReview.linked', { name: linkedTo }) : t('importReview.created')}
      </Alert>
      <Group justify="space-between" gap="sm" mt="sm" wrap="wrap">
        <AnchorLink to="/persons/$id" params={{ id: person.personId }}>
          {t('importReview.viewPerson')}
        </AnchorLink>
        {decision.status === 'linked' && !split && (
          <Button variant="light" color="red" onClick={() => setConfirming(true)}>
            {t('importReview.undo')}
          </Button>
        )}
      </Group>
      <ConfirmDialog
        opened={confirming}
        title={t('importReview.undoTitle', { name: linkedTo })}
        message={t('importReview.undoConfirm', { name: linkedTo })}
        confirmLabel={t('importReview.undo')}
        onConfirm={() => undo.mutate()}
        onClose={() => !undo.isPending && setConfirming(false)}
        loading={undo.isPending}
      />
    </Card>
  );
}
