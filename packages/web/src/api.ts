import { type ApiErrorBody, ERRORS, type FieldIssue, type Locale } from '@carehub/core';

/**
 * The JSON API client. Every non-2xx answer is `{ code, message_th, message_en, details }` and becomes an
 * ApiError; a 401 anywhere (except where the caller handles it, e.g. the sign-in form) sends the user to sign in.
 */
export class ApiError extends Error {
  readonly status: number;
  readonly body: ApiErrorBody;

  constructor(status: number, body: ApiErrorBody) {
    super(body.code);
    this.name = 'ApiError';
    this.status = status;
    this.body = body;
  }

  get code(): string {
    return this.body.code;
  }

  /** The server's message in the user's language. */
  text(lang: Locale): string {
    return lang === 'en' ? this.body.message_en : this.body.message_th;
  }

  /** Field problems of a `validation.failed` answer (`details.fields`), if any. */
  get fields(): FieldIssue[] {
    const d = this.body.details as { fields?: unknown } | undefined;
    return Array.isArray(d?.fields) ? (d.fields as FieldIssue[]).filter((f) => f && typeof f.path === 'string') : [];
  }
}

const NETWORK: ApiErrorBody = {
  code: 'network',
  message_th: 'ติดต่อเซิร์ฟเวอร์ไม่ได้ กรุณาตรวจสอบการเชื่อมต่อแล้วลองใหม่',
  message_en: 'Cannot reach the server; check the connection and try again',
};

let onUnauthorized: ((err: ApiError) => void) | null = null;

/** Called once at start-up with what to do on a 401 (go to sign-in). */
export function setUnauthorizedHandler(handler: (err: ApiError) => void): void {
  onUnauthorized = handler;
}

export type Query = Record<string, string | number | boolean | null | undefined>;

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  query?: Query;
  body?: unknown;
  signal?: AbortSignal;
  /** 'redirect' (default): a 401 also sends the user to sign in. 'throw': only throw (sign-in form, session probe). */
  on401?: 'redirect' | 'throw';
}

export function withQuery(path: string, query?: Query): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) {
    if (v === undefined || v === null || v === '') continue;
    params.set(k, String(v));
  }
  const s = params.toString();
  return s ? `${path}?${s}` : path;
}

function isErrorBody(v: unknown): v is ApiErrorBody {
  return !!v && typeof v === 'object' && typeof (v as ApiErrorBody).code === 'string' && typeof (v as ApiErrorBody).message_th === 'string';
}

function fallbackBody(status: number): ApiErrorBody {
  const code = status === 401 ? 'auth.required' : status === 403 ? 'forbidden' : status === 404 ? 'not_found' : status === 429 ? 'rate_limited' : 'internal';
  const m = ERRORS[code];
  return { code, message_th: m.th, message_en: m.en };
}

export async function api<T>(path: string, opts: RequestOptions = {}): Promise<T> {
  const { method = 'GET', query, body, signal, on401 = 'redirect' } = opts;
  const headers: Record<string, string> = { accept: 'application/json' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  let res: Response;
  try {
    res = await fetch(withQuery(path, query), {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      credentials: 'same-origin',
      signal,
    });
  } catch (e) {
    if (signal?.aborted) throw e;
    throw new ApiError(0, NETWORK);
  }
  if (res.status === 204) return undefined as T;
  const text = await res.text();
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  if (!res.ok) {
    const err = new ApiError(res.status, isErrorBody(json) ? json : fallbackBody(res.status));
    if (res.status === 401 && on401 === 'redirect') onUnauthorized?.(err);
    throw err;
  }
  return json as T;
}

export interface UploadOptions {
  /** Bytes sent so far, of `total`, while the file goes up. */
  onProgress?: (loaded: number, total: number) => void;
  /** The whole file is sent: the server is now working on it. */
  onSent?: () => void;
  signal?: AbortSignal;
}

/**
 * POSTs a file as the raw request body (application/octet-stream). XMLHttpRequest, not fetch: only its
 * upload events report how much of a large file has been sent. Errors become ApiError as in `api`.
 */
export function upload<T>(path: string, query: Query, file: Blob, opts: UploadOptions = {}): Promise<T> {
  const { onProgress, onSent, signal } = opts;
  return new Promise<T>((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', withQuery(path, query));
    xhr.setRequestHeader('content-type', 'application/octet-stream');
    xhr.setRequestHeader('accept', 'application/json');
    // Upload listeners must be in place before send(), or the browser reports no upload progress.
    xhr.upload.addEventListener('progress', (e) => onProgress?.(e.loaded, e.lengthComputable ? e.total : file.size));
    xhr.upload.addEventListener('load', () => onSent?.());
    xhr.addEventListener('load', () => {
      let json: unknown;
      try {
        json = xhr.responseText ? JSON.parse(xhr.responseText) : undefined;
      } catch {
        json = undefined;
      }
      if (xhr.status >= 200 && xhr.status < 300) {
        resolve(json as T);
        return;
      }
      const err = new ApiError(xhr.status, isErrorBody(json) ? json : fallbackBody(xhr.status));
      if (xhr.status === 401) onUnauthorized?.(err);
      reject(err);
    });
    xhr.addEventListener('error', () => reject(new ApiError(0, NETWORK)));
    xhr.addEventListener('abort', () => reject(new DOMException('The upload was cancelled', 'AbortError')));
    signal?.addEventListener('abort', () => xhr.abort(), { once: true });
    xhr.send(file);
  });
}

export const get = <T>(path: string, query?: Query, signal?: AbortSignal) => api<T>(path, { query, signal });
export const post = <T>(path: string, body?: unknown) => api<T>(path, { method: 'POST', body });
export const patch = <T>(path: string, body: unknown) => api<T>(path, { method: 'PATCH', body });
export const put = <T>(path: string, body: unknown) => api<T>(path, { method: 'PUT', body });
export const del = <T>(path: string) => api<T>(path, { method: 'DELETE' });

/** Shape of a paged list answer (core `paged(...)`). */
export interface Paged<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}
