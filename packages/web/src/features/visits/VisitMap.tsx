import { formatDateTime } from '@carehub/core';
import { Card, Text } from '@mantine/core';
import { ScatterChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import ReactEChartsCore from 'echarts-for-react/esm/core';
import { useTranslation } from 'react-i18next';
import { useLang } from '../../i18n';
import type { Visit } from './api';

echarts.use([ScatterChart, GridComponent, TooltipComponent, LegendComponent, CanvasRenderer]);

/**
 * Where the visits were recorded, one colour per volunteer, drawn on longitude/latitude axes with no
 * map tiles (no online tile server, DESIGN.md §2): clusters and strays show at a glance.
 */
export default function VisitMap({ visits }: { visits: Visit[] }) {
  const { t } = useTranslation();
  const lang = useLang();
  const located = visits.filter((v) => v.gps);
  const byVolunteer = new Map<string, Visit[]>();
  for (const v of located) byVolunteer.set(v.recordedBy ?? '—', [...(byVolunteer.get(v.recordedBy ?? '—') ?? []), v]);
  const option = {
    textStyle: { fontFamily: 'Sarabun, Tahoma, sans-serif' },
    grid: { left: 56, right: 16, top: 40, bottom: 40 },
    legend: { type: 'scroll', top: 0 },
    tooltip: {
      formatter: (p: { data: [number, number, string, string] }) => `${p.data[2]}<br/>${p.data[3]}`,
    },
    xAxis: { type: 'value', scale: true, name: 'lng', axisLabel: { formatter: (x: number) => x.toFixed(3) } },
    yAxis: { type: 'value', scale: true, name: 'lat', axisLabel: { formatter: (x: number) => x.toFixed(3) } },
    series: [...byVolunteer].map(([name, vs]) => ({
      type: 'scatter',
      name,
      symbolSize: 9,
      data: vs.map((v) => [v.gps!.lng, v.gps!.lat, v.personName, formatDateTime(v.visitedAt, lang)]),
    })),
  };
  return (
    <Card withBorder padding="sm" data-map>
      <Text fw={600} size="sm">
        {t('review.map', { count: located.length })}
      </Text>
      <ReactEChartsCore echarts={echarts} option={option} style={{ height: 320 }} notMerge lazyUpdate aria-label={t('review.map', { count: located.length })} />
    </Card>
  );
}
