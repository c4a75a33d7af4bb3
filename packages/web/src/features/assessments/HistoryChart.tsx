import { formatDate, type InstrumentDefinition } from '@carehub/core';
import { Card, Text } from '@mantine/core';
import { LineChart } from 'echarts/charts';
import { GridComponent, MarkAreaComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import ReactEChartsCore from 'echarts-for-react/esm/core';
import { pick, useLang } from '../../i18n';
import type { Assessment } from './api';
import { SEVERITY_COLOR } from './ResultPanel';

echarts.use([LineChart, GridComponent, TooltipComponent, MarkAreaComponent, CanvasRenderer]);

const BAND_FILL: Record<string, string> = {
  teal: 'rgba(18,184,134,0.08)',
  yellow: 'rgba(250,176,5,0.10)',
  orange: 'rgba(253,126,20,0.10)',
  red: 'rgba(250,82,82,0.10)',
  gray: 'rgba(0,0,0,0.04)',
};

/** A person's first score on one instrument over time, with its bands shaded behind the line. */
export default function HistoryChart({ title, definition, assessments }: { title: string; definition?: InstrumentDefinition; assessments: Assessment[] }) {
  const lang = useLang();
  const score = definition?.scores[0];
  if (!score) return null;
  const points = [...assessments].reverse().map((a) => [a.performedAt, a.scores[score.id] ?? null] as const);
  const bands = definition.bands.filter((b) => b.score === score.id);
  const option = {
    textStyle: { fontFamily: 'Sarabun, Tahoma, sans-serif' },
    grid: { left: 40, right: 16, top: 16, bottom: 32 },
    tooltip: { trigger: 'axis', valueFormatter: (v: number) => `${v}/${score.max}` },
    xAxis: { type: 'time', axisLabel: { formatter: (v: number) => formatDate(new Date(v).toISOString().slice(0, 10), lang) } },
    yAxis: { type: 'value', min: score.min, max: score.max },
    series: [
      {
        type: 'line',
        name: pick(score.label, lang),
        data: points,
        symbolSize: 8,
        markArea: {
          silent: true,
          data: bands.map((b) => [
            {
              yAxis: b.min,
              itemStyle: { color: BAND_FILL[SEVERITY_COLOR[b.severity] ?? 'gray'] },
              label: { show: true, position: 'insideRight', formatter: pick(b.label, lang), color: '#666' },
            },
            { yAxis: b.max },
          ]),
        },
      },
    ],
  };
  return (
    <Card withBorder padding="sm" data-chart={definition.code}>
      <Text fw={600} size="sm">
        {title}
      </Text>
      <ReactEChartsCore echarts={echarts} option={option} style={{ height: 220 }} notMerge lazyUpdate aria-label={title} />
    </Card>
  );
}
