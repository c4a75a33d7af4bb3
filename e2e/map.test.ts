import type { Page, Request } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { sampleBasemap } from '../packages/server/src/modules/areas/pmtiles.js';
import { classesFor, colourOf } from '../packages/web/src/features/map/choropleth.js';
import { expectAccessible, journey } from './harness.js';

/**
 * The map (issue 17, item 9) in Debian's Chromium, rendered by MapLibre GL on software WebGL: the
 * subdistrict admin of ต.บ่อยาง uploads synthetic boundaries of the subdistrict and four villages
 * (plus features that must be reported unmatched), the dashboard fills each village by the chosen
 * indicator with the dashboard's own figures (checked against the table, and changing with the
 * indicator), only the household of a consenting person is a point, and no request leaves the
 * server's origin. Then a nationwide admin uploads a PMTiles basemap and the map reads it in byte
 * ranges from the same server.
 */
const j = journey();

const square = (lng: number, lat: number, r: number) => [
  [
    [lng - r, lat - r],
    [lng + r, lat - r],
    [lng + r, lat + r],
    [lng - r, lat + r],
    [lng - r, lat - r],
  ],
];
/** Bo Yang as a 0.04° square cut into four village squares (villages 1–4), in national p-code style. */
const VILLAGES = [1, 2, 3, 4].map((n) => ({ n, lng: 100.59 + ((n - 1) % 2) * 0.02, lat: 7.2 - Math.floor((n - 1) / 2) * 0.02 }));
const GEOJSON = {
  type: 'FeatureCollection',
  features: [
    { type: 'Feature', properties: { ADM3_PCODE: 'TH900101', ADM3_TH: 'บ่อยาง' }, geometry: { type: 'Polygon', coordinates: square(100.6, 7.19, 0.02) } },
    ...VILLAGES.map((v) => ({
      type: 'Feature',
      properties: { ADM3_PCODE: `TH900101${String(v.n).padStart(2, '0')}`, ADM3_TH: `หมู่ ${v.n}` },
      geometry: { type: 'Polygon', coordinates: square(v.lng, v.lat, 0.01) },
    })),
    { type: 'Feature', properties: { ADM3_PCODE: 'TH900102', ADM3_TH: 'เขารูปช้าง' }, geometry: { type: 'Polygon', coordinates: square(100.7, 7.3, 0.02) } },
    { type: 'Feature', properties: { ADM3_PCODE: 'ไม่ทราบ', ADM3_TH: 'ไม่มีรหัส' }, geometry: { type: 'Polygon', coordinates: square(100.7, 7.3, 0.01) } },
  ],
};

type Rendered = Array<{ code?: string; fill?: string; colour?: string }>;

/** What MapLibre drew in a layer, read from the map instance the component keeps on its container. */
const rendered = (page: Page, layer: string): Promise<Rendered> =>
  page.evaluate((id) => {
    const map = (document.querySelector('[data-map-canvas]') as any)?.carehubMap;
    if (!map?.loaded() || !map.getLayer(id)) return [];
    return map.queryRenderedFeatures({ layers: [id] }).map((f: { properties: Record<string, string> }) => f.properties);
  }, layer);

/** The village rows of the map's table: code → value text. */
const tableValues = (page: Page) =>
  page.evaluate(
    (): Record<string, string> =>
      Object.fromEntries(
        Array.from(document.querySelectorAll('[data-map-table] tbody tr')).map((tr) => [
          tr.getAttribute('data-area') ?? '',
          tr.querySelector('td:last-child')?.textContent ?? '',
        ]),
      ),
  );

const parse = (text: string): number | null => (text === '—' ? null : text.endsWith('%') ? Number(text.slice(0, -1)) / 100 : Number(text));

/** Waits until each uploaded village is drawn in the colour its figure in the table has under the indicator's classes. */
async function expectChoropleth(page: Page, percent: boolean): Promise<Record<string, string>> {
  let last = '';
  try {
    await expect
      .poll(
        async () => {
          const values = await tableValues(page);
          const classes = classesFor(Object.values(values).map(parse), percent);
          const fills = Object.fromEntries((await rendered(page, 'carehub-areas-fill')).map((f) => [f.code, f.fill]).sort());
          const want = Object.fromEntries(
            VILLAGES.map((v) => `900101${String(v.n).padStart(2, '0')}`).map((c) => [c, colourOf(values[c] === undefined ? null : parse(values[c]!), classes)]),
          );
          last = JSON.stringify({ fills, want });
          return JSON.stringify(fills) === JSON.stringify(want) ? fills : null;
        },
        { timeout: 20_000 },
      )
      .not.toBeNull();
  } catch {
    throw new Error(`the map's fills do not follow the table's figures: ${last}`);
  }
  return Object.fromEntries((await rendered(page, 'carehub-areas-fill')).map((f) => [f.code!, f.fill!]));
}

describe('the map', () => {
  it('draws uploaded boundaries filled by indicator and only consenting households, fetching nothing from elsewhere', async () => {
    const context = await j.browser.newContext({ viewport: { width: 1280, height: 900 } });
    const requests: string[] = [];
    context.on('request', (r: Request) => requests.push(r.url()));
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    const step = (what: string) => console.log(`[map] ${new Date().toISOString().slice(11, 19)} ${what}`);
    step('signing in');
    await j.signIn(page, 'boyang');
    const origin = new URL(j.app.url).origin;

    // Two people of Bo Yang get a home location inside village 1: one consented to care coordination, one did not.
    const list = await (await page.request.get(`${j.app.url}/api/persons?area=900101&pageSize=200`)).json();
    let consenting: { id: string; version: number } | null = null;
    let refusing: { id: string; version: number } | null = null;
    for (const s of list.items as Array<{ id: string }>) {
      const p = await (await page.request.get(`${j.app.url}/api/persons/${s.id}`)).json();
      if (p.status !== 'alive' || p.gps) continue;
      const ok = (p.consents as Array<{ purpose: string; withdrawnAt: string | null }>).some((c) => c.purpose === 'care_coordination' && !c.withdrawnAt);
      if (ok && !consenting) consenting = p;
      if (!ok && !refusing) refusing = p;
      if (consenting && refusing) break;
    }
    expect(consenting && refusing, 'demo data has people with and without a care-coordination consent').toBeTruthy();
    for (const [p, gps] of [
      [consenting!, { lng: 100.585, lat: 7.205 }],
      [refusing!, { lng: 100.595, lat: 7.195 }],
    ] as const) {
      const r = await page.request.patch(`${j.app.url}/api/persons/${p.id}`, { data: { version: p.version, gps } });
      expect(r.status(), await r.text()).toBe(200);
    }

    step('people located; opening the dashboard');
    await page.goto(`${j.app.url}/dashboard?area=900101`);
    const card = page.locator('[data-map]');
    await card.getByRole('button', { name: 'นำเข้าขอบเขตพื้นที่' }).click();
    const dialog = page.getByRole('dialog', { name: 'นำเข้าขอบเขตพื้นที่ (GeoJSON)' });
    await dialog
      .locator('input[type="file"]')
      .setInputFiles({ name: 'boyang.geojson', mimeType: 'application/geo+json', buffer: Buffer.from(JSON.stringify(GEOJSON)) });
    // The property holding the codes is guessed from the values.
    await expect.poll(() => dialog.getByLabel('คุณสมบัติที่เก็บรหัสพื้นที่').first().inputValue()).toBe('ADM3_PCODE');
    await dialog.getByRole('button', { name: 'นำเข้า', exact: true }).click();
    const report = dialog.getByTestId('map-upload-report');
    await report.getByText('บันทึกแล้ว: จับคู่ได้ 5 จาก 7 รายการ (ตำบล 1 หมู่บ้าน 4 อื่น ๆ 0) จับคู่ไม่ได้ 2').waitFor();
    const unmatched = dialog.getByTestId('map-upload-unmatched');
    await unmatched.getByRole('row', { name: /6 · เขารูปช้าง TH900102 อยู่นอกพื้นที่ที่คุณรับผิดชอบ/ }).waitFor();
    await unmatched.getByRole('row', { name: /7 · ไม่มีรหัส ไม่ทราบ รหัสไม่ใช่รหัสพื้นที่/ }).waitFor();
    step('uploaded');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });

    // MapLibre rendered on this browser's WebGL: the load event fired and the layers hold features.
    await page.locator('[data-map-canvas][data-map-loaded="true"]').waitFor({ timeout: 30_000 });
    const webgl = await page.evaluate(() => {
      const gl = document.querySelector('[data-map-canvas] canvas') as HTMLCanvasElement | null;
      const ctx = gl?.getContext('webgl2') ?? gl?.getContext('webgl');
      const info = ctx?.getExtension('WEBGL_debug_renderer_info');
      return ctx && info ? String(ctx.getParameter(info.UNMASKED_RENDERER_WEBGL)) : null;
    });
    expect(webgl, 'WebGL renderer').toBeTruthy();
    console.log(`[map] rendered with WebGL: ${webgl}`);

    step('map loaded');
    if (process.env.MAP_SCREENSHOT) await page.locator('[data-map]').screenshot({ path: process.env.MAP_SCREENSHOT });
    const coverage = await expectChoropleth(page, true);
    expect(Object.keys(coverage).sort()).toEqual(['90010101', '90010102', '90010103', '90010104']);
    await expect.poll(async () => (await rendered(page, 'carehub-area-outline')).map((f) => f.code)).toContain('900101');
    await page.locator('[data-map-legend]').first().getByText('ความครอบคลุมการเยี่ยม').waitFor();

    // Another indicator: the fills follow its figures, and the legend says which it is.
    let changed = false;
    for (const [value, percent, title] of [
      ['openReferrals', false, 'การส่งต่อที่ยังเปิด'],
      ['bedriddenShare', true, 'สัดส่วนผู้ติดเตียง'],
      ['visitsThisMonth', false, 'การเยี่ยมเดือนนี้'],
    ] as const) {
      await card.getByRole('combobox', { name: 'ระบายสีพื้นที่ตาม' }).selectOption(value);
      await page.locator('[data-map-legend]').first().getByText(title, { exact: true }).waitFor();
      const fills = await expectChoropleth(page, percent);
      if (JSON.stringify(fills) !== JSON.stringify(coverage)) changed = true;
    }
    expect(changed, 'some indicator colours the villages differently from coverage').toBe(true);

    step('indicators checked');
    // Points: only the consenting person's household.
    await card.getByRole('combobox', { name: 'ระบายสีพื้นที่ตาม' }).selectOption('coverage');
    await expect.poll(async () => (await rendered(page, 'carehub-points')).length, { timeout: 20_000 }).toBe(1);
    await card.locator('[data-map-count]').getByText('แสดง 1 จาก 1 จุด').waitFor();
    await expectAccessible(page, { include: '[data-map]', where: 'dashboard map' });

    // Nothing was requested from anywhere but this server (blob: and data: stay in the browser).
    const outside = requests.filter((u) => !u.startsWith('data:') && !u.startsWith('blob:') && new URL(u).origin !== origin);
    expect(outside).toEqual([]);
    expect(requests.some((u) => u.includes('/api/map/boundaries?area=900101'))).toBe(true);
    expect(requests.some((u) => u.includes('basemap.pmtiles'))).toBe(false);
    expect(errors).toEqual([]);
    await context.close();
  }, 240_000);

  it('reads an uploaded PMTiles basemap in byte ranges from the same server', async () => {
    const adminContext = await j.browser.newContext();
    const adminPage = await adminContext.newPage();
    await j.signIn(adminPage, 'admin');
    const put = await adminPage.request.put(`${j.app.url}/api/map/basemap`, {
      data: sampleBasemap(100.6, 7.19, 8, 13),
      headers: { 'content-type': 'application/octet-stream' },
    });
    expect(put.status(), await put.text()).toBe(200);
    await adminContext.close();

    const context = await j.browser.newContext({ viewport: { width: 1280, height: 900 } });
    const ranges: Array<string | undefined> = [];
    const statuses: number[] = [];
    const requests: string[] = [];
    context.on('request', (r: Request) => {
      requests.push(r.url());
      if (r.url().includes('/api/map/basemap.pmtiles')) ranges.push(r.headers().range);
    });
    context.on('response', (r) => {
      if (r.url().includes('/api/map/basemap.pmtiles')) statuses.push(r.status());
    });
    const page = await context.newPage();
    await j.signIn(page, 'boyang');
    await page.goto(`${j.app.url}/dashboard?area=900101`);
    await page.locator('[data-map-canvas][data-map-loaded="true"]').waitFor({ timeout: 30_000 });
    await page.locator('[data-map-count]').getByText('แผนที่ฐานจากไฟล์ของจังหวัดบนเซิร์ฟเวอร์นี้').waitFor();
    // The basemap's tiles arrive: the raster source loads and its tiles are held by the map.
    await expect
      .poll(
        () =>
          page.evaluate(() => {
            const map = (document.querySelector('[data-map-canvas]') as any)?.carehubMap;
            return Boolean(map?.getLayer('basemap') && map.isSourceLoaded('basemap') && map.areTilesLoaded());
          }),
        { timeout: 30_000 },
      )
      .toBe(true);
    // The header and root directory, then the tiles in view: each a byte range answered with 206.
    await expect.poll(() => ranges.length, { timeout: 20_000 }).toBeGreaterThanOrEqual(2);
    await expect.poll(() => statuses.length, { timeout: 20_000 }).toBeGreaterThanOrEqual(2);
    for (const r of ranges) expect(r).toMatch(/^bytes=\d+-\d+$/);
    expect(statuses.length).toBeGreaterThanOrEqual(2);
    expect(statuses.every((st) => st === 206)).toBe(true);
    // The boundaries are still drawn over it (a polygon cut by tile edges comes back once per piece).
    await expect.poll(async () => new Set((await rendered(page, 'carehub-areas-fill')).map((f) => f.code)).size).toBe(4);
    const origin = new URL(j.app.url).origin;
    expect(requests.filter((u) => !u.startsWith('data:') && !u.startsWith('blob:') && new URL(u).origin !== origin)).toEqual([]);
    await context.close();
  }, 120_000);
});
