import { IMPORT_FIELD_LABELS, type ImportMapping, readValues, VALUE_CODE_LABELS, VALUE_CODES, VALUE_MAP_FIELDS, type ValueMapField } from '@carehub/core';
import { Alert, Select, Stack, Table, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { pick, useLang } from '../../i18n';

const AUTO = '__auto';
const NONE = '__none';

/**
 * The values of the file's short-listed columns mapped to sex or disability types, each with how it
 * reads (built-in words, or the source's value map) and a choice of what it means. Values that do not
 * read are flagged here, before the import, and warned on every row they appear in after it.
 */
export function ValueMapEditor({
  mapping,
  values,
  onChange,
}: {
  mapping: ImportMapping;
  /** The file's distinct values by column (the preview's). */
  values: Record<string, string[]>;
  onChange: (values: ImportMapping['values']) => void;
}) {
  const { t } = useTranslation();
  const lang = useLang();
  const fields = VALUE_MAP_FIELDS.filter((f) => mapping.columns[f] && values[mapping.columns[f] as string]?.length);
  if (!fields.length) return null;
  const label = (field: ValueMapField, code: string) =>
    code ? pick(VALUE_CODE_LABELS[field][code] ?? { th: code, en: code }, lang) : t('imports.values.none');
  const set = (field: ValueMapField, value: string, choice: string | null) => {
    const map = { ...(mapping.values?.[field] ?? {}) };
    if (!choice || choice === AUTO) delete map[value];
    else map[value] = choice === NONE ? '' : choice;
    const next = { ...(mapping.values ?? {}), [field]: map };
    if (!Object.keys(map).length) delete next[field];
    onChange(Object.keys(next).length ? next : undefined);
  };
  return (
    <Stack gap="sm" data-value-maps>
      <Title order={3} size="h5">
        {t('imports.values.title')}
      </Title>
      <Text size="sm">{t('imports.values.intro')}</Text>
      {fields.map((field) => {
        const column = mapping.columns[field] as string;
        const rows = (values[column] ?? []).map((value) => {
          const own = mapping.values?.[field]?.[value];
          const auto = readValues(field, value, { [field]: Object.fromEntries(Object.entries(mapping.values?.[field] ?? {}).filter(([k]) => k !== value)) });
          return { value, own, auto };
        });
        const unknown = rows.filter((r) => r.own === undefined && r.auto.unknown.length);
        return (
          <section key={field} aria-label={pick(IMPORT_FIELD_LABELS[field], lang)} data-value-map={field}>
            <Text fw={600} size="sm">
              {pick(IMPORT_FIELD_LABELS[field], lang)} · {column}
            </Text>
            {unknown.length > 0 && (
              <Alert color="yellow" py="xs" my="xs" data-unmapped={unknown.length}>
                {/* An unknown sex refuses its row; an unknown disability type is only left out of it, with a warning. */}
                {t(field === 'sex' ? 'imports.values.unmappedRefused' : 'imports.values.unmapped', {
                  count: unknown.length,
                  values: unknown.map((r) => r.value).join(', '),
                })}
              </Alert>
            )}
            <Table withTableBorder fz="sm">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('imports.values.value')}</Table.Th>
                  <Table.Th>{t('imports.values.means')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {rows.map(({ value, own, auto }) => {
                  const reads = auto.unknown.length
                    ? t('imports.values.unknown')
                    : auto.codes.map((c) => label(field, c)).join(', ') || t('imports.values.none');
                  return (
                    <Table.Tr key={value} data-value={value}>
                      <Table.Td>{value}</Table.Td>
                      <Table.Td>
                        <Select
                          aria-label={t('imports.values.meansOf', { value })}
                          data={[
                            { value: AUTO, label: t('imports.values.auto', { reads }) },
                            ...VALUE_CODES[field].map((c) => ({ value: c || NONE, label: label(field, c) })),
                          ]}
                          value={own === undefined ? AUTO : own || NONE}
                          onChange={(v) => set(field, value, v)}
                          allowDeselect={false}
                          error={own === undefined && auto.unknown.length ? t('imports.values.unknownHelp') : undefined}
                        />
                      </Table.Td>
                    </Table.Tr>
                  );
                })}
              </Table.Tbody>
            </Table>
          </section>
        );
      })}
    </Stack>
  );
}
