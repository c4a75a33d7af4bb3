/**
 * The dashboard map's API shape (issue 8): where located persons (or visits) of an area are, with
 * vulnerability flags and no names, and the centre of each child area's points. No I/O.
 *
 * There are no area boundary polygons in the project, so a child area is drawn as a circle at the
 * centroid of its located points; the map needs no online tile service (a tile URL may be configured).
 */
import { z } from 'zod';

/** At most this many points are sent; the centroids and `total` still count every located point. */
export const MAP_POINT_LIMIT = 3000;
/** Visits on the map: those of the last this many days. */
export const MAP_VISIT_DAYS = 90;
/** Without persons.read (analysts), a centroid of fewer points than this is left out: it could locate a home. */
export const MAP_CENTROID_MIN = 5;

export const MAP_KINDS = ['persons', 'visits'] as const;
export type MapKind = (typeof MAP_KINDS)[number];

export const MAP_FLAGS = ['disability', 'elderly', 'bedridden', 'awaiting_rehabilitation'] as const;
export type MapFlag = (typeof MAP_FLAGS)[number];

export const MapPoint = z.object({
  /** Rounded to 4 decimals (about 11 m). */
  lng: z.number(),
  lat: z.number(),
  /** The child area of the shown area the point lies in (the area itself at a village). */
  area: z.string(),
  flags: z.array(z.enum(MAP_FLAGS)),
});
export type MapPoint = z.infer<typeof MapPoint>;

export const MapCentroid = z.object({ code: z.string(), lng: z.number(), lat: z.number(), n: z.number().int() });
export type MapCentroid = z.infer<typeof MapCentroid>;

export const DashboardPoints = z.object({
  area: z.string(),
  kind: z.enum(MAP_KINDS),
  /** Located points in the area (persons alive with GPS, or visits with GPS in the last MAP_VISIT_DAYS days). */
  total: z.number().int(),
  /** Up to MAP_POINT_LIMIT of them; none for a user who may not read persons. */
  points: z.array(MapPoint),
  truncated: z.boolean(),
  /** Mean position of each child area's points, and how many. */
  centroids: z.array(MapCentroid),
  /** A configured XYZ tile URL template (`…/{z}/{x}/{y}.png`), or null: then nothing online is fetched. */
  tileUrl: z.string().nullable(),
});
export type DashboardPoints = z.infer<typeof DashboardPoints>;
