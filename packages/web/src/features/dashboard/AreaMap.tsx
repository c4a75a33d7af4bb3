import { type Dashboard, MAP_KINDS, type MapKind } from '@carehub/core';
import { Card, Group, NativeSelect, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import ReactEChartsCore from 'echarts-for-react/esm/core';
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Loading } from '../../components/Loading';
import { useLang } from '../../i18n';
import { pointsQuery } from './api';
import { echarts } from './echarts';
import {
  boundsOf,
  circleSize,
  formatIndicator,
  INDICATORS,
  type Indicator,
  latitudeOf,
  mapAreas,
  mercatorY,
  PERCENT_INDICATORS,
  POINT_GROUPS,
  pointGroup,
  tilesFor,
} from './model';

const GROUP_COLOURS: Record<(typeof POINT_GROUPS)[number], string> = {
  bedridden: '#c92a2a',
  disability: '#e8590c',
  awaiting_rehabilitation: '#9c36b5',
  elderly: '#1971c2',
  other: '#868e96',
};

/**
 * The area on a plain longitude/latitude plane (no online tile service unless the server is
 * configured with one): located persons or recent visits as points coloured by vulnerability, and
 * each child area as a circle at the centre of its points, sized by persons and shaded by the chosen
 * indicator. The project has no boundary polygons, so this is what an area's shape can honestly be.
 */
export default function AreaMap({ dashboard }: { dashboard: Dashboard }) {
  const { t } = useTranslation();
  const lang = useLang();
  const headingId = useId();
  const [kind, setKind] = useState<MapKind>('persons');
  const [indicator, setIndicator] = useState<Indicator>('coverage');
  const code = dashboard.area.code;
  const points = useQuery(pointsQuery(code, kind));

  const body = () => {
    if (points.isPending) return <Loading />;
    if (points.isError) return <ErrorAlert error={points.error} onRetry={() => points.refetch()} />;
    const p = points.data;
    const areas = mapAreas(dashboard, p.centroids, indicator, lang);
    const placed = areas.filter((a) => a.lng !== null && a.lat !== null);
    const box = boundsOf([...p.points, ...placed.map((a) => ({ lng: a.lng!, lat: a.lat! }))]);
    const percent = PERCENT_INDICATORS.includes(indicator);
    const values = placed.map((a) => a.value).filter((v): v is number => v !== null);
    const maxPersons = Math.max(0, ...placed.map((a) => a.persons));
    const tiles = box && p.tileUrl ? tilesFor(p.tileUrl, box) : [];
    const option = box && {
      textStyle: { fontFamily: 'Sarabun, Tahoma, sans-serif' },
      backgroundColor: tiles.length ? undefined : '#f8f9fa',
      grid: { left: 56, right: 16, top: 36, bottom: 72 },
      legend: { top: 0, type: 'scroll', data: [...POINT_GROUPS.map((g) => t(`dashboard.map.groups.${g}`)), t('dashboard.map.areas')] },
      tooltip: { trigger: 'item' },
      xAxis: {
        type: 'value',
        min: box.x0,
        max: box.x1,
        name: 'lng',
        splitLine: { show: !tiles.length },
        axisLabel: { formatter: (x: number) => x.toFixed(3) },
      },
      yAxis: {
        type: 'value',
        min: box.y0,
        max: box.y1,
        name: 'lat',
        splitLine: { show: !tiles.length },
        axisLabel: { formatter: (y: number) => latitudeOf(y).toFixed(3) },
      },
      visualMap: {
        type: 'continuous',
        seriesIndex: POINT_GROUPS.length + (tiles.length ? 1 : 0),
        dimension: 3,
        min: 0,
        max: percent ? 1 : Math.max(1, ...values),
        orient: 'horizontal',
        left: 'center',
        bottom: 0,
        calculable: false,
        text: [formatIndicator(percent ? 1 : Math.max(1, ...values), indicator), '0'],
        inRange: { color: ['#fff3bf', '#f08c00', '#c92a2a'] },
        outOfRange: { color: '#ced4da' },
      },
      series: [
        ...(tiles.length
          ? [
              {
                type: 'custom',
                silent: true,
                clip: true,
                z: 0,
                data: tiles.map((tile) => [tile.x0, tile.y0, tile.x1, tile.y1, tile.url]),
                renderItem: (_: unknown, api: { value: (i: number) => number | string; coord: (v: number[]) => number[] }) => {
                  const [x0, y0] = api.coord([api.value(0) as number, api.value(1) as number]) as [number, number];
                  const [x1, y1] = api.coord([api.value(2) as number, api.value(3) as number]) as [number, number];
                  return { type: 'image', style: { image: api.value(4) as string, x: x0, y: y0, width: x1 - x0, height: y1 - y0 } };
                },
              },
            ]
          : []),
        ...POINT_GROUPS.map((g) => ({
          type: 'scatter',
          name: t(`dashboard.map.groups.${g}`),
          symbolSize: 6,
          z: 2,
          itemStyle: { color: GROUP_COLOURS[g], opacity: 0.8 },
          tooltip: { formatter: () => t(`dashboard.map.groups.${g}`) },
          data: p.points.filter((pt) => pointGroup(pt) === g).map((pt) => [pt.lng, mercatorY(pt.lat)]),
        })),
        {
          type: 'scatter',
          name: t('dashboard.map.areas'),
          z: 3,
          itemStyle: { borderColor: '#343a40', borderWidth: 1, opacity: 0.75 },
          symbolSize: (v: unknown[]) => circleSize(v[2] as number, maxPersons),
          label: { show: true, formatter: (x: { data: unknown[] }) => String(x.data[5]), position: 'right', fontSize: 11 },
          tooltip: {
            formatter: (x: { data: unknown[] }) =>
              `${x.data[5]}<br/>${t('dashboard.col.persons')}: ${x.data[2]}<br/>${t(`dashboard.map.indicators.${indicator}`)}: ${formatIndicator(x.data[3] as number | null, indicator)}`,
          },
          data: placed.map((a) => [a.lng, mercatorY(a.lat!), a.persons, a.value ?? -1, a.code, a.name]),
        },
      ],
    };
    return (
      <>
        {!p.total || !option ? (
          <Text size="sm" c="dimmed" my="md">
            {t('dashboard.map.noPoints')}
          </Text>
        ) : (
          <>
            <div role="img" aria-label={`${t('dashboard.map.title')}: ${t(`dashboard.map.${kind}`)}`}>
              <ReactEChartsCore echarts={echarts} option={option} style={{ height: 420 }} notMerge lazyUpdate />
            </div>
            <Text size="xs" c="dimmed" data-map-count>
              {p.points.length || !p.total ? t('dashboard.map.shown', { shown: p.points.length, total: p.total }) : t('dashboard.map.centresOnly')}
              {' · '}
              {t('dashboard.map.howDrawn')}
              {tiles.length > 0 && p.tileUrl ? ` · ${t('dashboard.map.tiles', { host: new URL(p.tileUrl.replace(/[{}]/g, '')).host })}` : ''}
            </Text>
          </>
        )}
        <Table.ScrollContainer minWidth={320} mt="sm">
          <Table striped withTableBorder fz="sm">
            <Table.Caption>
              <Text span size="xs" c="dimmed">
                {t('dashboard.map.areas')} · {t(`dashboard.map.indicators.${indicator}`)}
              </Text>
            </Table.Caption>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t('dashboard.col.area')}</Table.Th>
                <Table.Th scope="col" ta="right">
                  {t('dashboard.col.persons')}
                </Table.Th>
                <Table.Th scope="col" ta="right">
                  {t('dashboard.col.located')}
                </Table.Th>
                <Table.Th scope="col" ta="right">
                  {t(`dashboard.map.indicators.${indicator}`)}
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {areas.map((a) => (
                <Table.Tr key={a.code}>
                  <Table.Th scope="row" fw={400}>
                    {a.name}
                  </Table.Th>
                  <Table.Td ta="right">{a.persons}</Table.Td>
                  <Table.Td ta="right">{a.located}</Table.Td>
                  <Table.Td ta="right">{formatIndicator(a.value, indicator)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      </>
    );
  };

  return (
    <Card withBorder radius="md" padding="sm" component="section" aria-labelledby={headingId} data-map>
      <Title order={2} size="h4" id={headingId} mb="xs">
        {t('dashboard.map.title')}
      </Title>
      <Group gap="sm" mb="xs" wrap="wrap" align="flex-end">
        <NativeSelect
          label={t('dashboard.map.kind')}
          data={MAP_KINDS.map((k) => ({ value: k, label: t(`dashboard.map.${k}`) }))}
          value={kind}
          onChange={(e) => setKind(e.currentTarget.value as MapKind)}
          w={240}
        />
        <NativeSelect
          label={t('dashboard.map.indicator')}
          data={INDICATORS.map((i) => ({ value: i, label: t(`dashboard.map.indicators.${i}`) }))}
          value={indicator}
          onChange={(e) => setIndicator(e.currentTarget.value as Indicator)}
          w={240}
        />
      </Group>
      {body()}
    </Card>
  );
}
