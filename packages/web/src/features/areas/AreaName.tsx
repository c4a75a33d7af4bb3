import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useLang } from '../../i18n';
import { areaDetailQuery } from './api';
import { areaPath, isCountry } from './labels';

/**
 * The full name of an area code in the user's language ("ต.บ่อยาง อ.เมืองสงขลา จ.สงขลา"); "…" while loading,
 * so a raw code shows only when the name cannot be had (an unknown code, or offline before it was ever loaded).
 */
export function useAreaLabel(code: string | null | undefined): string {
  const { t } = useTranslation();
  const lang = useLang();
  const enabled = !!code && !isCountry(code);
  const { data, isError, isPaused } = useQuery({ ...areaDetailQuery(code ?? ''), enabled });
  if (!code) return '';
  if (isCountry(code)) return t('areas.country');
  if (data) return areaPath(data, lang);
  return isError || isPaused ? code : '…';
}

export function AreaName({ code }: { code: string | null | undefined }) {
  const label = useAreaLabel(code);
  return <span title={code ?? undefined}>{label || '—'}</span>;
}
