import { AUDIT_ACTION_LABELS, auditActionLabel, auditSubjectLabel, formatDateTime } from '@carehub/core';
import { Anchor, Button, Checkbox, Group, Paper, Select, SimpleGrid, Stack, Text, TextInput, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { DateField } from '../../components/DateFields';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Loading } from '../../components/Loading';
import { AnchorLink } from '../../components/links';
import { PageHeader } from '../../components/PageHeader';
import { Pager } from '../../components/Pager';
import { RecordList } from '../../components/RecordList';
import { useLang } from '../../i18n';
import { AreaName } from '../areas/AreaName';
import { type AuditFilters, auditQuery } from './api';
import { detailsInWords } from './words';

const EMPTY = { action: null as string | null, actor: '', subjectId: '', from: '', to: '' };

export function AuditPage() {
  const { t, i18n } = useTranslation();
  const lang = useLang();
  const [draft, setDraft] = useState(EMPTY);
  const [filters, setFilters] = useState<AuditFilters>({ summarise: true });
  const [page, setPage] = useState(1);
  const events = useQuery(auditQuery(filters, page));

  const actionOptions = Object.keys(AUDIT_ACTION_LABELS)
    .map((a) => ({ value: a, label: auditActionLabel(a, lang) }))
    .sort((a, b) => a.label.localeCompare(b.label, lang));
  const words = {
    label: (k: string) => (i18n.exists(`audit.details.${k}`) ? (t(`audit.details.${k}` as 'audit.details.count') as string) : k),
    yes: t('audit.detailsYes'),
    no: t('audit.detailsNo'),
    items: (count: number) => t('audit.items', { count }),
  };

  function apply(e: FormEvent) {
    e.preventDefault();
    setFilters({
      summarise: filters.summarise,
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
    setFilters({ summarise: filters.summarise, subjectId });
    setPage(1);
  }

  function reset() {
    setDraft(EMPTY);
    setFilters({ summarise: filters.summarise });
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
        <Checkbox
          mt="md"
          label={t('audit.summarise')}
          checked={filters.summarise ?? true}
          onChange={(e) => {
            const summarise = e.currentTarget.checked;
            setFilters((f) => ({ ...f, summarise }));
            setPage(1);
          }}
        />
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
                    <span title={e.action}>{auditActionLabel(e.action, lang)}</span>
                    {e.count > 1 && (
                      <Text span size="xs" c="dimmed">
                        {t('audit.times', { count: e.count, from: formatDateTime(e.firstAt, lang), to: formatDateTime(e.at, lang) })}
                      </Text>
                    )}
                  </Stack>
                ),
              },
              { key: 'at', header: t('audit.at'), render: (e) => <span style={{ whiteSpace: 'nowrap' }}>{formatDateTime(e.at, lang)}</span> },
              {
                key: 'actor',
                header: t('audit.actor'),
                render: (e) =>
                  e.actorUsername ? (
                    <Stack gap={0} component="span">
                      <span>{e.actorName ?? e.actorUsername}</span>
                      {e.actorName && (
                        <Text span size="xs" c="dimmed">
                          {e.actorUsername}
                        </Text>
                      )}
                    </Stack>
                  ) : (
                    t('audit.system')
                  ),
              },
              {
                key: 'subject',
                header: t('audit.subject'),
                render: (e) =>
                  e.subjectId ? (
                    <Stack gap={0} component="span" align="flex-start">
                      <Text span size="sm">
                        {e.subjectType ? auditSubjectLabel(e.subjectType, lang) : null}
                        {e.subjectName && ': '}
                        {e.subjectName && e.subjectType === 'person' ? (
                          <AnchorLink to="/persons/$id" params={{ id: e.subjectId }}>
                            {e.subjectName}
                          </AnchorLink>
                        ) : (
                          e.subjectName
                        )}
                      </Text>
                      <Anchor
                        component="button"
                        type="button"
                        size="xs"
                        title={`${t('audit.filterBySubject')}: ${e.subjectId}`}
                        onClick={() => filterBySubject(e.subjectId!)}
                      >
                        {t('audit.filterBySubject')}
                      </Anchor>
                    </Stack>
                  ) : e.subjectType ? (
                    auditSubjectLabel(e.subjectType, lang)
                  ) : (
                    t('common.none')
                  ),
              },
              { key: 'area', header: t('audit.area'), render: (e) => (e.areaCode ? <AreaName code={e.areaCode} /> : t('common.none')) },
              { key: 'ip', header: t('audit.ip'), render: (e) => e.ip ?? t('common.none') },
              { key: 'purpose', header: t('audit.purpose'), render: (e) => e.purpose ?? t('common.none') },
              {
                key: 'details',
                header: t('common.details'),
                render: (e) => {
                  const phrases = detailsInWords(e.details, words);
                  return phrases.length ? (
                    <Stack gap={0} component="span" style={{ overflowWrap: 'anywhere' }}>
                      {phrases.map((p) => (
                        <Text span size="xs" key={p}>
                          {p}
                        </Text>
                      ))}
                    </Stack>
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
