import type { IndicatorSeries } from '@carehub/core';
import { BarChart, LineChart } from 'echarts/charts';
import { GridComponent, MarkLineComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import ReactEChartsCore from 'echarts-for-react/esm/core';
import { useTranslation } from 'react-i18next';
import { useLang } from '../../i18n';
import { formatValue, monthLabels } from './format';

echarts.use([LineChart, BarChart, GridComponent, TooltipComponent, MarkLineComponent, CanvasRenderer]);

const FONT = { fontFamily: 'Sarabun, Tahoma, sans-serif' };
const TARGET_COLOUR = '#e8590c';

function targetLine(s: IndicatorSeries, label: string, axis: 'xAxis' | 'yAxis', lang: 'th' | 'en') {
  if (s.target === null) return undefined;
  return {
    silent: true,
    symbol: 'none',
    lineStyle: { type: 'dashed' as const, color: TARGET_COLOUR, width: 2 },
    label: { formatter: `${label} ${formatValue(s.target, s.unit, lang)}`, color: TARGET_COLOUR, position: 'insideEndTop' as const },
    data: [{ [axis]: s.target }],
  };
}

/**
 * A tooltip's lines as DOM text: ECharts reads a string a formatter returns as HTML (an area's name
 * would be markup), a node as it is (issue 18, H4).
 */
function tooltipLines(...lines: string[]): HTMLElement {
  const node = document.createElement('div');
  for (const [i, line] of lines.entries()) node.append(...(i ? [document.createElement('br'), line] : [line]));
  return node;
}

const valueAxis = (s: IndicatorSeries, lang: 'th' | 'en') => ({
  type: 'value' as const,
  ...(s.unit === 'percent' ? { min: 0, max: 100 } : {}),
  axisLabel: { formatter: (v: number) => (s.unit === 'percent' ? `${v}%` : formatValue(v, s.unit, lang)) },
});

/** The indicator month by month, the target as a dashed line; a month that may still change is a hollow point. */
export function TrendChart({ s, title }: { s: IndicatorSeries; title: string }) {
  const { t } = useTranslation();
  const lang = useLang();
  const labels = monthLabels(s, lang);
  const option = {
    textStyle: FONT,
    grid: { left: 8, right: 24, top: 28, bottom: 8, containLabel: true },
    tooltip: {
      trigger: 'axis',
      formatter: (items: Array<{ dataIndex: number }>) => {
        const m = s.months[items[0]?.dataIndex ?? 0];
        if (!m) return '';
        const tail = m.provisional ? ` (${t('indicators.provisionalShort')})` : '';
        return tooltipLines(
          labels[items[0]!.dataIndex] ?? '',
          `${formatValue(m.value, s.unit, lang)} · ${t('indicators.ofCount', { numerator: m.numerator, denominator: m.denominator })}${tail}`,
        );
      },
    },
    xAxis: { type: 'category', data: labels, axisLabel: { hideOverlap: true } },
    yAxis: valueAxis(s, lang),
    series: [
      {
        type: 'line',
        name: title,
        connectNulls: false,
        symbolSize: 8,
        data: s.months.map((m) => ({ value: m.value, symbol: m.provisional ? 'emptyCircle' : 'circle' })),
        markLine: targetLine(s, t('indicators.target'), 'yAxis', lang),
      },
    ],
  };
  return (
    <div role="img" aria-label={t('indicators.trendOf', { title })} data-chart="trend">
      <ReactEChartsCore echarts={echarts} option={option} style={{ height: 240 }} notMerge lazyUpdate />
    </div>
  );
}

/** The child areas side by side for the last month, the target as a dashed line. */
export function CompareChart({ s, title, names }: { s: IndicatorSeries; title: string; names: string[] }) {
  const { t } = useTranslation();
  const lang = useLang();
  const rows = s.children.map((c, i) => ({ name: names[i] ?? c.area.code, c })).filter((r) => r.c.denominator > 0);
  const option = {
    textStyle: FONT,
    grid: { left: 8, right: 56, top: 24, bottom: 8, containLabel: true },
    tooltip: {
      trigger: 'axis',
      axisPointer: { type: 'shadow' },
      formatter: (items: Array<{ dataIndex: number }>) => {
        const r = rows[items[0]?.dataIndex ?? 0];
        return r
          ? tooltipLines(
              r.name,
              `${formatValue(r.c.value, s.unit, lang)} · ${t('indicators.ofCount', { numerator: r.c.numerator, denominator: r.c.denominator })}`,
            )
          : '';
      },
    },
    xAxis: valueAxis(s, lang),
    yAxis: { type: 'category', inverse: true, data: rows.map((r) => r.name), axisLabel: { width: 140, overflow: 'truncate' } },
    series: [
      {
        type: 'bar',
        name: title,
        data: rows.map((r) => r.c.value),
        barMaxWidth: 22,
        label: { show: true, position: 'right', formatter: (p: { value: number | null }) => formatValue(p.value, s.unit, lang) },
        markLine: targetLine(s, t('indicators.target'), 'xAxis', lang),
      },
    ],
  };
  return (
    <div role="img" aria-label={t('indicators.compareOf', { title })} data-chart="compare">
      <ReactEChartsCore echarts={echarts} option={option} style={{ height: Math.max(140, rows.length * 30 + 48) }} notMerge lazyUpdate />
    </div>
  );
}
