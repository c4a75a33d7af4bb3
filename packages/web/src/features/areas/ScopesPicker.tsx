import { COUNTRY_SCOPE } from '@carehub/core';
import { Button, CloseButton, Fieldset, Group, Paper, Stack, Text } from '@mantine/core';
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useAreaLabel } from './AreaName';
import { AreaPicker } from './AreaPicker';
import { addScope } from './scope';

interface ScopesPickerProps {
  label: string;
  value: string[];
  onChange: (scopes: string[]) => void;
  /** What the admin may grant: their own scopes. */
  grantable: readonly string[];
  error?: string;
  disabled?: boolean;
  /** The organisation's area: its areas come first in the search. */
  preferred?: string | null;
}

/** Several areas of responsibility: pick one with the area picker, add it, remove any. */
export function ScopesPicker({ label, value, onChange, grantable, error, disabled, preferred }: ScopesPickerProps) {
  const { t } = useTranslation();
  const [picked, setPicked] = useState<string | null>(null);
  const errorId = useId();
  return (
    <Fieldset
      legend={label}
      variant="filled"
      p="sm"
      disabled={disabled}
      styles={{ legend: { fontWeight: 500, fontSize: 'var(--mantine-font-size-sm)' } }}
      aria-describedby={error ? errorId : undefined}
    >
      <Stack gap="sm">
        {value.length === 0 ? (
          <Text size="sm" c="dimmed">
            {t('areas.noScopes')}
          </Text>
        ) : (
          <Stack component="ul" gap={6} p={0} m={0} style={{ listStyle: 'none' }}>
            {value.map((code) => (
              <ScopeItem key={code} code={code} disabled={disabled} onRemove={() => onChange(value.filter((c) => c !== code))} />
            ))}
          </Stack>
        )}
        {!disabled && <AreaPicker label={t('areas.picker')} value={picked} onChange={setPicked} scopes={grantable} preferred={preferred} />}
        <Group gap="xs" wrap="wrap" display={disabled ? 'none' : undefined}>
          <Button variant="light" size="xs" disabled={!picked} onClick={() => picked && onChange(addScope(value, picked))}>
            {t('areas.addScope')}
          </Button>
          {grantable.includes(COUNTRY_SCOPE) && (
            <Button variant="subtle" size="xs" onClick={() => onChange(addScope(value, COUNTRY_SCOPE))}>
              {t('areas.addCountry')}
            </Button>
          )}
        </Group>
        {error && (
          <Text id={errorId} size="sm" c="red" role="alert">
            {error}
          </Text>
        )}
      </Stack>
    </Fieldset>
  );
}

function ScopeItem({ code, onRemove, disabled }: { code: string; onRemove: () => void; disabled?: boolean }) {
  const { t } = useTranslation();
  const name = useAreaLabel(code);
  return (
    <Paper component="li" withBorder px="sm" py={4} radius="sm">
      <Group justify="space-between" wrap="nowrap" gap="xs">
        <Text size="sm" style={{ minWidth: 0, overflowWrap: 'anywhere' }}>
          {name}
        </Text>
        {!disabled && <CloseButton size="sm" aria-label={t('areas.removeScope', { name })} onClick={onRemove} />}
      </Group>
    </Paper>
  );
}
