#!/usr/bin/env node
// A sample offline basemap for a demo: solid-colour raster tiles around a point, as a PMTiles v3 archive.
// Not a real map: a province's own archive comes from its GIS office (docs/OPERATIONS.md, "Maps").
// Usage (after the server is built): node packages/server/scripts/sample-basemap.mjs OUT.pmtiles [LNG LAT] [MINZOOM MAXZOOM]
import { writeFileSync } from 'node:fs';
import { sampleBasemap } from '../dist/modules/areas/pmtiles.js';

const [out, lng = '100.6', lat = '7.19', minZoom = '8', maxZoom = '13'] = process.argv.slice(2);
if (!out) {
  console.error('usage: sample-basemap.mjs OUT.pmtiles [LNG LAT] [MINZOOM MAXZOOM]');
  process.exit(2);
}
const bytes = sampleBasemap(Number(lng), Number(lat), Number(minZoom), Number(maxZoom));
writeFileSync(out, bytes);
console.log(`${out}: ${bytes.length} bytes, zoom ${minZoom}-${maxZoom} around ${lng}, ${lat}`);
