#!/usr/bin/env node
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const cli = join(dirname(fileURLToPath(import.meta.url)), '../dist/cli.js');
if (!existsSync(cli)) {
  console.error('carehub: the server is not built yet; run `npm run build` (or `npm start`) first');
  process.exit(1);
}
await import(cli);
