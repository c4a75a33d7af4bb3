import { inScope } from '@carehub/core';
import { Combobox, Fieldset, Loader, Select, SimpleGrid, Stack, Text, TextInput, useCombobox } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useQuery } from '@tanstack/react-query';
import { useEffect, useId, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useLang } from '../../i18n';
import { useAreaLabel } from './AreaName';
import { type AreaWithPath, areaSearchQuery, childrenQuery } from './api';
import { areaName } from './labels';
import { deepestSelectable, fixedChain, LEVEL_LENGTH, navigable, PICKER_LEVELS, type PickerLevel, selectable } from './scope';

export interface AreaPickerProps {
  /** The legend of the group of fields. */
  label: string;
  /** The picked area code (a province, district or subdistrict), or null for "all of my areas". */
  value: string | null;
  onChange: (code: string | null) => void;
  /** The area prefixes the user may pick from (usually Me.scopes; `TH` = the whole country). */
  scopes: readonly string[];
  /** The deepest level offered (default subdistrict). */
  maxLevel?: PickerLevel;
  description?: string;
  error?: string;
  required?: boolean;
  /** Adds the "find an area" box (default true). */
  withSearch?: boolean;
  /** An area whose search hits come first (e.g. the organisation's area when granting a user's areas). */
  preferred?: string | null;
}

const LEVEL_TEXT = {
  province: { label: 'areas.province', all: 'areas.allProvinces' },
  district: { label: 'areas.district', all: 'areas.allDistricts' },
  subdistrict: { label: 'areas.subdistrict', all: 'areas.allSubdistricts' },
} as const;

/**
 * Cascading province → district → subdistrict selects, restricted to the user's scopes: levels that every
 * scope shares are shown fixed, so a subdistrict worker starts at their subdistrict. Plus a search box
 * (GET /api/areas/search) that offers only areas inside the scopes.
 */
export function AreaPicker({
  label,
  value,
  onChange,
  scopes,
  maxLevel = 'subdistrict',
  description,
  error,
  required,
  withSearch = true,
  preferred,
}: AreaPickerProps) {
  const maxLength = LEVEL_LENGTH[maxLevel];
  const levels = PICKER_LEVELS.filter((l) => LEVEL_LENGTH[l] <= maxLength);
  const fixed = useMemo(() => fixedChain(scopes, maxLength), [scopes, maxLength]);
  const fixedTail = fixed[fixed.length - 1] ?? null;

  // The deepest area opened in the selects; it may be an ancestor of a scope that cannot itself be picked.
  const [path, setPath] = useState<string | null>(() => value ?? fixedTail);
  const emitted = useRef<string | null>(value);
  const onChangeRef = useRef(onChange);
  onChangeRef.current = onChange;

  // Follow changes of `value` made outside the picker.
  useEffect(() => {
    if (value !== emitted.current) {
      emitted.current = value;
      setPath(value ?? fixedTail);
    }
  }, [value, fixedTail]);

  // Report what the selects show (e.g. the fixed subdistrict of a subdistrict worker).
  useEffect(() => {
    const picked = deepestSelectable(path, scopes, maxLength);
    if (picked !== emitted.current) {
      emitted.current = picked;
      onChangeRef.current(picked);
    }
  }, [path, scopes, maxLength]);

  const errorId = useId();
  return (
    <Fieldset
      legend={
        <>
          {label}
          {required && (
            <Text span c="red" aria-hidden>
              {' *'}
            </Text>
          )}
        </>
      }
      variant="unstyled"
      styles={{ legend: { fontWeight: 500, fontSize: 'var(--mantine-font-size-sm)', marginBottom: 4 } }}
      aria-describedby={error ? errorId : undefined}
    >
      <Stack gap="xs">
        {description && (
          <Text size="xs" c="dimmed">
            {description}
          </Text>
        )}
        <SimpleGrid cols={{ base: 1, sm: levels.length }} spacing="xs">
          {levels.map((level) => (
            <LevelSelect key={level} level={level} path={path} scopes={scopes} fixed={fixed} onPick={setPath} />
          ))}
        </SimpleGrid>
        {withSearch && fixedTail?.length !== maxLength && <AreaSearch scopes={scopes} maxLength={maxLength} preferred={preferred} onPick={setPath} />}
        <SelectedArea code={deepestSelectable(path, scopes, maxLength)} />
        {error && (
          <Text id={errorId} size="sm" c="red" role="alert">
            {error}
          </Text>
        )}
      </Stack>
    </Fieldset>
  );
}

interface LevelSelectProps {
  level: PickerLevel;
  path: string | null;
  scopes: readonly string[];
  fixed: string[];
  onPick: (path: string | null) => void;
}

function LevelSelect({ level, path, scopes, fixed, onPick }: LevelSelectProps) {
  const { t } = useTranslation();
  const lang = useLang();
  const len = LEVEL_LENGTH[level];
  const parent = len === 2 ? null : path && path.length >= len - 2 ? path.slice(0, len - 2) : null;
  const enabled = len === 2 || parent !== null;
  const selected = path && path.length >= len ? path.slice(0, len) : null;
  const isFixed = selected !== null && fixed.includes(selected);

  const { data, isLoading } = useQuery({ ...childrenQuery(parent), enabled });
  const options = useMemo(
    () => (data ?? []).filter((a) => navigable(a.code, scopes)).map((a) => ({ value: a.code, label: areaName(a, lang) })),
    [data, scopes, lang],
  );
  const text = LEVEL_TEXT[level];

  return (
    <Select
      label={t(text.label)}
      placeholder={t(text.all)}
      data={options}
      value={selected}
      onChange={(v) => onPick(v ?? parent)}
      disabled={!enabled}
      readOnly={isFixed}
      searchable
      clearable={!isFixed}
      clearButtonProps={{ 'aria-label': t('common.clear') }}
      nothingFoundMessage={t('common.noResults')}
      rightSection={isLoading && enabled ? <Loader size="xs" role="status" aria-label={t('common.loading')} /> : undefined}
      comboboxProps={{ withinPortal: true }}
      maxDropdownHeight={280}
    />
  );
}

interface AreaSearchProps {
  scopes: readonly string[];
  maxLength: number;
  preferred?: string | null;
  onPick: (code: string) => void;
}

function AreaSearch({ scopes, maxLength, preferred, onPick }: AreaSearchProps) {
  const { t } = useTranslation();
  const lang = useLang();
  const combobox = useCombobox({ onDropdownClose: () => combobox.resetSelectedOption() });
  const [search, setSearch] = useState('');
  const [term] = useDebouncedValue(search.trim(), 250);
  const { data, isFetching } = useQuery({ ...areaSearchQuery(term), enabled: term.length > 0 });
  const results: AreaWithPath[] = useMemo(() => {
    const hits = (data ?? []).filter((a) => a.code.length <= maxLength && selectable(a.code, scopes));
    if (!preferred) return hits;
    // Hits inside the preferred area first, each group in the server's order (a stable sort).
    const inside = (a: AreaWithPath) => (inScope(a.code, [preferred]) ? 0 : 1);
    return [...hits].sort((a, b) => inside(a) - inside(b));
  }, [data, scopes, maxLength, preferred]);
  const showDropdown = term.length > 0;

  return (
    <Combobox
      store={combobox}
      onOptionSubmit={(code) => {
        onPick(code);
        setSearch('');
        combobox.closeDropdown();
      }}
      withinPortal
    >
      <Combobox.Target>
        <TextInput
          label={t('areas.search')}
          placeholder={t('areas.searchPlaceholder')}
          value={search}
          onChange={(e) => {
            setSearch(e.currentTarget.value);
            combobox.openDropdown();
            combobox.updateSelectedOptionIndex();
          }}
          onFocus={() => combobox.openDropdown()}
          onBlur={() => combobox.closeDropdown()}
          rightSection={isFetching ? <Loader size="xs" role="status" aria-label={t('areas.searching')} /> : undefined}
          autoComplete="off"
        />
      </Combobox.Target>
      <Combobox.Dropdown hidden={!showDropdown}>
        <Combobox.Options mah={300} style={{ overflowY: 'auto' }}>
          {results.map((a) => (
            <Combobox.Option value={a.code} key={a.code} data-area-hit={a.code}>
              <Text size="sm">{lang === 'en' ? a.pathEn || a.nameEn || a.nameTh : a.path}</Text>
              {lang === 'en' && (
                <Text size="xs" c="dimmed" lang="th">
                  {a.path}
                </Text>
              )}
            </Combobox.Option>
          ))}
          {results.length === 0 && <Combobox.Empty>{isFetching || term !== search.trim() ? t('areas.searching') : t('areas.searchNoMatch')}</Combobox.Empty>}
        </Combobox.Options>
      </Combobox.Dropdown>
    </Combobox>
  );
}

function SelectedArea({ code }: { code: string | null }) {
  const { t } = useTranslation();
  const label = useAreaLabel(code);
  return (
    <Text size="sm" c="dimmed" aria-live="polite">
      {code ? t('areas.selected', { name: label }) : t('areas.nothingSelected')}
    </Text>
  );
}
