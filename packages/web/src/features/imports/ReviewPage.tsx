import { Alert, Badge, Button, Card, Group, Select, Stack, Text, Title } from '@mantine/core';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { ErrorAlert } from '../../components/ErrorAlert';
import { notifyError } from '../../components/feedback';
import { Loading } from '../../components/Loading';
import { AnchorLink, ButtonLink } from '../../components/links';
import { PageHeader } from '../../components/PageHeader';
import { useLang } from '../../i18n';
import { decideRecord, type ReviewDecision, type ReviewItem, sourcesQuery } from './api';
import { Comparison, ListPager, Origin, Range, useSplit } from './ReviewParts';
import { type DecidedRow, queueEntries } from './review';
import { type QueueItem, REVIEW_PAGE_SIZE, reviewCountQuery, reviewQueueQuery } from './reviewApi';

/** Every item of the queue comes from the server's queue, with its file and row. */
const withOrigin = (item: ReviewItem) => item as QueueItem;

const isStale = (e: unknown) => e instanceof ApiError && e.code === 'conflict.stale';

/**
 * The reviewer's queue: rows of the organisation's lists that the score could not place for certain,
 * a page at a time, each beside its candidate persons field by field with how far each field agrees,
 * to link to one of them or register as a new person. A link made here can be undone at once (split);
 * past decisions and the score's own links are on the decisions page, where they can be split later.
 */
export function ReviewPage({ source }: { source?: string }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const sources = useQuery(sourcesQuery);
  const count = useQuery(reviewCountQuery);
  const mine = (sources.data ?? []).filter((s) => s.mine);
  const waiting = (code: string) => count.data?.bySource.find((s) => s.source === code)?.total ?? 0;
  return (
    <>
      <PageHeader title={t('importReview.title')}>
        <Group gap="xs">
          <ButtonLink to="/imports/review/decisions" search={source ? { source } : {}} variant="light">
            {t('importReview.toDecisions')}
          </ButtonLink>
          <ButtonLink to="/imports" search={source ? { source } : {}} variant="light">
            {t('importReview.toImports')}
          </ButtonLink>
        </Group>
      </PageHeader>
      <Text mb="md" maw={760}>
        {t('importReview.intro')}
      </Text>
      {mine.length > 1 && (
        <Select
          label={t('importReview.source')}
          placeholder={t('importReview.allSources')}
          data={mine.map((s) => ({ value: s.code, label: count.data ? t('importReview.sourceWaiting', { name: s.name, count: waiting(s.code) }) : s.name }))}
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
  const [offset, setOffset] = useState(0);
  const queue = useQuery({ ...reviewQueueQuery(source, offset), placeholderData: keepPreviousData });
  const count = useQuery(reviewCountQuery);
  const [decided, setDecided] = useState<DecidedRow[]>([]);
  const [stale, setStale] = useState(false);
  const heading = useRef<HTMLHeadingElement>(null);

  const refresh = () => {
    void queryClient.invalidateQueries({ queryKey: ['imports'] });
    void queryClient.invalidateQueries({ queryKey: ['persons'] });
  };
  const onError = (e: unknown) => {
    if (isStale(e)) setStale(true);
    else notifyError(e);
    refresh();
  };
  const total = count.data ? (source ? (count.data.bySource.find((s) => s.source === source)?.total ?? 0) : count.data.total) : undefined;
  // Rows decided elsewhere can leave a later page empty: back to the last page that has rows.
  const emptyPage = queue.isSuccess && !queue.isPlaceholderData && queue.data.length === 0 && offset > 0;
  useEffect(() => {
    if (emptyPage) setOffset(Math.max(0, Math.floor(((total ?? 1) - 1) / REVIEW_PAGE_SIZE) * REVIEW_PAGE_SIZE));
  }, [emptyPage, total]);

  if (queue.isPending) return <Loading />;
  if (queue.isError) return <ErrorAlert error={queue.error} onRetry={() => queue.refetch()} />;
  const entries = queueEntries(queue.data, decided);
  const open = entries.filter((e) => e.kind === 'open').length;
  const waiting = total ?? open;
  const turn = (to: number) => {
    // The rows decided on this page are in the decisions list from now on; the new page starts at its heading.
    setDecided([]);
    setStale(false);
    setOffset(to);
    heading.current?.focus();
    heading.current?.scrollIntoView({ block: 'start' });
  };
  return (
    <section aria-labelledby="review-count">
      <Title order={2} size="h4" id="review-count" mb={4} data-review-count={waiting} ref={heading} tabIndex={-1}>
        {t('importReview.count', { count: waiting })}
      </Title>
      {open > 0 && (
        <Group mb="xs" aria-live="polite">
          <Range offset={offset} shown={open} total={waiting} />
        </Group>
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
                item={withOrigin(e.item)}
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
      <ListPager offset={offset} shown={open} total={waiting} pageSize={REVIEW_PAGE_SIZE} onChange={turn} label={t('importReview.pages')} />
    </section>
  );
}

/** A row and its candidates, to decide. */
function ReviewCard({ item, onDecided, onError }: { item: QueueItem; onDecided: (d: ReviewDecision) => void; onError: (e: unknown) => void }) {
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
      <Title order={3} size="h5" id={titleId} mb={4} style={{ overflowWrap: 'anywhere' }}>
        {t('importReview.rowTitle', { source: item.sourceName, key: item.recordKey })}
      </Title>
      <Stack gap="md">
        <Origin origin={item} />
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
              {c.reason && (
                <Alert color="orange" variant="light" mb="xs" data-reason={c.reason.code}>
                  {t(`importReview.reasons.${c.reason.code}`, { position: c.reason.position, next: c.reason.position + 1 })}
                </Alert>
              )}
              <Comparison row={item.row} person={c} evidence={c.evidence} />
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

/** A row decided here: what became of it, the person, and for a link, the undo. */
function DecidedCard({ row, onSplit, onError }: { row: DecidedRow; onSplit: (d: ReviewDecision) => void; onError: (e: unknown) => void }) {
  const { t } = useTranslation();
  const { item, decision, split } = row;
  const { confirming, setConfirming, undo } = useSplit(item.recordId, onSplit, onError);
  const result = useRef<HTMLDivElement>(null);
  const linkedTo = item.candidates.find((c) => c.personId === decision.personId)?.name ?? '';
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
      <Origin origin={withOrigin(item)} />
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
