import { Alert, Button, Card, FileInput, Group, Progress, Select, Stack, Text, Title } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { useCallback, useEffect, useState } from 'react';
import { flushSync } from 'react-dom';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Loading } from '../../components/Loading';
import { ButtonLink } from '../../components/links';
import { PageHeader } from '../../components/PageHeader';
import { useLang } from '../../i18n';
import { useMe } from '../auth/api';
import {
  batchError,
  batchesQuery,
  batchQuery,
  type ImportBatch,
  type ImportResult,
  type ImportSource,
  importFile,
  isBatch,
  isCsvFile,
  previewQuery,
  sourcesQuery,
  type TextEncoding,
} from './api';
import { BatchHistory, BatchSummary, ImportProgress, RejectedRows } from './Batches';
import { EncodingSelect } from './EncodingSelect';
import { MappingEditor } from './MappingEditor';

type Run =
  | { phase: 'idle' }
  | { phase: 'upload'; loaded: number; total: number }
  | { phase: 'processing' }
  | { phase: 'running'; batchId: string }
  | { phase: 'done'; result: ImportResult }
  | { phase: 'error'; error: unknown };

/**
 * A data steward imports an agency's list: picks the source (its saved column mapping), maps the
 * columns from a sample file when there is no mapping yet, uploads the file with a progress bar, reads
 * the summary and the rejected rows at once, and can undo the source's latest import. The import runs
 * on the server in the background: its progress shows live here and in the history, even after the page
 * was left and opened again.
 */
export function ImportsPage({ source: chosen }: { source?: string }) {
  const { t } = useTranslation();
  const me = useMe();
  const navigate = useNavigate();
  const sources = useQuery(sourcesQuery);
  const admin = me.role === 'system_admin' || me.role === 'province_admin';
  const [file, setFile] = useState<File | null>(null);
  // A new file is read as found again, until the user chooses another encoding for it.
  const [encoding, setEncoding] = useState<TextEncoding | null>(null);
  const [editor, setEditor] = useState<'new' | 'edit' | null>(null);

  const list = (sources.data ?? []).filter((s) => s.mine || admin);
  const source = list.find((s) => s.code === chosen) ?? (chosen ? undefined : list.find((s) => s.mine));
  const choose = (code: string | null) => {
    setEditor(null);
    void navigate({ to: '/imports', search: code ? { source: code } : {}, replace: true });
  };

  return (
    <>
      <PageHeader title={t('imports.title')}>
        <Group gap="xs">
          <ButtonLink to="/imports/review" search={chosen ? { source: chosen } : {}} variant="light">
            {t('importReview.link')}
          </ButtonLink>
          <ButtonLink to="/imports/coverage" variant="light">
            {t('imports.coverageLink')}
          </ButtonLink>
        </Group>
      </PageHeader>
      <Text mb="md" maw={760}>
        {t('imports.intro')}
      </Text>
      {sources.isPending ? (
        <Loading />
      ) : sources.isError ? (
        <ErrorAlert error={sources.error} onRetry={() => sources.refetch()} />
      ) : (
        <Stack gap="lg">
          <Card withBorder padding="md" component="section" aria-label={t('imports.source')}>
            <Group align="flex-end" gap="sm" wrap="wrap">
              <Select
                label={t('imports.source')}
                placeholder={t('imports.sourcePlaceholder')}
                data={sourceOptions(list, t('imports.mySources'), t('imports.otherSources'))}
                value={editor === 'new' ? null : (source?.code ?? null)}
                onChange={choose}
                allowDeselect={false}
                disabled={editor === 'new'}
                nothingFoundMessage={t('imports.noSources')}
                style={{ flex: '1 1 320px' }}
              />
              {editor !== 'new' && (
                <Button variant="default" onClick={() => setEditor('new')}>
                  {t('imports.newSource')}
                </Button>
              )}
              {source && editor === null && source.mapping && (
                <Button variant="default" onClick={() => setEditor('edit')}>
                  {t('imports.editMapping')}
                </Button>
              )}
            </Group>
            {list.length === 0 && editor !== 'new' && (
              <Text c="dimmed" mt="sm">
                {t('imports.noSources')}
              </Text>
            )}
            {source && editor !== 'new' && (
              <Text size="sm" c="dimmed" mt="sm" data-source-info={source.code}>
                {t('imports.owner')}: {source.organisation} ·{' '}
                {source.mapping ? t('imports.mapped', { count: Object.keys(source.mapping.columns).length }) : t('imports.noMapping')}
              </Text>
            )}
            {source && !source.mine && editor !== 'new' && (
              <Alert color="blue" mt="sm">
                {t('imports.notMine', { organisation: source.organisation })}
              </Alert>
            )}
          </Card>

          <FileInput
            label={t('imports.file')}
            description={t('imports.fileHelp')}
            placeholder={t('imports.filePlaceholder')}
            accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            value={file}
            onChange={(f) => {
              setFile(f);
              setEncoding(null);
            }}
            clearable
            clearButtonProps={{ 'aria-label': t('common.clear') }}
            maw={560}
          />

          {editor === 'new' || (source && (editor === 'edit' || !source.mapping)) ? (
            <MappingEditor
              source={editor === 'new' ? null : (source ?? null)}
              file={file}
              encoding={encoding}
              onEncoding={setEncoding}
              me={me}
              admin={admin}
              onSaved={(saved) => choose(saved.code)}
              onCancel={editor ? () => setEditor(null) : undefined}
            />
          ) : null}

          {source?.mine && source.mapping && editor === null && (
            <SourceImports key={source.code} source={source} file={file} encoding={encoding} onEncoding={setEncoding} onEditMapping={() => setEditor('edit')} />
          )}
        </Stack>
      )}
    </>
  );
}

function sourceOptions(list: ImportSource[], mine: string, others: string) {
  const option = (s: ImportSource) => ({ value: s.code, label: s.mine ? s.name : `${s.name} (${s.organisation})` });
  const own = list.filter((s) => s.mine).map(option);
  const rest = list.filter((s) => !s.mine).map(option);
  if (!rest.length) return own;
  return [...(own.length ? [{ group: mine, items: own }] : []), { group: others, items: rest }];
}

/** Upload, its summary and rejected rows, and the source's history. */
function SourceImports({
  source,
  file,
  encoding,
  onEncoding,
  onEditMapping,
}: {
  source: ImportSource;
  file: File | null;
  encoding: TextEncoding | null;
  onEncoding: (e: TextEncoding | null) => void;
  onEditMapping: () => void;
}) {
  const { t } = useTranslation();
  const csv = isCsvFile(file);
  // What the server finds a CSV to be, named before the import starts (an Excel workbook has no choice to make).
  const found = useQuery({ ...previewQuery(file, null), enabled: csv && !encoding });
  const queryClient = useQueryClient();
  const [run, setRun] = useState<Run>({ phase: 'idle' });
  const busy = run.phase === 'upload' || run.phase === 'processing' || run.phase === 'running';

  async function start() {
    if (!file) return;
    setRun({ phase: 'upload', loaded: 0, total: file.size });
    try {
      const result = await importFile(
        source.code,
        file,
        {
          onProgress: (loaded, total) => setRun((r) => (r.phase === 'upload' ? { phase: 'upload', loaded, total } : r)),
          // Shown at once, even when the server answers a moment later: the bar never seems stuck at 100 %.
          onSent: () => flushSync(() => setRun({ phase: 'processing' })),
        },
        encoding,
      );
      setRun(result.status === 'running' ? { phase: 'running', batchId: result.id } : { phase: 'done', result });
    } catch (error) {
      setRun({ phase: 'error', error });
    }
    void queryClient.invalidateQueries({ queryKey: ['imports'] });
  }
  const finished = useCallback(
    (batch: ImportBatch) => {
      setRun(batch.status === 'done' ? { phase: 'done', result: { ...batch, repeated: false } } : { phase: 'error', error: batch });
      void queryClient.invalidateQueries({ queryKey: ['imports'] });
      void queryClient.invalidateQueries({ queryKey: ['persons'] });
    },
    [queryClient],
  );

  const result = run.phase === 'done' ? run.result : null;
  const batches = useQuery(batchesQuery(source.code));
  // The rejected rows shown at once: the file just imported's, else the latest import's (as the list now has it: it may have been rolled back).
  const focusId = result?.id ?? batches.data?.[0]?.id;
  const focus = batches.data?.find((b) => b.id === focusId) ?? result;
  return (
    <>
      {csv && <EncodingSelect detected={encoding ? undefined : found.data?.encoding} value={encoding} onChange={onEncoding} />}
      <Group gap="sm">
        <Button onClick={start} disabled={!file || busy} loading={busy}>
          {t('imports.import')}
        </Button>
      </Group>
      {(run.phase === 'upload' || run.phase === 'processing') && <UploadProgress run={run} />}
      {run.phase === 'running' && <RunningImport batchId={run.batchId} onFinished={finished} />}
      {run.phase === 'error' && <ImportError error={run.error} onEditMapping={onEditMapping} />}
      {result && <BatchSummary result={result} />}
      {focus && focus.status === 'done' && focus.rejected > 0 && <RejectedRows batch={focus} />}
      {focus && focus.status === 'done' && focus.warned > 0 && <RejectedRows batch={focus} which="warned" />}
      <section aria-labelledby="history-title">
        <Title order={2} size="h4" id="history-title" mb="sm">
          {t('imports.historyTitle')}
        </Title>
        {batches.isPending ? (
          <Loading />
        ) : batches.isError ? (
          <ErrorAlert error={batches.error} onRetry={() => batches.refetch()} />
        ) : (
          <BatchHistory batches={batches.data} />
        )}
      </section>
    </>
  );
}

function UploadProgress({ run }: { run: Extract<Run, { phase: 'upload' | 'processing' }> }) {
  const { t } = useTranslation();
  const percent = run.phase === 'upload' ? Math.min(100, Math.floor((run.loaded / Math.max(1, run.total)) * 100)) : 100;
  const label = run.phase === 'upload' ? t('imports.uploading', { percent }) : t('imports.processing');
  return (
    <Card withBorder padding="md" data-upload-phase={run.phase} aria-live="polite">
      <Text fw={500} mb="xs" id="upload-label">
        {label}
      </Text>
      <Progress.Root size="lg">
        {run.phase === 'upload' ? (
          <Progress.Section
            value={percent}
            withAria={false}
            role="progressbar"
            aria-labelledby="upload-label"
            aria-valuemin={0}
            aria-valuemax={100}
            aria-valuenow={percent}
          />
        ) : (
          // Indeterminate: the server does not say how far it has got.
          <Progress.Section value={100} animated withAria={false} role="progressbar" aria-labelledby="upload-label" aria-busy />
        )}
      </Progress.Root>
      {run.phase === 'processing' && (
        <Text size="sm" c="dimmed" mt="xs">
          {t('imports.processingHelp')}
        </Text>
      )}
    </Card>
  );
}

/** A started import, followed live (its progress events refetch the batch) until it ends. */
function RunningImport({ batchId, onFinished }: { batchId: string; onFinished: (b: ImportBatch) => void }) {
  const { t } = useTranslation();
  // Live events do the work; the slow poll only covers a browser whose event stream is down.
  const batch = useQuery({ ...batchQuery(batchId), refetchInterval: 5000 });
  const b = batch.data;
  useEffect(() => {
    if (b && b.status !== 'running') onFinished(b);
  }, [b, onFinished]);
  if (!b) return <UploadProgress run={{ phase: 'processing' }} />;
  return (
    <Card withBorder padding="md" data-upload-phase={b.progress.phase ?? 'counting'} aria-live="polite">
      <ImportProgress batch={b} />
      <Text size="sm" c="dimmed" mt="xs">
        {t('imports.runningHelp')}
      </Text>
    </Card>
  );
}

function ImportError({ error, onEditMapping }: { error: unknown; onEditMapping: () => void }) {
  const { t } = useTranslation();
  const lang = useLang();
  if (isBatch(error))
    return (
      <Alert color="red" role="alert" title={t('imports.failedTitle')} data-import-failed={error.id}>
        {t('imports.failed', { reason: batchError(error.error, lang) })}
      </Alert>
    );
  if (!(error instanceof ApiError) || (error.code !== 'import.columns_missing' && error.code !== 'import.mapping_required'))
    return <ErrorAlert error={error} />;
  const details = (error.body.details ?? {}) as { missing?: string[]; found?: string[] };
  return (
    <Alert color="red" role="alert" title={t('common.errorTitle')}>
      <Text>{error.text(lang)}</Text>
      {details.missing?.length ? <Text size="sm">{t('imports.columnsMissing', { columns: details.missing.join(', ') })}</Text> : null}
      {details.found?.length ? (
        <Text size="sm" c="dimmed">
          {t('imports.columnsFound', { columns: details.found.join(', ') })}
        </Text>
      ) : null}
      <Button variant="light" color="red" size="xs" mt="sm" onClick={onEditMapping}>
        {t('imports.editMapping')}
      </Button>
    </Alert>
  );
}
