import { Button, Card, Group, Table, Text, Title } from '@mantine/core';
import ReactEChartsCore from 'echarts-for-react/esm/core';
import { type ReactNode, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { echarts } from './echarts';
import { type ChartData, chartOption } from './model';

/**
 * One dashboard chart with its numbers also as a table: "show as table" swaps the picture for a
 * table with the same rows, so nothing is only a picture (and screen readers get the table).
 */
export function ChartCard({
  id,
  title,
  data,
  kind,
  extra,
  height = 280,
}: {
  id: string;
  title: string;
  data: ChartData;
  kind: 'bar' | 'hbar' | 'line' | 'pie';
  extra?: ReactNode;
  height?: number;
}) {
  const { t } = useTranslation();
  const [asTable, setAsTable] = useState(false);
  const headingId = useId();
  return (
    <Card withBorder radius="md" padding="sm" component="section" aria-labelledby={headingId} data-chart={id}>
      <Group justify="space-between" align="center" gap="xs" mb="xs" wrap="wrap">
        <Title order={3} size="h5" id={headingId}>
          {title}
        </Title>
        <Button variant="subtle" size="compact-xs" onClick={() => setAsTable((v) => !v)} aria-pressed={asTable}>
          {asTable ? t('dashboard.showChart') : t('dashboard.showTable')}
        </Button>
      </Group>
      {extra}
      {asTable ? (
        <DataTable caption={title} data={data} />
      ) : (
        <div role="img" aria-label={t('dashboard.chartOf', { title })}>
          <ReactEChartsCore
            echarts={echarts}
            option={chartOption(data, kind)}
            // Horizontal bars get room for each row's (often long, two-line Thai) label.
            style={{ height: kind === 'hbar' ? Math.max(height, data.rows.length * 30 * Math.max(1, data.series.length * 0.8) + 60) : height }}
            notMerge
            lazyUpdate
          />
        </div>
      )}
    </Card>
  );
}

/** The rows of a chart as a plain table. */
export function DataTable({ caption, data }: { caption: string; data: ChartData }) {
  const { t } = useTranslation();
  return (
    <Table.ScrollContainer minWidth={280}>
      <Table striped withTableBorder fz="sm">
        <Table.Caption>
          <Text span size="xs" c="dimmed">
            {caption}
          </Text>
        </Table.Caption>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">{t('dashboard.col.item')}</Table.Th>
            {data.series.map((s) => (
              <Table.Th key={s} scope="col" ta="right">
                {s}
              </Table.Th>
            ))}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {data.rows.map((r) => (
            <Table.Tr key={r.key} data-row={r.key}>
              <Table.Th scope="row" fw={400}>
                {r.label}
              </Table.Th>
              {r.values.map((v, i) => (
                <Table.Td key={data.series[i] ?? i} ta="right">
                  {v.toLocaleString('th-TH')}
                </Table.Td>
              ))}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
