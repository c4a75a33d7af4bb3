import { Select } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { TEXT_ENCODINGS, type TextEncoding } from './api';

/**
 * The character encoding a CSV is read in (`detected`: what the server found, when no other is chosen): as the server found it from the bytes (said by name, never
 * guessed silently), or one the user chooses when the sample's Thai does not read.
 */
export function EncodingSelect({ detected, value, onChange }: { detected?: string; value: TextEncoding | null; onChange: (e: TextEncoding | null) => void }) {
  const { t } = useTranslation();
  const name = (e: string) => t(`imports.encoding.${e}`, { defaultValue: e });
  return (
    <Select
      label={t('imports.encoding.label')}
      description={t('imports.encoding.help')}
      data={[
        { value: '', label: detected ? t('imports.encoding.detected', { encoding: name(detected) }) : t('imports.encoding.auto') },
        ...TEXT_ENCODINGS.map((e) => ({ value: e, label: name(e) })),
      ]}
      value={value ?? ''}
      onChange={(v) => onChange(v ? (v as TextEncoding) : null)}
      allowDeselect={false}
      maw={360}
      data-encoding={value ?? detected ?? ''}
    />
  );
}
