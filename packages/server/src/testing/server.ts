import type { FastifyInstance } from 'fastify';
import { buildApp } from '../app.js';
import { type Config, loadConfig } from '../config.js';
import type { Database } from '../db/connection.js';

export interface TestServer {
  url: string;
  app: FastifyInstance;
  close(): Promise<void>;
}

/** The real server on a free loopback port: tests talk to it over HTTP. */
export async function startTestServer(database: Database, overrides: Partial<Config> = {}): Promise<TestServer> {
  const config = loadConfig({ port: 0, host: '127.0.0.1', logLevel: 'silent', ...overrides });
  const app = await buildApp(database, config);
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  if (!address || typeof address === 'string') throw new Error('no port');
  return { url: `http://127.0.0.1:${address.port}`, app, close: () => app.close() };
}

export interface Reply<T = any> {
  status: number;
  body: T;
  headers: Headers;
}

/** A browser-like HTTP client: keeps its session cookie between calls. */
export class ApiClient {
  cookie = '';
  constructor(
    readonly base: string,
    readonly ip?: string,
  ) {}

  async request<T = any>(method: string, path: string, body?: unknown): Promise<Reply<T>> {
    const headers: Record<string, string> = {};
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (this.cookie) headers.cookie = this.cookie;
    if (this.ip) headers['x-forwarded-for'] = this.ip;
    const res = await fetch(this.base + path, {
      method,
      headers,
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';');
      if (pair?.startsWith('carehub_session=')) this.cookie = /Expires=Thu, 01 Jan 1970/i.test(c) || pair === 'carehub_session=' ? '' : pair;
    }
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : null, headers: res.headers };
  }

  /** The raw response, for a file download (PDF, XLSX). */
  download(path: string): Promise<Response> {
    return fetch(this.base + path, { headers: { cookie: this.cookie } });
  }

  get<T = any>(path: string) {
    return this.request<T>('GET', path);
  }
  post<T = any>(path: string, body?: unknown) {
    return this.request<T>('POST', path, body);
  }
  patch<T = any>(path: string, body?: unknown) {
    return this.request<T>('PATCH', path, body);
  }
  put<T = any>(path: string, body?: unknown) {
    return this.request<T>('PUT', path, body);
  }
  delete<T = any>(path: string) {
    return this.request<T>('DELETE', path);
  }

  /**
   * Opens /api/events as this user and collects what arrives, until `stop`. `ready` resolves once the
   * stream is open (its content type checked), so events sent after it are caught.
   */
  listen(): { events: Array<{ type: string; id: string; personId?: string }>; ready: Promise<void>; closed: Promise<void>; stop: () => void } {
    const events: Array<{ type: string; id: string; personId?: string }> = [];
    const controller = new AbortController();
    // Resolves when the stream ends: closed by the server, or by stop().
    let ended!: () => void;
    const closed = new Promise<void>((resolve) => {
      ended = resolve;
    });
    const ready = fetch(`${this.base}/api/events`, { headers: { cookie: this.cookie }, signal: controller.signal }).then((res) => {
      if (!res.headers.get('content-type')?.includes('text/event-stream')) {
        ended();
        throw new Error(`not an event stream: ${res.status}`);
      }
      const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
      let buffer = '';
      void (async () => {
        try {
          for (;;) {
            const { value, done } = await reader.read();
            if (done) return;
            buffer += value;
            for (let i = buffer.indexOf('\n\n'); i >= 0; i = buffer.indexOf('\n\n')) {
              const data = buffer
                .slice(0, i)
                .split('\n')
                .find((l) => l.startsWith('data: '));
              if (data) events.push(JSON.parse(data.slice(6)));
              buffer = buffer.slice(i + 2);
            }
          }
        } catch {
          // aborted by stop()
        } finally {
          ended();
        }
      })();
    });
    ready.catch(() => ended());
    return { events, ready, closed, stop: () => controller.abort() };
  }

  async login(username: string, password: string): Promise<Reply> {
    return this.post('/api/auth/login', { username, password });
  }
}
