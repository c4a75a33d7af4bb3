import { Worker } from 'node:worker_threads';
import type { ErrorCode } from '@carehub/core';
import { AppError } from '../../http/errors.js';
import { DEFAULT_IMPORT_LIMITS, type Encoding, type ImportLimits, type TableRow, type TextEncoding } from './parse-core.js';
import type { WorkerInput, WorkerMessage } from './parse-worker.js';

export {
  DEFAULT_IMPORT_LIMITS,
  type Encoding,
  type ImportLimits,
  importLimitsFromEnv,
  type TableRow,
  TEXT_ENCODINGS,
  type TextEncoding,
} from './parse-core.js';

/**
 * A file's rows, read as a stream: however long the file, only the rows being worked on are held
 * in memory (the file's bytes aside). `rows()` may be read more than once, from the start each time.
 * The file is read in a worker thread, so the server answers others meanwhile.
 */
export interface Table {
  headers: string[];
  encoding: Encoding;
  /** Data rows (the header not counted). */
  total: number;
  /** SHA-256 of the file's bytes, in hex. */
  sha256: string;
  rows(): AsyncGenerator<TableRow>;
}

export interface OpenOptions {
  /** The Content-Type the file came with, checked against its name and bytes. */
  contentType?: string;
  limits?: ImportLimits;
  /** Read a CSV in this encoding instead of the one found (refused when the bytes do not fit it). */
  encoding?: TextEncoding;
}

/** Rows handed over from the worker at a time. */
const BATCH = 500;

// Compiled, the worker sits next to this file; under the test runner (TypeScript sources) the built one
// is used, as `tsc -b packages/server` leaves it in dist.
const WORKER = import.meta.url.endsWith('.ts')
  ? new URL('../../../dist/modules/imports/parse-worker.js', import.meta.url)
  : new URL('./parse-worker.js', import.meta.url);

/** The bytes in memory the worker can read without a copy of its own. */
function shared(data: Uint8Array): Uint8Array {
  if (data.buffer instanceof SharedArrayBuffer) return data;
  const copy = new Uint8Array(new SharedArrayBuffer(data.byteLength));
  copy.set(data);
  return copy;
}

/** One pass of a worker over the file: its messages as they come, the worker ended when the reader stops. */
async function* pass(input: WorkerInput): AsyncGenerator<WorkerMessage, void, boolean | undefined> {
  const worker = new Worker(WORKER, { workerData: input, resourceLimits: { maxOldGenerationSizeMb: input.limits.workerMemoryMb } });
  const queue: Array<WorkerMessage | Error> = [];
  let wake: (() => void) | undefined;
  const push = (m: WorkerMessage | Error) => {
    queue.push(m);
    wake?.();
  };
  worker.on('message', push);
  worker.on('error', (err: Error & { code?: string }) =>
    push(
      err.code === 'ERR_WORKER_OUT_OF_MEMORY'
        ? new AppError(413, 'import.file_too_large', { limit: input.limits.maxFileBytes, reason: 'memory' })
        : new AppError(400, 'import.file_unreadable', { reason: err.name }),
    ),
  );
  worker.on('exit', () => push(new AppError(400, 'import.file_unreadable', { reason: 'exit' })));
  try {
    if (input.mode === 'rows') worker.postMessage('next');
    for (;;) {
      while (!queue.length)
        await new Promise<void>((resolve) => {
          wake = resolve;
        });
      const m = queue.shift() as WorkerMessage | Error;
      if (m instanceof Error) throw m;
      if (m.type === 'refused') throw new AppError(m.status, m.code as ErrorCode, m.details);
      const more = yield m;
      if (!more) return;
      worker.postMessage('next');
    }
  } finally {
    worker.removeAllListeners('exit');
    await worker.terminate();
  }
}

/**
 * Opens a CSV (comma, semicolon or tab separated) or the first sheet of an XLSX file; the first row holds
 * the headers. The whole file is read once here, so a file that is not what it claims or breaks a limit
 * is refused (AppError 400/413) before anything is stored.
 */
export async function openTable(data: Uint8Array, fileName: string, options: OpenOptions = {}): Promise<Table> {
  const bytes = shared(data);
  const input = {
    data: bytes,
    fileName,
    contentType: options.contentType ?? '',
    limits: options.limits ?? DEFAULT_IMPORT_LIMITS,
    batch: BATCH,
    encoding: options.encoding,
  };
  const scanning = pass({ ...input, mode: 'scan' });
  const scan = (await scanning.next()).value as Extract<WorkerMessage, { type: 'scan' }>;
  await scanning.return();
  return {
    headers: scan.headers,
    encoding: scan.encoding,
    total: scan.total,
    sha256: scan.sha256,
    async *rows() {
      const rows = pass({ ...input, mode: 'rows' });
      let next = await rows.next();
      try {
        while (!next.done) {
          const m = next.value as Extract<WorkerMessage, { type: 'rows' }>;
          yield* m.rows;
          if (m.done) break;
          next = await rows.next(true);
        }
      } finally {
        await rows.return();
      }
    },
  };
}

/** Every row of a table at once: for previews, tests and small files. */
export async function readTable(
  data: Uint8Array,
  fileName: string,
  options: OpenOptions = {},
): Promise<{ headers: string[]; encoding: Encoding; rows: TableRow[] }> {
  const table = await openTable(data, fileName, options);
  const rows: TableRow[] = [];
  for await (const r of table.rows()) rows.push(r);
  return { headers: table.headers, encoding: table.encoding, rows };
}
