import { ERRORS, LIST_EXPORT_HEADERS, LIST_EXPORT_MAX_ROWS } from '@carehub/core';
import { Alert, Button, Menu, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, type Query, withQuery } from '../api';
import { hasPermission, useMe } from '../features/auth/api';
import { useLang } from '../i18n';
import { notifyError, notifySuccess } from './feedback';

const n = (x: number) => x.toLocaleString('en-US');

/** The file name the server chose (content-disposition), or a fallback. */
function fileName(res: Response, fallback: string): string {
  return /filename="([^"]+)"/.exec(res.headers.get('content-disposition') ?? '')?.[1] ?? fallback;
}

/**
 * "ดาวน์โหลด" → Excel / CSV of a list with its current filters (the server's /export.xlsx and
 * /export.csv beside the list). Fetched rather than linked, so a refusal shows as a message and the
 * page can say when the server cut the file at LIST_EXPORT_MAX_ROWS; `total`, when the page knows
 * it, warns before.
 */
export function ListDownload(props: { path: string; query: Query; total?: number }) {
  // Volunteers and caregivers read lists but take no files away (core roles.ts, `persons.export`).
  return hasPermission(useMe(), 'persons.export') ? <Download {...props} /> : null;
}

function Download({ path, query, total }: { path: string; query: Query; total?: number }) {
  const { t } = useTranslation();
  const lang = useLang();
  const [busy, setBusy] = useState(false);
  const [capped, setCapped] = useState<{ rows: number; total: number } | null>(null);

  async function download(format: 'xlsx' | 'csv') {
    setBusy(true);
    setCapped(null);
    try {
      let res: Response;
      try {
        res = await fetch(withQuery(`${path}.${format}`, { ...query, lang: lang === 'en' ? 'en' : undefined }), { credentials: 'same-origin' });
      } catch {
        throw new ApiError(0, { code: 'network', message_th: ERRORS.internal.th, message_en: ERRORS.internal.en });
      }
      if (!res.ok) {
        const body = await res.json().catch(() => null);
        throw new ApiError(res.status, body?.code ? body : { code: 'internal', message_th: ERRORS.internal.th, message_en: ERRORS.internal.en });
      }
      const blob = await res.blob();
      const url = URL.createObjectURL(blob);
      const a = document.createElement('a');
      a.href = url;
      a.download = fileName(res, `export.${format}`);
      document.body.append(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 60_000);
      const rows = Number(res.headers.get(LIST_EXPORT_HEADERS.rows) ?? 0);
      const all = Number(res.headers.get(LIST_EXPORT_HEADERS.total) ?? rows);
      if (res.headers.get(LIST_EXPORT_HEADERS.capped) === 'true') setCapped({ rows, total: all });
      else notifySuccess(t('listExports.done', { rows: n(rows) }));
    } catch (e) {
      notifyError(e);
    } finally {
      setBusy(false);
    }
  }

  return (
    <Stack gap={4} align="flex-end" data-list-download={path}>
      <Menu position="bottom-end" withinPortal>
        <Menu.Target>
          <Button variant="default" loading={busy} aria-label={`${t('listExports.download')}: ${t('listExports.menuLabel')}`}>
            {t('listExports.download')}
          </Button>
        </Menu.Target>
        <Menu.Dropdown>
          <Menu.Label>{t('listExports.menuLabel')}</Menu.Label>
          <Menu.Item onClick={() => void download('xlsx')} data-export="xlsx">
            {t('listExports.xlsx')}
          </Menu.Item>
          <Menu.Item onClick={() => void download('csv')} data-export="csv">
            {t('listExports.csv')}
          </Menu.Item>
          <Menu.Divider />
          <Text size="xs" c="dimmed" px="sm" py={4} maw={280}>
            {t('listExports.personalData')}
          </Text>
        </Menu.Dropdown>
      </Menu>
      {total !== undefined && total > LIST_EXPORT_MAX_ROWS && !capped && (
        <Text size="xs" c="orange.9" maw={360} ta="right">
          {t('listExports.willCap', { total: n(total), max: n(LIST_EXPORT_MAX_ROWS) })}
        </Text>
      )}
      {capped && (
        <Alert color="orange" withCloseButton onClose={() => setCapped(null)} maw={420} role="status" data-export-capped>
          {t('listExports.capped', { rows: n(capped.rows), total: n(capped.total), max: n(LIST_EXPORT_MAX_ROWS) })}
        </Alert>
      )}
    </Stack>
  );
}
