import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asUser } from '../../db/context.js';
import { createFixture, type Fixture } from '../../testing/fixture.js';
import type { ApiClient } from '../../testing/server.js';
import { startTestServer, type TestServer } from '../../testing/server.js';
import { parseRange } from './basemap.js';
import type { BoundaryCollection, BoundaryReport } from './boundaries.js';
import { normaliseCode } from './boundaries.js';
import { readPmtilesHeader, sampleBasemap, solidPng, tileOf, writePmtiles, zxyToTileId } from './pmtiles.js';

/**
 * The map's server side over real HTTP: an admin uploads area boundaries as GeoJSON and gets every
 * unmatched feature back with its reason; the map reads only boundaries within the user's scope; the
 * offline basemap (a PMTiles file configured by path or uploaded) is served in byte ranges.
 */
let f: Fixture;
let dataDir: string;
let boyang: ApiClient;
let songkhla: ApiClient;
let admin: ApiClient;

/** A closed square ring of side 2·r around a point. */
const square = (lng: number, lat: number, r: number) => [
  [
    [lng - r, lat - r],
    [lng + r, lat - r],
    [lng + r, lat + r],
    [lng - r, lat + r],
    [lng - r, lat - r],
  ],
];
const feature = (props: Record<string, unknown>, geometry: unknown) => ({ type: 'Feature', properties: props, geometry });

/** ต.บ่อยาง (900101) and two of its villages, synthetic shapes, with the kinds of trouble a real file has. */
const BOYANG = {
  type: 'FeatureCollection',
  features: [
    feature({ ADM_PCODE: 'TH900101', name_th: 'บ่อยาง' }, { type: 'Polygon', coordinates: square(100.6, 7.19, 0.02) }),
    feature({ ADM_PCODE: '90010101', name_th: 'หมู่ 1' }, { type: 'Polygon', coordinates: square(100.59, 7.19, 0.01) }),
    feature({ ADM_PCODE: 90010102, name_th: 'หมู่ 2' }, { type: 'MultiPolygon', coordinates: [square(100.61, 7.19, 0.01)] }),
    feature({ ADM_PCODE: 'TH999999', name_th: 'ไม่มีจริง' }, { type: 'Polygon', coordinates: square(100, 7, 0.01) }),
    feature({ ADM_PCODE: 'abc', name_th: 'รหัสเสีย' }, { type: 'Polygon', coordinates: square(100, 7, 0.01) }),
    feature({ name_th: 'ไม่มีรหัส' }, { type: 'Polygon', coordinates: square(100, 7, 0.01) }),
    feature({ ADM_PCODE: 'TH900102', name_th: 'เขารูปช้าง' }, { type: 'Polygon', coordinates: square(100.7, 7.3, 0.02) }),
    feature(
      { ADM_PCODE: '90010103', name_th: 'หมู่ 3' },
      {
        type: 'LineString',
        coordinates: [
          [100.6, 7.2],
          [100.61, 7.21],
        ],
      },
    ),
    feature({ ADM_PCODE: '90010101', name_th: 'หมู่ 1 ซ้ำ' }, { type: 'Polygon', coordinates: square(100.59, 7.19, 0.01) }),
  ],
};

const upload = async (c: ApiClient, body: string | Buffer, query: string) => {
  const res = await fetch(`${c.base}/api/map/boundaries?${query}`, {
    method: 'POST',
    headers: { cookie: c.cookie, 'content-type': 'application/octet-stream' },
    body,
  });
  return { status: res.status, body: await res.json() };
};

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'carehub-map-'));
  f = await createFixture({ dataDir }, 0);
  [boyang, songkhla, admin] = await Promise.all([f.as('boyang'), f.as('songkhla'), f.as('admin')]);
}, 180_000);

afterAll(async () => {
  await f?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('area boundaries', () => {
  it('reads a geocode from a property: digits, Thai digits, a TH p-code prefix; 2, 4, 6 or 8 digits', () => {
    expect(normaliseCode('TH900101')).toBe('900101');
    expect(normaliseCode(90010102)).toBe('90010102');
    expect(normaliseCode('๙๐๐๑๐๑')).toBe('900101');
    expect(normaliseCode(' 90-01 ')).toBe('9001');
    for (const bad of ['abc', '90010', '9001010100', '90010100', null, undefined, {}, '']) expect(normaliseCode(bad as unknown), String(bad)).toBeNull();
  });

  it('a dry run reports the match without storing anything', async () => {
    const r = await upload(boyang, JSON.stringify(BOYANG), 'property=ADM_PCODE&dryRun=true');
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body).toMatchObject({ dryRun: true, uploadId: null, features: 9, matched: 3 });
    const { rows } = await sql<{ n: number }>`SELECT count(*)::int AS n FROM area_boundaries`.execute(f.database.db);
    expect(rows[0]!.n).toBe(0);
  });

  it('stores the matched features and reports each unmatched one with its reason', async () => {
    const r = await upload(boyang, JSON.stringify(BOYANG), 'property=ADM_PCODE&fileName=boyang.geojson');
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    const report = r.body as BoundaryReport;
    expect(report).toMatchObject({
      dryRun: false,
      property: 'ADM_PCODE',
      features: 9,
      matched: 3,
      byLevel: { province: 0, district: 0, subdistrict: 1, village: 2 },
      unmatchedCount: 6,
    });
    expect(report.uploadId).toMatch(/^[0-9a-f-]{36}$/);
    expect(report.unmatched).toEqual([
      { index: 3, value: 'TH999999', name: 'ไม่มีจริง', reason: 'unknown_area' },
      { index: 4, value: 'abc', name: 'รหัสเสีย', reason: 'bad_code' },
      { index: 5, value: null, name: 'ไม่มีรหัส', reason: 'no_code' },
      // Khao Rup Chang is a real subdistrict, but outside the subdistrict admin's scope.
      { index: 6, value: 'TH900102', name: 'เขารูปช้าง', reason: 'outside_scope' },
      { index: 7, value: '90010103', name: 'หมู่ 3', reason: 'bad_geometry' },
      { index: 8, value: '90010101', name: 'หมู่ 1 ซ้ำ', reason: 'duplicate' },
    ]);
    const stored = await sql<{ code: string; level: string; min_lng: number; max_lat: number; upload_id: string }>`
      SELECT code, level, min_lng, max_lat, upload_id FROM area_boundaries ORDER BY code`.execute(f.database.db);
    expect(stored.rows.map((x) => [x.code, x.level])).toEqual([
      ['900101', 'subdistrict'],
      ['90010101', 'village'],
      ['90010102', 'village'],
    ]);
    expect(stored.rows[0]).toMatchObject({ min_lng: 100.58, max_lat: 7.21, upload_id: report.uploadId });
    const a = await f.database.db
      .selectFrom('audit_log')
      .select(['actor_username', 'details'])
      .where('action', '=', 'map.boundaries_uploaded')
      .executeTakeFirstOrThrow();
    expect(a).toMatchObject({ actor_username: 'boyang', details: { property: 'ADM_PCODE', features: 9, matched: 3, unmatched: 6 } });
  });

  it('refuses a file that is not a GeoJSON FeatureCollection, or a property no feature has, with Thai and English reasons', async () => {
    const notJson = await upload(boyang, '{"type": "FeatureCollection", ', 'property=ADM_PCODE');
    expect(notJson.status).toBe(400);
    expect(notJson.body).toMatchObject({
      code: 'validation.failed',
      details: { fields: [{ path: 'file', message_en: 'This file is not GeoJSON (it is not valid JSON)' }] },
    });
    expect(notJson.body.details.fields[0].message_th).toMatch(/GeoJSON/);
    const notFc = await upload(boyang, JSON.stringify({ type: 'Feature', properties: {}, geometry: null }), 'property=ADM_PCODE');
    expect(notFc.status).toBe(400);
    expect(notFc.body.details.fields[0].message_en).toBe('The file must be a GeoJSON FeatureCollection');
    const empty = await upload(boyang, JSON.stringify({ type: 'FeatureCollection', features: [] }), 'property=ADM_PCODE');
    expect(empty.body.details.fields[0].message_en).toBe('The file holds no features');
    const noProp = await upload(boyang, JSON.stringify(BOYANG), 'property=CODE');
    expect(noProp.status).toBe(400);
    expect(noProp.body.details).toMatchObject({ fields: [{ path: 'property' }], properties: ['name_th', 'ADM_PCODE'] });
    expect((await upload(boyang, '', 'property=ADM_PCODE')).status).toBe(400);
    // Nothing was written by any of them.
    const { rows } = await sql<{ n: number }>`SELECT count(*)::int AS n FROM boundary_uploads`.execute(f.database.db);
    expect(rows[0]!.n).toBe(1);
  });

  it('lets only admins of the areas upload', async () => {
    for (const who of ['sw.boyang', 'osm.boyang', 'steward.pmj']) {
      const c = await f.as(who);
      expect((await upload(c, JSON.stringify(BOYANG), 'property=ADM_PCODE')).status, who).toBe(403);
    }
    expect((await upload(f.client(), JSON.stringify(BOYANG), 'property=ADM_PCODE')).status).toBe(401);
  });

  it('serves an area outline and its child areas, only within the user scope', async () => {
    const sub = (await boyang.get<BoundaryCollection>('/api/map/boundaries?area=900101')).body;
    expect(sub.features.map((x) => [x.properties.code, x.properties.self])).toEqual([
      ['900101', true],
      ['90010101', false],
      ['90010102', false],
    ]);
    expect(sub.bbox).toEqual([100.58, 7.17, 100.62, 7.21]);
    expect(sub.features[2]!.geometry.type).toBe('MultiPolygon');
    // The province admin uploads Khao Rup Chang; the district shows both subdistricts to them.
    const prov = await upload(songkhla, JSON.stringify(BOYANG), 'property=ADM_PCODE');
    expect(prov.body).toMatchObject({ matched: 4, byLevel: { subdistrict: 2, village: 2 } });
    const district = (await songkhla.get<BoundaryCollection>('/api/map/boundaries?area=9001')).body;
    expect(district.features.map((x) => x.properties.code)).toEqual(['900101', '900102']);
    // Bo Yang's admin may not read the district, and row-level security hides 900102 even from a query that forgets the filter.
    const refused = await boyang.get('/api/map/boundaries?area=9001');
    expect(refused.status).toBe(403);
    expect(refused.body.code).toBe('forbidden.out_of_scope');
    const actor = await f.database.db.selectFrom('users').select(['id', 'scopes']).where('username', '=', 'boyang').executeTakeFirstOrThrow();
    const seen = await asUser(f.database.db, { userId: actor.id, scopes: actor.scopes }, (tx) =>
      sql<{ code: string }>`SELECT code FROM area_boundaries ORDER BY code`.execute(tx),
    );
    expect(seen.rows.map((x) => x.code)).toEqual(['900101', '90010101', '90010102']);
    // Any signed-in user reads boundaries of their own area (no personal data); bad codes are a 400.
    const osm = await f.as('osm.boyang');
    expect((await osm.get<BoundaryCollection>('/api/map/boundaries?area=90010101')).body.features).toHaveLength(1);
    expect((await boyang.get('/api/map/boundaries?area=9x')).status).toBe(400);
    expect((await f.client().get('/api/map/boundaries?area=900101')).status).toBe(401);
  });

  it('replaces a boundary uploaded again for the same code', async () => {
    const moved = { type: 'FeatureCollection', features: [feature({ code: '90010101' }, { type: 'Polygon', coordinates: square(100.595, 7.195, 0.005) })] };
    expect((await upload(boyang, JSON.stringify(moved), 'property=code')).body).toMatchObject({ matched: 1, unmatchedCount: 0 });
    const sub = (await boyang.get<BoundaryCollection>('/api/map/boundaries?area=90010101')).body;
    expect(sub.bbox).toEqual([100.59, 7.19, 100.6, 7.2]);
  });
});

describe('offline basemap (PMTiles)', () => {
  it('numbers tiles on the Hilbert curve as the PMTiles v3 spec does', () => {
    expect(zxyToTileId(0, 0, 0)).toBe(0);
    expect([zxyToTileId(1, 0, 0), zxyToTileId(1, 0, 1), zxyToTileId(1, 1, 1), zxyToTileId(1, 1, 0)]).toEqual([1, 2, 3, 4]);
    expect(zxyToTileId(2, 0, 0)).toBe(5);
    expect(zxyToTileId(12, 3193, 1947)).toBeGreaterThan(zxyToTileId(11, 2047, 2047));
  });

  it('writes an archive whose header reads back', () => {
    const { x, y } = tileOf(10, 100.6, 7.19);
    const archive = writePmtiles([{ z: 10, x, y, data: solidPng([1, 2, 3], 8) }]);
    const h = readPmtilesHeader(archive);
    expect(h).toMatchObject({ specVersion: 3, tileType: 'png', minZoom: 10, maxZoom: 10, addressedTiles: 1 });
    expect(h.bounds[0]).toBeLessThanOrEqual(100.6);
    expect(h.bounds[2]).toBeGreaterThanOrEqual(100.6);
    expect(h.bounds[1]).toBeLessThanOrEqual(7.19);
    expect(h.bounds[3]).toBeGreaterThanOrEqual(7.19);
    expect(() => readPmtilesHeader(Buffer.from('not a pmtiles archive at all, certainly not one of version three'.repeat(3)))).toThrow(/magic/);
  });

  it('parses byte ranges as RFC 9110 says', () => {
    expect(parseRange(undefined, 100)).toBeNull();
    expect(parseRange('bytes=0-9', 100)).toEqual({ start: 0, end: 9 });
    expect(parseRange('bytes=90-', 100)).toEqual({ start: 90, end: 99 });
    expect(parseRange('bytes=-10', 100)).toEqual({ start: 90, end: 99 });
    expect(parseRange('bytes=95-200', 100)).toEqual({ start: 95, end: 99 });
    expect(parseRange('bytes=100-', 100)).toBe('unsatisfiable');
    expect(parseRange('bytes=5-2', 100)).toBe('unsatisfiable');
    expect(parseRange('bytes=0-1,5-6', 100)).toBeNull();
    expect(parseRange('items=0-1', 100)).toBeNull();
  });

  it('has no basemap until one is configured or uploaded, and fetches nothing online', async () => {
    const s = await boyang.get('/api/map/settings');
    expect(s.status).toBe(200);
    expect(s.body).toEqual({ basemap: null, tileUrl: null });
    expect((await boyang.get('/api/map/basemap.pmtiles')).status).toBe(404);
    expect((await f.client().get('/api/map/settings')).status).toBe(401);
  });

  describe('configured by CAREHUB_MAP_PMTILES', () => {
    let server: TestServer;
    let file: string;
    let bytes: Buffer;
    beforeAll(async () => {
      file = join(dataDir, 'province.pmtiles');
      bytes = sampleBasemap(100.6, 7.19, 9, 11);
      writeFileSync(file, bytes);
      server = await startTestServer(f.database, { dataDir, mapPmtiles: file });
    });
    afterAll(() => server?.close());

    const get = (path: string, headers: Record<string, string> = {}) => fetch(server.url + path, { headers: { cookie: boyang.cookie, ...headers } });

    it('describes the basemap', async () => {
      const s = await (await get('/api/map/settings')).json();
      expect(s).toMatchObject({
        tileUrl: null,
        basemap: { url: '/api/map/basemap.pmtiles', source: 'config', tileType: 'png', minZoom: 9, maxZoom: 11, bytes: bytes.length },
      });
    });

    it('serves byte ranges (206) uncompressed, the whole file (200), and refuses a range past the end (416)', async () => {
      const head = await get('/api/map/basemap.pmtiles', { range: 'bytes=0-126', 'accept-encoding': 'br, gzip' });
      expect(head.status).toBe(206);
      expect(head.headers.get('content-range')).toBe(`bytes 0-126/${bytes.length}`);
      expect(head.headers.get('accept-ranges')).toBe('bytes');
      expect(head.headers.get('content-encoding')).toBeNull();
      expect(head.headers.get('etag')).toMatch(/^"[0-9a-f]+-[0-9a-f]+"$/);
      expect(Buffer.from(await head.arrayBuffer()).equals(bytes.subarray(0, 127))).toBe(true);
      const tail = await get('/api/map/basemap.pmtiles', { range: 'bytes=-100' });
      expect(tail.status).toBe(206);
      expect(Buffer.from(await tail.arrayBuffer()).equals(bytes.subarray(bytes.length - 100))).toBe(true);
      const whole = await get('/api/map/basemap.pmtiles');
      expect(whole.status).toBe(200);
      expect(Buffer.from(await whole.arrayBuffer()).equals(readFileSync(file))).toBe(true);
      const past = await get('/api/map/basemap.pmtiles', { range: `bytes=${bytes.length}-` });
      expect(past.status).toBe(416);
      expect(past.headers.get('content-range')).toBe(`bytes */${bytes.length}`);
      const anonymous = await fetch(`${server.url}/api/map/basemap.pmtiles`, { headers: { range: 'bytes=0-126' } });
      expect(anonymous.status).toBe(401);
    });

    it('refuses an upload while a basemap is configured', async () => {
      const c = await f.as('admin');
      const res = await fetch(`${server.url}/api/map/basemap`, {
        method: 'PUT',
        headers: { cookie: c.cookie, 'content-type': 'application/octet-stream' },
        body: sampleBasemap(100.6, 7.19, 9, 9),
      });
      expect(res.status).toBe(409);
    });
  });

  it('takes an uploaded basemap from a nationwide admin into the data directory, and refuses other files and users', async () => {
    const put = (c: ApiClient, body: Buffer) =>
      fetch(`${c.base}/api/map/basemap`, { method: 'PUT', headers: { cookie: c.cookie, 'content-type': 'application/octet-stream' }, body });
    expect((await put(songkhla, sampleBasemap(100.6, 7.19, 9, 9))).status).toBe(403);
    expect((await put(boyang, sampleBasemap(100.6, 7.19, 9, 9))).status).toBe(403);
    const bad = await put(admin, Buffer.from('{"type":"FeatureCollection"}'.repeat(10)));
    expect(bad.status).toBe(400);
    expect((await bad.json()).details.fields[0].message_en).toMatch(/not a PMTiles version 3 archive/);
    const archive = sampleBasemap(100.6, 7.19, 10, 12);
    const ok = await put(admin, archive);
    expect(ok.status).toBe(200);
    expect(await ok.json()).toMatchObject({ basemap: { source: 'upload', minZoom: 10, maxZoom: 12, bytes: archive.length } });
    expect(readFileSync(join(dataDir, 'map', 'basemap.pmtiles')).equals(archive)).toBe(true);
    const r = await fetch(`${boyang.base}/api/map/basemap.pmtiles`, { headers: { cookie: boyang.cookie, range: 'bytes=0-6' } });
    expect(r.status).toBe(206);
    expect(Buffer.from(await r.arrayBuffer()).toString('latin1')).toBe('PMTiles');
    const a = await f.database.db
      .selectFrom('audit_log')
      .select(['actor_username', 'details'])
      .where('action', '=', 'map.basemap_uploaded')
      .executeTakeFirstOrThrow();
    expect(a).toMatchObject({ actor_username: 'admin', details: { bytes: archive.length, tileType: 'png' } });
  });
});
