import { DASHBOARD_TABLE_LABELS, DASHBOARD_TABLES, formatMonth } from '@carehub/core';
import { Button, Group, Menu, Modal, Select, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useLang } from '../../i18n';
import { exportHref, reportMonths } from './exportLinks';

/**
 * The dashboard's "Download" menu: the whole dashboard as an Excel workbook, one table as CSV,
 * the monthly report of a chosen month as PDF, and the open-data aggregates (small cells suppressed).
 */
export function ExportMenu({ area }: { area: string }) {
  const { t } = useTranslation();
  const lang = useLang();
  const [reportOpen, setReportOpen] = useState(false);
  const months = reportMonths();
  // The last full month by default: a monthly report is usually of the month that has just ended.
  const [month, setMonth] = useState<string>(months[1]!);
  return (
    <>
      <Menu position="bottom-end" withinPortal>
        <Menu.Target>
          <Button variant="default" data-export-menu>
            {t('dashboardExports.download')}
          </Button>
        </Menu.Target>
        <Menu.Dropdown mah={420} style={{ overflowY: 'auto' }}>
          <Menu.Item component="a" href={exportHref.xlsx(area, lang)} download data-export="xlsx">
            {t('dashboardExports.xlsx')}
          </Menu.Item>
          <Menu.Item onClick={() => setReportOpen(true)} data-export="pdf">
            {t('dashboardExports.pdf')}
          </Menu.Item>
          <Menu.Item component="a" href={exportHref.openData(area)} download data-export="open-data">
            {t('dashboardExports.openData')}
          </Menu.Item>
          <Menu.Divider />
          <Menu.Label>{t('dashboardExports.csvLabel')}</Menu.Label>
          {DASHBOARD_TABLES.map((table) => (
            <Menu.Item key={table} component="a" href={exportHref.csv(area, table, lang)} download data-export={`csv-${table}`}>
              {DASHBOARD_TABLE_LABELS[table][lang]}
            </Menu.Item>
          ))}
        </Menu.Dropdown>
      </Menu>
      <Modal opened={reportOpen} onClose={() => setReportOpen(false)} title={t('dashboardExports.pdfTitle')}>
        <Stack>
          <Select
            label={t('dashboardExports.month')}
            data={months.map((m) => ({ value: m, label: formatMonth(m, lang) }))}
            value={month}
            onChange={(v) => v && setMonth(v)}
            allowDeselect={false}
            comboboxProps={{ withinPortal: true }}
          />
          <Text size="sm" c="dimmed">
            {t('dashboardExports.pdfHint')}
          </Text>
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setReportOpen(false)}>
              {t('common.close')}
            </Button>
            <Button component="a" href={exportHref.pdf(area, month)} download data-export="pdf-download">
              {t('dashboardExports.pdfDownload')}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </>
  );
}
