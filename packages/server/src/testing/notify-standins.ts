import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type RequestListener, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { type AddressInfo, connect, createServer as createTcpServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface Recorded {
  method: string;
  path: string;
  headers: IncomingMessage['headers'];
  body: Buffer;
}

export interface StandIn {
  url: string;
  requests: Recorded[];
  /** The next answers, in order; when empty, `fallback` answers. */
  queue: Array<{ status: number; body?: unknown; headers?: Record<string, string> }>;
  /** Resolves once `n` requests in all have arrived. */
  received(n: number): Promise<void>;
  close(): Promise<void>;
}

/**
 * A local HTTP server standing in for an outside API: it records every request and answers with
 * `check(request)` (a documented answer) unless an answer was queued.
 */
/** A self-signed certificate for 127.0.0.1 (openssl), for a stand-in that must speak HTTPS. */
export function selfSignedCert(): { key: string; cert: string } {
  const dir = mkdtempSync(join(tmpdir(), 'carehub-tls-'));
  const r = spawnSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes',
      '-days',
      '1',
      '-subj',
      '/CN=127.0.0.1',
      '-addext',
      'subjectAltName=IP:127.0.0.1',
      '-keyout',
      join(dir, 'key.pem'),
      '-out',
      join(dir, 'cert.pem'),
    ],
    { stdio: 'pipe' },
  );
  if (r.status !== 0) throw new Error(`openssl could not make a test certificate: ${r.stderr}`);
  return { key: readFileSync(join(dir, 'key.pem'), 'utf8'), cert: readFileSync(join(dir, 'cert.pem'), 'utf8') };
}

export async function startStandIn(
  check: (r: Recorded) => { status: number; body?: unknown; headers?: Record<string, string> },
  tls?: { key: string; cert: string },
): Promise<StandIn> {
  const requests: Recorded[] = [];
  const queue: StandIn['queue'] = [];
  const waiters: Array<{ n: number; ok: () => void }> = [];
  const handler: RequestListener = (req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const r: Recorded = { method: req.method ?? '', path: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks) };
      requests.push(r);
      const answer = queue.shift() ?? check(r);
      const text = answer.body === undefined ? '' : typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body);
      res.writeHead(answer.status, { 'content-type': 'application/json', ...answer.headers });
      res.end(text, () => {
        for (const w of waiters.filter((x) => requests.length >= x.n)) {
          waiters.splice(waiters.indexOf(w), 1);
          w.ok();
        }
      });
    });
  };
  const server: Server = tls ? createHttpsServer(tls, handler) : createServer(handler);
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const { port } = server.address() as AddressInfo;
  const received = (n: number) => (requests.length >= n ? Promise.resolve() : new Promise<void>((ok) => waiters.push({ n, ok })));
  return { url: `${tls ? 'https' : 'http'}://127.0.0.1:${port}`, requests, queue, received, close: () => new Promise((ok) => server.close(() => ok())) };
}

async function freePort(): Promise<number> {
  const s = createTcpServer();
  await new Promise<void>((ok) => s.listen(0, '127.0.0.1', ok));
  const { port } = s.address() as AddressInfo;
  await new Promise((ok) => s.close(ok));
  return port;
}

/** Debian's python3-aiosmtpd, if installed: the Python that can import it, else null. */
export function aiosmtpdPython(): string | null {
  for (const py of [process.env.AIOSMTPD_PYTHON, '/usr/bin/python3', 'python3'].filter(Boolean) as string[]) {
    try {
      const r = spawnSync(py, ['-c', 'import aiosmtpd'], { stdio: 'ignore' });
      if (r.status === 0) return py;
    } catch {
      /* try the next */
    }
  }
  return null;
}

export interface SmtpServer {
  host: string;
  port: number;
  /** The raw messages delivered so far (one file each in the Maildir). */
  messages(): string[];
  close(): Promise<void>;
}

/** A real SMTP server (aiosmtpd with its Mailbox handler writing a Maildir) on a free loopback port. */
export async function startSmtpServer(python: string): Promise<SmtpServer> {
  const dir = mkdtempSync(join(tmpdir(), 'carehub-smtp-'));
  const port = await freePort();
  const child = spawn(python, ['-m', 'aiosmtpd', '-n', '-l', `127.0.0.1:${port}`, '-c', 'aiosmtpd.handlers.Mailbox', join(dir, 'maildir')], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (c: Buffer) => {
    stderr += c.toString();
  });
  let dead = false;
  const exited = new Promise<never>((_, fail) =>
    child.once('exit', (code) => {
      dead = true;
      fail(new Error(`aiosmtpd exited (${code}): ${stderr}`));
    }),
  );
  // Ready when it accepts a connection and greets (an event, not a sleep: retry on refusal).
  const greeted = (async () => {
    while (!dead) {
      const ok = await new Promise<boolean>((done) => {
        const sock = connect(port, '127.0.0.1');
        sock.once('data', (d) => {
          sock.destroy();
          done(d.toString().startsWith('220'));
        });
        sock.once('error', () => done(false));
      });
      if (ok) return;
      // Not yet listening: try again shortly (the loop ends on the greeting or on the process's exit).
      await new Promise((r) => setTimeout(r, 50));
    }
  })();
  await Promise.race([greeted, exited]);
  return {
    host: '127.0.0.1',
    port,
    messages() {
      const out: string[] = [];
      for (const sub of ['new', 'cur']) {
        const d = join(dir, 'maildir', sub);
        try {
          for (const f of readdirSync(d).sort()) out.push(readFileSync(join(d, f), 'utf8'));
        } catch {
          /* not made yet */
        }
      }
      return out;
    },
    async close() {
      if (child.exitCode !== null) return;
      const gone = new Promise((ok) => child.once('exit', ok));
      child.kill('SIGTERM');
      await gone;
    },
  };
}
