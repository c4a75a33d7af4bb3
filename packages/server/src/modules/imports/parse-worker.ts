import { createHash } from 'node:crypto';
import { parentPort, workerData } from 'node:worker_threads';
import { type Encoding, FileRefused, type ImportLimits, sniff, type TableRow, type TextEncoding, tableRows } from './parse-core.js';

/**
 * One pass over one import file, in a worker thread. `scan` checks what the file is and reads it whole
 * against the limits, answering its headers, encoding, data rows and SHA-256; `rows` hands the rows over
 * a batch at a time, each when the server asks for it (so a slow database holds back the reading, and
 * only a batch is in flight). The file's bytes are shared with the server, not copied.
 */
export interface WorkerInput {
  mode: 'scan' | 'rows';
  data: Uint8Array;
  fileName: string;
  contentType: string;
  limits: ImportLimits;
  batch: number;
  /** The user's choice of text encoding, instead of the one found. */
  encoding?: TextEncoding;
}
export type WorkerMessage =
  | { type: 'scan'; headers: string[]; encoding: Encoding; total: number; sha256: string }
  | { type: 'rows'; headers?: string[]; rows: TableRow[]; done: boolean }
  | { type: 'refused'; status: 400 | 413; code: string; details?: Record<string, unknown> };

const input = workerData as WorkerInput;
const port = parentPort as NonNullable<typeof parentPort>;

async function main() {
  const { data, limits } = input;
  const encoding = sniff(data, input.fileName, input.contentType, limits, input.encoding);
  const rows = tableRows(data, encoding, limits);
  if (input.mode === 'scan') {
    const hash = createHash('sha256');
    for (let at = 0; at < data.length; at += 1 << 20) hash.update(data.subarray(at, at + (1 << 20)));
    let headers: string[] = [];
    let total = 0;
    for await (const r of rows) {
      if ('headers' in r) headers = r.headers;
      else total++;
    }
    port.postMessage({ type: 'scan', headers, encoding, total, sha256: hash.digest('hex') } satisfies WorkerMessage);
    return;
  }
  let headers: string[] | undefined;
  const iterator = rows[Symbol.asyncIterator]();
  // Each 'next' from the server is answered with the next batch.
  for await (const _ of onMessages()) {
    const batch: TableRow[] = [];
    let done = false;
    while (batch.length < input.batch) {
      const next = await iterator.next();
      if (next.done) {
        done = true;
        break;
      }
      if ('headers' in next.value) headers = next.value.headers;
      else batch.push(next.value);
    }
    port.postMessage({ type: 'rows', headers, rows: batch, done } satisfies WorkerMessage);
    if (done) return;
  }
}

async function* onMessages(): AsyncGenerator<unknown> {
  const queue: unknown[] = [];
  let wake: (() => void) | undefined;
  port.on('message', (m) => {
    queue.push(m);
    wake?.();
  });
  for (;;) {
    while (queue.length) yield queue.shift();
    await new Promise<void>((resolve) => {
      wake = resolve;
    });
    wake = undefined;
  }
}

// The server ends the worker once it has the answer (or the last batch, or a refusal).
main().catch((err) => {
  if (err instanceof FileRefused) port.postMessage({ type: 'refused', status: err.status, code: err.code, details: err.details } satisfies WorkerMessage);
  else port.postMessage({ type: 'refused', status: 400, code: 'import.file_unreadable', details: { reason: (err as Error).name } } satisfies WorkerMessage);
});
