import { type Answers, InstrumentDefinition, scoreResponse } from '@carehub/core';
import { Alert, Badge, Button, Grid, Group, List, Select, Stack, Text, Textarea, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, post } from '../../api';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { ErrorAlert } from '../../components/ErrorAlert';
import { notifyError, notifySuccess } from '../../components/feedback';
import { Loading } from '../../components/Loading';
import { PageHeader } from '../../components/PageHeader';
import { pick, useLang } from '../../i18n';
import { AssessmentForm } from './AssessmentForm';
import { instrumentsQuery } from './api';
import { ResultPanel } from './ResultPanel';

type Check = { ok: boolean; nextVersion: number | null; issues: Array<{ path: string; message: string }> };

/**
 * The instrument editor: start from a published definition (or a blank one), edit its JSON, see
 * the schema's problems and a working preview as you type, have the server check it, then publish
 * it as the next version. Published versions never change; responses keep the version they used.
 */
export function InstrumentsAdminPage() {
  const { t } = useTranslation();
  const lang = useLang();
  const qc = useQueryClient();
  const instruments = useQuery(instrumentsQuery);
  const [text, setText] = useState('');
  const [serverCheck, setServerCheck] = useState<Check | null>(null);
  const [confirm, setConfirm] = useState(false);
  const [answers, setAnswers] = useState<Answers>({});

  const local = useMemo(() => {
    if (!text.trim()) return null;
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (e) {
      return { ok: false as const, issues: [{ path: '', message: `JSON: ${(e as Error).message}` }] };
    }
    const r = InstrumentDefinition.safeParse(json);
    return r.success
      ? { ok: true as const, definition: r.data }
      : { ok: false as const, issues: r.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })) };
  }, [text]);

  const check = useMutation({
    mutationFn: () => post<Check>('/api/instruments/check', JSON.parse(text)),
    onSuccess: setServerCheck,
    onError: (e) => {
      const issues =
        e instanceof ApiError && e.code === 'instrument.invalid' ? (e.body.details as { issues?: Check['issues'] } | undefined)?.issues : undefined;
      if (issues) setServerCheck({ ok: false, nextVersion: null, issues });
      else notifyError(e);
    },
  });
  const publish = useMutation({
    mutationFn: () => post<{ code: string; version: number; recalled: number }>('/api/instruments', JSON.parse(text)),
    onSuccess: (r) => {
      notifySuccess(t('instruments.published', { code: r.code, version: r.version }));
      // Changed alerts: the persons the previous version let through now each have a review task.
      if (r.recalled > 0) notifySuccess(t('instruments.recalled', { count: r.recalled }));
      setConfirm(false);
      setServerCheck(null);
      void qc.invalidateQueries({ queryKey: ['instruments'] });
    },
    onError: (e) => {
      setConfirm(false);
      notifyError(e);
    },
  });

  if (instruments.isPending) return <Loading />;
  if (instruments.isError) return <ErrorAlert error={instruments.error} onRetry={() => instruments.refetch()} />;

  return (
    <>
      <PageHeader title={t('instruments.title')} />
      <Text mb="md">{t('instruments.intro')}</Text>
      <Group align="flex-end" mb="md">
        <Select
          label={t('instruments.startFrom')}
          placeholder={t('instruments.pick')}
          data={instruments.data.map((i) => ({
            value: i.code,
            label: `${pick(i.title, lang)} · v${i.version}${i.verified ? '' : ` · ${t('instruments.unverified')}`}`,
          }))}
          onChange={(code) => {
            const found = instruments.data.find((i) => i.code === code);
            if (found) setText(JSON.stringify(found.definition, null, 2));
            setServerCheck(null);
            setAnswers({});
          }}
          searchable
          w={420}
          maw="100%"
        />
      </Group>
      <Grid gap="lg">
        <Grid.Col span={{ base: 12, md: 6 }}>
          <Textarea
            label={t('instruments.json')}
            value={text}
            onChange={(e) => {
              setText(e.currentTarget.value);
              setServerCheck(null);
            }}
            autosize
            minRows={16}
            maxRows={40}
            spellCheck={false}
            styles={{ input: { fontFamily: 'ui-monospace, monospace', fontSize: 13 } }}
          />
          {local && !local.ok && (
            <Alert color="red" mt="sm" title={t('instruments.problems')}>
              <List size="sm">
                {local.issues.slice(0, 30).map((i) => (
                  <List.Item key={`${i.path}:${i.message}`}>
                    <code>{i.path || '—'}</code> {i.message}
                  </List.Item>
                ))}
              </List>
            </Alert>
          )}
          <Group mt="sm">
            <Button variant="default" disabled={!local?.ok} onClick={() => check.mutate()} loading={check.isPending}>
              {t('instruments.check')}
            </Button>
            <Button disabled={!serverCheck?.ok} onClick={() => setConfirm(true)}>
              {serverCheck?.nextVersion ? t('instruments.publishAs', { version: serverCheck.nextVersion }) : t('instruments.publish')}
            </Button>
          </Group>
          {serverCheck && (
            <Text size="sm" mt="xs" c={serverCheck.ok ? 'teal.8' : 'red.8'}>
              {serverCheck.ok
                ? t('instruments.checkedOk', { version: serverCheck.nextVersion })
                : t('instruments.checkedBad', { count: serverCheck.issues.length })}
            </Text>
          )}
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 6 }}>
          <Title order={3} size="h4" mb="xs">
            {t('instruments.preview')}
          </Title>
          {local?.ok ? (
            <Stack gap="sm" data-preview>
              <Group gap={6}>
                <Text fw={600}>{pick(local.definition.title, lang)}</Text>
                {!local.definition.source.verified && <Badge color="yellow">{t('instruments.unverified')}</Badge>}
              </Group>
              <ResultPanel definition={local.definition} result={scoreResponse(local.definition, answers)} live />
              <AssessmentForm definition={local.definition} answers={answers} onChange={setAnswers} />
            </Stack>
          ) : (
            <Text c="dimmed">{t('instruments.previewEmpty')}</Text>
          )}
        </Grid.Col>
      </Grid>
      <ConfirmDialog
        opened={confirm}
        title={t('instruments.publishConfirmTitle')}
        message={t('instruments.publishConfirmBody', { version: serverCheck?.nextVersion ?? '' })}
        confirmLabel={t('instruments.publish')}
        danger={false}
        loading={publish.isPending}
        onConfirm={() => publish.mutate()}
        onClose={() => setConfirm(false)}
      />
    </>
  );
}
