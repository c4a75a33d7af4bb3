import { formatDateTime } from '@carehub/core';
import { Alert, Badge, Button, Card, Group, Progress, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { ErrorAlert } from '../../components/ErrorAlert';
import { notifyError, notifySuccess } from '../../components/feedback';
import { Loading } from '../../components/Loading';
import { ButtonLink } from '../../components/links';
import { useLang } from '../../i18n';
import {
  type BatchStatus,
  batchError,
  type ImportBatch,
  type ImportResult,
  importPercent,
  type RowsWithReasons,
  rejectionsHref,
  rejectionsQuery,
  rollbackBatch,
} from './api';

/** Rows of a rejected-rows list shown on screen; the downloads have them all. */
const SHOWN_REJECTIONS = 100;

export function StatusBadge({ status }: { status: BatchStatus }) {
  const { t } = useTranslation();
  const color = status === 'done' ? 'teal' : status === 'failed' ? 'red' : status === 'rolled_back' ? 'gray' : 'blue';
  return (
    <Badge color={color} variant="light" data-batch-status={status}>
      {t(`imports.status.${status}`)}
    </Badge>
  );
}

/** What became of a file's rows: accepted (linked to a known person, a new person, or to review), unchanged, rejected. */
function Counts({ batch, compact = false }: { batch: ImportBatch; compact?: boolean }) {
  const { t } = useTranslation();
  const lang = useLang();
  const items = [
    { key: 'total', value: batch.total },
    { key: 'accepted', value: batch.accepted },
    { key: 'linked', value: batch.linked, sub: true },
    { key: 'created', value: batch.created, sub: true },
    { key: 'review', value: batch.review, sub: true },
    { key: 'unchanged', value: batch.unchanged },
    { key: 'rejected', value: batch.rejected },
  ] as const;
  return (
    <SimpleGrid component="dl" cols={compact ? { base: 2, xs: 4, md: 7 } : { base: 2, sm: 4, md: 7 }} spacing="xs" verticalSpacing="xs" m={0}>
      {items.map((it) => (
        <div key={it.key} data-count={it.key}>
          <Text component="dt" size="xs" c="dimmed">
            {'sub' in it ? `↳ ${t(`imports.counts.${it.key}`)}` : t(`imports.counts.${it.key}`)}
          </Text>
          <Text
            component="dd"
            m={0}
            fw={'sub' in it ? 400 : 600}
            size={compact ? 'sm' : 'lg'}
            c={it.key === 'rejected' && it.value > 0 ? 'red.8' : undefined}
            data-value={it.value}
          >
            {it.value.toLocaleString(lang === 'en' ? 'en-GB' : 'th-TH')}
          </Text>
        </div>
      ))}
    </SimpleGrid>
  );
}

/** The pass a running import is in, with a bar that fills as it goes (indeterminate while it counts the rows). */
export function ImportProgress({ batch }: { batch: ImportBatch }) {
  const { t } = useTranslation();
  const lang = useLang();
  const percent = importPercent(batch);
  const p = batch.progress;
  const n = (x: number | undefined) => (x ?? 0).toLocaleString(lang === 'en' ? 'en-GB' : 'th-TH');
  const label =
    p.phase === 'reading'
      ? t('imports.phase.reading', { done: n(p.read), total: n(batch.total) })
      : p.phase === 'matching'
        ? t('imports.phase.matching', { done: n(p.matched), total: n(p.toMatch) })
        : t('imports.phase.counting');
  const id = `progress-${batch.id}`;
  return (
    <>
      <Text fw={500} mb="xs" id={id}>
        {label}
      </Text>
      <Progress.Root size="lg">
        {percent === null ? (
          <Progress.Section value={100} animated withAria={false} role="progressbar" aria-labelledby={id} aria-busy />
        ) : (
          <Progress.Section
            value={percent}
            withAria={false}
            role="progressbar"
            aria-labelledby={id}
            aria-valuemin={0}
            aria-valuemax={100}
            aria-valuenow={percent}
          />
        )}
      </Progress.Root>
    </>
  );
}

/** The answer to an upload; for a file imported before, says that nothing changed and shows that import. */
export function BatchSummary({ result }: { result: ImportResult }) {
  const { t } = useTranslation();
  const lang = useLang();
  return (
    <Card withBorder padding="md" component="section" aria-labelledby="summary-title" data-import-summary={result.id} data-repeated={result.repeated}>
      <Title order={2} size="h4" id="summary-title" mb="sm">
        {result.repeated ? t('imports.repeatedTitle') : t('imports.summaryTitle', { file: result.fileName })}
      </Title>
      {result.repeated && (
        <Alert color="blue" mb="sm" data-repeated-notice>
          {t('imports.repeated', { file: result.fileName, at: formatDateTime(result.startedAt, lang) })}
        </Alert>
      )}
      <Counts batch={result} />
      {result.status === 'done' && result.review > 0 && (
        <ButtonLink to="/imports/review" search={{ source: result.source }} variant="light" mt="sm" data-review-link>
          {t('importReview.reviewNow', { count: result.review })}
        </ButtonLink>
      )}
    </Card>
  );
}

function DownloadLinks({ batch, which = 'rejected' }: { batch: ImportBatch; which?: RowsWithReasons }) {
  const { t } = useTranslation();
  return (
    <Group gap="xs">
      <Button component="a" href={rejectionsHref(batch.id, 'csv', which)} download variant="default" size="xs">
        {t('imports.downloadCsv')}
      </Button>
      <Button component="a" href={rejectionsHref(batch.id, 'xlsx', which)} download variant="default" size="xs">
        {t('imports.downloadXlsx')}
      </Button>
    </Group>
  );
}

/**
 * A batch's rejected rows (or, `warned`, the rows it took with a warning) with their reasons in the
 * user's language, to fix in the file and import again.
 */
export function RejectedRows({ batch, which = 'rejected' }: { batch: ImportBatch; which?: RowsWithReasons }) {
  const { t } = useTranslation();
  const lang = useLang();
  const rows = useQuery(rejectionsQuery(batch.id, which));
  const warned = which === 'warned';
  const titleId = `${which}-title`;
  return (
    <Card
      withBorder
      padding="md"
      component="section"
      aria-labelledby={titleId}
      data-rejections={warned ? undefined : batch.id}
      data-warnings={warned ? batch.id : undefined}
    >
      <Group justify="space-between" align="flex-start" gap="sm" mb="xs">
        <Title order={2} size="h4" id={titleId}>
          {warned ? t('imports.warnedTitle', { count: batch.warned }) : t('imports.rejectedTitle', { count: batch.rejected })}
        </Title>
        <DownloadLinks batch={batch} which={which} />
      </Group>
      <Text size="sm" c="dimmed" mb="sm">
        {warned ? t('imports.warnedHelp') : t('imports.rejectedHelp')}
      </Text>
      {rows.isPending ? (
        <Loading />
      ) : rows.isError ? (
        <ErrorAlert error={rows.error} onRetry={() => rows.refetch()} />
      ) : (
        <>
          <Stack component="ol" gap="xs" p={0} m={0} style={{ listStyle: 'none' }} aria-labelledby={titleId}>
            {rows.data.slice(0, SHOWN_REJECTIONS).map((r) => (
              <Card key={`${r.row}|${r.recordKey}`} component="li" withBorder padding="xs" radius="sm" data-rejected-row={r.row}>
                <Text fw={600} size="sm">
                  {t('imports.row', { row: r.row })}
                  {r.recordKey.startsWith('row:') ? '' : ` · ${t('imports.recordKey', { key: r.recordKey })}`}
                </Text>
                <Text size="xs" c="dimmed" lineClamp={1} style={{ overflowWrap: 'anywhere' }}>
                  {Object.values(r.cells).filter(Boolean).slice(0, 5).join(' · ')}
                </Text>
                <Stack component="ul" gap={2} mt={4} pl="md" m={0}>
                  {r.reasons.map((x) => (
                    <Text component="li" key={`${x.path}|${x.message_en}`} size="sm" c={warned ? 'orange.9' : 'red.8'} data-reason={x.path}>
                      {lang === 'en' ? x.message_en : x.message_th}
                    </Text>
                  ))}
                </Stack>
              </Card>
            ))}
          </Stack>
          {rows.data.length > SHOWN_REJECTIONS && (
            <Text size="sm" c="dimmed" mt="xs">
              {t('imports.moreRejected', { shown: SHOWN_REJECTIONS, count: rows.data.length })}
            </Text>
          )}
        </>
      )}
    </Card>
  );
}

/** A source's imports, newest first, with the rejected rows to download and a rollback of the latest. */
export function BatchHistory({ batches }: { batches: ImportBatch[] }) {
  const { t } = useTranslation();
  const lang = useLang();
  const queryClient = useQueryClient();
  const [confirming, setConfirming] = useState<ImportBatch | null>(null);
  // Only a source's latest completed import can be undone (the server says so too).
  const latestDone = batches.find((b) => b.status === 'done');
  const rollback = useMutation({
    mutationFn: (b: ImportBatch) => rollbackBatch(b.id),
    onSuccess: (r) => {
      setConfirming(null);
      notifySuccess(t('imports.rollbackDone', { removed: r.personsRemoved, kept: r.personsKept }));
    },
    onError: (e) => {
      setConfirming(null);
      notifyError(e);
    },
    onSettled: () => {
      void queryClient.invalidateQueries({ queryKey: ['imports'] });
      void queryClient.invalidateQueries({ queryKey: ['persons'] });
    },
  });

  if (batches.length === 0) return <Text c="dimmed">{t('imports.noBatches')}</Text>;
  return (
    <>
      <Stack component="ul" gap="sm" p={0} m={0} style={{ listStyle: 'none' }} aria-labelledby="history-title">
        {batches.map((b) => (
          <Card key={b.id} component="li" withBorder padding="sm" data-batch={b.id} data-status={b.status}>
            <Group justify="space-between" align="flex-start" gap="xs" mb="xs" wrap="nowrap">
              <div style={{ minWidth: 0 }}>
                <Text fw={600} style={{ overflowWrap: 'anywhere' }}>
                  {b.fileName}
                </Text>
                <Text size="xs" c="dimmed">
                  {formatDateTime(b.startedAt, lang)}
                </Text>
              </div>
              <StatusBadge status={b.status} />
            </Group>
            <Counts batch={b} compact />
            {b.status === 'running' && (
              <Stack gap={0} mt="xs" data-batch-progress={b.progress.phase ?? 'counting'}>
                <ImportProgress batch={b} />
              </Stack>
            )}
            {b.status === 'failed' && (
              <Text size="sm" c="red.8" mt="xs">
                {t('imports.failed', { reason: batchError(b.error, lang) })}
              </Text>
            )}
            {(b.id === latestDone?.id || (b.rejected > 0 && b.status === 'done')) && (
              <Group gap="xs" mt="sm" wrap="wrap">
                {b.rejected > 0 && b.status === 'done' && <DownloadLinks batch={b} />}
                {b.id === latestDone?.id && (
                  <Button size="xs" variant="light" color="red" onClick={() => setConfirming(b)}>
                    {t('imports.rollback')}
                  </Button>
                )}
              </Group>
            )}
          </Card>
        ))}
      </Stack>
      <ConfirmDialog
        opened={!!confirming}
        title={t('imports.rollbackTitle', { file: confirming?.fileName ?? '' })}
        message={t('imports.rollbackConfirm')}
        confirmLabel={t('imports.rollback')}
        onConfirm={() => confirming && rollback.mutate(confirming)}
        onClose={() => !rollback.isPending && setConfirming(null)}
        loading={rollback.isPending}
      />
    </>
  );
}
