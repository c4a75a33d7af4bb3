import { formatDateTime } from '@carehub/core';
import { Alert, Badge, Button, Card, Group, Select, Stack, Text, Title } from '@mantine/core';
import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
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
import { type ReviewDecision, sourcesQuery } from './api';
import { Comparison, ListPager, Origin, Range, useSplit } from './ReviewParts';
import { type DecisionItem, type DecisionKind, decisionsQuery, REVIEW_PAGE_SIZE } from './reviewApi';

const KINDS: DecisionKind[] = ['reviewed', 'scored'];

/**
 * Past decisions and the score's own links, newest first: each row of the organisation's lists that a
 * reviewer decided or the score linked, with who decided and when, the row beside the person it is
 * linked to, and for a link, the split that undoes it.
 */
export function DecisionsPage({ source, kind }: { source?: string; kind?: DecisionKind }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const sources = useQuery(sourcesQuery);
  const mine = (sources.data ?? []).filter((s) => s.mine);
  const go = (search: { source?: string; kind?: DecisionKind }) =>
    void navigate({ to: '/imports/review/decisions', search: Object.fromEntries(Object.entries(search).filter(([, v]) => v)), replace: true });
  return (
    <>
      <PageHeader title={t('importReview.decisions.title')}>
        <ButtonLink to="/imports/review" search={source ? { source } : {}} variant="light">
          {t('importReview.decisions.toQueue')}
        </ButtonLink>
      </PageHeader>
      <Text mb="md" maw={760}>
        {t('importReview.decisions.intro')}
      </Text>
      <Group align="flex-end" gap="md" mb="md" wrap="wrap">
        {mine.length > 1 && (
          <Select
            label={t('importReview.source')}
            placeholder={t('importReview.allSources')}
            data={mine.map((s) => ({ value: s.code, label: s.name }))}
            value={source ?? null}
            onChange={(code) => go({ source: code ?? undefined, kind })}
            clearable
            clearButtonProps={{ 'aria-label': t('common.clear') }}
            w={{ base: '100%', sm: 360 }}
          />
        )}
        <Select
          label={t('importReview.decisions.kind')}
          data={[
            { value: '', label: t('importReview.decisions.kinds.all') },
            ...KINDS.map((k) => ({ value: k, label: t(`importReview.decisions.kinds.${k}`) })),
          ]}
          value={kind ?? ''}
          onChange={(k) => go({ source, kind: (k || undefined) as DecisionKind | undefined })}
          allowDeselect={false}
          w={{ base: '100%', sm: 280 }}
        />
      </Group>
      <Decisions key={`${source ?? ''}|${kind ?? ''}`} source={source} kind={kind} />
    </>
  );
}

function Decisions({ source, kind }: { source?: string; kind?: DecisionKind }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [offset, setOffset] = useState(0);
  const list = useQuery({ ...decisionsQuery({ source, kind }, offset), placeholderData: keepPreviousData });
  // Links split here, kept in place with their result until the list is turned or filtered.
  const [splits, setSplits] = useState<Record<string, ReviewDecision>>({});
  const [stale, setStale] = useState(false);
  const heading = useRef<HTMLHeadingElement>(null);
  const emptyPage = list.isSuccess && !list.isPlaceholderData && list.data.items.length === 0 && offset > 0;
  useEffect(() => {
    if (emptyPage && list.data) setOffset(Math.max(0, Math.floor((list.data.total - 1) / REVIEW_PAGE_SIZE) * REVIEW_PAGE_SIZE));
  }, [emptyPage, list.data]);

  if (list.isPending) return <Loading />;
  if (list.isError) return <ErrorAlert error={list.error} onRetry={() => list.refetch()} />;
  const { items, total } = list.data;
  const turn = (to: number) => {
    setSplits({});
    setStale(false);
    setOffset(to);
    heading.current?.focus();
    heading.current?.scrollIntoView({ block: 'start' });
  };
  const onSplit = (d: ReviewDecision) => {
    setStale(false);
    setSplits((s) => ({ ...s, [d.recordId]: d }));
    // The split row now heads the list as a reviewer's decision; this page keeps showing it where it was.
    void queryClient.invalidateQueries({ queryKey: ['imports', 'decisions'], refetchType: 'none' });
    void queryClient.invalidateQueries({ queryKey: ['imports', 'review-count'] });
    void queryClient.invalidateQueries({ queryKey: ['persons'] });
  };
  const onError = (e: unknown) => {
    if (e instanceof ApiError && e.code === 'conflict.stale') {
      setStale(true);
      void queryClient.invalidateQueries({ queryKey: ['imports', 'decisions'] });
    } else notifyError(e);
  };
  return (
    <section aria-labelledby="decisions-count">
      <Title order={2} size="h4" id="decisions-count" mb={4} ref={heading} tabIndex={-1} data-decisions-count={total}>
        {t('importReview.decisions.count', { count: total })}
      </Title>
      {items.length > 0 && (
        <Group mb="xs" aria-live="polite">
          <Range offset={offset} shown={items.length} total={total} />
        </Group>
      )}
      {stale && (
        <Alert color="orange" role="alert" withCloseButton closeButtonLabel={t('common.close')} onClose={() => setStale(false)} mb="sm" data-stale>
          {t('importReview.decisions.stale')}
        </Alert>
      )}
      {items.length === 0 ? (
        <Text c="dimmed">{t('importReview.decisions.empty')}</Text>
      ) : (
        <Stack component="ol" gap="md" p={0} m={0} style={{ listStyle: 'none' }} aria-labelledby="decisions-count">
          {items.map((item) => (
            <DecisionCard key={item.recordId} item={item} split={splits[item.recordId]} onSplit={onSplit} onError={onError} />
          ))}
        </Stack>
      )}
      <ListPager offset={offset} shown={items.length} total={total} pageSize={REVIEW_PAGE_SIZE} onChange={turn} label={t('importReview.pages')} />
    </section>
  );
}

/** A decided or score-linked row: who placed it, when and with whom, the row beside the person, and for a link, the split. */
function DecisionCard({
  item,
  split,
  onSplit,
  onError,
}: {
  item: DecisionItem;
  split?: ReviewDecision;
  onSplit: (d: ReviewDecision) => void;
  onError: (e: unknown) => void;
}) {
  const { t } = useTranslation();
  const lang = useLang();
  const { confirming, setConfirming, undo } = useSplit(item.recordId, onSplit, onError);
  const result = useRef<HTMLDivElement>(null);
  // The split button is gone once the split lands: its result takes the focus, and is read out.
  useEffect(() => {
    if (split) result.current?.focus();
  }, [split]);
  const percent = new Intl.NumberFormat(lang === 'en' ? 'en-GB' : 'th-TH', { style: 'percent', maximumFractionDigits: 0 });
  const person = item.person;
  const name = person?.name ?? t('importReview.decisions.personHidden');
  const at = formatDateTime(item.at, lang);
  const by = item.decidedBy ?? t('importReview.decisions.unknownReviewer');
  const what =
    item.kind === 'scored'
      ? t('importReview.decisions.scoredLinked', { name, at })
      : item.status === 'linked'
        ? t('importReview.decisions.reviewedLinked', { by, name, at })
        : t('importReview.decisions.reviewedNew', { by, at });
  const titleId = `decision-${item.recordId}`;
  const personId = split?.personId ?? item.personId;
  return (
    <Card
      component="li"
      withBorder
      padding="md"
      aria-labelledby={titleId}
      data-decision={item.recordId}
      data-record-key={item.recordKey}
      data-kind={item.kind}
      data-status={split ? 'split' : item.status}
    >
      <Group justify="space-between" align="flex-start" gap="xs" mb={4} wrap="nowrap">
        <Title order={3} size="h5" id={titleId} style={{ overflowWrap: 'anywhere', minWidth: 0 }}>
          {t('importReview.rowTitle', { source: item.sourceName, key: item.recordKey })}
        </Title>
        <Badge variant="light" color={item.kind === 'scored' ? 'grape' : 'blue'} style={{ flexShrink: 0 }}>
          {t(`importReview.decisions.kinds.${item.kind}`)}
        </Badge>
      </Group>
      <Stack gap="sm">
        <Origin origin={item} />
        <Text size="sm" style={{ overflowWrap: 'anywhere' }} data-what>
          {what}
          {item.status === 'linked' && person?.probability != null && ` (${t('importReview.probability', { percent: percent.format(person.probability) })})`}
        </Text>
        {item.status === 'linked' && person ? (
          <Comparison row={item.row} person={person} evidence={person.evidence} />
        ) : (
          <Text size="sm" c="dimmed" style={{ overflowWrap: 'anywhere' }}>
            {t('importReview.inFile')}: {item.row.name || t('common.none')}
          </Text>
        )}
        {split && (
          <Alert ref={result} tabIndex={-1} role="status" color="gray" data-result>
            {t('importReview.splitDone')}
          </Alert>
        )}
        <Group justify="space-between" gap="sm" wrap="wrap">
          {personId && (person || split) ? (
            <AnchorLink to="/persons/$id" params={{ id: personId }}>
              {t('importReview.viewPerson')}
            </AnchorLink>
          ) : (
            <span />
          )}
          {item.status === 'linked' && !split && (
            <Button
              variant="light"
              color="red"
              onClick={() => setConfirming(true)}
              aria-label={t('importReview.decisions.splitLabel', { key: item.recordKey, name })}
            >
              {t('importReview.undo')}
            </Button>
          )}
        </Group>
      </Stack>
      <ConfirmDialog
        opened={confirming}
        title={t('importReview.undoTitle', { name })}
        message={t('importReview.undoConfirm', { name })}
        confirmLabel={t('importReview.undo')}
        onConfirm={() => undo.mutate()}
        onClose={() => !undo.isPending && setConfirming(false)}
        loading={undo.isPending}
      />
    </Card>
  );
}
