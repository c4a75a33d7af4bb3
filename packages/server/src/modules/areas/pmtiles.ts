/**
 * PMTiles v3 (https://github.com/protomaps/PMTiles/blob/main/spec/v3/spec.md): reading the 127-byte
 * header of the basemap the server serves, and a tiny writer that makes sample archives of raster
 * tiles for the tests and the demo (a real province's file comes from its GIS office, e.g. made with
 * the `pmtiles` CLI). The browser reads archives with the `pmtiles` package; the server never decodes
 * tiles, it only serves byte ranges of the file.
 */
import { crc32, deflateSync } from 'node:zlib';

export const PMTILES_HEADER_BYTES = 127;

export const TILE_TYPES = { 0: 'unknown', 1: 'mvt', 2: 'png', 3: 'jpeg', 4: 'webp', 5: 'avif', 6: 'mlt' } as const;
export type TileType = (typeof TILE_TYPES)[keyof typeof TILE_TYPES];

export interface PmtilesHeader {
  specVersion: number;
  tileType: TileType;
  minZoom: number;
  maxZoom: number;
  /** [west, south, east, north] in degrees. */
  bounds: [number, number, number, number];
  center: [number, number, number];
  addressedTiles: number;
}

/** The header of a PMTiles v3 archive, or an Error saying why the bytes are not one. */
export function readPmtilesHeader(bytes: Uint8Array): PmtilesHeader {
  if (bytes.length < PMTILES_HEADER_BYTES) throw new Error('too short for a PMTiles header');
  const b = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (b.subarray(0, 7).toString('latin1') !== 'PMTiles') throw new Error('not a PMTiles archive (magic number)');
  const specVersion = b.readUInt8(7);
  if (specVersion !== 3) throw new Error(`PMTiles spec version ${specVersion}; version 3 is supported`);
  const e7 = (o: number) => b.readInt32LE(o) / 1e7;
  const tileType = TILE_TYPES[b.readUInt8(99) as keyof typeof TILE_TYPES] ?? 'unknown';
  return {
    specVersion,
    tileType,
    minZoom: b.readUInt8(100),
    maxZoom: b.readUInt8(101),
    bounds: [e7(102), e7(106), e7(110), e7(114)],
    center: [e7(119), e7(123), b.readUInt8(118)],
    addressedTiles: Number(b.readBigUInt64LE(72)),
  };
}

// ---------------------------------------------------------------------------------------------
// Writer (tests and demo data)

/** The tile id of z/x/y on the archive's Hilbert curve (spec §"Tile IDs"). */
export function zxyToTileId(z: number, x: number, y: number): number {
  let acc = ((1 << z) * (1 << z) - 1) / 3;
  let n = z - 1;
  let tx = x;
  let ty = y;
  for (let a = 1 << n; a > 0; a >>= 1) {
    const rx = tx & a;
    const ry = ty & a;
    acc += ((3 * rx) ^ ry) * (1 << n);
    if (ry === 0) {
      if (rx !== 0) {
        tx = a - 1 - tx;
        ty = a - 1 - ty;
      }
      [tx, ty] = [ty, tx];
    }
    n--;
  }
  return acc;
}

function varint(out: number[], value: number): void {
  let v = value;
  while (v >= 0x80) {
    out.push((v % 0x80) | 0x80);
    v = Math.floor(v / 0x80);
  }
  out.push(v);
}

export interface SampleTile {
  z: number;
  x: number;
  y: number;
  data: Uint8Array;
}

/** Longitude and latitude of a tile's north-west corner. */
export function tileCorner(z: number, x: number, y: number): [number, number] {
  const n = 2 ** z;
  const lng = (x / n) * 360 - 180;
  const lat = (Math.atan(Math.sinh(Math.PI * (1 - (2 * y) / n))) * 180) / Math.PI;
  return [lng, lat];
}

/** The x/y of the tile holding a point at zoom z. */
export function tileOf(z: number, lng: number, lat: number): { x: number; y: number } {
  const n = 2 ** z;
  const r = (lat * Math.PI) / 180;
  return { x: Math.floor(((lng + 180) / 360) * n), y: Math.floor(((1 - Math.log(Math.tan(r) + 1 / Math.cos(r)) / Math.PI) / 2) * n) };
}

/**
 * A PMTiles v3 archive of raster tiles (one root directory, no compression, tiles clustered in tile-id
 * order): enough for a sample basemap of a few tiles.
 */
export function writePmtiles(tiles: SampleTile[], tileType: 'png' | 'jpeg' | 'webp' = 'png', metadata: Record<string, unknown> = {}): Buffer {
  if (!tiles.length) throw new Error('no tiles');
  const entries = tiles.map((t) => ({ id: zxyToTileId(t.z, t.x, t.y), t })).sort((a, b) => a.id - b.id);
  const dir: number[] = [];
  varint(dir, entries.length);
  let last = 0;
  for (const e of entries) {
    varint(dir, e.id - last);
    last = e.id;
  }
  for (const _ of entries) varint(dir, 1);
  for (const e of entries) varint(dir, e.t.data.length);
  // Offsets: the first is 0 (stored as 0 + 1), each next one follows its predecessor (stored as 0).
  for (let i = 0; i < entries.length; i++) varint(dir, i === 0 ? 1 : 0);
  const meta = Buffer.from(JSON.stringify(metadata));
  const root = Buffer.from(dir);
  if (PMTILES_HEADER_BYTES + root.length > 16_384) throw new Error('too many tiles for one root directory');
  const data = Buffer.concat(entries.map((e) => Buffer.from(e.t.data)));
  const corners = tiles.flatMap((t) => [tileCorner(t.z, t.x, t.y), tileCorner(t.z, t.x + 1, t.y + 1)]);
  const lngs = corners.map((c) => c[0]);
  const lats = corners.map((c) => c[1]);
  const [w, s, e, n] = [Math.min(...lngs), Math.min(...lats), Math.max(...lngs), Math.max(...lats)];
  const zooms = tiles.map((t) => t.z);

  const h = Buffer.alloc(PMTILES_HEADER_BYTES);
  h.write('PMTiles', 0, 'latin1');
  h.writeUInt8(3, 7);
  const u64 = (o: number, v: number) => h.writeBigUInt64LE(BigInt(v), o);
  const rootOffset = PMTILES_HEADER_BYTES;
  const metaOffset = rootOffset + root.length;
  const dataOffset = metaOffset + meta.length;
  u64(8, rootOffset);
  u64(16, root.length);
  u64(24, metaOffset);
  u64(32, meta.length);
  u64(40, dataOffset);
  u64(48, 0);
  u64(56, dataOffset);
  u64(64, data.length);
  u64(72, entries.length);
  u64(80, entries.length);
  u64(88, entries.length);
  h.writeUInt8(1, 96); // clustered
  h.writeUInt8(1, 97); // internal compression: none
  h.writeUInt8(1, 98); // tile compression: none
  h.writeUInt8({ png: 2, jpeg: 3, webp: 4 }[tileType], 99);
  h.writeUInt8(Math.min(...zooms), 100);
  h.writeUInt8(Math.max(...zooms), 101);
  const i7 = (o: number, v: number) => h.writeInt32LE(Math.round(v * 1e7), o);
  i7(102, w);
  i7(106, s);
  i7(110, e);
  i7(114, n);
  h.writeUInt8(Math.min(...zooms), 118);
  i7(119, (w + e) / 2);
  i7(123, (s + n) / 2);
  return Buffer.concat([h, root, meta, data]);
}

/** A solid-colour RGB PNG (256 × 256 unless told), made with zlib only. */
export function solidPng(rgb: [number, number, number], size = 256): Buffer {
  const chunk = (type: string, body: Buffer) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(body.length);
    const typed = Buffer.concat([Buffer.from(type, 'latin1'), body]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(typed) >>> 0);
    return Buffer.concat([len, typed, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr.writeUInt8(8, 8); // bit depth
  ihdr.writeUInt8(2, 9); // truecolour
  const row = Buffer.alloc(1 + size * 3);
  for (let i = 0; i < size; i++) row.set(rgb, 1 + i * 3);
  const raw = Buffer.concat(Array.from({ length: size }, () => row));
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/**
 * A sample basemap around a point: every tile covering it from zoom `minZoom` to `maxZoom`, and its
 * eight neighbours, each a solid light colour (lighter at higher zoom). For tests and the demo only.
 */
export function sampleBasemap(lng: number, lat: number, minZoom = 8, maxZoom = 12): Buffer {
  const tiles: SampleTile[] = [];
  for (let z = minZoom; z <= maxZoom; z++) {
    const { x, y } = tileOf(z, lng, lat);
    const shade = 200 + Math.round(((z - minZoom) / Math.max(1, maxZoom - minZoom)) * 40);
    const png = solidPng([shade - 20, shade, shade - 30]);
    for (let dx = -1; dx <= 1; dx++) for (let dy = -1; dy <= 1; dy++) tiles.push({ z, x: x + dx, y: y + dy, data: png });
  }
  return writePmtiles(tiles, 'png', { name: 'CareHub sample basemap', attribution: 'sample tiles (solid colours)' });
}
