import { type Dashboard, MAP_KINDS, type MapKind } from '@carehub/core';
import { Button, Card, Group, NativeSelect, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { lazy, Suspense, useId, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Loading } from '../../components/Loading';
import { useLang } from '../../i18n';
import { hasPermission, useMe } from '../auth/api';
import { boundariesQuery, mapSettingsQuery } from '../map/api';
import { boundsOfPositions, CATEGORICAL, classesFor, colourOf, legendText, NO_DATA, unionBounds } from '../map/choropleth';
import { Legend } from '../map/Legend';
import { pointsQuery } from './api';
import { formatIndicator, INDICATORS, type Indicator, mapAreas, PERCENT_INDICATORS, POINT_GROUPS, pointGroup } from './model';

// MapLibre (and its WebGL worker) loads only when a map is shown.
const MapCanvas = lazy(() => import('../map/MapCanvas'));
const BoundaryUpload = lazy(() => import('../map/BoundaryUpload'));

/** Okabe–Ito colours per point group, most dependent first; "other" in black. */
const GROUP_COLOURS: Record<(typeof POINT_GROUPS)[number], string> = {
  bedridden: CATEGORICAL[1],
  disability: CATEGORICAL[3],
  awaiting_rehabilitation: CATEGORICAL[4],
  elderly: CATEGORICAL[0],
  other: CATEGORICAL[6],
};

/**
 * The area on a map (issue 17, item 9): the child areas' boundaries an admin uploaded, filled by the
 * chosen indicator (the dashboard's own figures) with a legend and the same figures as a table; the
 * households (or recent visits) of people whose consent allows it as points; the province's offline
 * basemap underneath when the server has one, else a plain background. Nothing is fetched from
 * outside the server unless an online tile URL is configured.
 */
export default function AreaMap({ dashboard }: { dashboard: Dashboard }) {
  const { t } = useTranslation();
  const lang = useLang();
  const me = useMe();
  const headingId = useId();
  const legendId = useId();
  const [kind, setKind] = useState<MapKind>('persons');
  const [indicator, setIndicator] = useState<Indicator>('coverage');
  const [uploading, setUploading] = useState(false);
  const code = dashboard.area.code;
  const points = useQuery(pointsQuery(code, kind));
  const settings = useQuery(mapSettingsQuery());
  const boundaries = useQuery(boundariesQuery(code));
  const canUpload = hasPermission(me, 'organisations.manage');

  const percent = PERCENT_INDICATORS.includes(indicator);
  const areas = useMemo(() => mapAreas(dashboard, points.data?.centroids ?? [], indicator, lang), [dashboard, points.data, indicator, lang]);
  const classes = useMemo(
    () =>
      classesFor(
        areas.map((a) => a.value),
        percent,
      ),
    [areas, percent],
  );
  const fills = useMemo(
    () => Object.fromEntries(areas.map((a) => [a.code, { colour: colourOf(a.value, classes), text: formatIndicator(a.value, indicator), name: a.name }])),
    [areas, classes, indicator],
  );
  const mapPoints = useMemo(() => {
    const p = points.data;
    if (!p) return [];
    if (p.points.length)
      return p.points.map((pt) => ({ lng: pt.lng, lat: pt.lat, colour: GROUP_COLOURS[pointGroup(pt)], label: t(`dashboard.map.groups.${pointGroup(pt)}`) }));
    // Without persons.read (an analyst): only the centres of areas with enough points.
    return p.centroids.map((c) => ({ lng: c.lng, lat: c.lat, colour: CATEGORICAL[6], label: `${c.code}: ${c.n}` }));
  }, [points.data, t]);

  const body = () => {
    if (points.isPending || settings.isPending || boundaries.isPending) return <Loading />;
    if (points.isError) return <ErrorAlert error={points.error} onRetry={() => points.refetch()} />;
    if (settings.isError) return <ErrorAlert error={settings.error} onRetry={() => settings.refetch()} />;
    if (boundaries.isError) return <ErrorAlert error={boundaries.error} onRetry={() => boundaries.refetch()} />;
    const p = points.data;
    const b = boundaries.data;
    const located = new Map(p.centroids.map((c) => [c.code, c.n]));
    const fallback = unionBounds(boundsOfPositions(mapPoints), settings.data.basemap?.bounds ?? null);
    const nothing = !b.features.length && !mapPoints.length;
    const groupCounts = POINT_GROUPS.map((g) => ({ g, n: p.points.filter((pt) => pointGroup(pt) === g).length })).filter((x) => x.n > 0);
    return (
      <>
        {nothing ? (
          <Text size="sm" c="dimmed" my="md" data-map-empty>
            {t('mapView.nothingYet')}
          </Text>
        ) : (
          <Suspense fallback={<Loading />}>
            <MapCanvas
              settings={settings.data}
              boundaries={b}
              fills={fills}
              points={mapPoints}
              fallbackBounds={fallback}
              label={`${t('dashboard.map.title')}: ${t(`dashboard.map.indicators.${indicator}`)}`}
            />
          </Suspense>
        )}
        <Group gap="lg" mt="xs" align="flex-start" wrap="wrap">
          <Legend
            id={legendId}
            title={t(`dashboard.map.indicators.${indicator}`)}
            items={[
              ...classes.map((c, i) => ({ colour: c.colour, text: legendText(c, i === classes.length - 1, percent) })),
              { colour: NO_DATA, text: t('mapView.noData') },
            ]}
          />
          {groupCounts.length > 0 && (
            <Legend
              title={t(`dashboard.map.${kind}`)}
              round
              items={groupCounts.map(({ g, n }) => ({ colour: GROUP_COLOURS[g], text: `${t(`dashboard.map.groups.${g}`)} (${n})` }))}
            />
          )}
        </Group>
        <Text size="xs" c="dimmed" mt="xs" data-map-count>
          {p.points.length || !p.total ? t('dashboard.map.shown', { shown: p.points.length, total: p.total }) : t('dashboard.map.centresOnly')}
          {' · '}
          {t('mapView.consentOnly')}
          {' · '}
          {b.features.length ? t('mapView.boundaries', { count: b.features.filter((f) => !f.properties.self).length }) : t('mapView.noBoundaries')}
          {' · '}
          {settings.data.basemap
            ? t('mapView.basemapOffline')
            : settings.data.tileUrl
              ? t('dashboard.map.tiles', { host: new URL(settings.data.tileUrl.replace(/[{}]/g, '')).host })
              : t('mapView.basemapNone')}
        </Text>
        <Table.ScrollContainer minWidth={320} mt="sm">
          <Table striped withTableBorder fz="sm" data-map-table aria-describedby={legendId}>
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
                <Table.Tr key={a.code} data-area={a.code}>
                  <Table.Th scope="row" fw={400}>
                    <Group gap={6} wrap="nowrap">
                      <span aria-hidden style={{ width: 12, height: 12, background: fills[a.code]?.colour, border: '1px solid #495057', flex: 'none' }} />
                      {a.name}
                    </Group>
                  </Table.Th>
                  <Table.Td ta="right">{a.persons}</Table.Td>
                  <Table.Td ta="right">{located.get(a.code) ?? 0}</Table.Td>
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
      <Group justify="space-between" align="flex-start" mb="xs">
        <Title order={2} size="h4" id={headingId}>
          {t('dashboard.map.title')}
        </Title>
        {canUpload && (
          <Button size="xs" variant="light" onClick={() => setUploading(true)} data-testid="map-upload-open">
            {t('mapView.upload.open')}
          </Button>
        )}
      </Group>
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
      {uploading && (
        <Suspense fallback={null}>
          <BoundaryUpload opened onClose={() => setUploading(false)} />
        </Suspense>
      )}
    </Card>
  );
}
