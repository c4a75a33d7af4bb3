import { formatDateTime } from '@carehub/core';
import { Anchor, Button, Code, Group, Paper, Select, SimpleGrid, Stack, Text, TextInput, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { DateField } from '../../components/DateFields';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Loading } from '../../components/Loading';
import { PageHeader } from '../../components/PageHeader';
import { Pager } from '../../components/Pager';
import { RecordList } from '../../components/RecordList';
import { useLang } from '../../i18n';
import { AreaName } from '../areas/AreaName';
import { AUDIT_ACTIONS, type AuditFilters, auditQuery } from './api';

const EMPTY = { action: null as string | null, actor: '', subjectId: '', from: '', to: '' };

function compact(details: unknown): string | null {
  if (details === null || details === undefined) return null;
  if (typeof details === 'object' && Object.keys(details as object).length === 0) return null;
  const s = JSON.stringify(details);
  return s.length > 160 ? `${s.slice(0, 157)}…` : s;
}

export function AuditPage() {
  const { t, i18n } = useTranslation();
  const lang = useLang();
  const [draft, setDraft] = useState(EMPTY);
  const [filters, setFilters] = useState<AuditFilters>({});
  const [page, setPage] = useState(1);
  const events = useQuery(auditQuery(filters, page));

  const actionLabel = (a: string) => {
    const key = `audit.actions.${a.replace(/\./g, '_')}`;
    return i18n.exists(key) ? (t(key as 'audit.actions.auth_login') as string) : a;
  };
  const actionOptions = AUDIT_ACTIONS.map((a) => ({ value: a, label: `${actionLabel(a)} (${a})` }));

  function apply(e: FormEvent) {
    e.preventDefault();
    setFilters({
      action: draft.action ?? undefined,
      actor: draft.actor.trim() || undefined,
      subjectId: draft.subjectId.trim() || undefined,
      from: draft.from || undefined,
      to: draft.to || undefined,
    });
    setPage(1);
  }

  function filterBySubject(subjectId: string) {
    setDraft({ ...EMPTY, subjectId });
    setFilters({ subjectId });
    setPage(1);
  }

  function reset() {
    setDraft(EMPTY);
    setFilters({});
    setPage(1);
  }

  return (
    <>
      <PageHeader title={t('audit.title')} />
      <Paper withBorder p="md" radius="md" mb="md" component="form" onSubmit={apply} aria-labelledby="audit-filters">
        <Title order={2} size="h5" id="audit-filters" mb="sm">
          {t('audit.filters')}
        </Title>
        <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }} spacing="sm">
          <Select
            label={t('audit.action')}
            placeholder={t('audit.allActions')}
            data={actionOptions}
            value={draft.action}
            onChange={(v) => setDraft((d) => ({ ...d, action: v }))}
            clearable
            clearButtonProps={{ 'aria-label': t('common.clear') }}
            searchable
          />
          <TextInput
            label={t('audit.actor')}
            value={draft.actor}
            onChange={(e) => {
              const v = e.currentTarget.value;
              setDraft((d) => ({ ...d, actor: v }));
            }}
            autoComplete="off"
            autoCapitalize="none"
            spellCheck={false}
          />
          <TextInput
            label={t('audit.subjectId')}
            value={draft.subjectId}
            onChange={(e) => {
              const v = e.currentTarget.value;
              setDraft((d) => ({ ...d, subjectId: v }));
            }}
            autoComplete="off"
            spellCheck={false}
          />
          <DateField label={t('audit.from')} value={draft.from} maxDate={draft.to} onChange={(from) => setDraft((d) => ({ ...d, from }))} />
          <DateField label={t('audit.to')} value={draft.to} minDate={draft.from} onChange={(to) => setDraft((d) => ({ ...d, to }))} />
        </SimpleGrid>
        <Group gap="sm" mt="md">
          <Button type="submit">{t('audit.apply')}</Button>
          <Button variant="default" onClick={reset}>
            {t('audit.reset')}
          </Button>
        </Group>
      </Paper>
      {events.isPending ? (
        <Loading />
      ) : events.isError ? (
        <ErrorAlert error={events.error} onRetry={() => events.refetch()} />
      ) : (
        <div aria-busy={events.isPlaceholderData}>
          <RecordList
            caption={t('audit.title')}
            rows={events.data.items}
            rowKey={(e) => e.id}
            minWidth={1000}
            columns={[
              {
                key: 'action',
                header: t('audit.action'),
                primary: true,
                render: (e) => (
                  <Stack gap={0} component="span">
                    <span>{actionLabel(e.action)}</span>
                    <Text span size="xs" c="dimmed" ff="monospace">
                      {e.action}
                    </Text>
                  </Stack>
                ),
              },
              { key: 'at', header: t('audit.at'), render: (e) => <span style={{ whiteSpace: 'nowrap' }}>{formatDateTime(e.at, lang)}</span> },
              { key: 'actor', header: t('audit.actor'), render: (e) => e.actorUsername ?? t('audit.system') },
              {
                key: 'subject',
                header: t('audit.subject'),
                render: (e) =>
                  e.subjectId ? (
                    <Stack gap={0} component="span" align="flex-start">
                      <Text span size="sm">
                        {e.subjectType}
                      </Text>
                      <Anchor
                        component="button"
                        type="button"
                        size="xs"
                        ff="monospace"
                        title={`${t('audit.filterBySubject')}: ${e.subjectId}`}
                        onClick={() => filterBySubject(e.subjectId!)}
                      >
                        {e.subjectId.length > 12 ? `${e.subjectId.slice(0, 8)}…` : e.subjectId}
                      </Anchor>
                    </Stack>
                  ) : (
                    (e.subjectType ?? t('common.none'))
                  ),
              },
              { key: 'area', header: t('audit.area'), render: (e) => (e.areaCode ? <AreaName code={e.areaCode} /> : t('common.none')) },
              { key: 'ip', header: t('audit.ip'), render: (e) => e.ip ?? t('common.none') },
              { key: 'purpose', header: t('audit.purpose'), render: (e) => e.purpose ?? t('common.none') },
              {
                key: 'details',
                header: t('common.details'),
                render: (e) => {
                  const d = compact(e.details);
                  return d ? (
                    <Code style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }} title={JSON.stringify(e.details)}>
                      {d}
                    </Code>
                  ) : (
                    t('common.none')
                  );
                },
              },
            ]}
          />
          <Pager page={events.data.page} pageSize={events.data.pageSize} total={events.data.total} onChange={setPage} />
        </div>
      )}
    </>
  );
}
