import { formatDateTime } from '@carehub/core';
import { Card, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { lazy, Suspense, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { Loading } from '../../components/Loading';
import { useLang } from '../../i18n';
import { useMe } from '../auth/api';
import { boundariesQuery, mapSettingsQuery } from '../map/api';
import { boundsOfPositions, CATEGORICAL } from '../map/choropleth';
import { Legend } from '../map/Legend';
import type { Visit } from './api';

const MapCanvas = lazy(() => import('../map/MapCanvas'));

/**
 * Where the visits were recorded, one colour per volunteer, on the same MapLibre map as the dashboard:
 * the supervisor's area boundaries (when uploaded) over the offline basemap or a plain background, so
 * clusters and strays show at a glance. A point's person and time show as plain text when chosen.
 */
export default function VisitMap({ visits }: { visits: Visit[] }) {
  const { t } = useTranslation();
  const lang = useLang();
  const me = useMe();
  const area = me.scopes[0] ?? 'TH';
  const settings = useQuery(mapSettingsQuery());
  const boundaries = useQuery(boundariesQuery(area));
  const located = visits.filter((v) => v.gps);
  const volunteers = useMemo(() => [...new Set(located.map((v) => v.recordedBy ?? '—'))], [located]);
  const colour = (name: string) => CATEGORICAL[volunteers.indexOf(name) % CATEGORICAL.length]!;
  const points = located.map((v) => ({
    lng: v.gps!.lng,
    lat: v.gps!.lat,
    colour: colour(v.recordedBy ?? '—'),
    label: `${v.personName} · ${formatDateTime(v.visitedAt, lang)} · ${v.recordedBy ?? '—'}`,
  }));
  const title = t('review.map', { count: located.length });
  return (
    <Card withBorder padding="sm" data-map>
      <Text fw={600} size="sm" mb="xs">
        {title}
      </Text>
      {settings.isPending || boundaries.isPending ? (
        <Loading />
      ) : (
        <Suspense fallback={<Loading />}>
          <MapCanvas
            settings={settings.data ?? { basemap: null, tileUrl: null }}
            // Boundaries are a backdrop here: the review still works if they cannot be read.
            boundaries={boundaries.data ? { ...boundaries.data, features: boundaries.data.features } : null}
            fills={{}}
            points={points}
            fallbackBounds={boundsOfPositions(points) ?? boundaries.data?.bbox ?? settings.data?.basemap?.bounds ?? null}
            label={title}
            height={320}
          />
        </Suspense>
      )}
      {volunteers.length > 0 && <Legend title={t('mapView.volunteers')} round items={volunteers.map((v) => ({ colour: colour(v), text: v }))} />}
    </Card>
  );
}
