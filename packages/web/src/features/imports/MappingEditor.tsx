import { IMPORT_FIELD_LABELS, IMPORT_FIELDS, type ImportField, ImportMapping } from '@carehub/core';
import { Alert, Button, Card, Group, Select, SimpleGrid, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../components/ErrorAlert';
import { notifySuccess } from '../../components/feedback';
import { check, useFieldErrors } from '../../components/forms';
import { Loading } from '../../components/Loading';
import { pick, useLang } from '../../i18n';
import type { Me } from '../auth/api';
import { allOrganisationsQuery, type ImportPreview, type ImportSource, isCsvFile, previewQuery, saveSource, sourcesQuery, type TextEncoding } from './api';
import { EncodingSelect } from './EncodingSelect';
import { initialMapping } from './mapping';
import { ValueMapEditor } from './ValueMapEditor';

const CODE = /^[a-z0-9_]{2,40}$/;
/** A sample cell longer than this is cut (remarks columns can hold pages). */
const CELL_CHARS = 80;
const shorten = (s: string) => (s.length > CELL_CHARS ? `${s.slice(0, CELL_CHARS)}…` : s);
/** The server's field paths, as this form shows them. */
const SERVER_PATHS = { 'mapping.columns.firstName': 'columns', 'mapping.columns': 'columns', mapping: 'columns' };

interface MappingEditorProps {
  /** The source whose mapping is edited; null to create a source. */
  source: ImportSource | null;
  file: File | null;
  /** The text encoding chosen for a CSV; null: as the server finds it. */
  encoding: TextEncoding | null;
  onEncoding: (e: TextEncoding | null) => void;
  me: Me;
  /** Administrators may name any organisation as a new source's owner. */
  admin: boolean;
  onSaved: (source: ImportSource) => void;
  onCancel?: () => void;
}

/** Which column of an agency's file holds which person field, read from a sample file the steward picks. */
export function MappingEditor({ source, file, encoding, onEncoding, me, admin, onSaved, onCancel }: MappingEditorProps) {
  const { t } = useTranslation();
  const preview = useQuery(previewQuery(file, encoding));
  return (
    <Card withBorder padding="md" component="section" aria-labelledby="mapping-title" data-mapping-editor={source?.code ?? 'new'}>
      <Title order={2} size="h4" id="mapping-title" mb="xs">
        {source ? `${t('imports.mapping.title')} · ${source.name}` : t('imports.mapping.newTitle')}
      </Title>
      {isCsvFile(file) && <EncodingSelect detected={encoding ? undefined : preview.data?.encoding} value={encoding} onChange={onEncoding} />}
      {!file ? (
        <Text c="dimmed">{t('imports.mapping.chooseFile')}</Text>
      ) : preview.isPending ? (
        <Loading />
      ) : preview.isError ? (
        <ErrorAlert error={preview.error} onRetry={() => preview.refetch()} />
      ) : (
        // A new file is a new form: its headers are what the selects offer.
        <MappingForm
          key={`${file.name}|${file.size}|${file.lastModified}|${encoding}`}
          source={source}
          preview={preview.data}
          me={me}
          admin={admin}
          onSaved={onSaved}
          onCancel={onCancel}
        />
      )}
    </Card>
  );
}

function MappingForm({
  source,
  preview,
  me,
  admin,
  onSaved,
  onCancel,
}: Omit<MappingEditorProps, 'file' | 'encoding' | 'onEncoding'> & { preview: ImportPreview & { partial: boolean } }) {
  const { t } = useTranslation();
  const lang = useLang();
  const queryClient = useQueryClient();
  const [mapping, setMapping] = useState(() => initialMapping(source?.mapping ?? null, preview.headers));
  const [code, setCode] = useState(source?.code ?? '');
  const [name, setName] = useState(source?.name ?? '');
  const [organisationId, setOrganisationId] = useState<string | null>(source?.organisationId ?? me.organisation.id);
  const { errors, setIssues, clear, fail } = useFieldErrors(SERVER_PATHS);
  const sources = useQuery(sourcesQuery);
  const organisations = useQuery({ ...allOrganisationsQuery, enabled: admin && !source });

  const save = useMutation({
    mutationFn: saveSource,
    onSuccess: (saved) => {
      queryClient.setQueryData(sourcesQuery.queryKey, (list) =>
        list ? [...list.filter((s) => s.code !== saved.code), saved].sort((a, b) => a.code.localeCompare(b.code)) : list,
      );
      void queryClient.invalidateQueries({ queryKey: sourcesQuery.queryKey });
      notifySuccess(t('imports.mapping.saved', { name: saved.name }));
      onSaved(saved);
    },
    onError: (e) => fail(e),
  });

  const options = preview.headers.map((h) => ({ value: h, label: h }));
  const setColumn = (field: ImportField, header: string | null) => {
    clear('columns');
    setMapping((m) => {
      const columns = { ...m.columns };
      if (header) columns[field] = header;
      else delete columns[field];
      return { ...m, columns };
    });
  };

  function submit(e: React.FormEvent) {
    e.preventDefault();
    const issues: Array<{ path: string; message_th: string; message_en: string }> = [];
    const trimmed = code.trim();
    if (!source) {
      if (!CODE.test(trimmed))
        issues.push({ path: 'code', message_th: t('imports.mapping.codeInvalid', { lng: 'th' }), message_en: t('imports.mapping.codeInvalid', { lng: 'en' }) });
      else if (sources.data?.some((s) => s.code === trimmed))
        issues.push({ path: 'code', message_th: t('imports.mapping.codeTaken', { lng: 'th' }), message_en: t('imports.mapping.codeTaken', { lng: 'en' }) });
    }
    if (!name.trim())
      issues.push({ path: 'name', message_th: t('imports.mapping.nameRequired', { lng: 'th' }), message_en: t('imports.mapping.nameRequired', { lng: 'en' }) });
    const checked = check(ImportMapping, mapping);
    // The name rule is about the full-name column or the first-name column: say it at both.
    for (const i of checked.issues) issues.push({ ...i, path: 'columns' });
    if (issues.length || !checked.data || !organisationId) {
      setIssues(issues);
      return;
    }
    save.mutate({ code: source?.code ?? trimmed, name: name.trim(), organisationId, mapping: checked.data });
  }

  const sample = preview.sample;
  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="md">
        <Text size="sm">{t('imports.mapping.intro')}</Text>
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
          {!source && (
            <TextInput
              label={t('imports.mapping.code')}
              description={t('imports.mapping.codeHelp')}
              value={code}
              onChange={(e) => {
                setCode(e.currentTarget.value);
                clear('code');
              }}
              error={errors.code}
              required
              autoComplete="off"
              spellCheck={false}
            />
          )}
          <TextInput
            label={t('imports.mapping.name')}
            value={name}
            onChange={(e) => {
              setName(e.currentTarget.value);
              clear('name');
            }}
            error={errors.name}
            required
          />
          {!source && admin ? (
            <Select
              label={t('imports.mapping.organisation')}
              data={(organisations.data?.items ?? [me.organisation]).map((o) => ({ value: o.id, label: o.name }))}
              value={organisationId}
              onChange={setOrganisationId}
              searchable
              allowDeselect={false}
              nothingFoundMessage={t('common.noResults')}
            />
          ) : (
            <TextInput label={t('imports.mapping.organisation')} value={source?.organisation ?? me.organisation.name} readOnly variant="filled" />
          )}
        </SimpleGrid>

        <Title order={3} size="h5">
          {t('imports.mapping.fields')}
        </Title>
        {errors.columns && (
          <Alert color="red" role="alert" py="xs">
            {errors.columns}
          </Alert>
        )}
        <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }} spacing="md" verticalSpacing="xs">
          {IMPORT_FIELDS.map((field) => (
            <Select
              key={field}
              label={pick(IMPORT_FIELD_LABELS[field], lang)}
              placeholder={t('imports.mapping.notUsed')}
              data={options}
              value={mapping.columns[field] ?? null}
              onChange={(v) => setColumn(field, v)}
              clearable
              clearButtonProps={{ 'aria-label': t('common.clear') }}
              searchable
              nothingFoundMessage={t('common.noResults')}
              data-field={field}
              error={errors.columns && (field === 'fullName' || field === 'firstName') ? true : undefined}
            />
          ))}
        </SimpleGrid>
        <Select
          maw={480}
          label={t('imports.mapping.recordKey')}
          description={t('imports.mapping.recordKeyHelp')}
          placeholder={t('imports.mapping.notUsed')}
          data={options}
          value={mapping.recordKey ?? null}
          onChange={(v) => setMapping((m) => (v ? { ...m, recordKey: v } : { columns: m.columns }))}
          clearable
          clearButtonProps={{ 'aria-label': t('common.clear') }}
          searchable
          nothingFoundMessage={t('common.noResults')}
          data-field="recordKey"
        />

        <ValueMapEditor
          mapping={mapping}
          values={preview.values ?? {}}
          onChange={(values) =>
            setMapping((m) => {
              const { values: _old, ...rest } = m;
              return values ? { ...rest, values } : rest;
            })
          }
        />

        <div>
          <Text size="sm" c="dimmed" mb={4} id="mapping-sample">
            {preview.partial
              ? t('imports.mapping.samplePartial', { shown: sample.length, encoding: preview.encoding })
              : t('imports.mapping.sample', { shown: sample.length, rows: preview.rows, encoding: preview.encoding })}
          </Text>
          <Table.ScrollContainer minWidth={Math.max(480, preview.headers.length * 140)} type="native">
            <Table striped withTableBorder fz="sm" aria-labelledby="mapping-sample" data-sample>
              <Table.Thead>
                <Table.Tr>
                  {preview.headers.map((h) => (
                    <Table.Th key={h} scope="col" style={{ whiteSpace: 'nowrap' }}>
                      {h}
                    </Table.Th>
                  ))}
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {sample.map((row, i) => (
                  // biome-ignore lint/suspicious/noArrayIndexKey: sample rows have no identity but their place
                  <Table.Tr key={i}>
                    {preview.headers.map((h) => (
                      <Table.Td key={h} title={(row[h]?.length ?? 0) > CELL_CHARS ? row[h] : undefined}>
                        {shorten(row[h] ?? '')}
                      </Table.Td>
                    ))}
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </div>

        <Group justify="flex-end" gap="sm">
          {onCancel && (
            <Button variant="default" onClick={onCancel} disabled={save.isPending}>
              {t('common.cancel')}
            </Button>
          )}
          <Button type="submit" loading={save.isPending}>
            {t('imports.mapping.save')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
