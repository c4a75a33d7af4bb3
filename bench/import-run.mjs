// One import in a process of its own, so its peak memory is the importer's alone (bench/import.mjs
// runs it). Args: DATABASE_URL SOURCE FILE. Prints one JSON line: seconds, the time each pass took, the summary, peak RSS.
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { openPostgres, runImport } from '../packages/server/dist/index.js';

const [url, source, file] = process.argv.slice(2);
const database = openPostgres(url, 4);
const marks = {};
const t0 = performance.now();
try {
  const summary = await runImport(
    database.db,
    { kind: 'operator' },
    { source, fileName: basename(file), data: await readFile(file) },
    { onProgress: (p) => (marks[p.phase] ??= performance.now()) },
  );
  const end = performance.now();
  const at = (phase) => (marks[phase] ?? end) - t0;
  console.log(
    JSON.stringify({
      seconds: (end - t0) / 1000,
      // Counting the rows, reading/validating/storing them, then matching the rows left.
      passes: { counting: at('reading') / 1000, reading: (at('matching') - at('reading')) / 1000, matching: (end - t0 - at('matching')) / 1000 },
      toMatch: summary.progress.toMatch,
      summary,
      peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
    }),
  );
} finally {
  await database.close();
}
